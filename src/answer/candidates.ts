import { isContentsEntry } from "../corpus/chunk.ts";
import { SECTION_SEPARATOR, type Passage } from "../corpus/types.ts";
import { dot } from "../index/embeddings.ts";
import type { RetrievedRow } from "../retrieve/retriever.ts";
import { readFacts, YEAR, type TextFacts } from "../text/nlp.ts";
import { withAcronyms } from "../text/acronyms.ts";
import { stem, words } from "../text/words.ts";
import { compassVariants, countryAliases, isPlaceWord, type Vocabulary } from "../text/vocabulary.ts";
import type { AnswerType } from "./question.ts";

/** A sentence of the index with what selection needs: offsets into its file, vector, content stems. */
export interface IndexedSentence {
  passageRow: number;
  start: number;
  end: number;
  text: string;
  vector: Float32Array;
  terms: ReadonlySet<string>;
  /** Its dates, amounts and names, read on first use and kept. */
  facts?: TextFacts;
  /** `terms` with the corpus's acronyms spelled out and abbreviated (see acronyms.ts), made on first use. */
  expanded?: ReadonlySet<string>;
}

export interface SentenceSource {
  sentencesOf(passageRow: number): readonly IndexedSentence[];
  passage(row: number): Passage;
  /**
   * Stems of every word of a passage, its title and section, with the initials of the names they spell
   * out ("fda"); and the content stems of the title and section alone.
   */
  passageStems(row: number): { all: ReadonlySet<string>; heading: ReadonlySet<string> };
  /** Stems of every word of the document a passage belongs to, with the initials of the names it spells out. */
  documentStems(row: number): ReadonlySet<string>;
  /** Acronyms the corpus defines, with the stems of their long forms. */
  acronyms: ReadonlyMap<string, readonly string[]>;
  /** Acronyms of names the corpus spells out but never abbreviates, to their long form ("ILO" → "International Labour Organisation"). */
  longForms: ReadonlyMap<string, string>;
  /** Inverse sentence frequency of a stem; the highest value for stems the corpus lacks. */
  idf(stem: string): number;
  vocabulary: Vocabulary;
}

/** One part of a question, analysed once: what selection and the abstention rules look at. */
export interface AnalysedQuestion {
  /** As the user asked it (cleaned of markup and commands). */
  text: string;
  /** With typos of corpus words corrected: what terms are matched on. */
  corrected: string;
  vector: Float32Array;
  /** The embedding of the question without its names and numbers (see prepare.ts `attributeText`). */
  attributeVector: Float32Array;
  /** Distinct content stems. */
  terms: string[];
  expected: AnswerType;
  /** Names and numbers the question states, lower-cased words: the answer must be about them. */
  keyWords: string[];
  /** Stems of what the question turns on besides names: "which carrier", "what did they sign". */
  focus: string[];
}

/**
 * The evidence that a sentence answers the question, each in [0, 1] (but `similarity`, a cosine).
 * The answer score is a weighted sum of these (see score.ts); the weights are fitted on dev sets.
 */
export const FEATURES = [
  "similarity",
  "attributeSimilarity",
  "relevance",
  "coverage",
  "attributeCoverage",
  "contextCoverage",
  "proximity",
  "typeFound",
  "typeMissing",
  "keyWordsMissing",
  "keyWordsInSentence",
  "focusMissing",
  "focusInSentence",
  "uncoveredPeak",
  "unseen",
  "passageRank",
] as const;
export type FeatureName = (typeof FEATURES)[number];
export type Features = Record<FeatureName, number>;

export interface Candidate {
  sentence: IndexedSentence;
  /** Rank of its passage in retrieval, from 0. */
  rank: number;
  features: Features;
  /** Question stems the sentence holds. */
  covered: Set<string>;
  /** Whether it states a fact of the expected type that the question does not already give. */
  hasAnswerType: boolean;
  /** Question names and numbers that the sentence's document never mentions, and years its passage never gives. */
  missingKeyWords: string[];
  /** Sentence score, 0..1, set by the scorer (score.ts). */
  score: number;
  /** Its document's id. */
  docId: string;
}

