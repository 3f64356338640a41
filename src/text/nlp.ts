import winkNLP, { type WinkMethods } from "wink-nlp";
import model from "wink-eng-lite-web-model";
import { foldPunctuation } from "./words.ts";

/**
 * What a sentence states, as far as answering needs: the dates, amounts and names in it. Read by
 * wink-nlp's English model (part-of-speech tags and its DATE / CARDINAL / MONEY / PERCENT /
 * DURATION entities), lower-cased so that they compare with the question's.
 */
export interface TextFacts {
  /**
   * DATE and TIME entities that place an event in time on their own, and bare years: not "the same day",
   * "that year", "today", "two hours before", which only point to another time and so answer no "when".
   */
  dates: string[];
  /** CARDINAL, MONEY, PERCENT, DURATION entities, spelled-out amounts that are not dates, shares ("half", "a third of"). */
  amounts: string[];
  /** Telephone numbers ("1-855-868-0151", "(202) 555-0100"). */
  phones: string[];
  /** E-mail and web addresses ("OCIOAssurance@gov.scot", "https://example.org/help", "www.gov.uk"). */
  addresses: string[];
  /** Runs of proper nouns ("henri gétaz", "efta court"). */
  names: string[];
  /** How often something happens ("every Tuesday", "twice a month", "annually"): what "how often" asks. */
  frequencies: string[];
  /** Inline code and short quoted words ("`.fdignore`", "“Painted House”"): how a text names a file, an option, a term. */
  quoted: string[];
  /** Words that state a setting's value ("64MB", "--no-ignore", "max_connections", "disabled"): what a default is. */
  settings: string[];
  /** Names after a preposition of place ("in geneva", "from the netherlands"), file paths and web addresses ("/etc/hosts"). */
  places: string[];
}

/** An e-mail address, or a web address: with its scheme or "www.", or a domain of a common ending ("IRS.gov", "gov.uk/tax"). */
const ONLINE_ADDRESS = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?:\/\/|\bwww\.)[^\s)\]>"'`]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|int|io|info|uk|scot|eu|ca|au|de|fr|us)\b(?:\/[^\s)\]>"'`]*)?/gi;

/**
 * Where a manual says a thing is: an absolute or home-relative path ("/etc/hosts", "~/.ssh/config",
 * "C:\Users\me"), or a web address. A bare "and/or" is not one: a path has a segment before its
 * slash or starts with one.
 */
const LOCATION = /(?<![\p{L}\p{N}/])(?:https?:\/\/[^\s)\]>"'`]+|~?\/[\w.-]+(?:\/[\w.-]*)*|[A-Za-z]:\\[\w.\\-]+)/gu;

let nlp: WinkMethods | undefined;

/** Loads the English model now (about 0.2 s, more on a busy machine) rather than on the first question. */
export function loadNlp(): void {
  winkInstance();
}

/** The wink-nlp instance, loaded on first use rather than at import. */
function winkInstance(): WinkMethods {
  nlp ??= winkNLP(model);
  return nlp;
}

const LOCATIVE = new Set(["in", "at", "near", "inside", "outside", "into", "to", "from", "across", "throughout", "within", "between"]);
const AMOUNT_TYPES = new Set(["CARDINAL", "MONEY", "PERCENT", "DURATION"]);
/** A year as written in prose: 1000–2099. */
export const YEAR = /^(1[0-9]|20)\d\d$/;

/** A month or weekday, in full or abbreviated. */
export const MONTH_OR_DAY =
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/;
const DEICTIC = /\b(?:same|that|this|next|following|previous|past|last|today|tomorrow|yesterday|tonight|now|ago|earlier|later|before|after)\b/;

/** Whether a date entity places its event in time on its own ("1914", "26 July", "Thursday"). */
function isAnchoredDate(value: string): boolean {
  return /\d/.test(value) || MONTH_OR_DAY.test(value) || !DEICTIC.test(value);
}

/**
 * Words that state a setting's value: with a digit ("64MB", "scram-sha-256"), an underscore or a
 * leading dash ("--no-ignore"), and the words settings take ("disabled", "none").
 */
