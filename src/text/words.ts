import { eng } from "stopword";
import { stemmer } from "stemmer";
import lemmatizer from "wink-lemmatizer";

/**
 * Words that carry no topic in a question to a briefing bot. Stopwords from the `stopword` package,
 * plus question scaffolding ("tell me", "according to the briefing") that users add to any question.
 */
const STOPWORDS = new Set([
  ...eng,
  "what", "whats", "when", "where", "which", "who", "whom", "whose", "why", "how", "does", "doing", "done",
  "tell", "please", "know", "explain", "describe", "briefing", "text", "article", "document", "report",
  "according", "mention", "mentioned", "mentions", "anything", "something", "thing", "things", "kind",
  "s", "t", "d", "ll", "re", "ve", "m", "just", "ok", "okay", "hi", "hello", "hey", "thanks", "will",
  "say", "says", "said", "there", "any", "info", "information", "details", "about",
  // Pronouns the package's list lacks although it has "he" and "it" ("may" stays: it is also the month).
  "she", "hers", "herself", "its", "itself", "myself", "ours", "ourselves", "yours", "yourself", "theirs", "themselves",
  // Contractions typed without their apostrophe ("Im married", "dont"): "Im" was taken for a name the
  // corpus lacks. Not "id", "ill", "well", "wed", "shell" or "wont", which are words of their own.
  "im", "ive", "youre", "youve", "theyre", "theyve", "weve", "dont", "doesnt", "didnt", "cant", "isnt", "arent", "wasnt",
  "werent", "hasnt", "havent", "hadnt", "couldnt", "shouldnt", "wouldnt", "hows", "wheres", "thats", "theres", "whos",
]);
// "US" (the country) and "us" (the pronoun) collide once lower-cased; keep the country.
STOPWORDS.delete("us");

/** Folds typographic quotes and dashes so that "Ukraine’s" and "Ukraine's" tokenize alike. */
export function foldPunctuation(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-");
}

/** A number written onto the unit after it ("620Ω", "3.3kΩ", "100mg"): a word of its own. */
const NUMBER_BEFORE_UNIT = String.raw`\p{N}+(?:\.\d+)?(?=\p{L})`;
const WORD = new RegExp(String.raw`${NUMBER_BEFORE_UNIT}|[\p{L}\p{N}]+(?:'[\p{L}]+)?(?:\.\d+)?`, "gu");
const SURFACE_WORD = new RegExp(String.raw`${NUMBER_BEFORE_UNIT}|[\p{L}\p{N}]+(?:['’][\p{L}]+)?`, "gu");

/**
 * Lower-cased word tokens; possessive 's is dropped and hyphenated words are split, and so is a
 * number from the unit written onto it ("620Ω", "100mg", "5V"): a question about the "620 ohm
 * resistor" was told the documents never mention "620".
 */
export function words(text: string): string[] {
  return (foldPunctuation(text).toLowerCase().match(WORD) ?? []).map((w) =>
    w.replace(/'(s|t|re|ve|ll|d|m)$/u, ""),
  );
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/**
 * Porter stem, after undoing irregular verb forms that stemming cannot ("met" → "meet", "sold" →
 * "sell"). Regular endings (-s, -ed, -ing) are left to the stemmer, whose rules guess better than the
 * lemmatizer's on words it does not list ("rating" stays apart from "rat"), except where the stemmer
 * leaves a stub of two letters or the word is a short past tense: there the verb's own stem
 * ("died", "dying" → "die", like "die"; "led" → "lead"; "has" → "have").
 */
export function stem(word: string): string {
  if (/^\p{N}/u.test(word) || word.length <= 2) return stemmer(word);
  if (!/(s|ed|ing)$/.test(word)) return stemmer(lemmatizer.verb(word));
  const regular = stemmer(word);
  return regular.length <= 2 || word.length <= 4 ? stemmer(lemmatizer.verb(word)) : regular;
}

/** The stems that carry meaning: what BM25 indexes and what coverage is measured on. */
export function contentTerms(text: string): string[] {
  return words(text)
    .filter((w) => !isStopword(w))
    .map(stem);
}

/** Words with their original casing, used to spot names the corpus never mentions. */
export function surfaceWords(text: string): { word: string; lower: string; sentenceInitial: boolean }[] {
  const out: { word: string; lower: string; sentenceInitial: boolean }[] = [];
  // A number apart from the unit written onto it, as `words` reads it: "800-63C" names "63", which the index holds.
  const re = new RegExp(SURFACE_WORD); // its own lastIndex
  let match: RegExpExecArray | null;
  while ((match = re.exec(text))) {
    const before = text.slice(0, match.index).trimEnd();
    const raw = match[0].replace(/['’](s|t|re|ve|ll|d|m)$/u, "");
    out.push({ word: raw, lower: raw.toLowerCase(), sentenceInitial: before === "" || /[.!?:"“«(]$/.test(before) });
  }
  return out;
}

/** Rows of `editDistance`, reused: typo look-ups scan whole vocabularies, a call per corpus word. */
let twoBack = new Int32Array(64);
let oneBack = new Int32Array(64);
let current = new Int32Array(64);

/**
 * Optimal-string-alignment distance (a swap of two neighbours counts as one typo), bounded: returns
 * max+1 as soon as the bound is exceeded.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  if (current.length <= n) [twoBack, oneBack, current] = [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)];
  for (let j = 0; j <= n; j++) oneBack[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(oneBack[j]! + 1, current[j - 1]! + 1, oneBack[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, twoBack[j - 2]! + 1);
      current[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [twoBack, oneBack, current] = [oneBack, current, twoBack];
  }
  return oneBack[n]!;
}

/** How many typos a word of this length may carry and still match: none for short words. */
export function typoAllowance(word: string): number {
  return word.length >= 8 ? 2 : word.length >= 5 ? 1 : 0;
}

/** Words that open a question and say which kind of fact it asks for. */
export const QUESTION_WORDS = ["what", "when", "where", "which", "who", "whom", "whose", "how", "why"] as const;
const QUESTION_WORD = new RegExp(`\\b(?:${QUESTION_WORDS.join("|")})\\b`, "gi");

/**
 * "wen did …", "wat is …": the first word of a question, one typo away from a question word and not
 * itself a common word ("were", "was"), is that question word. Undefined for every other word.
 */
export function questionWordTypo(firstWord: string): string | undefined {
  const w = firstWord.toLowerCase();
  if (w.length < 2 || w.length > 6 || isStopword(w)) return undefined;
  // Ties ("wher": "when" or "where") go to the longer shared beginning.
  const shared = (q: string) => {
    let n = 0;
    while (n < q.length && q[n] === w[n]) n++;
    return n;
  };
  return QUESTION_WORDS.filter((q) => editDistance(w, q, 1) <= 1).sort((a, b) => shared(b) - shared(a))[0];
}

/** How many question words a text holds: more than one usually means more than one question. */
export function countQuestionWords(text: string): number {
  return (foldPunctuation(text).match(QUESTION_WORD) ?? []).length;
}

/** Whether a text holds a question word at all. */
export function hasQuestionWord(text: string): boolean {
  return countQuestionWords(text) > 0;
}
