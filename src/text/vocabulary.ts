import fs from "node:fs";
import wordListPath from "word-list";
import { createRequire } from "node:module";
import type { Country } from "world-countries";
import { nameInitials, spelledInitials } from "./acronyms.ts";
import { TypoTrie, closestWithin } from "./typoTrie.ts";
import { MONTH_OR_DAY, tagWords } from "./nlp.ts";
import { isStopword, stem, surfaceWords, typoAllowance, words } from "./words.ts";

let englishWords: Set<string> | undefined;

/** Name-like words of one question checked against the corpus. */
const MAX_NAME_CHECKS = 40;

/** Typo look-ups remembered per vocabulary. */
const MEMO_SIZE = 50_000;

/** Words stored per slice by `Vocabulary.fromEntries`. */
const ENTRIES_PER_SLICE = 5_000;

/** Every distinct word of `texts` in first-seen order, with its stem: what a Vocabulary of them holds. */
export function vocabularyEntries(texts: Iterable<string>): [word: string, stem: string][] {
  const seen = new Set<string>();
  const out: [string, string][] = [];
  for (const text of texts) {
    for (const w of words(text)) {
      if (seen.has(w)) continue;
      seen.add(w);
      out.push([w, stem(w)]);
    }
  }
  return out;
}

/**
 * The lower-case words the texts write as names: capitalised mid-sentence, and at least three times
 * as often as in lower case ("suez", "nasser"; not "canal"); an English word counts only where it
 * stands capitalised alone.
 */
export function corpusNames(texts: Iterable<string>): string[] {
  const casing = new Map<string, { capitalised: number; lower: number }>();
  const capitalised = (w: { word: string } | undefined) => w !== undefined && /^\p{Lu}/u.test(w.word);
  for (const text of texts) {
    const all = surfaceWords(text);
    for (const [i, { word, lower, sentenceInitial }] of all.entries()) {
      if (sentenceInitial || !/^\p{L}/u.test(word)) continue;
      // An English word among other capitalised ones is part of a label or a longer name ("Machine
      // Care", "Supreme Court"): a manual's programme names made "machine" a name of a whole corpus.
      if (capitalised(all[i]) && english().has(lower) && (capitalised(all[i + 1]) || (capitalised(all[i - 1]) && !all[i - 1]!.sentenceInitial))) continue;
      const c = casing.get(lower) ?? { capitalised: 0, lower: 0 };
      if (/^\p{Lu}/u.test(word)) c.capitalised++;
      else if (word === lower) c.lower++;
      casing.set(lower, c);
    }
  }
  return [...casing].filter(([, c]) => c.capitalised > 0 && c.capitalised >= 3 * c.lower).map(([w]) => w);
}

/** Whether a lower-case word is in a general English word list (which holds no proper names). */
export function isEnglishWord(word: string): boolean {
  return english().has(word);
}

/**
 * Whether a question seems written in another language than English: most of its letters in another
 * script, or more than half (and at least two) of its words that are not names (lower case, or
 * opening the question) in no English word list, nor one typo from a long one. Offline, such a
 * question is declined; saying why beats "the documents don't mention “getroffen”".
 */
export function looksForeign(question: string): boolean {
  const letters = question.match(/\p{L}/gu) ?? [];
  const latin = letters.filter((c) => /\p{Script=Latin}/u.test(c)).length;
  if (letters.length > 0 && latin < letters.length / 2) return true;
  const counted = surfaceWords(question).filter((w) => w.lower.length >= 2 && !/\d/.test(w.lower) && (w.sentenceInitial || w.word === w.lower));
  const foreign = counted.filter((w) => !english().has(w.lower) && !(w.lower.length >= 5 && isEnglishOrTypo(w.lower))).length;
  return foreign >= 2 && foreign > counted.length / 2;
}

/** A general English word list (274k words, no proper names), read once on first use. */
function english(): Set<string> {
  englishWords ??= new Set(fs.readFileSync(wordListPath, "utf8").split("\n"));
  return englishWords;
}

/**
 * The words the corpus uses. A question that names a person, place, year or amount the corpus never
 * mentions cannot be answered from it, however close its other words come ("When did Lukashenko meet
 * Putin?" on a briefing that never names Putin).
 */
