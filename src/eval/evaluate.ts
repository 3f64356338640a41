import type { ExtractiveResult } from "../answer/extractive.ts";
import { ABSTAIN_REASONS, type AbstainReason } from "../answer/rules.ts";
import type { Calibration } from "../answer/score.ts";
import { answerRetrieved } from "../pipeline.ts";
import { VARIANTS, type EvalPipeline, type VariantName } from "./adapter.ts";
import { firstQuoteAnswers } from "./fit.ts";
import { hitAt, isVerbatim, mean, percentile, rate, reciprocalRank } from "./metrics.ts";
import { containsGold, type QuestionEntry } from "./questionSet.ts";

/** Figures of one variant on one question set; rates 0..1, NaN (null in JSON) when nothing was measured. */
export interface VariantMetrics {
  "hit@1": number;
  "hit@3": number;
  "hit@5": number;
  mrr: number;
  /** Answerable questions whose first quote holds the answer. */
  firstQuote: number;
  /** Answerable questions with any quote holding the answer. */
  anyQuote: number;
  /** Answerable questions whose reply shows the answer: in a quote, or in a related passage offered beside a decline. */
  shown: number;
  /** Unanswerable questions declined. */
  declined: number;
  /** Quotes that are exactly the text at their offsets (a guarantee the code enforces, checked again here). */
  verbatim: number;
  /** Question in, answer out, warm (query vector cached), milliseconds. */
  latencyMs: { p50: number; p95: number };
}

/** What one abstention rule did on one question set. */
export interface RuleEffect {
  /** Unanswerable questions it declined (right). */
  unanswerableDeclined: number;
  /** Answerable questions it declined (wrong). */
  answerableDeclined: number;
}

export interface QuestionResult {
  id: string;
  question: string;
  type: QuestionEntry["type"];
  kind?: string;
  variant: VariantName;
  status: ExtractiveResult["status"];
  reason?: AbstainReason;
  hits: { 1: boolean; 3: boolean; 5: boolean };
  reciprocalRank: number;
  firstQuote: boolean;
  anyQuote: boolean;
  shown: boolean;
  verbatim: boolean | undefined;
  latencyMs: number;
  answer: string;
}

export interface SetResult {
  questions: number;
  answerable: number;
  unanswerable: number;
  variants: Record<VariantName, VariantMetrics>;
  /** For the product's variant (hybrid). */
  rules: Record<AbstainReason, RuleEffect>;
  perQuestion: QuestionResult[];
}

/**
 * Runs a question set through every variant, each with its own calibration (fitted on dev for that
 * variant), so the comparison gives each side its best settings. Retrieval figures (hit@k, MRR) are
 * of the passages retrieved for the whole question, before any answering.
 */
export async function evaluateSet(
  pipeline: EvalPipeline,
  questions: readonly QuestionEntry[],
  calibrations: Record<VariantName, Calibration>,
  variants: readonly VariantName[] = VARIANTS,
): Promise<SetResult> {
  const { runtime } = pipeline;
  const perQuestion: QuestionResult[] = [];
  for (const [i, q] of questions.entries()) {
    for (const variant of variants) {
      // An untimed run first: query embedding and cold caches are not what this compares.
      answerRetrieved(await pipeline.retrieve(q.question, variant), runtime.source, calibrations[variant]);
      const t = performance.now();
      const retrieved = await pipeline.retrieve(q.question, variant);
      const result = answerRetrieved(retrieved, runtime.source, calibrations[variant]);
      const latencyMs = performance.now() - t;
      const texts = retrieved.retrieved.map((r) => r.passage.text);
      const answerable = q.type === "answerable";
      const citations = result.status === "answered" ? result.citations : [];
      const anyQuote = answerable && citations.some((c) => containsGold(c.quote, q.gold));
      perQuestion.push({
        id: q.id ?? `q${i + 1}`,
        question: q.question,
        type: q.type,
        kind: q.kind,
        variant,
        status: result.status,
        reason: result.status === "abstained" ? result.reason : undefined,
        hits: { 1: answerable && hitAt(texts, q.gold, 1), 3: answerable && hitAt(texts, q.gold, 3), 5: answerable && hitAt(texts, q.gold, 5) },
        reciprocalRank: answerable ? reciprocalRank(texts, q.gold) : 0,
        firstQuote: answerable && firstQuoteAnswers(citations, q.gold),
        anyQuote,
        shown: anyQuote || (answerable && result.status === "abstained" && result.related.some((r) => containsGold(r.quote, q.gold))),
        verbatim: isVerbatim({ citations }, (id) => runtime.passageById.get(id)),
        latencyMs: Math.round(latencyMs * 100) / 100,
        answer: result.text,
      });
    }
  }
  const of = (v: VariantName) => perQuestion.filter((r) => r.variant === v);
  const hybrid = of("hybrid");
  return {
    questions: questions.length,
    answerable: questions.filter((q) => q.type === "answerable").length,
    unanswerable: questions.filter((q) => q.type === "unanswerable").length,
    variants: Object.fromEntries(variants.map((v) => [v, summarize(of(v))])) as Record<VariantName, VariantMetrics>,
    rules: Object.fromEntries(
      ABSTAIN_REASONS.map((reason) => [
        reason,
        {
          unanswerableDeclined: hybrid.filter((r) => r.reason === reason && r.type === "unanswerable").length,
          answerableDeclined: hybrid.filter((r) => r.reason === reason && r.type === "answerable").length,
        },
      ]),
    ) as Record<AbstainReason, RuleEffect>,
    perQuestion,
  };
}

export function summarize(results: readonly QuestionResult[]): VariantMetrics {
  const answerable = results.filter((r) => r.type === "answerable");
  const unanswerable = results.filter((r) => r.type === "unanswerable");
  const latencies = results.map((r) => r.latencyMs);
  return {
    "hit@1": rate(answerable.map((r) => r.hits[1])),
    "hit@3": rate(answerable.map((r) => r.hits[3])),
    "hit@5": rate(answerable.map((r) => r.hits[5])),
    mrr: mean(answerable.map((r) => r.reciprocalRank)),
    firstQuote: rate(answerable.map((r) => r.firstQuote)),
    anyQuote: rate(answerable.map((r) => r.anyQuote)),
    shown: rate(answerable.map((r) => r.shown)),
    declined: rate(unanswerable.map((r) => r.status === "abstained")),
    verbatim: rate(results.map((r) => r.verbatim)),
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
  };
}
