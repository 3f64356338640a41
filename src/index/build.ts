import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { CHUNKER_VERSION, chunkDocument, sentenceSpans } from "../corpus/chunk.ts";
import { CorpusError, loadCorpus, type CorpusProblem, type LoadedCorpus } from "../corpus/load.ts";
import type { DocumentFormat, Passage, SourceDocument } from "../corpus/types.ts";
import { buildHnsw } from "./dense.ts";
import { normalize, type Embedder } from "./embeddings.ts";
import { DanglingLink, makeFolder } from "../folders.ts";
import {
  INDEX_FORMAT,
  MANIFEST_FILE,
  REUSABLE_FORMATS,
  IncompleteFileError,
  damagedFile,
  incompatibility,
  publishManifest,
  readIndexData,
  readManifest,
  writeIndexFiles,
  type IndexData,
  type Manifest,
  type ManifestDraft,
  type SentenceRecord,
  type StoredText,
} from "./store.ts";

/** Reading counts files (extraction included); embedding counts passages, whose sentences are embedded with them. */
export interface BuildProgress {
  phase: "reading" | "embedding";
  done: number;
  total: number;
}

export interface BuildOptions {
  corpusDir: string;
  dataDir: string;
  embedder: Embedder;
  /** Re-embed every document even when its content hash is unchanged. */
  force?: boolean;
  onProgress?: (p: BuildProgress) => void;
  /** Texts per embedding call (default: the embedder's textsPerCall, else 64); progress is reported after each. */
  batchSize?: number;
  /** Embedding batches in flight at once: the encoder pool's size for the local model. */
  concurrency?: number;
  /** Larger corpus files are reported and skipped: bytes. */
  maxDocumentBytes?: number;
  /**
   * Aborted (Ctrl-C, SIGTERM): the build stops at its next step (between embedding batches, between
   * the files it writes), removes what it had written and rejects with the signal's reason. Once the
   * new manifest is being published the build finishes instead, whole.
   */
  signal?: AbortSignal;
}

/** What one format contributed to a build. */
export interface FormatCount {
  files: number;
  /** Pages of PDFs; 0 for formats without pages. */
  pages: number;
  passages: number;
}

export interface BuildSummary {
  /** False when every document was unchanged and the current index was kept as it is. */
  rebuilt: boolean;
  version: string;
  documents: number;
  passages: number;
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
  embeddedTexts: number;
  /** Passages embedded (each with its sentences), and the seconds embedding took. */
  embeddedPassages: number;
  embeddingSeconds: number;
  seconds: number;
  problems: CorpusProblem[];
  /** Documents indexed with part of them unread ("pages 7–14 have no text …"). */
  notices: CorpusProblem[];
  formats: Partial<Record<DocumentFormat, FormatCount>>;
  /** Why an index of unchanged documents was rebuilt: "index V was damaged (dense.hnsw does not match its checksum)". */
  repaired?: string;
}

/** The reason a build stopped when its `signal` was aborted with none of its own. */
export class BuildStopped extends Error {
  override name = "BuildStopped";
}

export class ReindexBusyError extends Error {
  override name = "ReindexBusyError";
}

/** The disk holding DATA_DIR filled up while the new index was written; the previous one is in use. */
export class DiskFullError extends Error {
  override name = "DiskFullError";
}

/** Errors of a write that found no room: Node's, and SQLite's (the BM25 index). */
const NO_SPACE: ReadonlySet<string> = new Set(["ENOSPC", "EDQUOT", "SQLITE_FULL"]);

/** DATA_DIR cannot hold the index: it is a file, or cannot be created. */
export class DataDirError extends Error {
  override name = "DataDirError";
}

function makeDataDir(dataDir: string): void {
  try {
    makeFolder(dataDir);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      cause instanceof DanglingLink
        ? cause.message
        : code === "EEXIST" || code === "ENOTDIR"
        ? "it, or a folder on its path, is a file"
        : `cannot create it: ${code ?? String(cause)}`;
    throw new DataDirError(`DATA_DIR ${dataDir} cannot hold the index (${why}); set DATA_DIR to a folder the program may write`, { cause });
  }
}