export class Vocabulary {
  private readonly words = new Set<string>();
  private readonly stems = new Set<string>();
  /** The words in first-seen order: ties between typo corrections go to the earliest. */
  private readonly list: string[] = [];
  /** Built from `list` on the first typo look-up, unless the index brought its own. */
  private typos?: TypoTrie;
  /** Other names of the countries the corpus mentions: "Americans" for a corpus that says "US". */
  private readonly aliases = new Set<string>();
  private readonly nearestMemo = new Map<string, string | null>();
  /** Words the corpus writes as names (see `corpusNames`). */
  private readonly names = new Set<string>();
  /** Initials of the names the corpus spells out (see `spelledInitials`): no unknown names, though never written. */
  private readonly initials = new Set<string>();

  /** `texts`, or their words with stems as `vocabularyEntries` gives them, their names and initials (stored with an index). */
  constructor(
    texts: Iterable<string> | { entries: Iterable<readonly [word: string, stem: string]>; names?: Iterable<string>; initials?: Iterable<string> },
  ) {
    if (typeof texts === "string" || Symbol.iterator in texts) {
      const all = [...(texts as Iterable<string>)];
      this.add(vocabularyEntries(all));
      for (const n of corpusNames(all)) this.names.add(n);
      for (const a of spelledInitials(nameInitials(all))) this.initials.add(a);
    } else {
      this.add(texts.entries);
      for (const n of texts.names ?? []) this.names.add(n);
      for (const a of texts.initials ?? []) this.initials.add(a);
    }
    this.findAliases();
  }

  /**
   * A vocabulary from stored entries, built a slice at a time with `pause` called between slices,
   * so that a large index loads without holding the thread that answers.
   */
  static async fromEntries(
    entries: readonly (readonly [word: string, stem: string])[],
    pause: () => Promise<void>,
    names: Iterable<string> = [],
    /** `TypoTrie.build` of the entries' words, in their order (stored with an index). */
    typos?: TypoTrie,
    initials: Iterable<string> = [],
  ): Promise<Vocabulary> {
    const vocabulary = new Vocabulary({ entries: [], names, initials });
    for (let i = 0; i < entries.length; i += ENTRIES_PER_SLICE) {
      vocabulary.add(entries.slice(i, i + ENTRIES_PER_SLICE));
      await pause();
    }
    vocabulary.typos = typos;
    vocabulary.findAliases();
    return vocabulary;
  }

  private add(entries: Iterable<readonly [string, string]>): void {
    for (const [w, s] of entries) {
      if (this.words.has(w)) continue;
      this.words.add(w);
      this.stems.add(s);
      this.list.push(w);
    }
    this.typos = undefined;
  }

  private findAliases(): void {
    for (const names of countryNames()) {
      if (names.some((n) => this.words.has(n))) for (const n of names) this.aliases.add(n);
    }
  }

  /**
   * Whether the corpus writes this word as a name: capitalised mid-sentence, and at least three times
   * as often as in lower case ("suez", "nasser"; not "canal"). Lets a question typed in lower case
   * still name what it is about.
   */
  isName(word: string): boolean {
    return this.names.has(word.toLowerCase());
  }

  /** Whether a content stem (as `contentTerms` yields) occurs in the corpus. */
  hasStem(termStem: string): boolean {
    return this.stems.has(termStem);
  }

  /** The lower-case word, or a word of its stem, occurs in the corpus. */
  private uses(w: string): boolean {
    return this.words.has(w) || this.stems.has(stem(w));
  }

  /** Known exactly, by stem, as a country's other name, as two corpus words run together, or within the typos its length allows. */
  knows(word: string): boolean {
    const w = word.toLowerCase();
    if (this.uses(w) || this.aliases.has(w) || this.aliases.has(w.replace(/s$/, "")) || compassVariants(w).some((v) => this.uses(v))) return true;
    return this.nearest(w) !== undefined || this.openCompound(w) !== undefined;
  }

