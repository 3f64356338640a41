import type { Answer } from "../answer/types.ts";
import type { CustomRetrieval, FullEngine } from "../engine.ts";
import type { RetrievalVariant } from "../retrieve/retriever.ts";
import { createLangChainRetrieval } from "./baseline.ts";
import { abstainedCorrectly, citationHit, hitAt, isVerbatim, mean, percentile, rate, reciprocalRank } from "./metrics.ts";
import type { QuestionEntry } from "./questionSet.ts";

export const VARIANTS = ["hybrid", "dense", "bm25"] as const;
export type VariantName = (typeof VARIANTS)[number];

/** The figures `npm run eval -- --json` prints per variant; rates are 0..1, NaN (null in JSON) when nothing was measured. */
export interface VariantMetrics {
  "hit@1": number;
  "hit@3": number;
  "hit@5": number;
  mrr: number;
  citationRecall: number;
  abstentionAccuracy: number;
  verbatimRate: number;
  /** Retrieval plus answer, milliseconds, warm: query embedding excluded (it is cached before timing). */
  latencyMs: { p50: number; p95: number };
}

export interface QuestionResult {
  id: string;
  question: string;
  type: "answerable" | "unanswerable";
  kind?: string;
  variant: VariantName;
  status: Answer["status"];
  /** Whether a gold text is in the top 1, 3, 5 retrieved passages (false for unanswerable questions). */
  hits: { 1: boolean; 3: boolean; 5: boolean };
  /** Reciprocal rank of the first retrieved passage holding a gold text, 0 when none does. */
  reciprocalRank: number;
  cited: boolean;
  abstainedCorrectly: boolean;
  verbatim: boolean | null;
  latencyMs: number;
  answer: string;
}

export interface EvalResult {
  questions: number;
  variants: Record<VariantName, VariantMetrics>;
  /** Passages retrieved per question (RETRIEVAL_K); hit@k and MRR look no deeper. */
  depth: number;
  indexVersion: string;
  passages: number;
  /** Milliseconds for a question's first answer (query embedding and cold caches included), any variant. */
  firstAnswerMs: { p50: number; p95: number };
  perQuestion: QuestionResult[];
}

export interface EvaluateOptions {
  variants?: readonly VariantName[];
  onProgress?: (done: number, total: number) => void;
}

/**
 * Runs every question through each variant with the same answerer: `hybrid` (ours), `dense` (stock
 * LangChain HNSWLib over the same vectors) and `bm25`. Variants take turns question by question,
 * so warm-up and background load fall on all of them alike.
 */
export async function evaluate(engine: FullEngine, questions: readonly QuestionEntry[], options: EvaluateOptions = {}): Promise<EvalResult> {
  const variants = options.variants ?? VARIANTS;
  const runtime = engine.runtime();
  const retrievals: Record<VariantName, RetrievalVariant | CustomRetrieval> = {
    hybrid: "hybrid",
    dense: await createLangChainRetrieval(runtime),
    bm25: "bm25",
  };

  // An untimed pass first: each question is embedded once and every variant has answered it once,
  // so the timed pass compares retrieval and answering, not who met a question (and its cold
  // caches: the query vector, V8's compiled patterns) first. The cold cost is reported apart.
  const firstAnswerMs: number[] = [];
  for (const q of questions) {
    for (const [i, variant] of variants.entries()) {
      const t = performance.now();
      await engine.askWith(q.question, retrievals[variant]);
      if (i === 0) firstAnswerMs.push(performance.now() - t);
    }
  }

  const perQuestion: QuestionResult[] = [];
  let depth = 0;
  for (const [i, q] of questions.entries()) {
    for (const variant of variants) {
      const t = performance.now();
      const answer = await engine.askWith(q.question, retrievals[variant]);
      const latencyMs = performance.now() - t;
      depth = Math.max(depth, answer.retrieved.length);
      const texts = answer.retrieved.map((r) => runtime.passageById.get(r.passageId)?.text ?? "");
      const answerable = q.type === "answerable";
      perQuestion.push({
        id: q.id ?? `q${i + 1}`,
        question: q.question,
        type: q.type,
        kind: q.kind,
        variant,
        status: answer.status,
        hits: { 1: answerable && hitAt(texts, q.gold, 1), 3: answerable && hitAt(texts, q.gold, 3), 5: answerable && hitAt(texts, q.gold, 5) },
        reciprocalRank: answerable ? reciprocalRank(texts, q.gold) : 0,
        cited: citationHit(answer, q.gold),
        abstainedCorrectly: abstainedCorrectly(answer, q.type),
        verbatim: isVerbatim(answer, (id) => runtime.passageById.get(id)) ?? null,
        latencyMs: round(latencyMs, 2),
        answer: answer.text,
      });
    }
    options.onProgress?.(i + 1, questions.length);
  }

  const metrics = Object.fromEntries(variants.map((v) => [v, summarize(perQuestion.filter((r) => r.variant === v))])) as Record<VariantName, VariantMetrics>;
  return {
    questions: questions.length,
    variants: metrics,
    depth,
    indexVersion: engine.indexVersion(),
    passages: runtime.index.passages.length,
    firstAnswerMs: { p50: round(percentile(firstAnswerMs, 50), 2), p95: round(percentile(firstAnswerMs, 95), 2) },
    perQuestion,
  };
}

/** Averages one variant's per-question results. */
export function summarize(results: readonly QuestionResult[]): VariantMetrics {
  const answerable = results.filter((r) => r.type === "answerable");
  return {
    "hit@1": rate(answerable.map((r) => r.hits[1])),
    "hit@3": rate(answerable.map((r) => r.hits[3])),
    "hit@5": rate(answerable.map((r) => r.hits[5])),
    mrr: mean(answerable.map((r) => r.reciprocalRank)),
    citationRecall: rate(answerable.map((r) => r.cited)),
    abstentionAccuracy: rate(results.map((r) => r.abstainedCorrectly)),
    verbatimRate: rate(results.map((r) => r.verbatim ?? undefined)),
    latencyMs: { p50: round(percentile(results.map((r) => r.latencyMs), 50), 2), p95: round(percentile(results.map((r) => r.latencyMs), 95), 2) },
  };
}

const round = (x: number, digits: number) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);