/**
 * Builds the index incrementally and swaps it in atomically: the new build is written to its own
 * folder, then DATA_DIR/manifest.json is replaced by a rename. A crash or Ctrl-C before that rename
 * leaves the previous index whole and in use; the half-written folder is removed by the next build.
 */
export async function buildIndex(options: BuildOptions): Promise<BuildSummary> {
  const started = performance.now();
  const { dataDir, embedder, signal } = options;
  // Lets a signal's handler run (the build is otherwise one long stretch of main-thread work), then stops if told to.
  const checkpoint = async () => {
    await nextTurn();
    if (signal?.aborted) throw stopReason(signal);
  };
  await checkpoint();
  makeDataDir(dataDir);
  const releaseLock = acquireLock(dataDir);
  try {
    removeStaleBuilds(dataDir);
    // Kept when this build is published, whether or not it is reused (--force, another embedder, damage).
    const inUse = publishedFolder(dataDir);
    // builtAt is when reading began: a file edited while the build runs is newer than the index,
    // and the engine's staleness check must say so.
    const readingFrom = new Date();
    const corpus = await withPassages(await loadCorpus(options.corpusDir, {
      maxDocumentBytes: options.maxDocumentBytes,
      onFile: (done, total) => {
        // A large corpus takes minutes to read: a stopped build stops between two files.
        if (signal?.aborted) throw stopReason(signal);
        options.onProgress?.({ phase: "reading", done, total });
      },
    }), options.corpusDir);
    await checkpoint();
    const before = options.force ? undefined : reusableManifest(dataDir, embedder);
    const skipped = skippedFiles(corpus.problems);
    const diff = before && changes(corpus.documents, before);
    let repaired: string | undefined;
    // An index of an older format is rebuilt from its vectors even when no document changed, and so is
    // one whose list of skipped files is out of date (start-up would call a newly skipped file new).
    if (before && diff && before.format === INDEX_FORMAT && !diff.any && sameFiles(before.skipped, skipped)) {
      // A damaged build (a file truncated or deleted) is not called up to date: the bot refuses to
      // load it. It is rebuilt, from its vectors when they are intact. Checking takes hashing its files.
      const damage = damagedFile(dataDir, before);
      if (damage) repaired = `index ${before.version} was damaged (${damage})`;
      else {
        return {
          rebuilt: false,
          version: before.version,
          documents: corpus.documents.length,
          passages: before.passages,
          ...diff.lists,
          embeddedTexts: 0,
          embeddedPassages: 0,
          embeddingSeconds: 0,
          seconds: (performance.now() - started) / 1000,
          problems: corpus.problems,
          notices: noticesOf(corpus.documents),
          formats: countFormats(corpus.documents, corpus.passages),
        };
      }
    }
    // Its passages, sentences and vectors, checked as they are read; a damaged build is not reused.
    const previous = before && reusableData(dataDir, before);
    const prevDocs = new Map(previous?.manifest.documents.map((d) => [d.id, d]) ?? []);
    // Documents are compared with the index in use even when nothing of it is reused (--force, a new
    // chunker): a forced rebuild of an unchanged corpus reported every document "added".
    const { added, changed, removed, unchanged } = changes(corpus.documents, previous?.manifest ?? manifestInUse(dataDir)).lists;

    // Reuse vectors of unchanged documents; chunk and embed the rest.
    const data: IndexData = { passages: [], sentences: [], passageVectors: [], sentenceVectors: [] };
    // Each passage's text, then its sentences': progress counts a passage when its last text is embedded.
    const toEmbed: EmbeddingJob[] = [];
    for (const doc of corpus.documents) {
      const prevDoc = prevDocs.get(doc.id);
      const reused = previous && prevDoc && sameDocument(prevDoc, doc) ? previous.byDoc.get(doc.id) : undefined;
      if (reused) {
        appendDocument(data, reused.passages, reused.sentences, reused.passageVectors, reused.sentenceVectors);
        continue;
      }
      const passages = corpus.passages.get(doc.id)!;
      const sentences = passages.map((p) => sentenceSpans(doc.text, p.start, p.end));
      const base = data.passages.length;
      let row = data.sentences.length;
      appendDocument(data, passages, sentences, [], []);
      passages.forEach((p, i) => {
        const spans = sentences[i]!;
        toEmbed.push({ text: embeddingText(p), put: (v) => (data.passageVectors[base + i] = v), endsPassage: spans.length === 0 });
        spans.forEach((span, j) => {
          const r = row++;
          toEmbed.push({ text: doc.text.slice(span.start, span.end), put: (v) => (data.sentenceVectors[r] = v), endsPassage: j === spans.length - 1 });
        });
      });
    }

    const passagesToEmbed = toEmbed.filter((t) => t.endsPassage).length;
    options.onProgress?.({ phase: "embedding", done: 0, total: passagesToEmbed });
    const embeddingStarted = performance.now();
    let embeddedPassages = 0;
    // A pool of encoder workers gets one batch more than it has workers: each worker then finds its
    // next batch waiting instead of idling while this thread takes its vectors and sends the next.
    const lanes = (options.concurrency ?? 1) + (embedder.parallelism ? 1 : 0);
    const dims = (await embedAll(embedder, toEmbed, options.batchSize ?? embedder.textsPerCall ?? 64, lanes, (slice) => {
      embeddedPassages += slice.filter((t) => t.endsPassage).length;
      options.onProgress?.({ phase: "embedding", done: embeddedPassages, total: passagesToEmbed });
    }, signal)) ?? previous?.manifest.embedder.dimensions ?? 0;
    await checkpoint();
    const embeddingSeconds = (performance.now() - embeddingStarted) / 1000;

    const version = `${new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}-${randomBytes(3).toString("hex")}`;
    const folder = `index-${version}`;
    const manifest: ManifestDraft = {
      format: INDEX_FORMAT,
      version,
      folder,
      embedder: { ...embedder.identity, dimensions: dims },
      chunkerVersion: CHUNKER_VERSION,
      builtAt: readingFrom.toISOString(),
      documents: corpus.documents.map((d) => ({
        id: d.id,
        file: d.file,
        title: d.title,
        questions: d.questions,
        hash: d.hash,
        passages: data.passages.filter((p) => p.docId === d.id).length,
        format: d.format,
        ...(d.pageStarts ? { pages: d.pageStarts.length } : {}),
        ...(d.fileHash ? { fileHash: d.fileHash } : {}),
      })),
      passages: data.passages.length,
      sentences: data.sentences.length,
      skipped,
    };
    const hnsw = buildHnsw(data.passageVectors, dims);
    await checkpoint();
    const building = path.join(dataDir, `.building-${version}`);
    try {
      await writeIndexFiles(building, data, hnsw, storedTexts(corpus.documents), checkpoint);
      await checkpoint();
      // From here on the build is finished, whatever signal comes: the rename and publishing are
      // one stretch of main-thread work, which a signal's handler cannot cut in half.
      fs.renameSync(building, path.join(dataDir, folder));
      publishManifest(dataDir, manifest);
    } catch (cause) {
      // Nothing half-written is left behind: not to be taken for a build, nor to hold the space.
      if (discardUnpublished(dataDir, version)) throw writeFailure(dataDir, cause, "writing the new index", "the half-written build was removed and ");
      throw cause; // the new index is in place; only flushing the folder failed
    }
    removeOldBuilds(dataDir, folder, inUse);

    return {
      rebuilt: true,
      version,
      documents: corpus.documents.length,
      passages: data.passages.length,
      added, changed, removed, unchanged,
      embeddedTexts: toEmbed.length,
      embeddedPassages: passagesToEmbed,
      embeddingSeconds,
      seconds: (performance.now() - started) / 1000,
      problems: corpus.problems,
      notices: noticesOf(corpus.documents),
      formats: countFormats(corpus.documents, corpus.passages),
      ...(repaired ? { repaired } : {}),
    };
  } finally {
    releaseLock();
  }
}