  /**
   * "keyholder" for a corpus that writes "key holders": a word no English list holds, made of two
   * English words of three letters or more that the corpus uses, as the two words (the most even cut).
   */
  private openCompound(w: string): string | undefined {
    if (w.length < 7 || english().has(w)) return undefined;
    let best: string | undefined;
    let balance = 0;
    for (let i = 3; i <= w.length - 3; i++) {
      const [a, b] = [w.slice(0, i), w.slice(i)];
      if (!english().has(a) || !english().has(b) || !this.uses(a) || !this.uses(b)) continue;
      if (Math.min(a.length, b.length) > balance) [best, balance] = [`${a} ${b}`, Math.min(a.length, b.length)];
    }
    return best;
  }

  /**
   * The closest corpus word within the typos `w`'s length allows; of equally close ones the shortest,
   * then the first seen. Remembered: the same words asked again cost nothing.
   */
  private nearest(w: string): string | undefined {
    if (this.nearestMemo.has(w)) return this.nearestMemo.get(w) ?? undefined;
    const max = typoAllowance(w);
    let best: { word: string; position: number; distance: number } | undefined;
    if (max > 0) {
      this.typos ??= TypoTrie.build(this.list);
      // The closest word is all that is needed: one at a single edit ends the search.
      const isCloser = closer(w);
      for (const hit of closestWithin(this.typos, w, max, 1)) if (!best || isCloser(hit, best)) best = hit;
    }
    if (this.nearestMemo.size >= MEMO_SIZE) this.nearestMemo.delete(this.nearestMemo.keys().next().value!);
    this.nearestMemo.set(w, best?.word ?? null);
    return best?.word;
  }

  /**
   * The corpus word that `word` is a typo of (or the two it runs together, "keyholder" → "key holder"),
   * or undefined when the word is known, is not near any corpus word, or is ordinary English (unless it
   * is the corpus's word with a letter doubled or not).
   */
  correct(word: string): string | undefined {
    const w = word.toLowerCase();
    // A typo that no English list holds may still share a stem with a corpus word ("identifer" with
    // "identification"): the corpus word one typo away is meant ("identifier"), when its stem differs.
    if (!this.words.has(w) && this.uses(w) && !english().has(w)) {
      const near = this.nearest(w);
      return near !== undefined && stem(near) !== stem(w) ? near : undefined;
    }
    if (this.uses(w)) return undefined;
    // English lists spellings that differ by a doubled letter ("cannister", "focussing") or between
    // British and American ("nationalise", "colour"): the corpus's is meant. Doubled letters in long
    // words only: short ones are other words ("gods" is no "goods").
    if (english().has(w)) {
      // A variant is a word of the corpus or of English, not a stem that happens to match ("genre" is no "gener").
      const spelling = transatlanticVariants(w).find((v) => this.words.has(v) || (english().has(v) && this.uses(v)));
      return spelling ?? (w.length >= MIN_DOUBLED_VARIANT ? doubledLetterVariants(w).find((v) => this.uses(v)) : undefined);
    }
    // A typo first: "overnor" is "governor", not "over nor".
    return this.nearest(w) ?? this.openCompound(w);
  }

  /**
   * Words of the question that look like names, years or amounts and that the corpus never uses:
   * a number of three or more digits, a word capitalised mid-sentence, or, typed in lower case, a word
   * wink's lexicon reads as a proper noun or one no English word list holds.
   */
  unknownNames(question: string): string[] {
    const out: string[] = [];
    // IN ALL CAPS, capitals say nothing about names.
    const letters = question.replace(/[^\p{L}]/gu, "");
    const casingMeaningful = letters.replace(/[^\p{Lu}]/gu, "").length <= letters.length / 2;
    const checked = new Set<string>();
    // Typed in lower case, a name is told by wink's lexicon ("france" is a proper noun), not by its capital;
    // a month or weekday ("jan", "sept") is a date, not a name.
    const properNouns = new Set(tagWords(question).flatMap((t) => (t.pos === "PROPN" && /^\p{Ll}+$/u.test(t.word) && !MONTH_OR_DAY.test(t.word) ? [t.word] : [])));
    for (const { word, lower, sentenceInitial } of surfaceWords(question)) {
      if (isStopword(lower) || checked.has(word)) continue;
      if (!/^[\p{Script=Latin}\p{N}]+$/u.test(word)) continue; // other scripts: no evidence either way
      // "20k songs", "5m people", "3bn", "10x faster": an amount written short, named by no document as such.
      if (/^\d+(?:k|m|mn|bn|x)$/i.test(word)) continue;
      // An ordinal ("3rd", "21st") is a number too: a year-like one may be a name, "3rd" is not.
      const digits = /^(\d+)(?:st|nd|rd|th)?$/i.exec(word)?.[1];
      const capitalised = casingMeaningful && !sentenceInitial && /^\p{Lu}/u.test(word);
      // Two-letter capitals are acronyms ("EU", "UN"): names too.
      const acronym = casingMeaningful && /^\p{Lu}{2,5}$/u.test(word) && (word.length === 2 || !english().has(lower));
      const looksLikeName = digits !== undefined ? digits.length >= 3 : (word.length >= 3 || acronym) && (capitalised || acronym || properNouns.has(word) || !isEnglishOrTypo(lower));
      if (!looksLikeName) continue;
      // Bounds the typo look-ups one long message can cost.
      checked.add(word);
      if (checked.size > MAX_NAME_CHECKS) break;
      if (!this.knows(lower) && !this.initials.has(lower)) out.push(word);
    }
    return [...new Set(out)];
  }
}

