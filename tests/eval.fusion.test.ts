import { expect, test } from "vitest";
import { DENSE_WEIGHT_GRID, fitDenseWeight, type FusionObservation } from "../src/eval/fitFusion.ts";

/** Passage texts ranked so that the gold passage ("gold") sits at `rank` (0-based) for every grid weight. */
function ranked(goldRankByWeight: (w: number) => number): string[][] {
  return DENSE_WEIGHT_GRID.map((w) => {
    const texts = ["a", "b", "c", "d"];
    texts.splice(goldRankByWeight(w), 0, "the gold passage");
    return texts;
  });
}

test("the fitted dense weight is the one whose gold passages rank best, averaged over suites", () => {
  // Suite one finds its gold first only at weight 0.3; suite two is best anywhere up to 0.5.
  const observations: FusionObservation[] = [
    { suite: "one", gold: ["gold passage"], textsByWeight: ranked((w) => (Math.abs(w - 0.3) < 1e-9 ? 0 : 2)) },
    { suite: "two", gold: ["gold passage"], textsByWeight: ranked((w) => (w <= 0.5 ? 0 : 3)) },
    { suite: "two", gold: ["gold passage"], textsByWeight: ranked((w) => (w <= 0.5 ? 0 : 3)) },
  ];
  expect(fitDenseWeight(observations)).toEqual({ weight: 0.3, mrr: 1 });
});

test("ties go to the lower weight", () => {
  const observations: FusionObservation[] = [{ suite: "one", gold: ["gold passage"], textsByWeight: ranked(() => 1) }];
  expect(fitDenseWeight(observations).weight).toBe(0);
});