interface EmbeddingJob {
  text: string;
  put: (vector: Float32Array) => void;
  /** The last text of its passage (the passage's own, or its last sentence's). */
  endsPassage: boolean;
}

/**
 * Embeds every job in batches, `concurrency` batches in flight at once; returns the vectors'
 * dimensions, or undefined when there was nothing to embed.
 */
async function embedAll(
  embedder: Embedder,
  jobs: readonly EmbeddingJob[],
  batch: number,
  concurrency: number,
  onBatch: (slice: readonly EmbeddingJob[]) => void,
  signal?: AbortSignal,
): Promise<number | undefined> {
  let dims: number | undefined;
  let next = 0;
  let failed = false;
  const lane = async () => {
    // A stopped build sends no more batches; those in flight finish, then the build stops.
    while (next < jobs.length && !failed && !signal?.aborted) {
      const slice = jobs.slice(next, (next += batch));
      const vectors = await embedder.embeddings.embedDocuments(slice.map((t) => t.text)).catch((error: unknown) => {
        failed = true; // the other lanes stop after their batch in flight
        throw error;
      });
      if (vectors.length !== slice.length) throw new Error(`the embedder returned ${vectors.length} vectors for ${slice.length} texts`);
      vectors.forEach((v, j) => slice[j]!.put(normalize(v)));
      dims ??= vectors[0]?.length;
      onBatch(slice);
    }
  };
  await untilAborted(Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane)), signal);
  return dims;
}