/**
 * British and American endings of the same word: -ise/-ize, -yse/-yze, -our/-or, -re/-er (and -red/-ered),
 * -ence/-ense, -ogue/-og. Narrowed to where the pairs are spellings rather than other words: -our after
 * a vowel and consonant ("colour", "behaviour"; not "scored", "tours"), -re after t, b, ch or g ("centre",
 * "fibre", "ochre"; not "liver", "Alexander"), at least three letters before -ise ("prize" is no "prise").
 */
const TRANSATLANTIC: readonly [RegExp, string][] = [
  [/(\w{3})is(e|ed|es|ing|ation|ations|er|ers)$/, "$1iz$2"],
  [/(\w{3})iz(e|ed|es|ing|ation|ations|er|ers)$/, "$1is$2"],
  [/ys(e|ed|es|ing)$/, "yz$1"],
  [/yz(e|ed|es|ing)$/, "ys$1"],
  [/([aeiouy][^aeiouy]+i?)our(s|ed|ing|ite|ites|able|ful|er|ers)?$/, "$1or$2"],
  [/([aeiouy][^aeiouy]+i?)or(s|ed|ing|ite|ites|able|ful|er|ers)?$/, "$1our$2"],
  [/(t|b|ch|g)re(s|d)?$/, "$1er$2"],
  [/(t|b|ch|g)er(s)?$/, "$1re$2"],
  [/(t|b|ch|g)ered$/, "$1red"],
  [/ence(s)?$/, "ense$1"],
  [/ense(s)?$/, "ence$1"],
  [/ogue(s)?$/, "og$1"],
  [/og(s)?$/, "ogue$1"],
];
/** Pairs the endings above would join that are two words (both of each pair listed). */
const NOT_VARIANTS = new Set(["timber", "timbre", "letter", "letters", "lettre", "lettres"]);

/** The word in the other side of the Atlantic's spelling ("nationalise" → "nationalize", "center" → "centre"); words of five letters or more. */
export function transatlanticVariants(word: string): string[] {
  if (word.length < 5 || NOT_VARIANTS.has(word)) return [];
  return TRANSATLANTIC.filter(([pattern]) => pattern.test(word)).map(([pattern, to]) => word.replace(pattern, to));
}

/** Shortest English word whose doubled-letter variant in the corpus is taken for it. */
const MIN_DOUBLED_VARIANT = 7;

/**
 * The word with one doubled letter written once ("cannister" → "canister"), or one letter doubled. Not
 * the consonant before an ending: "hoping" and "hopping", "diners" and "dinners" are other words; but
 * "l" and "s" there are spellings ("travelling", "focussing").
 */
export function doubledLetterVariants(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) {
    const ending = word.slice(i + 1);
    const single = word[i] !== word[i + 1];
    if (/^(?:ed|ing|ers?|est|y)$/.test(single ? ending : ending.slice(1)) && !/[ls]/.test(word[i]!)) continue;
    if (!single) out.add(word.slice(0, i) + word.slice(i + 1));
    else if (/[a-z]/.test(word[i]!) && word[i] !== word[i - 1]) out.add(word.slice(0, i + 1) + word.slice(i));
  }
  return [...out];
}