/** A sentence that opens with a pronoun, which needs the sentence before it to be understood. */
export const LEADING_PRONOUN = /^["“‘']?(it|this|these|that|those|they|he|she|its|their|his|her|such)\b/i;

/** How many retrieved passages contribute candidate sentences (chosen on dev LOSO: 3–7 tried, 6 best). */
export const CANDIDATE_PASSAGES = 6;

/** Every sentence of the top passages with the evidence that it answers the question. */
export function candidatesFor(question: AnalysedQuestion, retrieved: readonly RetrievedRow[], source: SentenceSource): Candidate[] {
  const weight = (t: string) => source.idf(t);
  const weightOf = (terms: Iterable<string>) => [...terms].reduce((s, t) => s + weight(t), 0);
  const total = weightOf(question.terms) || 1;
  const share = (terms: Iterable<string>) => weightOf(terms) / total;
  const unseen = share(question.terms.filter((t) => !source.vocabulary.hasStem(t)));
  const peak = Math.max(0, ...question.terms.map(weight)) || 1;
  // A name is supported by any of its country's names ("Ukrainian" by "Ukraine"), a point of the compass by its adjective ("North" by "Northern").
  const keyStems = question.keyWords.map((w) => [w, ...countryAliases(w), ...compassVariants(w)].map(stem));
  const runs = nameRuns(question);
  const focus = question.focus;
  // What the question asks about its names, in words the corpus uses: a paraphrase the corpus
  // lacks says nothing either way, a corpus word the sentence lacks says it answers something else.
  const keyWordStems = new Set(keyStems.flat());
  const attributeTerms = question.terms.filter((t) => !keyWordStems.has(t) && source.vocabulary.hasStem(t));
  const attributeTotal = weightOf(attributeTerms);
  const out: Candidate[] = [];
  // Passages of an article's link and reading lists, or a book's index, answer nothing: the next passage takes their place.
  const answering = retrieved
    .map((hit, rank) => ({ hit, rank }))
    .filter(({ hit }) => !isReferenceSection(source.passage(hit.row).section))
    .slice(0, CANDIDATE_PASSAGES);
  answering.forEach(({ hit, rank }) => {
    const { all: passageWords, heading } = source.passageStems(hit.row);
    const documentWords = source.documentStems(hit.row);
    // "Omar Torrijos" once in a document, "Torrijos" in the passage: the passage mentions him.
    const has = (words: ReadonlySet<string>, i: number) =>
      keyStems[i]!.some((k) => words.has(k)) || (runs[i]!.some((j) => keyStems[j]!.some((k) => words.has(k))) && keyStems[i]!.some((k) => documentWords.has(k)));
    // Per passage, not per sentence: what its document and the passage itself lack.
    // A year pins the fact to its time: a passage that never gives the question's year is about another.
    const missingKeyWords = question.keyWords.filter((w, i) => !keyStems[i]!.some((k) => documentWords.has(k)) || (YEAR.test(w) && !passageWords.has(w)));
    const keyWordsMissing = question.keyWords.length === 0 ? 0 : keyStems.filter((_, i) => !has(passageWords, i)).length / question.keyWords.length;
    const sentences = source.sentencesOf(hit.row);
    const askedBefore = askedQuestions(sentences, heading);
    const choices = quizChoices(sentences, source.passage(hit.row));
    sentences.forEach((sentence, at) => {
      if (echoesQuestion(sentence, question.terms) || asksQuestion(sentence.text) || isLinkOnly(sentence.text) || isIndexEntry(sentence.text) || choices[at]) return;
      // A question the text asks right before is a heading to its answer (a FAQ's "Can I …? Yes, …"); a
      // sentence that opens with a pronoun ("They achieved f-measures of 0.64 and 0.61.") speaks of the
      // one before it ("We submitted two runs, one for English and one for German."), quoted with it.
      const asked = askedBefore[at] ?? heading;
      const context = at > 0 && LEADING_PRONOUN.test(sentence.text) ? new Set([...asked, ...sentences[at - 1]!.terms]) : asked;
      const terms = (sentence.expanded ??= withAcronyms(sentence.terms, source.acronyms));
      // A name's other part stands for it ("Torrijos died …" covers "Omar").
      const byName = new Set(keyStems.flatMap((alts, i) => (has(terms, i) ? alts : [])));
      const holds = (t: string) => terms.has(t) || byName.has(t);
      const covered = new Set(question.terms.filter(holds));
      const inContext = question.terms.filter((t) => holds(t) || context.has(t));
      sentence.facts ??= readFacts(sentence.text);
      const hasAnswerType = statesAnswerType(sentence.facts, question, sentence.text);
      const sentenceKeyWords = keyStems.filter((_, i) => has(terms, i)).length;
      // A setting's default ("value") is left to the missing-answer-type rule: as a feature it moved the
      // fitted weights of every other kind (dev LOSO 70.3 → 69.5 %).
      const typed = question.expected !== "other" && question.expected !== "value" && question.expected !== "address";
      const uncovered = question.terms.filter((t) => !holds(t) && !context.has(t));
      out.push({
        sentence,
        rank,
        docId: source.passage(hit.row).docId,
        covered,
        hasAnswerType,
        missingKeyWords,
        score: 0,
        features: {
          similarity: dot(question.vector, sentence.vector),
          attributeSimilarity: dot(question.attributeVector, sentence.vector),
          relevance: hit.relevance,
          coverage: share(covered),
          attributeCoverage: attributeTotal === 0 ? 1 : weightOf(attributeTerms.filter((t) => terms.has(t))) / attributeTotal,
          contextCoverage: share(inContext),
          proximity: proximity(sentence.text, new Set([...covered].filter((t) => terms.has(t)))),
          typeFound: typed && hasAnswerType ? 1 : 0,
          typeMissing: typed && !hasAnswerType ? 1 : 0,
          keyWordsMissing,
          keyWordsInSentence: question.keyWords.length === 0 ? 1 : sentenceKeyWords / question.keyWords.length,
          focusMissing: focus.length === 0 ? 0 : focus.filter((f) => !passageWords.has(f)).length / focus.length,
          focusInSentence: focus.length === 0 ? 1 : focus.filter((f) => terms.has(f)).length / focus.length,
          uncoveredPeak: Math.max(0, ...uncovered.map(weight)) / peak,
          unseen,
          passageRank: 1 / (1 + rank),
        },
      });
    });
  });
  return out;
}

/**
 * For each key word of the question, the other key words of the same name: those written next to it
 * in the question ("Omar" and "Torrijos" in "When did Omar Torrijos die?").
 */
export function nameRuns(question: Pick<AnalysedQuestion, "corrected" | "keyWords">): number[][] {
  const asked = words(question.corrected);
  const index = new Map(question.keyWords.map((w, i) => [w, i]));
  const runs: number[][] = question.keyWords.map(() => []);
  let run: number[] = [];
  for (const w of [...asked, ""]) {
    const i = index.get(w);
    if (i !== undefined && !run.includes(i)) {
      run.push(i);
      continue;
    }
    for (const j of run) runs[j] = run.filter((k) => k !== j);
    run = i === undefined ? [] : [i];
  }
  return runs;
}

/**
 * Sections that point elsewhere, never a statement: an encyclopaedia article's links and titles of other
 * works, a book's index and contents. Not "Sources" or "Notes": a river's sources, a scientist's notes are text.
 */
const REFERENCE_SECTION = /^(?:see also|external links|further reading|references|bibliography|citations|(?:general )?index|(?:table of )?contents|(?:list of )?(?:illustrations|plates)|list of (?:figures|tables))\.?$/i;

/** A back-of-book index line: "Soup, ox-tail, 112", "Beethoven, letters to, 21-24, 56". */
const INDEX_LINE = /^\s*\S[^\n]{0,80}?,[ \t]+\d{1,3}(?:[-–]\d{1,3})?(?:,\s*\d{1,3}(?:[-–]\d{1,3})?)*\s*$/;

/** Whether every line of a sentence is an index or contents entry: it names pages where the answer is, not the answer. */
export function isIndexEntry(sentence: string): boolean {
  return sentence.split("\n").every((line) => INDEX_LINE.test(line) || isContentsEntry(line));
}

export function isReferenceSection(section: string | null): boolean {
  return section !== null && REFERENCE_SECTION.test(section.split(SECTION_SEPARATOR).pop()!.trim());
}

/**
 * A sentence none of whose content words is new to the question (a heading such as "1883 eruption"
 * asked "What was the VEI of the 1883 eruption?", a bare list mark "-   .") states nothing the
 * question does not: quoted, it answers nothing, and ranked, it pushes the sentence that does down.
 * Code is the exception: `pkg install fzf` answers "How do I install fzf with pkg?" in its words.
 */
export function echoesQuestion(sentence: Pick<IndexedSentence, "text" | "terms">, questionTerms: readonly string[]): boolean {
  if (sentence.text.includes("`")) return false;
  for (const t of sentence.terms) if (!questionTerms.includes(t)) return false;
  return true;
}

/**
 * A line that is nothing but a link ("**[Power sockets in Germany ➞](/guides/power-sockets)**", a
 * bare address) points to another page and states nothing: it won first place on its title's words
 * over the sentence above it that answers.
 */
export function isLinkOnly(sentence: string): boolean {
  const bare = sentence.replace(/[*_]+/g, "").trim();
  return /^(?:\[[^\]]*\]\([^)]*\)|<?https?:\/\/\S+?>?)[\s.➞→»›>]*$/u.test(bare);
}