/** The reason a stopped build gives: the signal's, or BuildStopped. */
function stopReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new BuildStopped("the build was stopped");
}

/**
 * `work`, or a rejection as soon as `signal` is aborted: a batch of the local model takes seconds,
 * and a Ctrl-C should not wait for the batches in flight (their results are dropped; the caller
 * closes the embedder, which ends them).
 */
async function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(stopReason(signal));
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  work.catch(() => {}); // a batch failing after the stop is of no interest
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

/** Chunks every document; one that yields no passage (only headings, say) is reported and left out. */
async function withPassages(corpus: LoadedCorpus, corpusDir: string): Promise<LoadedCorpus & { passages: Map<string, Passage[]> }> {
  const passages = new Map<string, Passage[]>();
  const problems = [...corpus.problems];
  const documents = corpus.documents.filter((doc) => {
    const cut = chunkDocument(doc);
    if (cut.length === 0) problems.push({ file: doc.file, problem: "skipped: no paragraph to answer from (only headings or front matter)" });
    else passages.set(doc.id, cut);
    return cut.length > 0;
  });
  if (documents.length === 0) {
    throw new CorpusError(`the corpus in ${corpusDir} has no paragraphs to answer from (${problems.map((p) => p.file).join(", ")} skipped); add text to the documents`);
  }
  return { documents, problems, passages };
}

function storedTexts(documents: readonly SourceDocument[]): StoredText[] {
  return documents
    .filter((d) => d.format !== "markdown" && d.format !== "text")
    .map((d) => ({ docId: d.id, file: d.file, format: d.format, text: d.text, ...(d.pageStarts ? { pageStarts: d.pageStarts } : {}) }));
}

function countFormats(documents: readonly SourceDocument[], passages: ReadonlyMap<string, Passage[]>): BuildSummary["formats"] {
  const counts: BuildSummary["formats"] = {};
  for (const d of documents) {
    const c = (counts[d.format] ??= { files: 0, pages: 0, passages: 0 });
    c.files++;
    c.pages += d.pageStarts?.length ?? 0;
    c.passages += passages.get(d.id)?.length ?? 0;
  }
  return counts;
}

/** The title and section help a passage match questions that name them ("economic weakness"). */
function embeddingText(p: Passage): string {
  return p.section ? `${p.section}. ${p.text}` : p.text;
}

function appendDocument(
  data: IndexData,
  passages: Passage[],
  sentences: { start: number; end: number }[][],
  passageVectors: Float32Array[],
  sentenceVectors: Float32Array[],
): void {
  const base = data.passages.length;
  const sentenceBase = data.sentences.length;
  data.passages.push(...passages);
  // By row, not push: a changed document earlier in the list has its vectors filled in later.
  passageVectors.forEach((v, i) => (data.passageVectors[base + i] = v));
  sentenceVectors.forEach((v, i) => (data.sentenceVectors[sentenceBase + i] = v));
  sentences.forEach((spans, i) => spans.forEach((s) => data.sentences.push({ passage: base + i, start: s.start, end: s.end })));
}

interface PreviousIndex {
  manifest: Manifest;
  byDoc: Map<string, { passages: Passage[]; sentences: { start: number; end: number }[][]; passageVectors: Float32Array[]; sentenceVectors: Float32Array[] }>;
}

