import type { Config } from "./config.ts";
import type { IndexedSentence, SentenceSource } from "./answer/candidates.ts";
import { CHUNKER_VERSION } from "./corpus/chunk.ts";
import type { Passage } from "./corpus/types.ts";
import { buildIndex, type BuildSummary } from "./index/build.ts";
import type { Embedder } from "./index/embeddings.ts";
import { MissingIndexError, loadIndex, readManifest, type LoadedIndex } from "./index/store.ts";
import type { FusionMethod } from "./retrieve/fuse.ts";
import { Retriever } from "./retrieve/retriever.ts";
import { acronymsOf } from "./text/acronyms.ts";
import { Vocabulary } from "./text/vocabulary.ts";
import { contentTerms, stem, words } from "./text/words.ts";

/** A loaded index with everything answering needs, swapped whole on reload. */
export interface Runtime {
  index: LoadedIndex;
  retriever: Retriever;
  source: SentenceSource;
  passageById: Map<string, Passage>;
}

/** Opens the index in DATA_DIR, building it first when there is none. */
export async function openRuntime(config: Config, embedder: Embedder, log: (line: string) => void, fusion: FusionMethod = config.retrieval.fusion): Promise<Runtime> {
  let index: LoadedIndex;
  try {
    index = loadIndex(config.dataDir, embedder.identity, CHUNKER_VERSION);
  } catch (error) {
    if (!(error instanceof MissingIndexError) || readManifest(config.dataDir)) throw error;
    log(`no index in ${config.dataDir} yet; building it from ${config.corpusDir} (once)…`);
    const summary: BuildSummary = await buildIndex({ corpusDir: config.corpusDir, dataDir: config.dataDir, embedder, maxDocumentBytes: config.maxDocumentBytes });
    for (const p of summary.problems) log(`corpus: ${p.file}: ${p.problem}`);
    log(`indexed ${summary.documents} document(s), ${summary.passages} passages in ${summary.seconds.toFixed(1)} s`);
    index = loadIndex(config.dataDir, embedder.identity, CHUNKER_VERSION);
  }
  return makeRuntime(index, config.retrieval.ef, fusion);
}

export function makeRuntime(index: LoadedIndex, ef: number, fusion: FusionMethod): Runtime {
  const byPassage: IndexedSentence[][] = index.passages.map(() => []);
  const df = new Map<string, number>();
  index.sentences.forEach((rec, i) => {
    const p = index.passages[rec.passage]!;
    const text = p.text.slice(rec.start - p.start, rec.end - p.start);
    const terms = new Set(contentTerms(text));
    for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
    byPassage[rec.passage]!.push({ passageRow: rec.passage, start: rec.start, end: rec.end, text, vector: index.sentenceVectors[i]!, terms });
  });
  const n = Math.max(1, index.sentences.length);
  const vocabulary = new Vocabulary(index.passages.flatMap((p) => [p.text, p.title, p.section ?? ""]));
  const stemsMemo = new Map<number, { all: Set<string>; heading: Set<string> }>();
  const documentMemo = new Map<string, Set<string>>();
  const passagesByDoc = new Map<string, Passage[]>();
  for (const p of index.passages) {
    const list = passagesByDoc.get(p.docId);
    if (list) list.push(p);
    else passagesByDoc.set(p.docId, [p]);
  }
  const source: SentenceSource = {
    sentencesOf: (row) => byPassage[row] ?? [],
    passage: (row) => index.passages[row]!,
    passageStems: (row) => {
      let memo = stemsMemo.get(row);
      if (!memo) {
        const p = index.passages[row]!;
        const heading = `${p.title} ${p.section ?? ""}`;
        memo = { all: new Set(words(`${heading} ${p.text}`).map(stem)), heading: new Set(contentTerms(heading)) };
        stemsMemo.set(row, memo);
      }
      return memo;
    },
    documentStems: (row) => {
      const docId = index.passages[row]!.docId;
      let memo = documentMemo.get(docId);
      if (!memo) {
        memo = new Set();
        for (const p of passagesByDoc.get(docId) ?? []) for (const w of words(`${p.title} ${p.section ?? ""} ${p.text}`)) memo.add(stem(w));
        documentMemo.set(docId, memo);
      }
      return memo;
    },
    idf: (stem) => Math.log(1 + n / (df.get(stem) ?? 0.5)),
    acronyms: acronymsOf(index.passages.map((p) => p.text)),
    vocabulary,
  };
  return {
    index,
    retriever: new Retriever(index.passages, index.hnsw, { ef, fusion, lexical: index.lexical }),
    source,
    passageById: new Map(index.passages.map((p) => [p.id, p])),
  };
}
