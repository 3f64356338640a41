import { contentTerms } from "../text/words.ts";
import type { Turn } from "./types.ts";

const ANAPHORA = /\b(that|it|this|he|she|they|them|there|those|these|his|her|its|their|him|then)\b/i;
const CONTINUATION = /^\s*(and|but|also|what about|how about|so|then|why|when|where|who|how)\b/i;

/**
 * Offline follow-up resolution: a short question that leans on the previous turn ("and when was
 * that?") is retrieved together with the previous question. Returns undefined when the question
 * stands on its own.
 */
export function resolveFollowUp(question: string, history: readonly Turn[] | undefined): string | undefined {
  const previous = history?.[history.length - 1];
  if (!previous) return undefined;
  const terms = contentTerms(question);
  const leans = ANAPHORA.test(question) || (CONTINUATION.test(question) && terms.length <= 2);
  if (!leans || terms.length > 3) return undefined;
  return `${previous.question.trim()} ${question.trim()}`;
}
