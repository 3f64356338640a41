import { normalize } from "../index/embeddings.ts";
import { expandAcronyms } from "../text/acronyms.ts";
import { tagWords } from "../text/nlp.ts";
import { contentTerms, isStopword, questionWordTypo, stem, words } from "../text/words.ts";
import { isEnglishWord } from "../text/vocabulary.ts";
import type { AnalysedQuestion, SentenceSource } from "./candidates.ts";
import { answeredBefore, continuedAnswer, resolveFollowUp, type NotAgain } from "./followup.ts";
import { ANSWER_NOUNS, askingSentences, isNameToken, cleanQuestion, completeParts, expectedAnswerType, splitCompound } from "./question.ts";
import type { Turn } from "./types.ts";

/** The question as the later stages need it: cleaned, made standalone, split into parts, analysed. */
export interface PreparedQuestion {
  /** Cleaned of markup and commands to the bot; what the model is shown. */
  cleaned: string;
  truncated: boolean;
  /** The standalone query, when the previous turn or a model rewrote the question. */
  rewritten?: string;
  /** The whole query, analysed: what retrieval for the answer log uses. */
  whole: AnalysedQuestion;
  /** One per part of a compound question (at most MAX_PARTS), else the whole query alone. */
  parts: AnalysedQuestion[];
  /** Each part as the user wrote it, before it borrowed its neighbours' words: what a reply names it by. */
  askedParts: string[];
  /** The previous reply, whose quotes a follow-up about something new does not want again (see `answeredBefore`). */
  notAgain?: NotAgain;
  /** The previous answer, when the question asks what the documents say after it (see `continuedAnswer`). */
  continues?: string;
}

export interface PrepareDeps {
  source: SentenceSource;
  embed(text: string): Promise<Float32Array>;
  maxQuestionChars: number;
  /** A model's standalone rewrite of a follow-up or non-English question, when a model is configured. */
  rewrite?: (cleaned: string, history: readonly Turn[]) => Promise<string | undefined>;
}

/**
 * Longest question (in words) that gets a second embedding without its names. In a longer message the
 * names are a small share of the words, so the two embeddings nearly coincide, and the second one would
 * cost as much as the first.
 */
const MAX_ATTRIBUTE_WORDS = 24;

/** Distinct words of one question that typo correction looks at; bounds the work a long message costs. */
const MAX_CORRECTED_WORDS = 40;

export async function prepareQuestion(question: string, history: readonly Turn[], deps: PrepareDeps): Promise<PreparedQuestion> {
  const cleaned = cleanQuestion(question, deps.maxQuestionChars);
  const byModel = await deps.rewrite?.(cleaned.text, history);
  // "and after that?" is looked up by the previous answer's own words, which find the passage it quoted
  // (its question may have been a follow-up itself, "and the playoffs?").
  const continues = byModel === undefined ? continuedAnswer(cleaned.text, history) : undefined;
  const joined = byModel !== undefined ? undefined : continues !== undefined ? continues.replace(/\s*\[\d+\]/g, "") : resolveFollowUp(cleaned.text, history);
  const rewritten = byModel ?? joined;
  const { vocabulary } = deps.source;
  const query = expandAcronyms(rewritten ?? askingSentences(cleaned.text), deps.source.longForms, (w) => vocabulary.isName(w), (w) => vocabulary.knows(w) || isEnglishWord(w));
  // A follow-up joined to the previous question is one question, not two.
  const askedParts = rewritten === undefined ? splitCompound(query) : [query];
  const texts = completeParts(askedParts, (w) => vocabulary.isName(vocabulary.correct(w) ?? w));
  const notAgain = joined !== undefined && continues === undefined ? answeredBefore(cleaned.text, history) : undefined;
  const asked = {
    cleaned: cleaned.text,
    truncated: cleaned.truncated,
    rewritten: rewritten !== cleaned.text ? rewritten : undefined,
    askedParts,
    ...(notAgain ? { notAgain } : {}),
    ...(continues ? { continues } : {}),
  };
  if (texts.length === 1) {
    const analysed = await analyseQuestion(query, deps);
    // Joined to the previous question, a follow-up asks what it asks: "Who won the competition? when did
    // work on it begin?" wants a date, though two question words make the joined text's kind unclear.
    const own = joined !== undefined && continues === undefined ? expectedAnswerType(correctTypos(cleaned.text, deps.source)) : "other";
    const whole = own === "other" ? analysed : { ...analysed, expected: own };
    return { ...asked, whole, parts: [whole] };
  }
  // The parts are analysed side by side, so that they reach the model as one batch. The whole of a
  // split question is only retrieved for (the answer log, a model's passages), never answered: its
  // vector is the mean of its parts' rather than one more embedding of the longest text.
  const split = await Promise.all(texts.map((t) => analyseQuestion(t, deps)));
  const whole = await analyseQuestion(query, { source: deps.source, embed: async () => meanDirection(split.map((p) => p.vector)) }, { attribute: false });
  return { ...asked, whole, parts: split };
}

/** The unit vector along the sum of unit vectors: the direction they share. */
function meanDirection(vectors: readonly Float32Array[]): Float32Array {
  const sum = new Float32Array(vectors[0]!.length);
  for (const v of vectors) for (let i = 0; i < v.length; i++) sum[i]! += v[i]!;
  return normalize(sum);
}

