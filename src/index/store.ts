import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { DocumentFormat, Passage } from "../corpus/types.ts";
import { CHUNKER_VERSION, OLDER_LOADABLE_CHUNKERS, type Span } from "../corpus/chunk.ts";
import { LEXICAL_FILE, LexicalIndex, writeLexicalIndex } from "../retrieve/lexical.ts";
import { hnswFileProblem, readHnsw, readHnswAsync, type HnswIndex } from "./dense.ts";
import type { EmbedderIdentity } from "./embeddings.ts";
import type { Pause } from "./slices.ts";
import { TABLES_FILE, addTablesLine, computeAnswerTables, emptyTables, tablesToLines, type AnswerTables } from "./tables.ts";
import { TypoTrie } from "../text/typoTrie.ts";
import { makeFolder } from "../folders.ts";

/**
 * 2: PDF passages carry their page; extracted texts in texts.json; BM25 in lexical.sqlite (FTS5).
 * 3: lexical.sqlite also holds passages per term and token counts (query-time rescoring); passages
 *    as JSON lines, sentences as binary, and the answerer's tables (answerer.jsonl), all readable in
 *    slices, so that a reload never holds the thread that answers for long.
 * 4: tries of the answerer's vocabulary and of the BM25 terms for typo look-ups (typos-*.trie), read
 *    as bytes, so that the first misspelt questions on a new index do not scan its vocabulary.
 * 5: the answerer's tables also hold the long forms of acronyms the corpus never writes ("ILO" →
 *    "International Labour Organisation"). A format-4 index still loads, without them, until the
 *    next `npm run reindex` rebuilds it from its vectors.
 * 6: the answerer's tables also hold the initials of the names the corpus spells out ("ilo", "fda"), so
 *    that a question using them is not declined as naming something the corpus never mentions. A
 *    format-5 index still loads, without them, until the next `npm run reindex`.
 * 7: stems of short verb forms follow their verb ("died", "dying" → "die"; "led" → "lead"), in the BM25
 *    terms and the answerer's tables alike. A format-6 index still loads (those forms keep matching
 *    only each other there) until the next `npm run reindex` rebuilds it from its vectors.
 */
export const INDEX_FORMAT = 7;
/** Formats whose passages, sentences and vectors a build may reuse (the files they share are unchanged). */
export const REUSABLE_FORMATS: readonly number[] = [3, 4, 5, 6, 7];
/** Formats the bot can load and answer from. */
export const LOADABLE_FORMATS: readonly number[] = [4, 5, 6, 7];
export const MANIFEST_FILE = "manifest.json";
/** The extracted text of every PDF, web page and Word file of the build. */
export const TEXTS_FILE = "texts.json";
/** One passage per line. */
const PASSAGES_FILE = "passages.jsonl";
/** Three unsigned 32-bit integers per sentence: passage row, start, end. */
const SENTENCES_FILE = "sentences.u32";
const VECTORS_FILE = "vectors.f32";
const HNSW_FILE = "dense.hnsw";
/** `TypoTrie` bytes: the answerer's vocabulary (AnswerTables.vocabulary's words, in order) and the BM25 terms. */
const VOCABULARY_TYPOS_FILE = "typos-vocabulary.trie";
const TERM_TYPOS_FILE = "typos-terms.trie";

/**
 * The text extracted from a PDF, web page or Word file when it was indexed: the reference its
 * passages, quotes and offsets are exact against (Markdown and plain text files are their own).
 */
export interface StoredText {
  docId: string;
  file: string;
  format: DocumentFormat;
  text: string;
  /** PDF only: offsets in `text` where each page begins. */
  pageStarts?: number[];
}

export interface ManifestDocument {
  id: string;
  file: string;
  title: string;
  questions: string[];
  /** sha256 of the file's text when it was indexed. */
  hash: string;
  passages: number;
  format: DocumentFormat;
  /** PDF only: its number of pages. */
  pages?: number;
  /** sha256 of the file's bytes (indexes built since session 25). */
  fileHash?: string;
}