/** How the corpus differs from the documents an index was built from (all added when there is none). */
/**
 * Whether a document is what the index holds for it: the same text, and the same title, example
 * questions, format and page count, which citations and /start show and which passages carry (and
 * embed, with the title). A PDF whose metadata title changed has the same text: comparing the text
 * alone kept the old title in every citation of it.
 */
function sameDocument(before: Manifest["documents"][number], doc: SourceDocument): boolean {
  return (
    before.hash === doc.hash &&
    before.title === doc.title &&
    before.format === doc.format &&
    before.pages === doc.pageStarts?.length &&
    before.questions.length === doc.questions.length &&
    before.questions.every((q, i) => q === doc.questions[i])
  );
}

function changes(documents: readonly SourceDocument[], manifest: Manifest | undefined) {
  const prevDocs = new Map(manifest?.documents.map((d) => [d.id, d]) ?? []);
  const added: string[] = [];
  const changed: string[] = [];
  const unchanged: string[] = [];
  for (const doc of documents) {
    const before = prevDocs.get(doc.id);
    if (!before) added.push(doc.file);
    else if (!sameDocument(before, doc)) changed.push(doc.file);
    else unchanged.push(doc.file);
  }
  const currentIds = new Set(documents.map((d) => d.id));
  const removed = [...prevDocs.values()].filter((d) => !currentIds.has(d.id)).map((d) => d.file);
  return { any: added.length + changed.length + removed.length > 0, lists: { added, changed, removed, unchanged } };
}

function noticesOf(documents: readonly SourceDocument[]): CorpusProblem[] {
  return documents.flatMap((d) => (d.notice ? [{ file: d.file, problem: d.notice }] : []));
}

/** The files a build left out, sorted: what start-up must not call added since the build. */
function skippedFiles(problems: readonly { file: string }[]): string[] {
  return [...new Set(problems.map((p) => p.file))].sort();
}

function sameFiles(recorded: readonly string[] | undefined, now: readonly string[]): boolean {
  return recorded !== undefined && recorded.length === now.length && recorded.every((f, i) => f === now[i]);
}

/** The published index's manifest, if one can be read. */
function manifestInUse(dataDir: string): Manifest | undefined {
  try {
    return readManifest(dataDir);
  } catch {
    return undefined;
  }
}

/** The current index's manifest when a build may reuse its vectors: readable, same embedder and chunker, a reusable format. */
function reusableManifest(dataDir: string, embedder: Embedder): Manifest | undefined {
  const manifest = manifestInUse(dataDir);
  if (!manifest || incompatibility(manifest, embedder.identity, CHUNKER_VERSION, REUSABLE_FORMATS)) return undefined;
  return manifest;
}

function reusableData(dataDir: string, manifest: Manifest): PreviousIndex | undefined {
  let data: IndexData;
  try {
    data = readIndexData(path.join(dataDir, manifest.folder), manifest.embedder.dimensions, manifest.files);
  } catch {
    return undefined; // damaged or incomplete (a file truncated or deleted): rebuild everything
  }
  const byDoc: PreviousIndex["byDoc"] = new Map();
  const sentencesOf = new Map<number, { rec: SentenceRecord; row: number }[]>();
  data.sentences.forEach((rec, row) => {
    const list = sentencesOf.get(rec.passage) ?? [];
    list.push({ rec, row });
    sentencesOf.set(rec.passage, list);
  });
  data.passages.forEach((p, i) => {
    const entry = byDoc.get(p.docId) ?? { passages: [], sentences: [], passageVectors: [], sentenceVectors: [] };
    const sents = sentencesOf.get(i) ?? [];
    entry.passages.push(p);
    entry.passageVectors.push(data.passageVectors[i]!);
    entry.sentences.push(sents.map(({ rec }) => ({ start: rec.start, end: rec.end })));
    entry.sentenceVectors.push(...sents.map(({ row }) => data.sentenceVectors[row]!));
    byDoc.set(p.docId, entry);
  });
  return { manifest, byDoc };
}

/**
 * Removes what a failed write of build `version` left (its folders and its temporary manifest), unless
 * the manifest already names it: false then, as the build is the current index.
 */
