import { tagWords } from "../text/nlp.ts";
import { contentTerms } from "../text/words.ts";
import { MIN_LOCATING_CHARS } from "./extractive.ts";
import { ANSWER_NOUN_STEMS, isNameToken } from "./question.ts";
import type { Answer, Turn } from "./types.ts";

const ANAPHORA = /\b(that|it|this|he|she|they|them|there|those|these|his|her|its|their|him|then)\b/i;
const CONTINUATION = /^\s*(and|but|also|what about|how about|so|then|why|when|where|who|how)\b/i;
/** A question that opens with its own question word, not with "and" or "what about". */
const OWN_QUESTION = /^\s*(why|when|where|who|how(?!\s+about))\b/i;

const PREPOSITIONS = "on|for|in|at|of|with|to|from|by|during|under|about";
/** "and on the faculty cluster?", "what about for students?": the same question of something else. */
const SAME_QUESTION_OF = new RegExp(`^\\s*(?:and|but|also|what about|how about)\\s+(${PREPOSITIONS})\\s+(?!(?:how|what|which|who|whom|whose|when|where|why)\\b)([^?.!]+?)\\s*[?.!]*\\s*$`, "i");

/**
 * Offline follow-up resolution: a short question that leans on the previous turn ("and when was
 * that?") is retrieved together with the previous question. "And on the faculty cluster?" asks the
 * previous question of something else: its phrase takes the place of the previous question's phrase
 * after the same preposition ("… walltime on the ub-hpc cluster?" → "… walltime on the faculty
 * cluster?"); joined instead, the old phrase pulled back the passage already quoted. "And if …?" asks it
 * on another condition (`swapCondition`). Returns undefined when the question stands on its own.
 */
export function resolveFollowUp(question: string, history: readonly Turn[] | undefined): string | undefined {
  const previous = history?.[history.length - 1];
  if (!previous) return undefined;
  const terms = contentTerms(question);
  // "When was Shazam founded?" after a question about curl names its own topic: it stands alone.
  const ownTopic = () => OWN_QUESTION.test(question) && tagWords(question).some((token) => isNameToken(token, () => false));
  const leans = pointsBack(question, previous) || (CONTINUATION.test(question) && terms.length <= 2 && !ownTopic());
  const swapped = swapPhrase(previous.question.trim(), question) ?? swapCondition(previous.question.trim(), question);
  if (swapped) return swapped;
  if (!leans || terms.length > 3) return undefined;
  return `${withoutAnsweredTopic(previous, question)} ${question.trim()}`;
}

/**
 * The previous question without the words its answer repeats, when the follow-up brings a topic of its
 * own: "What is the latency golden signal?" answered "Latency: the time it takes …", then "and what about
 * saturation?" asks "What is the … golden signal?" of saturation; kept, "latency" brought back a sentence
 * on latency and saturation both. The words that stay ask what the new topic is asked about. Not when
 * the follow-up points back with a pronoun ("and when did he die?"), whose words find the passage again.
 */
function withoutAnsweredTopic(previous: Turn, followUp: string): string {
  // "and when did he die?" points back into the answer: the question's words find its passage again.
  if (pointsBack(followUp, previous) || !addsWords(followUp, previous)) return previous.question.trim();
  const answered = new Set(contentTerms(previous.answer));
  const kept = previous.question.trim().split(/\s+/).filter((word) => contentTerms(word).every((t) => !answered.has(t)));
  return kept.length > 0 ? kept.join(" ") : previous.question.trim();
}

/**
 * Whether a follow-up points back at the previous turn: with a pronoun ("when did he die?"), or with
 * "the" before a word of the previous question ("when did the campaign start?" after "what was the
 * campaign against smoking?") when it names nothing of its own ("when did France join the campaign?"
 * asks about France).
 */
export function pointsBack(followUp: string, previous: Turn): boolean {
  if (ANAPHORA.test(followUp)) return true;
  if (tagWords(followUp).some((token) => isNameToken(token, () => false))) return false;
  const asked = new Set(contentTerms(previous.question));
  return [...followUp.matchAll(/\bthe\s+([\p{L}-]+)/giu)].some(([, word]) => contentTerms(word!).some((t) => asked.has(t)));
}

/** "and after that?", "what happened next?", "and then?": asks what the text says next. */
const ASKS_WHAT_FOLLOWS = /^\s*(?:(?:and|so|ok|okay)[\s,]+)?(?:then|next|after that|and then|what (?:happened|happens|comes|came) (?:next|after that|then)|what next|then what|what then|what else)\s*[?.!]*\s*$/i;

