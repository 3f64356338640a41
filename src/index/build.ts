import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { CHUNKER_VERSION, chunkDocument, sentenceSpans } from "../corpus/chunk.ts";
import { CorpusError, loadCorpus, type CorpusProblem, type LoadedCorpus } from "../corpus/load.ts";
import type { Passage } from "../corpus/types.ts";
import { buildHnsw } from "./dense.ts";
import { normalize, type Embedder } from "./embeddings.ts";
import {
  INDEX_FORMAT,
  MANIFEST_FILE,
  incompatibility,
  publishManifest,
  readIndexData,
  readManifest,
  writeIndexFiles,
  type IndexData,
  type Manifest,
  type ManifestDraft,
  type SentenceRecord,
} from "./store.ts";

export interface BuildProgress {
  phase: "embedding";
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
  /** Texts per embedding call; progress is reported after each. */
  batchSize?: number;
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
  seconds: number;
  problems: CorpusProblem[];
}

export class ReindexBusyError extends Error {
  override name = "ReindexBusyError";
}

/**
 * Builds the index incrementally and swaps it in atomically: the new build is written to its own
 * folder, then DATA_DIR/manifest.json is replaced by a rename. A crash or Ctrl-C before that rename
 * leaves the previous index whole and in use; the half-written folder is removed by the next build.
 */