const SETTING_VALUE = /(?<![\p{L}\p{N}_-])(?:[\p{L}\p{N}_.-]*\p{N}[\p{L}\p{N}_.-]*|[\p{L}\p{N}]+_[\p{L}\p{N}_]+|--?\p{L}[\p{L}\p{N}-]*|(?:enabled|disabled|true|false|none|null|empty|unset|unlimited|off|auto|automatic))(?![\p{L}\p{N}_-])/giu;

/**
 * "a reading age of around 10-11", "between 20-30 minutes": a range of numbers, which wink reads as
 * one word and no number; two years ("1914-1918") are a period. Not a date, a version or a code
 * ("2024-01-05", "1.2.3-4"), nor a word's part ("COVID-19").
 */
const NUMBER_RANGE = /(?<![\p{L}\p{N}.,/:_-])\d+(?:[.,]\d+)?\s*-\s*\d+(?:[.,]\d+)?(?![\p{L}\p{N}/:_-]|[.,]\d)/gu;

/** Reads the dates, amounts and names of a text (about 0.3 ms a sentence). */
export function readFacts(text: string): TextFacts {
  const w = winkInstance();
  const folded = foldPunctuation(text);
  const doc = w.readDoc(folded);
  const facts: TextFacts = { dates: [], amounts: [], phones: [], addresses: [], names: [], places: [], frequencies: [], quoted: [], settings: [] };
  for (const e of doc.entities().out(w.its.detail) as unknown as { value: string; type: string }[]) {
    const value = e.value.toLowerCase();
    if (e.type === "DATE" || e.type === "TIME") {
      if (isAnchoredDate(value)) facts.dates.push(value);
    } else if (AMOUNT_TYPES.has(e.type)) (YEAR.test(value) ? facts.dates : facts.amounts).push(value);
  }
  const values = doc.tokens().out(w.its.value) as string[];
  const tags = doc.tokens().out(w.its.pos) as string[];
  let run: string[] = [];
  let runIsPlace = false;
  const flush = () => {
    if (run.length > 0) {
      const name = run.join(" ").toLowerCase();
      facts.names.push(name);
      if (runIsPlace) facts.places.push(name);
    }
    run = [];
  };
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (tags[i] === "PROPN" && /^\p{Lu}/u.test(value)) {
      if (run.length === 0) runIsPlace = precededByLocative(values, tags, i);
      run.push(value);
      continue;
    }
    flush();
    if (tags[i] === "NUM" && YEAR.test(value) && !facts.dates.includes(value)) facts.dates.push(value);
  }
  flush();
  facts.amounts = facts.amounts.filter((amount) => !onlyAsLabel(amount, text) && !onlyInClockTimes(amount, text));
  for (const m of text.matchAll(CLOCK_TIME)) {
    const time = m[0].toLowerCase();
    if (!facts.dates.some((d) => d.includes(time))) facts.dates.push(time);
  }
  for (const m of text.matchAll(PHONE)) if (/^\+|[-.(]/.test(m[0]) && !IP_ADDRESS.test(m[0])) facts.phones.push(m[0]);
  for (const m of folded.matchAll(NUMBER_RANGE)) {
    const [from, to] = m[0].split(/\s*-\s*/);
    if (YEAR.test(from!) && YEAR.test(to!)) facts.dates.push(m[0]);
    else if (!facts.phones.some((phone) => phone.includes(m[0])) && !onlyAsLabel(m[0], folded)) facts.amounts.push(m[0]);
  }
  for (const m of text.matchAll(ONLINE_ADDRESS)) facts.addresses.push(m[0].replace(/[.,;:]+$/, "").toLowerCase());
  for (const m of text.matchAll(FRACTION)) facts.amounts.push(m[0].toLowerCase());
  for (const m of text.matchAll(FREQUENCY)) facts.frequencies.push(m[0].toLowerCase());
  for (const m of text.matchAll(CALENDAR_DAY)) facts.dates.push(m[0].toLowerCase());
  for (const m of text.matchAll(SEASON)) facts.dates.push(m[0].toLowerCase());
  for (const m of text.matchAll(QUOTED)) facts.quoted.push((m[1] ?? m[2] ?? m[3]!).toLowerCase());
  for (const m of text.matchAll(SETTING_VALUE)) facts.settings.push(m[0].toLowerCase());
  for (const m of text.matchAll(LOCATION)) facts.places.push(m[0].replace(/[.,;:]+$/, "").toLowerCase());
  return facts;
}

