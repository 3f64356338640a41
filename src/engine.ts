import fs from "node:fs";
import path from "node:path";
import { secretsOf, type Config } from "./config.ts";
import { CHUNKER_VERSION } from "./corpus/chunk.ts";
import { buildIndex, type BuildSummary } from "./index/build.ts";
import { createEmbedder, type Embedder } from "./index/embeddings.ts";
import { QueryEmbedder } from "./index/queryEmbedder.ts";
import { MANIFEST_FILE, MissingIndexError, loadIndex, readManifest, type LoadedIndex } from "./index/store.ts";
import { CALIBRATION } from "./answer/calibration.ts";
import { answerExtractively, joinParts, type Calibration, type IndexedSentence, type SentenceSource } from "./answer/extractive.ts";
import { resolveFollowUp } from "./answer/followup.ts";
import { cleanQuestion, splitCompound } from "./answer/question.ts";
import type { Answer, AskOptions, Citation, DocumentInfo, Engine } from "./answer/types.ts";
import { createGenerator, type Generator } from "./answer/generate.ts";
import { mayNeedTranslation } from "./answer/rewrite.ts";
import { assertVerbatim } from "./answer/verify.ts";
import { Vocabulary } from "./answer/vocabulary.ts";
import { Retriever, type RetrievalVariant, type RetrievedRow } from "./retrieve/retriever.ts";
import type { FusionMethod } from "./retrieve/fuse.ts";
import { contentTerms } from "./retrieve/text.ts";
import type { Passage } from "./corpus/types.ts";

export interface EngineOptions {
  /** Replaces the configured embedder (tests use a deterministic fake). */
  embedder?: Embedder;
  /** Progress and warnings for people; never receives secrets. */
  log?: (line: string) => void;
  /** Reload automatically when `npm run reindex` swaps in a new manifest. */
  watchIndex?: boolean;
  /** Replaces the fitted calibration; a function is read on every question (calibration search). */
  calibration?: Calibration | (() => Calibration);
  fusion?: FusionMethod;
  /** Replaces the chat-model generator built from config.llm (tests). */
  generator?: Generator;
}

/** A loaded index with everything answering needs, swapped whole on reload. */
export interface Runtime {
  index: LoadedIndex;
  retriever: Retriever;
  source: SentenceSource;
  passageById: Map<string, Passage>;
}

export type CustomRetrieval = (query: string, vector: Float32Array, k: number, runtime: Runtime) => RetrievedRow[] | Promise<RetrievedRow[]>;

export interface FullEngine extends Engine {
  /** Retrieval alone, for evaluation: the variant's top-k passages for a question. */
  retrieve(question: string, k: number, variant?: RetrievalVariant): Promise<RetrievedRow[]>;
  /**
   * The extractive answer over another retrieval (evaluation): a built-in variant, or a function that
   * returns the top-k rows for the (typo-corrected) query and its unit vector.
   */
  askWith(question: string, retrieval: RetrievalVariant | CustomRetrieval, options?: AskOptions): Promise<Answer>;
  runtime(): Runtime;
  close(): void;
}