/** DATA_DIR/manifest.json: swapped in by a single rename, so readers see the old or the new index whole. */
export interface Manifest {
  format: number;
  /** Unique per build; names the folder holding the build and is recorded with every answer. */
  version: string;
  folder: string;
  embedder: EmbedderIdentity & { dimensions: number };
  chunkerVersion: string;
  builtAt: string;
  documents: ManifestDocument[];
  passages: number;
  sentences: number;
  /**
   * Files of CORPUS_DIR the build read and left out (copies, empty, unsupported, unreadable), so that
   * start-up can tell a document added since the build from one skipped by it (builds since session 25).
   */
  skipped?: string[];
  /**
   * sha256 (hex) of every file in the build folder, by path relative to it. Checked on every load:
   * a damaged file (hnswlib crashes the process on a damaged graph) is refused before it is read.
   */
  files: Record<string, string>;
}

/** A manifest before `publishManifest` adds the checksums of its folder's files. */
export type ManifestDraft = Omit<Manifest, "files">;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 in hex");
const count = z.number().int().nonnegative();

/** The shape readers rely on; fields added by later builds pass through untouched. */
const manifestSchema = z
  .object({
    format: z.number().int(),
    version: z.string().min(1),
    // One folder inside DATA_DIR: never a path that leaves it.
    folder: z.string().regex(/^[^/\\]+$/, "must be a folder name inside DATA_DIR").refine((f) => f !== "." && f !== "..", "must be a folder name inside DATA_DIR"),
    embedder: z.object({ provider: z.string(), model: z.string(), dimensions: z.number().int().positive() }).passthrough(),
    chunkerVersion: z.string(),
    builtAt: z.string(),
    // Checked by `documentProblem`: zod takes about 50 µs a document, 0.5 s for an archive of
    // 10,000, and a reload reads the manifest while answering.
    documents: z.custom<unknown[]>((v) => Array.isArray(v), { message: "must be a list" }),
    passages: count,
    sentences: count,
    files: z.record(z.string(), sha256Hex).refine((f) => Object.keys(f).length > 0, "lists no files"),
  })
  .passthrough();

/** A sentence of a passage, by absolute offsets into its file. */
export interface SentenceRecord extends Span {
  passage: number;
}

export interface IndexData {
  passages: Passage[];
  sentences: SentenceRecord[];
  /** Unit vectors, one per passage then one per sentence, same order. */
  passageVectors: Float32Array[];
  sentenceVectors: Float32Array[];
}

export interface LoadedIndex extends IndexData {
  manifest: Manifest;
  hnsw: HnswIndex;
  /** BM25 over the passages, opened read-only from the build folder: nothing is rebuilt on load. */
  lexical: LexicalIndex;
  /** Computed when the index was built (see tables.ts). */
  tables: AnswerTables;
  /** Typo look-ups in `tables.vocabulary`'s words, positions in its order. */
  vocabularyTypos: TypoTrie;
}

export class IndexMismatchError extends Error {
  override name = "IndexMismatchError";
}

export class MissingIndexError extends Error {
  override name = "MissingIndexError";
}

/** A file of a new build was cut short while being written (hnswlib does not report a full disk). */
export class IncompleteFileError extends Error {
  override name = "IncompleteFileError";
}

/** The manifest or the files it points to cannot be read back. */
export class DamagedIndexError extends Error {
  override name = "DamagedIndexError";
}

const REBUILD = "run npm run reindex -- --force";