/**
 * Typo corrections in order: fewer edits, then the word with a letter doubled that the typo wrote once
 * ("folow" is "follow" before "flow", "alowance" "allowance"), then a shorter word, then the one listed first.
 */
const closer = (typo: string) => (a: { word: string; position: number; distance: number }, b: { word: string; position: number; distance: number }) =>
  (a.distance - b.distance || Number(doublesLetterOf(b.word, typo)) - Number(doublesLetterOf(a.word, typo)) || a.word.length - b.word.length || a.position - b.position) < 0;

/** `word` is `typo` with one of its letters written twice. */
function doublesLetterOf(word: string, typo: string): boolean {
  if (word.length !== typo.length + 1) return false;
  for (let i = 1; i < word.length; i++) if (word[i] === word[i - 1] && word.slice(0, i) + word.slice(i + 1) === typo) return true;
  return false;
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/**
 * An English word, or one typo away from one ("produse", "arround", "wat"): lower-case words that
 * are neither are taken for names. Checks every single-edit variant (Norvig's edits1).
 */
function isEnglishOrTypo(word: string): boolean {
  const dict = english();
  if (dict.has(word)) return true;
  if (!/^[a-z]+$/.test(word)) return false;
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail && dict.has(head + tail.slice(1))) return true; // deletion
    if (tail.length > 1 && dict.has(head + tail[1] + tail[0] + tail.slice(2))) return true; // transposition
    for (const c of LETTERS) {
      if (tail && dict.has(head + c + tail.slice(1))) return true; // substitution
      if (dict.has(head + c + tail)) return true; // insertion
    }
  }
  return false;
}

/** A point of the compass and its adjective, both ways. */
const COMPASS = new Map(
  ["north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"].flatMap((point) => [
    [point, `${point}ern`],
    [`${point}ern`, point],
  ]),
);

/**
 * The other form of a point of the compass ("north" → "northern"): a question's "North Pacific" names
 * what a document calls the "Northern Pacific", and a new user's question was declined for a "North"
 * the documents never wrote.
 */
export function compassVariants(word: string): readonly string[] {
  const other = COMPASS.get(word.toLowerCase());
  return other ? [other] : [];
}

/**
 * The other one-word names of the country a word names ("ukrainian" → "ukraine", "kyiv", …), or an
 * empty list when it names none.
 */
export function countryAliases(word: string): readonly string[] {
  const w = word.toLowerCase();
  return countryNames().find((names) => names.includes(w)) ?? [];
}

let placeWords: Set<string> | undefined;

/** Whether a word is part of a country's common name or of a capital's ("Luxembourg", "Minsk"); demonyms are not places. */
export function isPlaceWord(word: string): boolean {
  placeWords ??= new Set(
    (createRequire(import.meta.url)("world-countries") as Country[])
      .flatMap((c) => [c.name.common, ...c.capital])
      .flatMap((name) => words(name))
      .filter((w) => w.length >= 3 && !isStopword(w) && !GENERIC_NAME_WORDS.has(w)),
  );
  return placeWords.has(word.toLowerCase());
}

/** One-word names of each country: common and official names, abbreviations, demonyms, capitals. */
let countryNameLists: string[][] | undefined;

function countryNames(): string[][] {
  countryNameLists ??= readCountryNames();
  return countryNameLists;
}

function readCountryNames(): string[][] {
  // The package's types describe an ES default export but it ships CommonJS; require it as such.
  const countries = createRequire(import.meta.url)("world-countries") as Country[];
  return countries.map((c) =>
    [c.name.common, c.name.official, ...c.altSpellings, c.demonyms?.eng?.m ?? "", c.demonyms?.eng?.f ?? "", ...c.capital]
      .flatMap((name) => words(name))
      .filter((w) => w.length >= 2 && !isStopword(w) && !GENERIC_NAME_WORDS.has(w)),
  );
}

// Words of official names that say nothing about which country is meant.
const GENERIC_NAME_WORDS = new Set(["republic", "kingdom", "state", "states", "united", "federation", "democratic", "people", "islamic", "federal", "commonwealth", "union", "city", "saint", "san", "island", "islands", "north", "south", "east", "west", "new", "d", "c"]);
