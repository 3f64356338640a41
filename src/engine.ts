import fs from "node:fs";
import path from "node:path";
import { secretsOf, type Config } from "./config.ts";
import { createEmbedder, type Embedder } from "./index/embeddings.ts";
import { QueryEmbedder } from "./index/queryEmbedder.ts";
import { corpusFiles } from "./corpus/load.ts";
import { printable } from "./cli.ts";
import { fileSha256, MANIFEST_FILE, readManifest, type LoadedIndex, type ManifestDocument } from "./index/store.ts";
import { CALIBRATION } from "./answer/calibration.ts";
import type { Calibration } from "./answer/score.ts";
import type { DocumentInfo, Engine, Turn } from "./answer/types.ts";
import { createGenerator, type Generator } from "./answer/generate.ts";
import type { Passage } from "./corpus/types.ts";
import type { FusionMethod } from "./retrieve/fuse.ts";
import { answerQuestion, hybridRetrieve } from "./pipeline.ts";
import { openRuntime, type Runtime } from "./runtime.ts";
import { loadNlp } from "./text/nlp.ts";

export interface EngineOptions {
  /** Replaces the configured embedder (tests use a deterministic fake). */
  embedder?: Embedder;
  /** Progress and warnings for people; never receives secrets. */
  log?: (line: string) => void;
  /** Reload automatically when `npm run reindex` swaps in a new manifest. */
  watchIndex?: boolean;
  /** Replaces the fitted calibration. */
  calibration?: Calibration;
  fusion?: FusionMethod;
  /** Replaces the chat-model generator built from config.llm (tests). */
  generator?: Generator;
}

/** The engine the bot and the CLI hold: answers, plus closing the embedder and the index watcher. */
export type EngineHandle = Engine & {
  close(): void;
  /** A passage of the index answering now, by id (the moderator console shows quotes inside it). */
  passage(id: string): Passage | undefined;
};

/** Opens the index in DATA_DIR (building it first if there is none) and answers questions from it. */
export async function createEngine(config: Config, options: EngineOptions = {}): Promise<EngineHandle> {
  const embedder = options.embedder ?? createEmbedder(config);
  const log = options.log ?? (() => {});
  const calibration = options.calibration ?? CALIBRATION;
  const queries = new QueryEmbedder(embedder.embeddings, embedder.parallelism);
  const fusion = options.fusion ?? config.retrieval.fusion;

  let current = await openRuntime(config, embedder, log, fusion);
  // The question analyser's model, loaded with the index so the first question does not wait for it.
  loadNlp();
  if (warnIfStale(config, current.index, log)) await warnOfAdded(config, current.index, log);
  // Answers in flight per runtime: a replaced runtime's SQLite file is closed when its last one ends,
  // so that old index versions are not held open (nor their disk space, once deleted).
  const inFlight = new Map<Runtime, number>();
  let closed = false;
  const retireWhenIdle = (runtime: Runtime) => {
    if ((runtime !== current || closed) && !inFlight.get(runtime)) runtime.retriever.lexical.close();
  };

  // The manifest watcher and /reload may ask at the same moment: one load serves both.
  let reloading: Promise<{ reloaded: boolean; indexVersion: string }> | undefined;
  const reload = () => (reloading ??= loadNewIndex().finally(() => (reloading = undefined)));
  const loadNewIndex = async () => {
    let reloaded = false;
    // Until the manifest names the index loaded: a reindex may publish again while a large index
    // loads (its change joins this load, and a third one removes the folder being loaded).
    for (;;) {
      const manifest = readManifest(config.dataDir);
      if (!manifest || manifest.version === current.index.manifest.version) return { reloaded, indexVersion: current.index.manifest.version };
      let next: Runtime;
      try {
        next = await openRuntime(config, embedder, log, fusion);
      } catch (error) {
        if (publishedVersion(config.dataDir) === manifest.version) throw error;
        continue; // replaced while it loaded: load the newer one
      }
      // Answers in flight hold the old runtime object and finish on it; its files are closed after them.
      const previous = current;
      current = next;
      retireWhenIdle(previous);
      log(`loaded index ${current.index.manifest.version}`);
      reloaded = true;
    }
  };

  const manifestPath = path.join(config.dataDir, MANIFEST_FILE);
  const onManifestChange = () => void reload().catch((e) => log(`index reload failed, still answering from the previous index: ${(e as Error).message}`));
  if (options.watchIndex) fs.watchFile(manifestPath, { interval: 1_000 }, onManifestChange);

  const generator = config.llm ? (options.generator ?? createGenerator(config.llm, config.openai, { secrets: secretsOf(config) })) : undefined;

  const ask: Engine["ask"] = async (question, askOptions = {}) => {
    const runtime = current;
    inFlight.set(runtime, (inFlight.get(runtime) ?? 0) + 1);
    try {
      return await answerOn(runtime, question, askOptions.history ?? []);
    } finally {
      const left = inFlight.get(runtime)! - 1;
      if (left > 0) inFlight.set(runtime, left);
      else inFlight.delete(runtime);
      retireWhenIdle(runtime);
    }
  };
  const answerOn = (runtime: Runtime, question: string, history: readonly Turn[]) =>
    answerQuestion(question, history, {
      runtime,
      embed: (text) => queries.embed(text),
      retrieve: hybridRetrieve,
      calibration,
      k: config.retrieval.k,
      maxQuestionChars: config.retrieval.maxQuestionChars,
      generator,
    });

  return {
    ask,
    passage: (id) => current.passageById.get(id),
    documents: (): DocumentInfo[] =>
      current.index.manifest.documents.map((d) => ({ id: d.id, title: d.title, questions: d.questions ?? [], file: d.file, passages: d.passages })),
    indexVersion: () => current.index.manifest.version,
    reload,
    close: () => {
      fs.unwatchFile(manifestPath, onManifestChange);
      closed = true;
      retireWhenIdle(current);
      const closable = embedder.embeddings as { close?: () => Promise<void> };
      void closable.close?.();
    },
  };
}