/** The manifest in DATA_DIR, validated; undefined when there is none. Throws DamagedIndexError naming the fix. */
export function readManifest(dataDir: string): Manifest | undefined {
  const file = path.join(dataDir, MANIFEST_FILE);
  if (!fs.existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (cause) {
    throw new DamagedIndexError(`the index manifest ${file} is unreadable; ${REBUILD}`, { cause });
  }
  const parsed = manifestSchema.safeParse(raw);
  const problem = parsed.success ? documentProblem(parsed.data.documents) : undefined;
  if (!parsed.success || problem) {
    const issue = parsed.error?.issues[0];
    const where = issue ? (issue.path.length > 0 ? issue.path.join(".") : "the manifest") : "";
    const old = raw !== null && typeof raw === "object" && !("files" in raw) && "folder" in raw ? " (built before indexes carried checksums)" : "";
    throw new DamagedIndexError(`the index manifest ${file} is not valid${old}: ${problem ?? `${where} ${issue!.message}`}; ${REBUILD}`);
  }
  return parsed.data as Manifest;
}

const FORMATS: readonly string[] = ["markdown", "text", "pdf", "html", "docx"] satisfies DocumentFormat[];
const isCount = (x: unknown) => Number.isInteger(x) && (x as number) >= 0;

/** What is wrong with the first malformed manifest document, as "documents.3.hash must be a string"; fills in missing `questions`. */
function documentProblem(documents: unknown[]): string | undefined {
  for (let i = 0; i < documents.length; i++) {
    const d = documents[i] as Record<string, unknown> | null;
    const at = `documents.${i}`;
    if (d === null || typeof d !== "object" || Array.isArray(d)) return `${at} must be an object`;
    for (const key of ["id", "file", "title", "hash"]) if (typeof d[key] !== "string") return `${at}.${key} must be a string`;
    if (!isCount(d.passages)) return `${at}.passages must be a whole number`;
    if (typeof d.format !== "string" || !FORMATS.includes(d.format)) return `${at}.format must be one of ${FORMATS.join(", ")}`;
    if (d.pages !== undefined && !isCount(d.pages)) return `${at}.pages must be a whole number`;
    d.questions ??= [];
    if (!Array.isArray(d.questions) || d.questions.some((q) => typeof q !== "string")) return `${at}.questions must be a list of strings`;
  }
  return undefined;
}

/** sha256 of a file, read in chunks so a large vectors file is never held twice in memory. */
export function fileSha256(file: string): string {
  const hash = createHash("sha256");
  const fd = fs.openSync(file, "r");
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (let n; (n = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0; ) hash.update(chunk.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest("hex");
}

/**
 * The first file the manifest lists that is not in its folder with the recorded sha256, as
 * "dense.hnsw does not match its checksum", or undefined when all are: what a reindex that finds
 * nothing to rebuild checks (by hashing alone, nothing parsed) before calling the index up to date.
 */
export function damagedFile(dataDir: string, manifest: Manifest): string | undefined {
  const folder = path.join(dataDir, manifest.folder);
  for (const [name, expected] of Object.entries(manifest.files)) {
    let actual: string;
    try {
      actual = fileSha256(path.join(folder, name));
    } catch (error) {
      return `${name} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
    }
    if (actual !== expected) return `${name} does not match its checksum`;
  }
  return undefined;
}

/** Bytes with their sha256. */
function hashed(bytes: Buffer): HashedBytes {
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/** `hashed`, with `pause` after every MiB (hashing runs on this thread). */
async function hashedInSlices(bytes: Buffer, pause: Pause): Promise<HashedBytes> {
  const hash = createHash("sha256");
  for (let at = 0; at < bytes.length; at += 1 << 20) {
    hash.update(bytes.subarray(at, at + (1 << 20)));
    await pause();
  }
  return { bytes, sha256: hash.digest("hex") };
}

/** `fileSha256` reading asynchronously, with `pause` between chunks (hashing runs on this thread). */
async function fileSha256InSlices(file: string, pause: Pause): Promise<string> {
  const hash = createHash("sha256");
  const handle = await fs.promises.open(file, "r");
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (let n; (n = (await handle.read(chunk, 0, chunk.length, null)).bytesRead) > 0; ) {
      hash.update(chunk.subarray(0, n));
      await pause();
    }
  } finally {
    await handle.close();
  }
  return hash.digest("hex");
}

function fsyncPath(target: string): void {
  const fd = fs.openSync(target, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Every regular file under `folder`, as paths relative to it with "/" separators, sorted. */
function filesUnder(folder: string): string[] {
  return (fs.readdirSync(folder, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(folder, path.join(d.parentPath, d.name)).split(path.sep).join("/"))
    .sort();
}

/**
 * Makes a finished build the current index: records the sha256 of every file in its folder (so any
 * file a build adds is covered without listing it here), flushes those files and the folder to disk,
 * then swaps DATA_DIR/manifest.json in by a single rename, flushed too. A crash at any point leaves
 * either the old manifest or a new one whose files are whole on disk.
 */
export function publishManifest(dataDir: string, draft: ManifestDraft): Manifest {
  const folder = path.join(dataDir, draft.folder);
  const files: Record<string, string> = {};
  // The index holds the corpus's text: readable by the bot's user only, like the answer log.
  fs.chmodSync(folder, 0o700);
  for (const name of filesUnder(folder)) {
    const file = path.join(folder, name);
    fs.chmodSync(file, 0o600);
    fsyncPath(file);
    files[name] = fileSha256(file);
  }
  fsyncPath(folder);
  const manifest: Manifest = { ...draft, files };
  const tmp = path.join(dataDir, `.${MANIFEST_FILE}.${draft.version}.tmp`);
  const fd = fs.openSync(tmp, "w", 0o600);
  try {
    fs.writeFileSync(fd, JSON.stringify(manifest, null, 2));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, path.join(dataDir, MANIFEST_FILE));
  fsyncPath(dataDir);
  return manifest;
}

/**
 * An index built before indexes were private gets 0700/0600 when loaded. Best effort: a bot running
 * as another user than the one who built the index may not change them, and still answers.
 */
function restrictModes(folder: string, names: readonly string[]): void {
  const restrict = (target: string, mode: number) => {
    try {
      if ((fs.statSync(target).mode & 0o077) !== 0) fs.chmodSync(target, mode);
    } catch {
      // not ours to change; reading it is all we need
    }
  };
  restrict(folder, 0o700);
  for (const name of names) restrict(path.join(folder, name), 0o600);
}

/** Why an index cannot serve this embedder, or undefined when it can. */
export function incompatibility(manifest: Manifest, embedder: EmbedderIdentity, chunkerVersion: string, formats: readonly number[] = [INDEX_FORMAT]): string | undefined {
  const built = `${manifest.embedder.provider}:${manifest.embedder.model} (${manifest.embedder.dimensions} d)`;
  if (!formats.includes(manifest.format)) return `the index uses storage format ${manifest.format}, this program reads ${INDEX_FORMAT}`;
  if (manifest.embedder.provider !== embedder.provider || manifest.embedder.model !== embedder.model) {
    return `the index was built with ${built} but the configured embeddings are ${embedder.provider}:${embedder.model}`;
  }
  if (manifest.chunkerVersion !== chunkerVersion) return `the index was cut by chunker ${manifest.chunkerVersion}, this program uses ${chunkerVersion}`;
  return undefined;
}

/**
 * Writes a build's files into `folder`, awaiting `between` after each: a build that is told to stop
 * (Ctrl-C, SIGTERM) gets there between two files, and can remove the folder it was writing.
 */
export async function writeIndexFiles(
  folder: string,
  data: IndexData,
  hnsw: HnswIndex,
  texts: readonly StoredText[],
  between: () => Promise<void> = async () => {},
): Promise<void> {
  makeFolder(folder);
  fs.writeFileSync(path.join(folder, TEXTS_FILE), JSON.stringify(texts));
  await between();
  fs.writeFileSync(path.join(folder, PASSAGES_FILE), data.passages.map((p) => `${JSON.stringify(p)}\n`).join(""));
  const sentences = new Uint32Array(data.sentences.length * 3);
  data.sentences.forEach((s, i) => sentences.set([s.passage, s.start, s.end], i * 3));
  fs.writeFileSync(path.join(folder, SENTENCES_FILE), Buffer.from(sentences.buffer, sentences.byteOffset, sentences.byteLength));
  await between();
  const dims = data.passageVectors[0]?.length ?? data.sentenceVectors[0]?.length ?? 0;
  const all = new Float32Array((data.passageVectors.length + data.sentenceVectors.length) * dims);
  [...data.passageVectors, ...data.sentenceVectors].forEach((v, i) => all.set(v, i * dims));
  fs.writeFileSync(path.join(folder, VECTORS_FILE), Buffer.from(all.buffer, all.byteOffset, all.byteLength));
  await between();
  hnsw.writeIndexSync(path.join(folder, HNSW_FILE));
  const cutShort = hnswFileProblem(path.join(folder, HNSW_FILE));
  if (cutShort) throw new IncompleteFileError(`${HNSW_FILE} was cut short while being written: ${cutShort}`);
  await between();
  fs.writeFileSync(path.join(folder, TERM_TYPOS_FILE), writeLexicalIndex(path.join(folder, LEXICAL_FILE), data.passages).toBytes());
  await between();
  const tables = computeAnswerTables(data.passages, data.sentences);
  fs.writeFileSync(path.join(folder, TABLES_FILE), tablesToLines(tables));
  fs.writeFileSync(path.join(folder, VOCABULARY_TYPOS_FILE), TypoTrie.build(tables.vocabulary.map(([word]) => word)).toBytes());
}

/**
 * Loads the index the manifest points to, in one go (tests, tools). Throws MissingIndexError,
 * DamagedIndexError or IndexMismatchError, each naming the fix.
 */
export function loadIndex(dataDir: string, embedder: EmbedderIdentity, chunkerVersion: string): LoadedIndex {
  return runStraight(loadSteps(dataDir, embedder, chunkerVersion));
}

/**
 * `loadIndex` for a process that is answering meanwhile: files are read and hashed off the main
 * thread or a chunk at a time, and parsing happens in slices with `pause` called between them, so
 * answers keep flowing while a large index loads.
 */
export function loadIndexInSlices(dataDir: string, embedder: EmbedderIdentity, chunkerVersion: string, pause: Pause): Promise<LoadedIndex> {
  return runSliced(loadSteps(dataDir, embedder, chunkerVersion), pause);
}

/**
 * The passages, sentences and vectors of a build, each file checked against `checksums` (the
 * manifest's) as it is read. Throws DamagedIndexError naming the file that is missing or damaged.
 */
export function readIndexData(folder: string, dims: number, checksums: Readonly<Record<string, string>>): IndexData {
  return runStraight(indexDataSteps(folder, dims, checksums));
}

/**
 * What the load steps ask of the code that runs them: a file's bytes (with their sha256, read once
 * for both), a file's sha256 alone, the HNSW graph, or a turn for the event loop. `loadIndex` serves
 * them straight away; `loadIndexInSlices` asynchronously, so one implementation of loading serves both.
 */
type LoadRequest =
  | { kind: "bytes"; file: string }
  | { kind: "hashedBytes"; file: string }
  | { kind: "sha256"; file: string }
  | { kind: "hnsw"; file: string; dimensions: number }
  | { kind: "pause" };
type LoadSteps<T> = Generator<LoadRequest, T, unknown>;
interface HashedBytes {
  bytes: Buffer;
  sha256: string;
}

/** Files the load reads whole, each checked against its checksum as it is read (`checkedBytes`). */
const READ_WHOLE: ReadonlySet<string> = new Set([PASSAGES_FILE, SENTENCES_FILE, VECTORS_FILE, TABLES_FILE, VOCABULARY_TYPOS_FILE, TERM_TYPOS_FILE]);

const unreadable = (folder: string, name: string, cause: unknown) =>
  new DamagedIndexError(`the index in ${folder} is incomplete: ${name} cannot be read; ${REBUILD}`, { cause });
const mismatched = (folder: string, name: string) =>
  new DamagedIndexError(`the index in ${folder} is damaged: ${name} does not match its checksum in ${MANIFEST_FILE}; ${REBUILD}`);

/** Checks a file of the build against its sha256 without keeping its bytes. */
function* checkFile(folder: string, name: string, expected: string): LoadSteps<void> {
  let actual: string;
  try {
    actual = (yield { kind: "sha256", file: path.join(folder, name) }) as string;
  } catch (cause) {
    throw unreadable(folder, name, cause);
  }
  if (actual !== expected) throw mismatched(folder, name);
}

/** The bytes of a file of the build, checked against the sha256 `checksums` records for it (if any) in the same read. */
function* checkedBytes(folder: string, name: string, checksums: Readonly<Record<string, string>>): LoadSteps<Buffer> {
  const file = path.join(folder, name);
  const expected = checksums[name];
  if (expected === undefined) return (yield { kind: "bytes", file }) as Buffer;
  let read: HashedBytes;
  try {
    read = (yield { kind: "hashedBytes", file }) as HashedBytes;
  } catch (cause) {
    throw unreadable(folder, name, cause);
  }
  if (read.sha256 !== expected) throw mismatched(folder, name);
  return read.bytes;
}

function* loadSteps(dataDir: string, embedder: EmbedderIdentity, chunkerVersion: string): LoadSteps<LoadedIndex> {
  const manifest = readManifest(dataDir);
  if (!manifest) throw new MissingIndexError(`no index in ${dataDir}; run npm run reindex`);
  // An older cut still answers (its offsets agree with its own texts) until a reindex cuts it anew.
  const cut = chunkerVersion === CHUNKER_VERSION && OLDER_LOADABLE_CHUNKERS.includes(manifest.chunkerVersion) ? manifest.chunkerVersion : chunkerVersion;
  const why = incompatibility(manifest, embedder, cut, LOADABLE_FORMATS);
  if (why) {
    // Only the storage format differs and the old build's vectors are readable: no need to embed again.
    const fix = incompatibility(manifest, embedder, chunkerVersion, REUSABLE_FORMATS)
      ? `run npm run reindex -- --force to rebuild the index in ${dataDir}`
      : `run npm run reindex to rebuild the index in ${dataDir} (its vectors are reused: nothing is embedded again)`;
    throw new IndexMismatchError(`${why}; ${fix}`);
  }
  const folder = path.join(dataDir, manifest.folder);
  const checksums = manifest.files;
  // Files read whole are checked as they are read. The rest are checked first: the HNSW graph and
  // the BM25 database are opened by their libraries (hnswlib crashes the process on a damaged
  // graph), and the stored texts are read only when quoted.
  for (const [name, expected] of Object.entries(checksums)) if (!READ_WHOLE.has(name)) yield* checkFile(folder, name, expected);
  restrictModes(folder, Object.keys(checksums));
  try {
    const data = yield* indexDataSteps(folder, manifest.embedder.dimensions, checksums);
    const tables = emptyTables();
    for (const line of yield* jsonLines(yield* checkedBytes(folder, TABLES_FILE, checksums))) {
      addTablesLine(tables, line as Partial<AnswerTables>);
      yield { kind: "pause" };
    }
    const vocabularyTypos = TypoTrie.fromBytes(yield* checkedBytes(folder, VOCABULARY_TYPOS_FILE, checksums));
    const termTypos = TypoTrie.fromBytes(yield* checkedBytes(folder, TERM_TYPOS_FILE, checksums));
    const hnsw = (yield { kind: "hnsw", file: path.join(folder, HNSW_FILE), dimensions: manifest.embedder.dimensions }) as HnswIndex;
    return { ...data, manifest, hnsw, lexical: new LexicalIndex(path.join(folder, LEXICAL_FILE), { typos: termTypos }), tables, vocabularyTypos };
  } catch (cause) {
    if (cause instanceof DamagedIndexError) throw cause;
    throw new DamagedIndexError(`the index in ${folder} is damaged or incomplete; ${REBUILD}`, { cause });
  }
}

/** Rows handled between two pauses. */
const ROWS_PER_STEP = 2_048;

function* indexDataSteps(folder: string, dims: number, checksums: Readonly<Record<string, string>>): LoadSteps<IndexData> {
  // A document's passages share its id, title and file (and often a section): one copy of each
  // instead of one per passage, kept as each line is parsed, so that the copies die young. (Young
  // collections copy every survivor: the strings and objects a load keeps make their pauses long.)
  const shared = new Map<string, string>();
  const one = (s: string) => {
    const hit = shared.get(s);
    if (hit !== undefined) return hit;
    shared.set(s, s);
    return s;
  };
  const passages = (yield* jsonLines(yield* checkedBytes(folder, PASSAGES_FILE, checksums), (p: Passage) => {
    p.docId = one(p.docId);
    p.title = one(p.title);
    p.file = one(p.file);
    if (p.section !== null) p.section = one(p.section);
    return p;
  })) as Passage[];
  const sentenceBytes = yield* checkedBytes(folder, SENTENCES_FILE, checksums);
  if (sentenceBytes.byteLength % 12 !== 0) throw new Error(`${SENTENCES_FILE} is not a whole number of sentences`);
  const triples = new Uint32Array(sentenceBytes.buffer.slice(sentenceBytes.byteOffset, sentenceBytes.byteOffset + sentenceBytes.byteLength));
  const sentences: SentenceRecord[] = new Array(triples.length / 3);
  for (let i = 0; i < sentences.length; i++) {
    sentences[i] = { passage: triples[i * 3]!, start: triples[i * 3 + 1]!, end: triples[i * 3 + 2]! };
    if (i % ROWS_PER_STEP === 0) yield { kind: "pause" };
  }
  const buf = yield* checkedBytes(folder, VECTORS_FILE, checksums);
  // A whole file read on its own is not in Node's shared pool, so its offset is 0 and aligned.
  const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  if (all.length !== (passages.length + sentences.length) * dims) throw new Error(`${VECTORS_FILE} does not match ${PASSAGES_FILE}`);
  // Views into the one buffer: nothing is copied.
  const rows = (from: number, count: number) => function* (): LoadSteps<Float32Array[]> {
    const out: Float32Array[] = new Array(count);
    for (let i = 0; i < count; i++) {
      out[i] = all.subarray((from + i) * dims, (from + i + 1) * dims);
      if (i % ROWS_PER_STEP === 0) yield { kind: "pause" };
    }
    return out;
  };
  const passageVectors = yield* rows(0, passages.length)();
  const sentenceVectors = yield* rows(passages.length, sentences.length)();
  return { passages, sentences, passageVectors, sentenceVectors };
}

/** The values of a JSON-lines file's bytes, a line at a time (no line is decoded or parsed with another), each passed through `each`. */
function* jsonLines<T>(bytes: Buffer, each: (value: T) => T = (value) => value): LoadSteps<T[]> {
  const out: T[] = [];
  for (let start = 0; start < bytes.length; ) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    if (end > start) out.push(each(JSON.parse(bytes.toString("utf8", start, end)) as T));
    start = end + 1;
    yield { kind: "pause" };
  }
  return out;
}

function runStraight<T>(steps: LoadSteps<T>): T {
  let next = steps.next();
  while (!next.done) {
    const request = next.value;
    let value: unknown;
    try {
      value = request.kind === "bytes" ? fs.readFileSync(request.file)
        : request.kind === "hashedBytes" ? hashed(fs.readFileSync(request.file))
        : request.kind === "sha256" ? fileSha256(request.file)
        : request.kind === "hnsw" ? readHnsw(request.file, request.dimensions)
        : undefined;
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(value);
  }
  return next.value;
}

async function runSliced<T>(steps: LoadSteps<T>, pause: Pause): Promise<T> {
  let next = steps.next();
  while (!next.done) {
    const request = next.value;
    let value: unknown;
    try {
      value = request.kind === "bytes" ? await fs.promises.readFile(request.file)
        : request.kind === "hashedBytes" ? await hashedInSlices(await fs.promises.readFile(request.file), pause)
        : request.kind === "sha256" ? await fileSha256InSlices(request.file, pause)
        : request.kind === "hnsw" ? await readHnswAsync(request.file, request.dimensions)
        : await pause();
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(value);
  }
  return next.value;
}

/** The stored extracted texts of the index DATA_DIR/manifest.json points to, by document id. */
export function readStoredTexts(dataDir: string): Map<string, StoredText> {
  const manifest = readManifest(dataDir);
  if (!manifest) throw new MissingIndexError(`no index in ${dataDir}; run npm run reindex`);
  const file = path.join(dataDir, manifest.folder, TEXTS_FILE);
  try {
    const texts = JSON.parse(fs.readFileSync(file, "utf8")) as StoredText[];
    return new Map(texts.map((t) => [t.docId, t]));
  } catch (cause) {
    throw new DamagedIndexError(`the stored texts ${file} are unreadable; run npm run reindex -- --force`, { cause });
  }
}
