import path from "node:path";
import type { Config } from "../config.ts";
import { buildIndex } from "../index/build.ts";
import { createEmbedder, type Embedder } from "../index/embeddings.ts";
import { openEvalPipeline, type EvalPipeline, type VariantName } from "./adapter.ts";
import type { Observation } from "./fit.ts";
import type { Suite } from "./suites.ts";

/**
 * A suite's pipeline: its own corpus, its index kept in DATA_DIR/eval/<suite> and brought up to date
 * first (incremental: unchanged documents are not embedded again; an index of an older format is rebuilt).
 */
export async function openSuitePipeline(config: Config, suite: Suite, options: { embedder?: Embedder; log?: (line: string) => void } = {}): Promise<EvalPipeline> {
  const suiteConfig = { ...config, corpusDir: suite.corpusDir, dataDir: path.join(config.dataDir, "eval", suite.name) };
  const embedder = options.embedder ?? createEmbedder(config);
  const summary = await buildIndex({ corpusDir: suiteConfig.corpusDir, dataDir: suiteConfig.dataDir, embedder });
  for (const p of summary.problems) options.log?.(`${suite.name}: ${p.file}: ${p.problem}`);
  return openEvalPipeline(suiteConfig, { ...options, embedder });
}

/** Every dev question of a suite prepared and retrieved with one variant: what fitting needs. */
export async function observeDev(pipeline: EvalPipeline, suite: Suite, variant: VariantName, denseWeight?: number): Promise<Observation[]> {
  const out: Observation[] = [];
  for (const set of suite.sets.filter((s) => s.split === "dev")) {
    for (const question of set.questions) {
      out.push({ suite: suite.name, question, retrieved: await pipeline.retrieve(question.question, variant, denseWeight), source: pipeline.runtime.source });
    }
  }
  return out;
}