function discardUnpublished(dataDir: string, version: string): boolean {
  let published: boolean;
  try {
    published = readManifest(dataDir)?.version === version;
  } catch {
    published = false;
  }
  if (published) return false;
  for (const name of [`.building-${version}`, `index-${version}`, `.${MANIFEST_FILE}.${version}.tmp`]) {
    fs.rmSync(path.join(dataDir, name), { recursive: true, force: true });
  }
  return true;
}

/** A failed write in DATA_DIR, said as what it means for the index in use and what to do when the disk is full. */
function writeFailure(dataDir: string, cause: unknown, writing: string, cleaned = ""): unknown {
  const code = (cause as { code?: unknown }).code;
  if (!(cause instanceof IncompleteFileError) && !(typeof code === "string" && NO_SPACE.has(code))) return cause;
  let current: string | undefined;
  try {
    current = readManifest(dataDir)?.version;
  } catch {
    current = undefined;
  }
  const kept = current ? `the previous index (${current}) is unchanged and still in use` : "there is no index yet";
  return new DiskFullError(
    `no space left on the disk holding DATA_DIR ${dataDir} while ${writing} (${(cause as Error).message}); ${cleaned}${kept}; free space on that disk (or set DATA_DIR to a folder on a larger one), then run npm run reindex again`,
    { cause },
  );
}

function removeStaleBuilds(dataDir: string): void {
  for (const name of fs.readdirSync(dataDir)) {
    if (name.startsWith(".building-") || (name.startsWith(`.${MANIFEST_FILE}.`) && name.endsWith(".tmp"))) {
      fs.rmSync(path.join(dataDir, name), { recursive: true, force: true });
    }
  }
}

/** The folder DATA_DIR/manifest.json names, if it can be read. */
function publishedFolder(dataDir: string): string | undefined {
  try {
    return readManifest(dataDir)?.folder;
  } catch {
    return undefined;
  }
}

/**
 * Keeps the new build and the one before it: a process that loaded the previous index a moment
 * ago may still be opening its files.
 */
function removeOldBuilds(dataDir: string, current: string, previous: string | undefined): void {
  for (const name of fs.readdirSync(dataDir)) {
    if (name.startsWith("index-") && name !== current && name !== previous) {
      fs.rmSync(path.join(dataDir, name), { recursive: true, force: true });
    }
  }
}

/**
 * Takes DATA_DIR/reindex.lock for this process. The lock appears with its pid already in it (written
 * to a file of its own, then hard-linked into place): a lock created empty and filled a moment later
 * would look, to a reindex started in that moment, like an empty lock left by a crash, and both would
 * build (each removing the other's half-written folder).
 */
function acquireLock(dataDir: string): () => void {
  const lock = path.join(dataDir, "reindex.lock");
  const claim = path.join(dataDir, `.reindex.lock.${process.pid}.tmp`);
  try {
    fs.writeFileSync(claim, String(process.pid));
  } catch (error) {
    fs.rmSync(claim, { force: true });
    throw writeFailure(dataDir, error, "taking the reindex lock");
  }
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkOrCreate(claim, lock);
        return () => fs.rmSync(lock, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const pid = Number(fs.readFileSync(lock, "utf8"));
        if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && pid !== process.pid) {
          // The pid may also be another program's, reused after a crashed build (a container restarted).
          throw new ReindexBusyError(`another reindex (pid ${pid}) is building the index in ${dataDir}; wait for it to finish (if no reindex is running, pid ${pid} is another program's and ${lock} was left by a crash: remove it)`);
        }
        fs.rmSync(lock, { force: true }); // left by a crashed build
      }
    }
  } finally {
    fs.rmSync(claim, { force: true });
  }
  throw new ReindexBusyError(`could not take the reindex lock in ${dataDir}; remove ${lock} if no reindex is running`);
}

/** Hard-links `claim` to `lock`; on a file system without hard links, creates `lock` and writes the claim's text into it. */
function linkOrCreate(claim: string, lock: string): void {
  try {
    fs.linkSync(claim, lock);
  } catch (error) {
    if (!["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"].includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
    fs.writeFileSync(lock, fs.readFileSync(claim), { flag: "wx" });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