/** The previous answer, when the question asks what the documents say after it ("and after that?"). */
export function continuedAnswer(question: string, history: readonly Turn[] | undefined): string | undefined {
  const previous = history?.[history.length - 1];
  return previous && ASKS_WHAT_FOLLOWS.test(question) ? previous.answer : undefined;
}

/**
 * What a follow-up about something new does not want quoted again: the previous reply's sentences
 * (`answer`), unless a sentence holds one of the follow-up's own words (`unlessHolding`, stems): "and
 * the playoffs?" after "When are regular-season matches played?" wants neither the quote that answered
 * it nor, joined to the old question, the old words bringing it back first; but a sentence shown before
 * that names the playoffs may answer.
 */
export interface NotAgain {
  answer: string;
  unlessHolding: string[];
}

/**
 * The previous reply, when a follow-up joined to its question asks about something new. Not one that
 * swaps a phrase or a condition ("and on the faculty cluster?", "and if it's 7 days late?"), whose old
 * words are gone and whose answer may be the same sentence. Nothing when the follow-up adds no words
 * of its own ("and when was that?"), whose answer may lie in the same sentence.
 */
export function answeredBefore(question: string, history: readonly Turn[] | undefined): NotAgain | undefined {
  const previous = history?.[history.length - 1];
  // A follow-up asking the same question of another phrase or condition replaced the old one's words.
  if (!previous || SAME_QUESTION_OF.test(question) || ON_CONDITION.test(question)) return undefined;
  const newWords = newTerms(question, previous);
  return newWords.length > 0 ? { answer: previous.answer, unlessHolding: newWords } : undefined;
}

/** Whether a sentence was shown in the previous reply and holds none of the follow-up's new words. */
export function shownBefore(sentence: string, notAgain: NotAgain): boolean {
  if (sentence.length < MIN_LOCATING_CHARS || !notAgain.answer.includes(sentence)) return false;
  const held = new Set(contentTerms(sentence));
  return !notAgain.unlessHolding.some((t) => held.has(t));
}

/**
 * What a reply showed the user, for the next turn to lean on: the answer, or after a decline its text
 * and the closest passages it offered ("And in what year was that?" may point at one of them).
 */
export function shownInReply(answer: Answer): string {
  if (answer.status === "answered") return answer.text;
  return [answer.text, ...answer.related.map((r) => r.quote)].join("\n");
}

/** Whether a follow-up holds a content word the previous question lacks: it asks about something new. */
function addsWords(followUp: string, previous: Turn): boolean {
  return newTerms(followUp, previous).length > 0;
}

/**
 * The follow-up's content words (stems) that the previous question lacks. Not the nouns naming the kind
 * of answer: "and in what year was that?" asks nothing new of the sentence that answered before.
 */
function newTerms(followUp: string, previous: Turn): string[] {
  const asked = new Set(contentTerms(previous.question));
  return [...new Set(contentTerms(followUp).filter((t) => !asked.has(t) && !ANSWER_NOUN_STEMS.has(t)))];
}

function swapPhrase(previous: string, followUp: string): string | undefined {
  const asked = SAME_QUESTION_OF.exec(followUp);
  if (!asked) return undefined;
  const [, preposition, phrase] = asked;
  // The previous question's last phrase after that preposition, up to the next one or a mark.
  const old = new RegExp(`\\b${preposition}\\s+(?:(?!\\b(?:${PREPOSITIONS}|and|or)\\b)[^?.!,;])+`, "gi");
  return replaceLast(previous, old, `${preposition} ${phrase}`);
}

/** `text` with the last match of `pattern` (a global regex) replaced, its trailing spaces kept; undefined without one. */
function replaceLast(text: string, pattern: RegExp, replacement: string): string | undefined {
  const last = [...text.matchAll(pattern)].pop();
  if (!last) return undefined;
  return `${text.slice(0, last.index)}${replacement}${text.slice(last.index + last[0].trimEnd().length)}`;
}

/** "and if it's 7 days late?", "what if I pay by card?": the same question on another condition. */
const ON_CONDITION = /^\s*(?:(?:and|but|so)\s+)?(?:what\s+)?if\s+([^?.!]+?)\s*[?.!]*\s*$/i;

/**
 * "… penalty if I hand it in 3 days late?" then "and if it's 7 days late?": the new condition takes
 * the place of the previous question's last "if" clause. Joined instead, the old condition's words
 * pulled back the answer already given.
 */
function swapCondition(previous: string, followUp: string): string | undefined {
  const asked = ON_CONDITION.exec(followUp);
  if (!asked) return undefined;
  return replaceLast(previous, /\bif\s+[^?.!,;]+/gi, `if ${asked[1]}`);
}
