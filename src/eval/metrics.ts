import type { Answer } from "../answer/types.ts";
import type { Passage } from "../corpus/types.ts";
import { citesGold, containsGold } from "./questionSet.ts";

/**
 * Per-question measures and their averages. Ranking measures (hit@k, MRR) and citation recall are
 * over answerable questions only; abstention accuracy is over all questions.
 */

/** True when one of the first `k` passages contains a gold text. */
export function hitAt(rankedTexts: readonly string[], gold: readonly string[], k: number): boolean {
  return rankedTexts.slice(0, k).some((t) => containsGold(t, gold));
}

/** 1 / rank of the first passage containing a gold text (ranks from 1), 0 when none of them does. */
export function reciprocalRank(rankedTexts: readonly string[], gold: readonly string[]): number {
  const i = rankedTexts.findIndex((t) => containsGold(t, gold));
  return i < 0 ? 0 : 1 / (i + 1);
}

/** The decision was right: answered an answerable question, or abstained on an unanswerable one. */
export function abstainedCorrectly(answer: Answer, type: "answerable" | "unanswerable"): boolean {
  return (answer.status === "answered") === (type === "answerable");
}

/** Whether a gold text is quoted in the answer's citations; re-exported so callers need one module. */
export const citationHit = citesGold;

/**
 * Every quote is exactly the passage's text at its offsets. Undefined for an answer with no
 * citations (an abstention): there is nothing to check, and it must not count either way.
 */
export function isVerbatim(
  answer: { citations: readonly Pick<Answer["citations"][number], "passageId" | "start" | "end" | "quote">[] },
  passageById: (id: string) => Passage | undefined,
): boolean | undefined {
  if (answer.citations.length === 0) return undefined;
  return answer.citations.every((c) => {
    const p = passageById(c.passageId);
    return p !== undefined && c.start >= p.start && c.end <= p.end && p.text.slice(c.start - p.start, c.end - p.start) === c.quote;
  });
}

/** Nearest-rank percentile of unsorted values (p in 0..100); NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Share of true values among the defined ones; NaN when there are none (no data, not a score of 0). */
export function rate(values: readonly (boolean | undefined)[]): number {
  const defined = values.filter((v): v is boolean => v !== undefined);
  return defined.length === 0 ? NaN : defined.filter(Boolean).length / defined.length;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}
