import type { Config } from "./config.ts";
import type { IndexedSentence, SentenceSource } from "./answer/candidates.ts";
import { CHUNKER_VERSION } from "./corpus/chunk.ts";
import type { Passage } from "./corpus/types.ts";
import { buildIndex, type BuildSummary } from "./index/build.ts";
import type { Embedder } from "./index/embeddings.ts";
import { createPause, type Pause } from "./index/slices.ts";
import { MissingIndexError, loadIndexInSlices, readManifest, type LoadedIndex } from "./index/store.ts";
import { sentenceText } from "./index/tables.ts";
import type { FusionMethod } from "./retrieve/fuse.ts";
import { LEXICAL_FILE } from "./retrieve/lexical.ts";
import { Retriever } from "./retrieve/retriever.ts";
import { nameInitials, spelledInitials } from "./text/acronyms.ts";
import { Vocabulary } from "./text/vocabulary.ts";
import { contentTerms, stem, words } from "./text/words.ts";

/** A loaded index with everything answering needs, swapped whole on reload. */
export interface Runtime {
  index: LoadedIndex;
  retriever: Retriever;
  source: SentenceSource;
  passageById: Map<string, Passage>;
}

/**
 * Opens the index in DATA_DIR, building it first when there is none. Loading runs in slices of a
 * few milliseconds (see slices.ts), so a process that is answering from its previous index keeps
 * answering while the next one loads.
 */
export async function openRuntime(config: Config, embedder: Embedder, log: (line: string) => void, fusion: FusionMethod = config.retrieval.fusion): Promise<Runtime> {
  const pause = createPause();
  let index: LoadedIndex;
  try {
    index = await loadIndexInSlices(config.dataDir, embedder.identity, CHUNKER_VERSION, pause);
  } catch (error) {
    if (!(error instanceof MissingIndexError) || readManifest(config.dataDir)) throw error;
    log(`no index in ${config.dataDir} yet; building it from ${config.corpusDir} (once)…`);
    const summary: BuildSummary = await buildIndex({ corpusDir: config.corpusDir, dataDir: config.dataDir, embedder, maxDocumentBytes: config.maxDocumentBytes });
    for (const p of [...summary.problems, ...summary.notices]) log(`corpus: ${p.file}: ${p.problem}`);
    log(`indexed ${summary.documents} document(s), ${summary.passages} passages in ${summary.seconds.toFixed(1)} s`);
    index = await loadIndexInSlices(config.dataDir, embedder.identity, CHUNKER_VERSION, pause);
  }
  return makeRuntime(index, config.retrieval.ef, fusion, pause, log);
}

/**
 * Says once per loaded index that its BM25 file became unreadable (truncated or overwritten while
 * the bot runs: everything else was read into memory at load, this one is read as questions come).
 */
function lexicalFailureLog(index: LoadedIndex, log: (line: string) => void): (error: Error) => void {
  let told = false;
  return (error) => {
    if (told) return;
    told = true;
    log(
      `the BM25 index ${LEXICAL_FILE} of index ${index.manifest.version} cannot be read any more (${error.message}): answering from the dense index alone; ` +
        `run npm run reindex to rebuild the index (the bot loads the new one; a restart would refuse this one)`,
    );
  };
}

/** Items handled between two calls of `pause`. */
const ITEMS_PER_STEP = 2_048;

/**
 * The answerer's view of a loaded index. Its whole-index tables (sentence frequencies, vocabulary,
 * acronyms) were computed at build time; a passage's sentences are tokenised when answering first
 * needs them, and kept.
 */