export async function buildIndex(options: BuildOptions): Promise<BuildSummary> {
  const started = performance.now();
  const { dataDir, embedder } = options;
  fs.mkdirSync(dataDir, { recursive: true });
  const releaseLock = acquireLock(dataDir);
  try {
    removeStaleBuilds(dataDir);
    const corpus = await withPassages(await loadCorpus(options.corpusDir), options.corpusDir);
    const previous = options.force ? undefined : reusablePrevious(dataDir, embedder);

    const prevDocs = new Map(previous?.manifest.documents.map((d) => [d.id, d]) ?? []);
    const added: string[] = [];
    const changed: string[] = [];
    const unchanged: string[] = [];
    for (const doc of corpus.documents) {
      const before = prevDocs.get(doc.id);
      if (!before) added.push(doc.file);
      else if (before.hash !== doc.hash) changed.push(doc.file);
      else unchanged.push(doc.file);
    }
    const currentIds = new Set(corpus.documents.map((d) => d.id));
    const removed = [...prevDocs.values()].filter((d) => !currentIds.has(d.id)).map((d) => d.file);

    if (previous && added.length === 0 && changed.length === 0 && removed.length === 0) {
      return {
        rebuilt: false,
        version: previous.manifest.version,
        documents: corpus.documents.length,
        passages: previous.manifest.passages,
        added, changed, removed, unchanged,
        embeddedTexts: 0,
        seconds: (performance.now() - started) / 1000,
        problems: corpus.problems,
      };
    }

    // Reuse vectors of unchanged documents; chunk and embed the rest.
    const data: IndexData = { passages: [], sentences: [], passageVectors: [], sentenceVectors: [] };
    const toEmbed: { text: string; put: (v: Float32Array) => void }[] = [];
    for (const doc of corpus.documents) {
      const reused = previous && prevDocs.get(doc.id)?.hash === doc.hash ? previous.byDoc.get(doc.id) : undefined;
      if (reused) {
        appendDocument(data, reused.passages, reused.sentences, reused.passageVectors, reused.sentenceVectors);
        continue;
      }
      const passages = corpus.passages.get(doc.id)!;
      const sentences = passages.map((p) => sentenceSpans(doc.text, p.start, p.end));
      const base = data.passages.length;
      const sentBase = data.sentences.length;
      appendDocument(data, passages, sentences, [], []);
      passages.forEach((p, i) => toEmbed.push({ text: embeddingText(p), put: (v) => (data.passageVectors[base + i] = v) }));
      let s = sentBase;
      for (const span of sentences.flat()) {
        const row = s++;
        toEmbed.push({ text: doc.text.slice(span.start, span.end), put: (v) => (data.sentenceVectors[row] = v) });
      }
    }

    const batch = options.batchSize ?? 64;
    options.onProgress?.({ phase: "embedding", done: 0, total: toEmbed.length });
    let dims = previous?.manifest.embedder.dimensions ?? 0;
    for (let i = 0; i < toEmbed.length; i += batch) {
      const slice = toEmbed.slice(i, i + batch);
      const vectors = await embedder.embeddings.embedDocuments(slice.map((t) => t.text));
      if (vectors.length !== slice.length) throw new Error(`the embedder returned ${vectors.length} vectors for ${slice.length} texts`);
      vectors.forEach((v, j) => slice[j]!.put(normalize(v)));
      dims = vectors[0]?.length ?? dims;
      options.onProgress?.({ phase: "embedding", done: Math.min(i + batch, toEmbed.length), total: toEmbed.length });
    }

    const version = `${new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}-${randomBytes(3).toString("hex")}`;
    const folder = `index-${version}`;
    const building = path.join(dataDir, `.building-${version}`);
    writeIndexFiles(building, data, buildHnsw(data.passageVectors, dims));
    fs.renameSync(building, path.join(dataDir, folder));

    const manifest: ManifestDraft = {
      format: INDEX_FORMAT,
      version,
      folder,
      embedder: { ...embedder.identity, dimensions: dims },
      chunkerVersion: CHUNKER_VERSION,
      builtAt: new Date().toISOString(),
      documents: corpus.documents.map((d) => ({
        id: d.id,
        file: d.file,
        title: d.title,
        questions: d.questions,
        hash: d.hash,
        passages: data.passages.filter((p) => p.docId === d.id).length,
      })),
      passages: data.passages.length,
      sentences: data.sentences.length,
    };
    publishManifest(dataDir, manifest);
    removeOldBuilds(dataDir, folder, previous?.manifest.folder);

    return {
      rebuilt: true,
      version,
      documents: corpus.documents.length,
      passages: data.passages.length,
      added, changed, removed, unchanged,
      embeddedTexts: toEmbed.length,
      seconds: (performance.now() - started) / 1000,
      problems: corpus.problems,
    };
  } finally {
    releaseLock();
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
  data.passages.push(...passages);
  data.passageVectors.push(...passageVectors);
  data.sentenceVectors.push(...sentenceVectors);
  sentences.forEach((spans, i) => spans.forEach((s) => data.sentences.push({ passage: base + i, start: s.start, end: s.end })));
}

interface PreviousIndex {
  manifest: Manifest;
  byDoc: Map<string, { passages: Passage[]; sentences: { start: number; end: number }[][]; passageVectors: Float32Array[]; sentenceVectors: Float32Array[] }>;
}

function reusablePrevious(dataDir: string, embedder: Embedder): PreviousIndex | undefined {
  let manifest: Manifest | undefined;
  try {
    manifest = readManifest(dataDir);
  } catch {
    return undefined;
  }
  if (!manifest || incompatibility(manifest, embedder.identity, CHUNKER_VERSION)) return undefined;
  let data: IndexData;
  try {
    data = readIndexData(path.join(dataDir, manifest.folder), manifest.embedder.dimensions);
  } catch {
    return undefined; // damaged: rebuild everything
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

function removeStaleBuilds(dataDir: string): void {
  for (const name of fs.readdirSync(dataDir)) {
    if (name.startsWith(".building-") || (name.startsWith(`.${MANIFEST_FILE}.`) && name.endsWith(".tmp"))) {
      fs.rmSync(path.join(dataDir, name), { recursive: true, force: true });
    }
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

function acquireLock(dataDir: string): () => void {
  const lock = path.join(dataDir, "reindex.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      return () => fs.rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number(fs.readFileSync(lock, "utf8"));
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && pid !== process.pid) {
        throw new ReindexBusyError(`another reindex (pid ${pid}) is building the index in ${dataDir}; wait for it to finish`);
      }
      fs.rmSync(lock, { force: true }); // left by a crashed build
    }
  }
  throw new ReindexBusyError(`could not take the reindex lock in ${dataDir}; remove ${lock} if no reindex is running`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