/**
 * A sentence that asks ("How does Git know what branch you're on?", a book's lead-in to its answer)
 * answers nothing: quoted first, it pushed the sentence after it, which answers, to second place.
 */
export function asksQuestion(sentence: string): boolean {
  return /\?["'”’)\]]*$/.test(sentence.trimEnd());
}

/**
 * For each sentence, whether it is a choice of a quiz: a lettered item ("a. Every week", "B) …")
 * next to another, after a question. A choice states nothing, and the wrong ones contradict the text;
 * taken as answers under their question (see askedQuestions), a practice quiz's wrong choice was
 * quoted as the rule.
 */
export function quizChoices(sentences: readonly Pick<IndexedSentence, "text" | "start">[], passage: Pick<Passage, "text" | "start">): boolean[] {
  const lettered = sentences.map((s) => {
    const at = s.start - passage.start;
    const lineStart = passage.text.lastIndexOf("\n", at - 1) + 1;
    return /^[ \t>]*\(?[a-zA-Z][.)][ \t]*$/.test(passage.text.slice(lineStart, at)) || /^\(?[a-zA-Z][.)]\s/.test(s.text);
  });
  const out: boolean[] = [];
  let asked = false;
  sentences.forEach((s, i) => {
    if (asksQuestion(s.text)) asked = true;
    else if (!lettered[i]) asked = false;
    out.push(asked && lettered[i]! && (lettered[i - 1] === true || lettered[i + 1] === true));
  });
  return out;
}

/** How many sentences after a question the text asks take it as their heading. */
const ANSWER_SENTENCES = 3;

/**
 * For each sentence, the stems of the heading and of the question the text asked just before it
 * (within ANSWER_SENTENCES, none asked in between); undefined where no question came before.
 */
export function askedQuestions(sentences: readonly Pick<IndexedSentence, "text" | "terms">[], heading: ReadonlySet<string> = new Set()): (ReadonlySet<string> | undefined)[] {
  const out: (ReadonlySet<string> | undefined)[] = [];
  let asked: ReadonlySet<string> | undefined;
  let since = 0;
  for (const sentence of sentences) {
    if (asksQuestion(sentence.text)) {
      asked = new Set([...heading, ...sentence.terms]);
      since = 0;
      out.push(undefined);
      continue;
    }
    since++;
    out.push(asked && since <= ANSWER_SENTENCES ? asked : undefined);
  }
  return out;
}

/**
 * How tightly the question's words sit together in the sentence: distinct matched words over the
 * span of words they occupy (1 when adjacent); 0 with fewer than two matched.
 */
export function proximity(sentence: string, covered: ReadonlySet<string>): number {
  if (covered.size < 2) return 0;
  const stems = words(sentence).map(stem);
  const positions = stems.map((s, i) => (covered.has(s) ? i : -1)).filter((i) => i >= 0);
  // Smallest window holding every covered stem.
  let best = Infinity;
  const count = new Map<string, number>();
  let left = 0;
  for (const right of positions) {
    count.set(stems[right]!, (count.get(stems[right]!) ?? 0) + 1);
    while (count.size === covered.size) {
      const start = positions[left]!;
      best = Math.min(best, right - start + 1);
      const s = stems[start]!;
      const n = count.get(s)! - 1;
      if (n === 0) count.delete(s);
      else count.set(s, n);
      left++;
    }
  }
  return Number.isFinite(best) ? covered.size / best : 0;
}

/** A question that asks for a number to call, which a telephone number answers. */
const ASKS_CONTACT = /\b(?:number|call|phone|telephone|dial|fax|contact|reach|hotline)\b/;

/** A question that asks what something is called. */
const ASKS_NAME = /\bnamed?\b|\bcalled\b/;

/** "How often …?", which "every Tuesday" or "twice a month" answers as a number would. */
const ASKS_FREQUENCY = /\bhow (?:often|frequently)\b/;

/**
 * Kinds of quantity a question's words ask for, and how a sentence states one: "How much did the
 * oaks fetch?" asks for money, which "about one thousand oaks" does not give; "How tall is …?" a
 * length, which "Route 1" does not. The first kind named counts ("What share of the price …?" asks a
 * share); a question that names none takes any amount.
 */
const MEASURES: readonly { asks: RegExp; states: RegExp }[] = [
  {
    asks: /\bwhat (?:percentage|percent|proportion|share|fraction)\b|\bpercentage\b/,
    states: /%|\bper ?cent\b|\bpercentage points?\b|\b(?:half|halves|thirds?|quarters?|fifths?|tenths?|majority|minority)\b|\b\d+ (?:in|out of) \d+\b/i,
  },
  { asks: /\btemperatures?\b|\bhow (?:hot|cold|warm)\b/, states: /°|\bdegrees?\b|\b(?:celsius|fahrenheit|kelvin)\b/i },
  {
    asks: /\bhow (?:tall|high|wide|deep)\b|\b(?:height|altitude|elevation)\b/,
    states: /\b(?:feet|foot|ft|inch(?:es)?|yards?|miles?|met(?:re|er)s?|km|kilomet(?:re|er)s?|cm|centimet(?:re|er)s?|mm|millimet(?:re|er)s?|storeys?|stories|floors|px|pixels)\b|\d\s*m\b|\d\s*(?:′|″)/i,
  },
  {
    // "How long does the meatloaf bake …?" takes a time (or a length), not "8 oz. shredded mozzarella" (a new user's trial, T41).
    asks: /\bhow long\b/,
    states:
      /\b(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|fortnights?|months?|years?|yrs?|decades?|century|centuries|generations?|lifetimes?|semesters?|terms?|sessions?|seasons?|overnight|feet|foot|ft|inch(?:es)?|yards?|miles?|met(?:re|er)s?|km|kilomet(?:re|er)s?|cm|mm|characters?|letters?|words?|pages?|lines?|bytes?|bits?|digits?)\b|\d\s*(?:s|h|ms|min|d|m)\b/i,
  },
  {
    asks: /\bhow much money\b|\bhow much\b[^?]*\b(?:costs?|cost(?:ed)?|pays?|paid|charges?|charged|fetch(?:ed)?|earns?|earned|spend|spent|sells? for|sold for)\b|\b(?:costs?|prices?|fares?|fees?|salary|salaries|wages?|tolls?)\b/,
    states: /[$£€¥₹₽]|\b(?:dollars?|pounds?|euros?|cents?|pence|shillings?|guineas?|francs?|yen|yuan|rupees?|r[ou]+bles?|usd|eur|gbp|chf)\b|\bfree\b|\bno (?:charge|cost|fee)\b/i,
  },
];

/** Whether the sentence gives a date, amount, person or place that the question does not already state. */
export function statesAnswerType(facts: TextFacts, question: Pick<AnalysedQuestion, "expected" | "text">, sentence = ""): boolean {
  const asked = question.text.toLowerCase();
  // A whole word or phrase of the question, not a part of one: "rep" is new to "What was ripgrep called?".
  // The substring test first: most facts are not in the question at all, and need no expression built.
  const isNew = (value: string) =>
    !asked.includes(value) || !new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(value)}(?![\\p{L}\\p{N}])`, "u").test(asked);
  switch (question.expected) {
    case "date":
      return facts.dates.some(isNew);
    case "amount": {
      // "How many hours … in the height of summer?" counts; it asks no length.
      const measure = /\bhow many\b/.test(asked) ? undefined : MEASURES.find((m) => m.asks.test(asked));
      if (measure && !measure.states.test(sentence)) return false;
      // A telephone number answers "what number do I call?", not "how much does it cost?".
      return facts.amounts.some(isNew) || (ASKS_CONTACT.test(asked) && facts.phones.some(isNew)) || (ASKS_FREQUENCY.test(asked) && facts.frequencies.some(isNew));
    }
    case "person":
      // A file's or an option's name is written as code ("`.toolrc`") as often as a proper noun.
      // A country's name ("UK", "Canadian") is no one's: "the first Governor not to be a UK citizen" names no governor.
      return facts.names.some((n) => isNew(n) && !isCountryName(n)) || (ASKS_NAME.test(asked) && facts.quoted.some(isNew));
    case "place":
      return facts.places.some(isNew) || facts.names.some((n) => isNew(n) && n.split(" ").some(isPlaceWord));
    case "value":
      // "Which default theme …?" asks for one of a kind of things, which a name states.
      return facts.amounts.some(isNew) || facts.quoted.some(isNew) || facts.settings.some(isNew) || (/\bwhich\b/.test(asked) && facts.names.some(isNew));
    case "address":
      return facts.addresses.some(isNew);
    case "other":
      return true;
  }
}

/** A name made only of a country's names, abbreviations or demonyms ("uk", "canadian", "belarus"). */
const isCountryName = (name: string) => name.split(" ").every((w) => countryAliases(w).length > 0);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