/** Inline code, or up to five words in double quotes: a name a text gives ("called “new region”"). */
const QUOTED = /`([^`\n]{1,60})`|“([^”\n]{1,60})”|"([^"\n]{1,60})"/g;

/**
 * A telephone number ("1-855-868-0151", "(202) 555-0100", "+44 20 7946 0958"): the number "what number
 * do I call?" asks for, which wink reads as no entity or as loose pieces. One with a "+", hyphen, dot or
 * bracket only: digits apart by spaces alone are as often a list of figures. Not a year in brackets
 * ("(2019) 567-570", a journal's pages), an address of the internet or a card's number (more groups).
 */
const PHONE = /(?<![\p{L}\p{N}+.-])(?:\+?\d{1,3}[ .-]?)?(?:\((?!(?:1[6-9]|20)\d\d\))\d{2,4}\) ?|\d{2,4}[ .-])\d{3,4}[ .-]\d{3,4}(?![\p{L}\p{N}]|[-.]\d)/gu;
/** "192.168.100.200" has a telephone number's shape. */
const IP_ADDRESS = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * A share or multiple in words ("half the size", "a third of", "twice as many"): an answer to "how
 * much", which wink reads as no number. Not "the first half", "half-time", "a third country",
 * "double-click", "double taxation": those count nothing.
 */
const FRACTION =
  /\b(?:(?<!\b(?:first|second|other|latter|former|top|bottom|upper|lower|back|front) )half(?![-\u2010])|(?:a|one|two) (?:third|quarter)s?(?= (?:of|as)\b)|three quarters|twice|thrice|(?:double|triple)(?= (?:the|its|their|his|her|our|your|that|this|what|as|in|to)\b))\b/gi;

/**
 * How often, in general English: "every Tuesday", "each year", "every other week", "every 10 minutes",
 * "twice a month", "three times per year", "once a week", and the adverbs "daily" … "annually".
 */
const FREQUENCY =
  /\b(?:(?:every|each) (?:other |second |few |\d+ |two |three |four |six )?(?:second|minute|hour|day|night|week|month|quarter|year|decade|morning|evening|weekend|(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|may|june|july|august|september|october|november|december)s?|(?:once|twice|thrice|(?:\d+|two|three|four|five|six|several|many) times) (?:a|an|per|each|every) \w+|(?:hourly|daily|nightly|weekly|fortnightly|biweekly|monthly|quarterly|yearly|annually|biannually|semiannually))\b/gi;

/**
 * A day fixed within a recurring period, as rules and schedules give deadlines: "the 10th of the month",
 * "the 15th day of the following month", "the last day of the quarter", "the end of each year". Wink
 * reads these as no date (or "month" as a duration), yet each answers "by when".
 */
const CALENDAR_DAY =
  /\b(?:(?:the )?(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fifth|tenth|fifteenth|twentieth|last|final)(?: (?:business|calendar|working))?(?: day)? of|(?:the )?end of) (?:the|each|every|a|that|its) (?:(?:next|following|same|previous|preceding|calendar|fiscal|tax|first|second|third|fourth) )?(?:month|quarter|year|week)\b/gi;

/**
 * A season as a time of year: "in the spring", "each fall", "of the spring semester", "the winter
 * term". Wink reads none as a date, yet each answers "when" ("Elections of officers will take place the
 * second to last meeting of the spring semester", a new user's trial, T41). "Fall" and "spring" only
 * after a word that makes them a time or before a term's name: "prices fall", "a hot spring" are none.
 */
const SEASON = /\b(?:(?:in|during|each|every|this|next|last|the|of|by|until|before|after)\s+(?:the\s+)?(?:early\s+|late\s+)?(?:spring|summer|autumn|fall|winter)(?!\s+(?:of|from|water|rolls?|onions?)\b)|(?:spring|summer|autumn|fall|winter)\s+(?:semester|term|quarter|session|break|recess|holidays?))\b/gi;

/**
 * A time of day as schedules and listings write it: "17:30", "8:30AM", "9 a.m.", "5PM". Wink reads some
 * ("7 pm") as times but a span of them ("9 a.m. to 5 p.m.", "8:30AM-5PM") as an amount or pieces of one,
 * and a 24-hour "17:30" as nothing; each answers "when" or "what time", none "how many".
 */
const CLOCK_TIME = /(?<![\p{L}\p{N}:.])(?:(?:[01]?\d|2[0-3]):[0-5]\d(?:\s?[ap]\.?m\b(?:\.(?=\s*[\p{Ll}\p{N},;)–-]))?)?|(?:1[0-2]|0?[1-9])\s?[ap]\.?m\b(?:\.(?=\s*[\p{Ll}\p{N},;)–-]))?)(?![\p{N}:])/giu;

/** An amount wink read in a text that is only there as part of a clock time ("9 a.m. to 5 p.m.", the "8" of "8:30AM"). */
function onlyInClockTimes(amount: string, text: string): boolean {
  const lower = foldPunctuation(text).toLowerCase();
  return lower.includes(amount) && !lower.replace(CLOCK_TIME, " ").includes(amount);
}

/** Words that number a part of a text or a work: "Article 10", "paragraph 4", "No. 9", "Op. 125". */
const LABEL = "article|art|paragraph|para|section|sec|chapter|ch|clause|annex|appendix|schedule|part|volume|vol|page|pp?|figure|fig|table|item|rule|footnote|verse|line|no|op";

/**
 * Whether every mention of a number in the text labels a part of a text ("paragraph 4 of Article 10"):
 * such a number counts nothing, so it does not answer "how many".
 */
function onlyAsLabel(amount: string, text: string): boolean {
  const escaped = amount.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const all = text.match(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "giu"))?.length ?? 0;
  const labels = text.match(new RegExp(`\\b(?:${LABEL})\\.?\\s+${escaped}(?![\\p{L}\\p{N}])`, "giu"))?.length ?? 0;
  return all > 0 && labels === all;
}

/** "in Geneva", "from the Netherlands", "at the Hague": up to two determiners or adjectives between. */
function precededByLocative(values: readonly string[], tags: readonly string[], i: number): boolean {
  for (let j = i - 1; j >= Math.max(0, i - 3); j--) {
    if (LOCATIVE.has(values[j]!.toLowerCase())) return true;
    if (tags[j] !== "DET" && tags[j] !== "ADJ") return false;
  }
  return false;
}

export interface TaggedWord {
  readonly word: string;
  readonly pos: string;
}

/**
 * Texts tagged lately. Several stages read the same question (its key words, what it turns on, the
 * names the corpus lacks), each tagging it; the tagger is the costly part, so a question is tagged once.
 */
const TAGGED_TEXTS = 16;
const taggedMemo = new Map<string, readonly TaggedWord[]>();

/** Part-of-speech tagged words of a text, for question analysis. */
export function tagWords(text: string): readonly TaggedWord[] {
  const known = taggedMemo.get(text);
  if (known) return known;
  const w = winkInstance();
  const doc = w.readDoc(foldPunctuation(text));
  const values = doc.tokens().out(w.its.value) as string[];
  const tags = doc.tokens().out(w.its.pos) as string[];
  const tagged = Object.freeze(values.map((word, i) => Object.freeze({ word, pos: tags[i]! })));
  if (taggedMemo.size >= TAGGED_TEXTS) taggedMemo.delete(taggedMemo.keys().next().value!);
  taggedMemo.set(text, tagged);
  return tagged;
}