/** The version DATA_DIR/manifest.json names now, if it can be read. */
function publishedVersion(dataDir: string): string | undefined {
  try {
    return readManifest(dataDir)?.version;
  } catch {
    return undefined;
  }
}

/** Says when CORPUS_DIR no longer matches the index; false when it cannot be compared (missing, mistyped). */
function warnIfStale(config: Config, index: LoadedIndex, log: (line: string) => void): boolean {
  const { corpusDir, dataDir } = config;
  const answering = `answering from the index in ${dataDir} (${index.manifest.documents.length} document(s), built ${index.manifest.builtAt})`;
  const problem = folderProblem(corpusDir);
  if (problem) {
    log(`CORPUS_DIR ${corpusDir} ${problem}; ${answering}. Set CORPUS_DIR to the folder holding your documents (then npm run reindex takes in any change)`);
    return false;
  }
  const present = index.manifest.documents.filter((d) => fs.existsSync(path.join(corpusDir, d.file)));
  if (index.manifest.documents.length > 0 && present.length === 0) {
    log(`none of the indexed documents is in CORPUS_DIR ${corpusDir}; ${answering}. If CORPUS_DIR is mistyped, set it to the folder holding your documents; if they were removed, run npm run reindex`);
    return false;
  }
  const builtAt = Date.parse(index.manifest.builtAt);
  const stale = index.manifest.documents.some((d) => {
    const file = path.join(config.corpusDir, d.file);
    try {
      return fs.statSync(file).mtimeMs > builtAt && !holdsWhatWasIndexed(file, d);
    } catch {
      return true; // removed since the build
    }
  });
  if (stale) log(`documents in ${config.corpusDir} changed after the index was built; run npm run reindex to include the changes`);
  return true;
}

/** Names documents put into CORPUS_DIR since the build, which answers cannot quote until a reindex. */
async function warnOfAdded(config: Config, index: LoadedIndex, log: (line: string) => void): Promise<void> {
  // An index built before session 25 did not record the files it skipped: any of them would be called new.
  const { skipped, documents } = index.manifest;
  if (!skipped) return;
  const known = new Set([...skipped, ...documents.map((d) => d.file)]);
  let added: string[];
  try {
    added = (await corpusFiles(config.corpusDir)).filter((f) => !known.has(f));
  } catch {
    return; // an unreadable folder is named by warnIfStale's checks and by the reindex
  }
  if (added.length === 0) return;
  const named = added.slice(0, ADDED_NAMED).join(", ") + (added.length > ADDED_NAMED ? `, and ${added.length - ADDED_NAMED} more` : "");
  log(`${added.length} document(s) in ${config.corpusDir} added after the index was built (${printable(named, true)}); run npm run reindex to answer from them`);
}
const ADDED_NAMED = 3;

/**
 * Whether a file touched since the build (copied back, `touch`ed, saved unchanged) holds the bytes
 * that were indexed: then nothing needs a reindex, and a reindex would find nothing to do. A Markdown
 * or text file of an older index is its text; other formats' bytes were not recorded before session 25.
 */
function holdsWhatWasIndexed(file: string, indexed: ManifestDocument): boolean {
  const recorded = indexed.fileHash ?? (indexed.format === "markdown" || indexed.format === "text" ? indexed.hash : undefined);
  return recorded !== undefined && fileSha256(file) === recorded;
}

/** Why `dir` is not a readable folder ("does not exist", …), or undefined when it is one. */
function folderProblem(dir: string): string | undefined {
  try {
    const stats = fs.statSync(dir, { throwIfNoEntry: false });
    if (!stats) return "does not exist";
    return stats.isDirectory() ? undefined : "is a file, not a folder";
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}
