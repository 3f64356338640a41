import type { Config } from "../config.ts";
import { createEngine } from "../engine.ts";
import { buildIndex } from "../index/build.ts";
import { createEmbedder } from "../index/embeddings.ts";
import { percentile } from "./metrics.ts";

export interface CoreFigures {
  questions: number;
  /** engine.ask on a question not asked before: query embedding, retrieval, answer (ms). */
  answerP50Ms: number;
  answerP95Ms: number;
  /** The same questions again: the query vector comes from the cache (ms). */
  repeatP50Ms: number;
  repeatP95Ms: number;
  /** buildIndex on an unchanged corpus, in process, median of 5 runs (ms). */
  reindexUnchangedMs: number;
}

/**
 * Warm answer latency on the configured corpus and the cost of a reindex that finds nothing to do.
 * The model is loaded and warmed first; every question is then asked once (timed), then again.
 */
export async function measureCore(config: Config, questions: readonly string[]): Promise<CoreFigures> {
  const engine = await createEngine(config);
  try {
    await engine.ask("warm-up question about the briefing");
    const first: number[] = [];
    for (const q of questions) {
      const t = performance.now();
      await engine.ask(q);
      first.push(performance.now() - t);
    }
    const repeat: number[] = [];
    for (const q of questions) {
      const t = performance.now();
      await engine.ask(q);
      repeat.push(performance.now() - t);
    }
    const embedder = createEmbedder(config);
    const reindex: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const summary = await buildIndex({ corpusDir: config.corpusDir, dataDir: config.dataDir, embedder });
      if (summary.rebuilt) continue; // the first run may have had work to do; time only no-op runs
      reindex.push(performance.now() - t);
    }
    const round = (x: number) => Math.round(x * 100) / 100;
    return {
      questions: questions.length,
      answerP50Ms: round(percentile(first, 50)),
      answerP95Ms: round(percentile(first, 95)),
      repeatP50Ms: round(percentile(repeat, 50)),
      repeatP95Ms: round(percentile(repeat, 95)),
      reindexUnchangedMs: round(percentile(reindex, 50)),
    };
  } finally {
    engine.close();
  }
}