/** Opens the index in DATA_DIR (building it first if there is none) and answers questions from it. */
export async function createEngine(config: Config, options: EngineOptions = {}): Promise<FullEngine> {
  const embedder = options.embedder ?? createEmbedder(config);
  const log = options.log ?? (() => {});
  const calibrationOption = options.calibration ?? CALIBRATION;
  const calibration = () => (typeof calibrationOption === "function" ? calibrationOption() : calibrationOption);
  const queries = new QueryEmbedder(embedder.embeddings, embedder.parallelism);
  const fusion = options.fusion ?? config.retrieval.fusion;

  let current = await openRuntime(config, embedder, log, fusion);
  warnIfStale(config, current.index, log);

  // The manifest watcher and /reload may ask at the same moment: one load serves both.
  let reloading: Promise<{ reloaded: boolean; indexVersion: string }> | undefined;
  const reload = () => (reloading ??= loadNewIndex().finally(() => (reloading = undefined)));
  const loadNewIndex = async () => {
    const manifest = readManifest(config.dataDir);
    if (!manifest || manifest.version === current.index.manifest.version) {
      return { reloaded: false, indexVersion: current.index.manifest.version };
    }
    // Answers in flight hold the old runtime object and finish on it.
    current = await openRuntime(config, embedder, log, fusion);
    log(`loaded index ${current.index.manifest.version}`);
    return { reloaded: true, indexVersion: current.index.manifest.version };
  };

  const manifestPath = path.join(config.dataDir, MANIFEST_FILE);
  const onManifestChange = () => void reload().catch((e) => log(`index reload failed, still answering from the previous index: ${(e as Error).message}`));
  if (options.watchIndex) fs.watchFile(manifestPath, { interval: 1_000 }, onManifestChange);

  const generator = config.llm ? (options.generator ?? createGenerator(config.llm, config.openai, { secrets: secretsOf(config) })) : undefined;

  const ask = async (question: string, askOptions: AskOptions = {}, variant: RetrievalVariant | CustomRetrieval = "hybrid"): Promise<Answer> => {
    const runtime = current;
    const history = askOptions.history ?? [];
    const cleaned = cleanQuestion(question, config.retrieval.maxQuestionChars);
    // With a model, follow-ups and non-English questions become a standalone English query.
    const rewritten =
      generator && cleaned.text && (history.length > 0 || mayNeedTranslation(cleaned.text))
        ? await generator.rewrite(cleaned.text, history)
        : resolveFollowUp(cleaned.text, history);
    const query = rewritten ?? cleaned.text;
    const corrected = correctTypos(query, runtime.source);
    const vector = await queries.embed(corrected);
    const retrieveFor = async (text: string, v: Float32Array) =>
      typeof variant === "function" ? await variant(text, v, config.retrieval.k, runtime) : runtime.retriever.retrieve(text, v, config.retrieval.k, variant);
    const retrieved = await retrieveFor(corrected, vector);
    // A follow-up joined to the previous question is one question, not two.
    const parts = rewritten === undefined ? splitCompound(query) : [query];
    const result =
      parts.length === 1
        ? answerExtractively(query, corrected, vector, retrieved, runtime.source, calibration())
        : joinParts(
            await Promise.all(
              parts.map(async (part) => {
                const partCorrected = correctTypos(part, runtime.source);
                const partVector = await queries.embed(partCorrected);
                return answerExtractively(part, partCorrected, partVector, await retrieveFor(partCorrected, partVector), runtime.source, calibration());
              }),
            ),
          );
    const base = {
      question,
      mode: "extractive" as const,
      rewrittenQuery: rewritten !== undefined && rewritten !== cleaned.text ? rewritten : undefined,
      retrieved: retrieved.map((r) => ({ passageId: r.passage.id, relevance: round(r.relevance) })),
      indexVersion: runtime.index.manifest.version,
      verification: cleaned.truncated ? [`question cut to ${config.retrieval.maxQuestionChars} characters`] : [],
    };
    const verified = (citations: Citation[]) => {
      assertVerbatim(citations, (id) => runtime.passageById.get(id));
      return withPages(citations, runtime.passageById);
    };

    // Questions with nothing to ask, or naming what the corpus never mentions, need no model.
    const decided = result.status === "abstained" && (result.reason === "no-question" || result.reason === "unknown-names");
    if (generator && !decided && retrieved.length > 0) {
      const passages = retrieved.map((r, i) => ({ n: i + 1, passage: r.passage, relevance: r.relevance }));
      const generated = await generator.generate({ question: cleaned.text, passages, history, query });
      if (generated.status === "answered") {
        return {
          ...base,
          mode: "llm",
          model: generated.model,
          status: "answered",
          text: generated.text,
          citations: verified(generated.citations),
          confidence: round(result.confidence),
          verification: [...base.verification, ...generated.verification],
        };
      }
      if (generated.status === "abstained") {
        const related = result.status === "abstained" ? result.related : result.citations.map(({ n: _n, ...rest }) => rest);
        return {
          ...base,
          mode: "llm",
          model: generated.model,
          status: "abstained",
          text: generated.text,
          reason: "the model found no answer in the passages",
          citations: [],
          related: withPages(related, runtime.passageById),
          verification: [...base.verification, ...generated.verification],
        };
      }
      base.verification.push(...generated.verification, `fell back to the extractive answer: ${generated.reason}`);
    }

    if (result.status === "abstained") {
      return { ...base, status: "abstained", text: result.text, reason: result.reason, citations: [], related: withPages(result.related, runtime.passageById) };
    }
    return { ...base, status: "answered", text: result.text, citations: verified(result.citations), confidence: round(result.confidence) };
  };

  return {
    ask: (q, o) => ask(q, o),
    askWith: (q, variant, o) => ask(q, o, variant),
    async retrieve(question, k, variant = "hybrid") {
      const runtime = current;
      const text = correctTypos(cleanQuestion(question, config.retrieval.maxQuestionChars).text, runtime.source);
      return runtime.retriever.retrieve(text, await queries.embed(text), k, variant);
    },
    documents: (): DocumentInfo[] =>
      current.index.manifest.documents.map((d) => ({ id: d.id, title: d.title, questions: d.questions ?? [], file: d.file, passages: d.passages })),
    indexVersion: () => current.index.manifest.version,
    reload,
    runtime: () => current,
    close: () => {
      fs.unwatchFile(manifestPath, onManifestChange);
      const closable = embedder.embeddings as { close?: () => Promise<void> };
      void closable.close?.();
    },
  };
}

