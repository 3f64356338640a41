import type { AnalysedQuestion, Candidate } from "./candidates.ts";
import type { Vocabulary } from "../text/vocabulary.ts";
import { mayAskCondition } from "./question.ts";

/**
 * Why the answerer declined. Each reason is one named rule below, unit-tested, and counted per suite
 * by `npm run eval`:
 * - `no-question`: nothing left to look up once markup, commands to the bot and stopwords are gone.
 * - `unknown-name`: the question names a person, place, year or amount the corpus never mentions.
 * - `unsupported-name`: the best sentences' documents never mention a name or number of the
 *   question, or their passages never give its year: they are about something else.
 * - `missing-answer-type`: the question asks when / how many / who / where and no well-scoring
 *   sentence states a date / amount / name / place the question does not already give.
 * - `low-score`: no sentence reaches the answer-score threshold.
 */
export type AbstainReason = "no-question" | "unknown-name" | "unsupported-name" | "missing-answer-type" | "low-score";

export const ABSTAIN_REASONS: readonly AbstainReason[] = ["no-question", "unknown-name", "unsupported-name", "missing-answer-type", "low-score"];

/** Rules that can be switched off one at a time, to measure what each one does (eval). */
export type RuleSwitches = Partial<Record<AbstainReason, boolean>>;

export function isEmptyQuestion(question: AnalysedQuestion): boolean {
  return question.terms.length === 0;
}

/** Names, years and amounts of the question that the corpus never uses. */
export function unknownNames(question: AnalysedQuestion, vocabulary: Vocabulary): string[] {
  return vocabulary.unknownNames(question.text);
}

/** The question gives a name or number that the candidate's document never mentions. */
export function lacksQuestionNames(candidate: Candidate): boolean {
  return candidate.missingKeyWords.length > 0;
}

/**
 * A when / how many / who / where question and a sentence that states no such fact; not a present or
 * modal when-question, which may ask on what condition (`mayAskCondition`).
 */
export function lacksAnswerType(candidate: Candidate, question: AnalysedQuestion): boolean {
  if (question.expected === "date" && mayAskCondition(question.text)) return false;
  return question.expected !== "other" && !candidate.hasAnswerType;
}

/**
 * The rule that turns a candidate down, if any: among candidates above the threshold the first one
 * no rule rejects is the answer.
 */
export function rejection(candidate: Candidate, question: AnalysedQuestion, on: RuleSwitches): AbstainReason | undefined {
  if (on["unsupported-name"] !== false && lacksQuestionNames(candidate)) return "unsupported-name";
  if (on["missing-answer-type"] !== false && lacksAnswerType(candidate, question)) return "missing-answer-type";
  return undefined;
}
