import { candidatesFor, type AnalysedQuestion, type Candidate, type SentenceSource } from "./answer/candidates.ts";
import { answerExtractively, answerWhatFollows, joinParts, quoteAnswersPart, type ExtractiveResult } from "./answer/extractive.ts";
import { shownBefore } from "./answer/followup.ts";
import type { Generator } from "./answer/generate.ts";
import { prepareQuestion, type PreparedQuestion } from "./answer/prepare.ts";
import { mayNeedTranslation } from "./answer/rewrite.ts";
import type { RuleSwitches } from "./answer/rules.ts";
import type { Calibration } from "./answer/score.ts";
import type { Answer, Citation, Turn } from "./answer/types.ts";
import { assertVerbatim } from "./answer/verify.ts";
import type { Passage } from "./corpus/types.ts";
import type { RetrievedRow } from "./retrieve/retriever.ts";
import type { Runtime } from "./runtime.ts";

/** Top-k passages for an analysed question: the production retriever, or another one under evaluation. */
export type Retrieve = (question: AnalysedQuestion, k: number, runtime: Runtime) => RetrievedRow[] | Promise<RetrievedRow[]>;

/** What one answer needs besides the question; the engine supplies production values, src/eval its own. */
export interface PipelineDeps {
  runtime: Runtime;
  embed(text: string): Promise<Float32Array>;
  retrieve: Retrieve;
  calibration: Calibration;
  k: number;
  maxQuestionChars: number;
  generator?: Generator;
  /** Rules to switch off (evaluation measures each rule's effect); all on by default. */
  rules?: RuleSwitches;
}

/** What the stages before answering need. */
export type RetrievalDeps = Pick<PipelineDeps, "runtime" | "embed" | "retrieve" | "k" | "maxQuestionChars" | "generator">;

/** The production retrieval: hybrid dense + BM25 on the typo-corrected question. */
export const hybridRetrieve: Retrieve = (q, k, runtime) => runtime.retriever.retrieve(q.corrected, q.vector, k, "hybrid");

/** A prepared question with the passages retrieved for it as a whole and for each of its parts. */
export interface RetrievedQuestion {
  prepared: PreparedQuestion;
  retrieved: RetrievedRow[];
  perPart: RetrievedRow[][];
  /** Candidate sentences per part, kept once computed: evaluation answers one retrieval many times. */
  candidates?: Candidate[][];
}

/** The stages before answering: prepare (clean, resolve follow-ups, split, analyse) → retrieve. */
export async function prepareAndRetrieve(question: string, history: readonly Turn[], deps: RetrievalDeps): Promise<RetrievedQuestion> {
  const { runtime, generator } = deps;
  const prepared = await prepareQuestion(question, history, {
    source: runtime.source,
    embed: deps.embed,
    maxQuestionChars: deps.maxQuestionChars,
    // With a model, follow-ups and non-English questions become a standalone English query.
    rewrite: generator
      ? async (cleaned, turns) => (cleaned && (turns.length > 0 || mayNeedTranslation(cleaned)) ? generator.rewrite(cleaned, turns) : undefined)
      : undefined,
  });
  const retrieved = await deps.retrieve(prepared.whole, deps.k, runtime);
  const perPart = await Promise.all(prepared.parts.map(async (part) => (part === prepared.whole ? retrieved : deps.retrieve(part, deps.k, runtime))));
  return { prepared, retrieved, perPart };
}

/** Candidate sentences per part of a retrieved question, computed once and kept on it. */
export function candidatesOfRetrieved(r: RetrievedQuestion, source: SentenceSource): Candidate[][] {
  r.candidates ??= r.prepared.parts.map((part, i) => candidatesFor(part, r.perPart[i]!, source));
  return r.candidates;
}

/**
 * The extractive answer: each part answered from its own passages, the parts joined. A follow-up about
 * something new is not answered with the previous reply's quotes, unless they hold its new words (`notAgain`); "and after that?" is
 * answered with what follows them (`continues`).
 */
export function answerRetrieved(r: RetrievedQuestion, source: SentenceSource, calibration: Calibration, rules?: RuleSwitches): ExtractiveResult {
  const { notAgain, continues } = r.prepared;
  if (continues) return answerWhatFollows(continues, r.perPart[0]!, source);
  const candidates = candidatesOfRetrieved(r, source).map((cs) => (notAgain ? cs.filter((c) => !shownBefore(c.sentence.text, notAgain)) : cs));
  const results = r.prepared.parts.map((part, i) => answerExtractively(part, r.perPart[i]!, source, calibration, rules, candidates[i]));
  if (results.length === 1) return results[0]!;
  const answeredByOthers = results.map(
    (result, i) => result.status === "abstained" && results.some((other) => other.status === "answered" && other.citations.some((c) => quoteAnswersPart(c.quote, r.prepared.parts[i]!))),
  );
  return joinParts(results, r.prepared.askedParts, answeredByOthers);
}

/**
 * One question through the stages: prepare → retrieve → answer (extractive, or generated when a
 * model is configured) → verify quotes. Adds nothing of its own.
 */
export async function answerQuestion(question: string, history: readonly Turn[], deps: PipelineDeps): Promise<Answer> {
  const { runtime, generator } = deps;
  const r = await prepareAndRetrieve(question, history, deps);
  const { prepared, retrieved } = r;
  const result = answerRetrieved(r, runtime.source, deps.calibration, deps.rules);

  const base = {
    question,
    mode: "extractive" as const,
    rewrittenQuery: prepared.rewritten,
    retrieved: retrieved.map((r) => ({ passageId: r.passage.id, relevance: round(r.relevance) })),
    indexVersion: runtime.index.manifest.version,
    verification: prepared.truncated ? [`question cut to ${deps.maxQuestionChars} characters`] : [],
  };
  const verified = (citations: Citation[]) => {
    assertVerbatim(citations, (id) => runtime.passageById.get(id));
    return withPages(citations, runtime.passageById);
  };

  // Questions with nothing to ask, or naming what the corpus never mentions, need no model.
  const decided = result.status === "abstained" && (result.reason === "no-question" || result.reason === "unknown-name");
  if (generator && !decided && retrieved.length > 0) {
    const passages = retrieved.map((r, i) => ({ n: i + 1, passage: r.passage, relevance: r.relevance }));
    const generated = await generator.generate({ question: prepared.cleaned, passages, history, query: prepared.whole.text });
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
}

/** Citations name the PDF page their quote is on (null for other formats). */
function withPages<T extends { passageId: string }>(cited: T[], passageById: ReadonlyMap<string, Passage>): (T & { page: number | null })[] {
  return cited.map((c) => ({ ...c, page: passageById.get(c.passageId)?.page ?? null }));
}

const round = (x: number) => Math.round(x * 1000) / 1000;