async function openRuntime(config: Config, embedder: Embedder, log: (line: string) => void, fusion: FusionMethod): Promise<Runtime> {
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
  const source: SentenceSource = {
    sentencesOf: (row) => byPassage[row] ?? [],
    passage: (row) => index.passages[row]!,
    idf: (stem) => Math.log(1 + n / (df.get(stem) ?? 0.5)),
    vocabulary,
  };
  return {
    index,
    retriever: new Retriever(index.passages, index.hnsw, { ef, fusion, lexical: index.lexical }),
    source,
    passageById: new Map(index.passages.map((p) => [p.id, p])),
  };
}

/** Distinct words of one question that typo correction looks at; bounds the work a long message costs. */
const MAX_CORRECTED_WORDS = 40;

/** Replaces words the corpus lacks by the corpus word they are a typo of ("lukashenka" → "lukashenko"). */
function correctTypos(text: string, source: SentenceSource): string {
  const seen = new Set<string>();
  return text.replace(/[\p{L}]{5,}/gu, (w) => {
    seen.add(w.toLowerCase());
    return seen.size > MAX_CORRECTED_WORDS ? w : (source.vocabulary.correct(w) ?? w);
  });
}

function warnIfStale(config: Config, index: LoadedIndex, log: (line: string) => void): void {
  const builtAt = Date.parse(index.manifest.builtAt);
  const stale = index.manifest.documents.some((d) => {
    try {
      return fs.statSync(path.join(config.corpusDir, d.file)).mtimeMs > builtAt;
    } catch {
      return true; // removed since the build
    }
  });
  if (stale) log(`documents in ${config.corpusDir} changed after the index was built; run npm run reindex to include the changes`);
}

/** A quote's PDF page is its passage's: passages never cross a page break. */
function withPages<T extends { passageId: string }>(cited: T[], passageById: ReadonlyMap<string, Passage>): (T & { page: number | null })[] {
  return cited.map((c) => ({ ...c, page: passageById.get(c.passageId)?.page ?? null }));
}

const round = (x: number) => Math.round(x * 1000) / 1000;
