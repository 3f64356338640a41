import { reciprocalRank } from "./metrics.ts";
import type { EvalPipeline } from "./adapter.ts";
import type { Suite } from "./suites.ts";

/** Dense-side weights of weighted fusion that calibration tries. */
export const DENSE_WEIGHT_GRID = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] as const;

/** One suite's dev answerable questions: their gold texts and, per grid weight, the retrieved passage texts. */
export interface FusionObservation {
  suite: string;
  gold: readonly string[];
  textsByWeight: string[][];
}

/** Retrieves every dev answerable question of a suite once per grid weight. */
export async function observeFusion(pipeline: EvalPipeline, suite: Suite, k: number): Promise<FusionObservation[]> {
  const out: FusionObservation[] = [];
  for (const set of suite.sets.filter((s) => s.split === "dev")) {
    for (const question of set.questions) {
      if (question.type !== "answerable") continue;
      const { prepared } = await pipeline.retrieve(question.question, "hybrid");
      const q = prepared.whole;
      const textsByWeight = DENSE_WEIGHT_GRID.map((w) =>
        pipeline.runtime.retriever.retrieve(q.corrected, q.vector, k, "hybrid", w).map((r) => r.passage.text),
      );
      out.push({ suite: suite.name, gold: question.gold, textsByWeight });
    }
  }
  return out;
}

/** The grid weight with the best mean reciprocal rank of the gold passage, averaged over suites (ties: the lower weight). */
export function fitDenseWeight(observations: readonly FusionObservation[]): { weight: number; mrr: number } {
  const suites = [...new Set(observations.map((o) => o.suite))];
  let best = { weight: 0.5, mrr: -1 };
  DENSE_WEIGHT_GRID.forEach((weight, i) => {
    const perSuite = suites.map((s) => {
      const own = observations.filter((o) => o.suite === s);
      return own.reduce((sum, o) => sum + reciprocalRank(o.textsByWeight[i]!, o.gold), 0) / Math.max(1, own.length);
    });
    const mrr = perSuite.reduce((a, b) => a + b, 0) / Math.max(1, perSuite.length);
    if (mrr > best.mrr + 1e-9) best = { weight, mrr: Math.round(mrr * 1000) / 1000 };
  });
  return best;
}