export async function makeRuntime(index: LoadedIndex, ef: number, fusion: FusionMethod, pause: Pause, log: (line: string) => void = () => {}): Promise<Runtime> {
  const { passages, sentences, tables } = index;
  const frequency = new Map<string, number>();
  for (let i = 0; i < tables.sentenceFrequency.length; i++) {
    frequency.set(...tables.sentenceFrequency[i]!);
    if (i % ITEMS_PER_STEP === 0) await pause();
  }
  const n = Math.max(1, tables.sentences);
  const vocabulary = await Vocabulary.fromEntries(tables.vocabulary, pause, tables.names, index.vocabularyTypos, tables.initials);
  const acronyms = new Map(tables.acronyms);

  // Sentence rows grouped by passage (a stable counting sort): sentenceRows[first[p] .. first[p + 1]).
  const first = new Int32Array(passages.length + 1);
  for (const s of sentences) first[s.passage + 1]!++;
  for (let p = 0; p < passages.length; p++) first[p + 1]! += first[p]!;
  const sentenceRows = new Int32Array(sentences.length);
  const filled = first.slice(0, passages.length);
  for (let i = 0; i < sentences.length; i++) {
    sentenceRows[filled[sentences[i]!.passage]!++] = i;
    if (i % ITEMS_PER_STEP === 0) await pause();
  }
  const sentencesMemo: (IndexedSentence[] | undefined)[] = new Array(passages.length);
  const sentencesOf = (row: number): IndexedSentence[] => {
    if (!(row >= 0 && row < passages.length)) return [];
    let memo = sentencesMemo[row];
    if (!memo) {
      const p = passages[row]!;
      memo = [];
      for (let j = first[row]!; j < first[row + 1]!; j++) {
        const i = sentenceRows[j]!;
        const rec = sentences[i]!;
        const text = sentenceText(p, rec);
        memo.push({ passageRow: row, start: rec.start, end: rec.end, text, vector: index.sentenceVectors[i]!, terms: new Set(contentTerms(text)) });
      }
      sentencesMemo[row] = memo;
    }
    return memo;
  };

  const passageById = new Map<string, Passage>();
  const passagesByDoc = new Map<string, Passage[]>();
  for (let i = 0; i < passages.length; i++) {
    const p = passages[i]!;
    passageById.set(p.id, p);
    const list = passagesByDoc.get(p.docId);
    if (list) list.push(p);
    else passagesByDoc.set(p.docId, [p]);
    if (i % ITEMS_PER_STEP === 0) await pause();
  }

  const stemsMemo = new Map<number, { all: Set<string>; heading: Set<string> }>();
  const documentMemo = new Map<string, Set<string>>();
  const source: SentenceSource = {
    sentencesOf,
    passage: (row) => passages[row]!,
    passageStems: (row) => {
      let memo = stemsMemo.get(row);
      if (!memo) {
        const p = passages[row]!;
        const heading = `${p.title} ${p.section ?? ""}`;
        memo = { all: withInitials(new Set(words(`${heading} ${p.text}`).map(stem)), [heading, p.text]), heading: new Set(contentTerms(heading)) };
        stemsMemo.set(row, memo);
      }
      return memo;
    },
    documentStems: (row) => {
      const docId = passages[row]!.docId;
      let memo = documentMemo.get(docId);
      if (!memo) {
        const texts = (passagesByDoc.get(docId) ?? []).map((p) => `${p.title} ${p.section ?? ""} ${p.text}`);
        memo = withInitials(new Set(texts.flatMap((t) => words(t)).map(stem)), texts);
        documentMemo.set(docId, memo);
      }
      return memo;
    },
    idf: (s) => Math.log(1 + n / (frequency.get(s) ?? 0.5)),
    acronyms,
    longForms: new Map(tables.longForms),
    vocabulary,
  };
  return {
    index,
    retriever: new Retriever(passages, index.hnsw, { ef, fusion, lexical: index.lexical, onLexicalFailure: lexicalFailureLog(index, log) }),
    source,
    passageById,
  };
}

/**
 * A text's stems with the initials of the names it spells out ("fda" for "Food and Drug
 * Administration"), so that a question using them finds the passage or document about that name.
 */
function withInitials(stems: Set<string>, texts: readonly string[]): Set<string> {
  for (const a of spelledInitials(nameInitials(texts))) stems.add(stem(a));
  return stems;
}
