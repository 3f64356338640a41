import { foldPunctuation } from "../retrieve/text.ts";

export type AnswerType = "time" | "quantity" | "other";

/**
 * Turns what a user typed into text fit for retrieval: markup is dropped (it is text to answer about,
 * never instructions), whitespace collapsed, and a long message bounded, keeping its questions first.
 */
export function cleanQuestion(raw: string, maxChars: number): { text: string; truncated: boolean } {
  let text = raw
    .replace(/<\/?[a-zA-Z][^>]*>/g, " ")
    .replace(/```[\s\S]*?```/g, (m) => m.slice(3, -3))
    .replace(/[*_`~#>|[\]]+/g, " ")
    .replace(/\((https?:\/\/[^)]+)\)/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (text.length <= maxChars) return { text, truncated: false };
  const sentences = text.match(/[^.!?]+[.!?]*/g) ?? [text];
  const questions = sentences.filter((s) => s.includes("?"));
  const ordered = [...questions, ...sentences.filter((s) => !s.includes("?"))];
  let kept = "";
  for (const s of ordered) {
    if ((kept + s).length > maxChars) break;
    kept += s;
  }
  text = (kept || text.slice(0, maxChars)).trim();
  return { text, truncated: true };
}

/** What kind of fact the question asks for, where a sentence can plainly lack it. */
export function expectedAnswerType(question: string): AnswerType {
  const q = foldPunctuation(question).toLowerCase();
  if (/\b(when|what (date|day|month|year|time)|which (date|day|month|year)|how long ago|since when)\b/.test(q)) return "time";
  if (/\b(how (many|much)|what (amount|number|percentage|share|sum|size)|how large|how big)\b/.test(q)) return "quantity";
  return "other";
}

const MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";
const TIME_EXPRESSION = new RegExp(
  `\\b(${MONTHS})\\b|\\b(1[5-9]|20)\\d\\d\\b|\\b(yesterday|today|tomorrow|recently|last (year|month|week)|this (year|month|week)|next (year|month|week)|decade|century|ago|since|until|before|after|during|spring|summer|autumn|fall|winter|morning|evening|night)\\b`,
  "i",
);
const QUANTITY_EXPRESSION = /[$€£¥₴₽]|\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million|billion|trillion|half|twice|times|percent|quantities|quantity|most|several|many|few)\b/i;

/** Whether a sentence could answer a question of this type at all. */
export function satisfiesAnswerType(sentence: string, type: AnswerType): boolean {
  if (type === "time") return TIME_EXPRESSION.test(sentence);
  if (type === "quantity") return QUANTITY_EXPRESSION.test(sentence);
  return true;
}