/** Typo correction, embedding, expected answer type and the names and numbers the question states. */
export async function analyseQuestion(text: string, deps: Pick<PrepareDeps, "source" | "embed">, options = { attribute: true }): Promise<AnalysedQuestion> {
  const corrected = correctTypos(text, deps.source);
  const keyWords = keyWordsOf(corrected, (w) => deps.source.vocabulary.isName(w));
  const attribute = options.attribute && words(corrected).length <= MAX_ATTRIBUTE_WORDS ? attributeText(corrected, keyWords) : corrected;
  // Both texts go to the embedder in the same tick, so they are embedded in one batch.
  const [vector, attributeVector] = await Promise.all([deps.embed(corrected), attribute === corrected ? undefined : deps.embed(attribute)]);
  return {
    text,
    corrected,
    vector,
    attributeVector: attributeVector ?? vector,
    terms: questionTerms(corrected),
    expected: expectedAnswerType(corrected),
    keyWords,
    focus: focusOf(corrected),
  };
}

/**
 * The words of a "how long / often / far …" question's phrase ask for the kind of answer, which the
 * answer states without them ("One interpreter can sign for 20-30 minutes" answers "how long can an
 * interpreter keep signing?"): they are no words to find in it.
 */
const HOW_PHRASE = /\bhow\s+(?:long|often|frequently|far|old|big|large|high|tall|wide|deep|fast|soon|late|early|heavy)\b/gi;

/**
 * "When is the registry supposed to launch?", "What was it meant to include?": "supposed" and "meant"
 * only hedge the verb after them, and the sentence that answers rarely has them ("… when the registry
 * launches in October 2012"; a new user's trial, T40).
 */
const HEDGE = /\b(?:supposed|meant)\s+to\b/gi;

/** A question's distinct content stems, less the words of its "how …" phrase and its hedges ("supposed to"). */
export function questionTerms(question: string): string[] {
  return [...new Set(contentTerms(question.replace(HOW_PHRASE, "how").replace(HEDGE, "to")))];
}

/**
 * The question without its names and numbers: what it asks about them ("When did _ meet _?"). A
 * sentence that merely mentions the same people is close to the whole question; the one that
 * answers is also close to this. The whole question when it names nothing, or is nothing but names.
 */
export function attributeText(question: string, keyWords: readonly string[]): string {
  if (keyWords.length === 0) return question;
  const names = new Set(keyWords);
  const rest = words(question).filter((w) => !names.has(w.toLowerCase()));
  return rest.some((w) => !isStopword(w)) ? rest.join(" ") : question;
}

/**
 * The words of the question that say what it is about and cannot be paraphrased away: proper nouns
 * (as the tagger reads them, or words the corpus writes as names when the question is typed in lower
 * case) and numbers of three or more digits, lower-cased.
 */
export function keyWordsOf(question: string, isCorpusName: (word: string) => boolean = () => false): string[] {
  const out = new Set<string>();
  const whole = words(question);
  for (const token of tagWords(question)) {
    const { word } = token;
    const name = isNameToken(token, isCorpusName);
    const number = /^\d{3,}$/.test(word);
    if (!name && !number) continue;
    // "Nur-Sultan" is one token to the tagger and two words to the index.
    for (const piece of words(word)) {
      if (piece.length < 2 || isStopword(piece)) continue;
      out.add(whole.includes(piece) ? piece : (whole.find((x) => x.includes(piece)) ?? piece));
    }
  }
  return [...out];
}

/** Verbs that carry no topic of their own. */
const LIGHT_VERBS = new Set(["be", "do", "have", "get", "make", "take", "give", "go", "come", "say", "tell", "know", "mean", "happen", "call", "become", "use", "see", "suppos"]);

/**
 * What the question turns on besides its names, as stems: the noun after "which / what / how many"
 * ("which carrier", "how many tourists"), the noun of "what is the N of", and the main verb
 * ("What did they sign?"). A sentence whose passage never says it answers only the neighbourhood.
 */
export function focusOf(question: string): string[] {
  const tagged = tagWords(question);
  const out = new Set<string>();
  const lower = tagged.map((t) => t.word.toLowerCase());
  for (let i = 0; i < tagged.length; i++) {
    const w = lower[i]!;
    const opensNounPhrase = w === "which" || w === "what" || (w === "many" || w === "much") && lower[i - 1] === "how";
    if (opensNounPhrase || (w === "the" && lower[i + 2] === "of" && lower.slice(Math.max(0, i - 3), i).some((x) => x === "what" || x === "which"))) {
      let j = i + 1;
      while (j < tagged.length && tagged[j]!.pos === "ADJ") j++;
      if (tagged[j]?.pos === "NOUN" && !ANSWER_NOUNS.has(lower[j]!)) out.add(stem(lower[j]!));
    }
    if (tagged[i]!.pos === "VERB") {
      const lemma = stem(w);
      if (!LIGHT_VERBS.has(lemma) && !isStopword(w) && lemma.length > 2) out.add(lemma);
    }
  }
  return [...out];
}

/**
 * Replaces words the corpus lacks by the corpus word they are a typo of ("kazakstan" → "kazakhstan"),
 * and misspelt question words by the question word ("wen" → "when").
 */
export function correctTypos(text: string, source: SentenceSource): string {
  const seen = new Set<string>();
  const corrected = text.replace(/[\p{L}]{5,}/gu, (w) => {
    seen.add(w.toLowerCase());
    return seen.size > MAX_CORRECTED_WORDS ? w : (source.vocabulary.correct(w) ?? w);
  });
  return corrected.replace(/^(\s*)(\p{L}+)/u, (whole, space: string, first: string) => {
    const fixed = questionWordTypo(first);
    return fixed ? space + (/^\p{Lu}/u.test(first) ? fixed[0]!.toUpperCase() + fixed.slice(1) : fixed) : whole;
  });
}
