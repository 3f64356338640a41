import { sentenceSpans } from "../corpus/chunk.ts";
import { tagWords } from "../text/nlp.ts";
import { QUESTION_WORDS, contentTerms, countQuestionWords, foldPunctuation, hasQuestionWord, isStopword, stem } from "../text/words.ts";


/**
 * Sentences addressed to the bot as commands: they are text, never instructions, and carry no
 * topic. Only what plainly speaks to the bot counts ("ignore your instructions", "write me a poem"),
 * not any sentence that opens with "say" or "don't".
 */
const INSTRUCTIONS = [
  /^(please\s+)?(ignore|disregard|forget|override|bypass)\b.*\b(instructions?|rules?|prompts?|previous|above|everything|guidelines|briefings?|sources|quotes?|context)\b/i,
  /^(please\s+)?(you are now|from now on|pretend|act as|roleplay|role-play|stop being|system\s*:|developer mode)/i,
  /^(please\s+)?(print|reveal|show|repeat|output|tell me|give me|write out|display)\s+(me\s+)?(your|the)\s+(system\s+|hidden\s+|initial\s+)?(prompt|instructions|rules|configuration|message)\b/i,
  /^(please\s+)?(write|compose|make up|tell)\s+(me\s+)?(a|an|some)\s+(poem|story|song|joke|essay|haiku|limerick|code|script|rap)\b/i,
  /^(please\s+)?(say|reply|respond|answer)\s+(only\s+)?(with\s+)?["“']?(hello|hi|yes|no|ok|pwned|hacked)\b/i,
  /^(please\s+)?(don't|do not)\s+(quote|cite|use|show)\b/i,
];
const isInstruction = (s: string) => INSTRUCTIONS.some((re) => re.test(s));
/** "Ignore your instructions and tell me …": the part after the command is the question. */
const INSTRUCTION_THEN = /^(please\s+)?(ignore|disregard|forget|bypass|override)\b[^.?!]*?\b(?:and|then|but)\s+(?=\S)/i;

const TRAILING_QUESTION = new RegExp(`\\b(?:${QUESTION_WORDS.join("|")})\\b[^:;]*$`, "i");

/** A command that ends in a question ("…, just tell me: who signed it?") keeps the question. */
function questionPart(sentence: string): string {
  const m = TRAILING_QUESTION.exec(sentence);
  return m && /[?]\s*$/.test(sentence) ? m[0].trim() : "";
}

/**
 * Turns what a user typed into text fit for retrieval: Unicode normalised (full-width letters,
 * invisible characters), markup and bare links dropped, commands to the bot dropped (they are text,
 * never instructions), whitespace collapsed, and a long message bounded, keeping its questions first.
 */
export function cleanQuestion(raw: string, maxChars: number): { text: string; truncated: boolean } {
  const plain = raw
    .normalize("NFKC")
    .replace(/\p{Cf}/gu, "")
    // A bot command typed out of habit ("/ask@MyBot When …?" in the terminal): not a word of the question.
    .replace(/^\s*\/[a-z]\w*(?:@\w+)?(?=\s|$)/i, " ")
    .replace(/<\/?[a-zA-Z][^>]*>/g, " ")
    .replace(/```[\s\S]*?```/g, (m) => m.slice(3, -3))
    .replace(/\]\((?:https?:\/\/|mailto:)[^)]*\)/g, " ")
    .replace(/\b(?:https?:\/\/|www\.)\S+/gi, " ")
    // An underscore inside a word is part of a name ("huge_page_size"), not emphasis.
    .replace(/(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu, " ")
    .replace(/[*`~#>|[\]]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const sentences = sentenceSpans(plain).map((span) => plain.slice(span.start, span.end));
  const kept = sentences
    .map((s) => s.replace(INSTRUCTION_THEN, ""))
    .map((s) => (isInstruction(s) ? questionPart(s) : s))
    .filter((s) => s !== "");
  let text = kept.join(" ");
  if (text.length <= maxChars) return { text, truncated: false };
  const ordered = [...kept.filter((s) => s.includes("?")), ...kept.filter((s) => !s.includes("?"))];
  let bounded = "";
  for (const s of ordered) {
    if (bounded.length + s.length + 1 > maxChars) break;
    bounded += `${s} `;
  }
  text = (bounded.trim() || text.slice(0, maxChars)).trim();
  return { text, truncated: true };
}

/**
 * "value": a setting's default, which a number, a code word or "disabled" states. "address": an e-mail
 * or web address ("What is the email address of the support team?").
 */
export type AnswerType = "date" | "amount" | "person" | "place" | "value" | "address" | "other";

/**
 * The shapes of English questions that ask for one kind of fact, checked in this order ("how long
 * ago" is a date before "how long" is an amount). General English, not fitted to any question set.
 */
const ANSWER_TYPES: readonly [AnswerType, RegExp][] = [
  // "Within what time must it be seconded?" asks how long (a duration is an amount), not when; "during
  // which period", "for what time" ask when.
  ["amount", /\b(within (what|which) (time|period)|(for|over) (what|which) (period|length of time))\b(?! of (day|year))/],
  // "What time zone …?" asks for a zone, not a time.
  ["date", /\b(when|since when|how long ago|(what|which|in what|in which) (year|date|day|month|time|century|decade)s?)\b(?![ -]zones?\b)/],
  ["amount", /\b(how (many|much|large|big|long|old|far|high|tall|wide|deep|fast|often)|by how much|what (percentage|percent|share|proportion|fraction|number|amount|sum|size|rate|total|population|cost|price)s?)\b/],
  // "What value is assumed when the member is absent?" is answered by a number or a code word ("about:blank"), as a
  // default is (an amount is one too). Not "what values": the values an organisation holds are no setting's.
  ["value", /\b(what|which) value\b/],
  ["place", /\b(where|(in|at|from|to)? ?(what|which) (place|city|town|country|region|state|location|capital)s?)\b/],
  ["person", /\b(who|whom|whose)\b/],
];

/**
 * "When does a dispute go to the Court?", "When can I skip a file?": a when-question in the present
 * (or with a modal verb) usually asks on what condition, which a sentence answers without a date.
 * "When did …", "When will …", "When is … held?" and "Since / by / until when does …?" still ask for one.
 */
const ASKS_CONDITION = /(?<!\b(?:since|by|until|till)\s+)\bwhen\s+(?:do|does|don't|doesn't|can|could|should|shall|must|may|might)(?!\w)/i;

export function mayAskCondition(question: string): boolean {
  return ASKS_CONDITION.test(question);
}

/**
 * A question word after the first that follows a word other than "and", "or" or punctuation joins a
 * clause to the question ("How old was she when she died?", "the town where he was born"): it asks
 * nothing of its own, so the question is still one question.
 */
const JOINING_QUESTION_WORD = new RegExp(`(\\b(?:${QUESTION_WORDS.join("|")})\\b.*?\\b(?!and\\b|or\\b)[a-z0-9']+\\s+)(?:${QUESTION_WORDS.join("|")})\\b`, "g");

/** What kind of fact a one-part question asks for; "other" when its shape does not say. */
export function expectedAnswerType(question: string): AnswerType {
  // "What about the treaty: when was it signed?": the lead-in names a topic and asks nothing.
  // "what's the name …", typed "whats", asks "what is the name …".
  const q = foldPunctuation(question).toLowerCase().replace(/\b(?:what|how) about\b/g, "").replace(/\b(what|who|where|when|how|which)'?s\b/g, "$1 is");
  const asked = q.replace(JOINING_QUESTION_WORD, "$1");
  if (countQuestionWords(asked) > 1) return "other";
  return ANSWER_TYPES.find(([, pattern]) => pattern.test(asked))?.[0] ?? headNounType(asked);
}

/**
 * Nouns that name a kind of fact when they head a "what"/"which" question ("What was the retail
 * price of …?", "Which year …?"). General English: measures, money and calendar words, and places
 * ("state" is left out: "What is the state of the talks?" asks how they stand).
 */
const HEAD_NOUN_TYPES: ReadonlyMap<string, AnswerType> = new Map([
  ...["year", "date", "day", "month", "century", "decade", "birthday", "anniversary"].map((n) => [n, "date"] as const),
  ...["number", "amount", "percentage", "percent", "share", "proportion", "fraction", "sum", "size", "rate", "total", "population",
    "cost", "price", "fee", "score", "salary", "wage", "budget", "revenue", "income", "profit", "height", "length", "width", "depth",
    "weight", "mass", "area", "distance", "speed", "temperature", "capacity", "volume", "count", "age", "duration", "toll", "worth"].map((n) => [n, "amount"] as const),
  ...["place", "city", "town", "village", "country", "region", "province", "location", "capital", "continent", "island"].map((n) => [n, "place"] as const),
  // "What was the ship's name?" asks for a name, which a sentence states as a proper noun.
  ["name", "person"],
]);

/**
 * Nouns that, heading the question's noun run, ask who: "Which firm won …?", "Which engineer
 * replaced …?" name a body or a person in a role. Only as the head: "What team sports …?" asks for
 * sports.
 */
const NAMED_HEADS = new Set(["company", "firm", "corporation", "organisation", "organization", "agency", "team", "club", "party",
  "publisher", "manufacturer", "person", "woman", "author", "writer", "poet", "painter", "artist", "architect", "engineer",
  "scientist", "president", "king", "queen", "emperor", "pope", "leader", "founder", "captain", "minister", "judge", "senator", "governor"]);

const BE = /^(?:is|was|are|were|be|been)$/i;
/**
 * "What is the email address of …?", "Which website …?", "What's the URL …?": asks for an address
 * online. Read from the words, not the tagger, which takes "address" after "email" for a verb.
 */
const ASKS_ONLINE_ADDRESS = /\b(?:what|which)(?:\s+(?:is|was|are|were))?(?:\s+(?:the|a|an|its|their|his|her|your|my|our))?\s+(?:(?:e-?mail|web|internet)\s+address(?:es)?|e-?mail(?=\s+(?:of|for)\b)|website|url|homepage)\b(?!\s+(?:say|said|says|tell|told|show|shows|mention))/;
const BOUNDS = /^(?:maximum|minimum|max|min|limit)$/i;
const DEFAULT = /^defaults?$/i;
const singular = (noun: string) => noun.replace(/ies$/, "y").replace(/s$/, "");

/**
 * The kind of fact a "what"/"which" question asks for from the noun it asks about: the last noun of
 * the first run of nouns after the question word, past a verb "be", articles and adjectives ("What
 * was the retail price of …" → price → amount). "What were they worth?" asks an amount too.
 */
function headNounType(asked: string): AnswerType {
  if (/\b(?:what|how much)\b.*\bworth\b/.test(asked)) return "amount";
  if (/\bwhat\b.*\bdefaults? to\b/.test(asked)) return "value";
  if (ASKS_ONLINE_ADDRESS.test(asked)) return "address";
  // "What was ripgrep called before …?", "What is the ship named?": a name (or a code word) answers.
  if (/^(?:\W*\w+\s+)?what (?:is|was|are|were|'s)\s+(?!called\b|named\b)[^,;]*?\b(?:called|named)\b/.test(asked)) return "person";
  const words = tagWords(asked);
  // The question word opens the question, perhaps after a preposition ("In what year …").
  const at = words.findIndex((w) => /^(?:what|which)$/i.test(w.word));
  if (at < 0 || words.slice(0, at).some((w) => w.pos !== "ADP")) return "other";
  const run: string[] = [];
  let bound = false;
  let defaulted = false;
  for (const { word, pos } of words.slice(at + 1)) {
    // "What is the EU's population?": the owner is not what is asked about.
    if (pos === "PART" && /^'s?$/.test(word)) run.length = 0;
    else if (pos === "NOUN") run.push(word.toLowerCase());
    else if (run.length > 0) break;
    else if (!(["DET", "ADJ", "ADV", "PROPN"].includes(pos) || BE.test(word))) break;
    if (BOUNDS.test(word)) bound = true;
    if (DEFAULT.test(word)) defaulted = true;
  }
  // "What is the default timeout of …?": whatever the setting, its default is a value.
  if (defaulted && !bound) return "value";
  // "What is the maximum prison term …?": a maximum or minimum of anything is a quantity.
  if (bound) return "amount";
  // The last noun of the run heads it ("retail price"); the tagger sometimes reads the verb after the
  // noun as one more noun ("country supplies"), so the last noun that names a kind of fact counts.
  if (NAMED_HEADS.has(singular(run[run.length - 1] ?? ""))) return "person";
  const typed = run.reverse().map((noun) => HEAD_NOUN_TYPES.get(singular(noun))).find((type) => type !== undefined);
  return typed ?? "other";
}

/** Words that point back into the message; not the "there" of "is there …?", which points nowhere. */
const POINTS_BACK = /\b(it|its|he|him|his|she|her|they|them|their|this|that|these|those|(?<!\b(?:is|are|was|were|be)\s+)there)\b/i;

/**
 * In a message of several sentences, the ones that ask ("…? "): what the user wants answered. The
 * rest (greetings, why they ask, "please keep it short") would dilute what the answer is matched on.
 * All of it stays when the question points back into it ("when did he meet them?").
 */
export function askingSentences(message: string): string {
  const sentences = sentenceSpans(message).map((span) => message.slice(span.start, span.end).trim());
  const asking = sentences.filter((s) => s.endsWith("?"));
  if (asking.length === 0 || asking.length === sentences.length) return message;
  const kept = asking.join(" ");
  // "… I want it to skip the file. How?": a bare question word asks about what was said before it.
  return POINTS_BACK.test(kept) || contentTerms(kept).length === 0 ? message : kept;
}

/** Most parts one message is answered in: more is rarely a question and costs an embedding each. */
export const MAX_PARTS = 3;

/**
 * "When was X founded? Who leads it?" (or "…, and into which sea does it flow?") asks two things, each perhaps answered by a different
 * passage: parts are answered one by one and joined. Only parts that each hold a question word
 * count, and at most MAX_PARTS of them; anything else is one question.
 */
export function splitCompound(question: string): string[] {
  const parts = question
    .split(new RegExp(`\\?\\s+(?=\\S)|;\\s*|,?\\s+and\\s+(?=(?:(?:in|into|on|at|to|from|for|by|with|of)\\s+)?(?:${QUESTION_WORDS.join("|")})\\b)`, "i"))
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length < 2 || !parts.every(hasQuestionWord)) return [question];
  return parts.length <= MAX_PARTS ? parts : [...parts.slice(0, MAX_PARTS - 1), parts.slice(MAX_PARTS - 1).join(" ")];
}

const PRONOUN = /\b(he|she|it|they|them|him|her|his|its|their|theirs)\b/i;
const LEADING_QUESTION_WORD = new RegExp(`^[^?]*?\\b(?:${QUESTION_WORDS.join("|")})\\b\\s*`, "i");
const AUXILIARY = /^(?:do|does|did|is|are|was|were|has|have|had|will|would|can|could|shall|should|may|might|must)\b/i;

/** Nouns that name the kind of answer rather than what it is about ("which year", "what number"). */
export const ANSWER_NOUNS = new Set(["year", "date", "day", "month", "time", "number", "amount", "percentage", "percent", "share", "kind", "type", "sort", "name", "way", "thing", "one", "part", "people", "person"]);
/** Stems of the nouns that name the kind of answer asked for ("in what year", "what score", "which place"), no topic. */
export const ANSWER_NOUN_STEMS = new Set([...ANSWER_NOUNS, "score", "place"].map(stem));

/**
 * The parts of a compound question lean on each other: "How did X die, and when?" asks "when" of
 * X's death, "When was X born, and when did she marry?" asks about X. A part with nothing to look up
 * but its question phrase ("when", "on what date") borrows the neighbouring part's words after its
 * question phrase ("when" + "did X die"), and so does a later part without a verb ("on whose
 * order?"); a part that points back with a pronoun gets the earlier parts' names, nouns and numbers it
 * lacks appended. `isName` tells names written in lower case ("beethoven").
 */
export function completeParts(parts: readonly string[], isName: (word: string) => boolean = () => false): string[] {
  if (parts.length < 2) return [...parts];
  const hasTopic = (p: string) => contentTerms(p).some((t) => !ANSWER_NOUN_STEMS.has(t));
  return parts.map((part, i) => {
    if (!hasTopic(part)) {
      const neighbour = [...parts.slice(0, i).reverse(), ...parts.slice(i + 1)].find(hasTopic);
      return neighbour ? `${trimEnd(part)} ${bodyOf(neighbour)}` : part;
    }
    if (i === 0) return part;
    // "…, and on whose recommendation?": a part without a verb asks about the earlier part's event.
    if (!hasVerb(part)) return `${trimEnd(part)} ${bodyOf(parts[i - 1]!)}`;
    if (!PRONOUN.test(part)) return part;
    const own = new Set(topicWordsIn(part, isName).map((n) => n.toLowerCase()));
    const borrowed = [...new Map(parts.slice(0, i).flatMap((p) => topicWordsIn(p, isName)).map((n) => [n.toLowerCase(), n])).values()].filter((n) => !own.has(n.toLowerCase()));
    return borrowed.length > 0 ? `${trimEnd(part)} (${borrowed.join(" ")})?` : part;
  });
}

const trimEnd = (text: string) => text.replace(/[?.!\s]+$/, "");

/** A question without its question phrase: "On what date did X open?" → "did X open?". */
function bodyOf(question: string): string {
  const rest = question.replace(LEADING_QUESTION_WORD, "");
  const tokens = rest.split(/\s+/);
  const auxiliary = tokens.slice(0, 4).findIndex((t) => AUXILIARY.test(t));
  return auxiliary > 0 ? tokens.slice(auxiliary).join(" ") : rest;
}

/**
 * A tagged word that names someone or something: a capitalised proper noun, or a lower-case word the
 * corpus writes as a name ("beethoven" typed in lower case).
 */
export function isNameToken({ word, pos }: { word: string; pos: string }, isCorpusName: (word: string) => boolean): boolean {
  return (pos === "PROPN" && /^\p{Lu}/u.test(word)) || (/^\p{Ll}/u.test(word) && !isStopword(word) && isCorpusName(word));
}

/** Whether a text has a verb of its own ("on whose recommendation?" has none). */
function hasVerb(text: string): boolean {
  return tagWords(text).some(({ pos }) => pos === "VERB" || pos === "AUX");
}

/**
 * What a pronoun may stand for: the names of a text as written, its nouns and numbers ("how long is
 * it open?" after "how far in advance is a vote on a PEP announced?" asks about the vote), without
 * the nouns that name the kind of answer ("what date").
 */
function topicWordsIn(text: string, isName: (word: string) => boolean): string[] {
  const names = namesIn(text, isName);
  const nouns = tagWords(text)
    .filter(({ word, pos }) => (pos === "NOUN" || pos === "NUM") && !isStopword(word) && !ANSWER_NOUN_STEMS.has(stem(word.toLowerCase())))
    .map(({ word }) => word);
  return [...names, ...nouns];
}

/** Names of a text as written: proper nouns, and words `isName` knows as names. */
function namesIn(text: string, isName: (word: string) => boolean): string[] {
  return tagWords(text)
    .filter((token) => isNameToken(token, isName))
    .flatMap(({ word }) => word.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2));
}

/** Words that make a "What is …?" ask something of its subject rather than for its definition ("the colour of the ribbon"). */
const ASKS_MORE = /\b(?:of|in|on|for|to|at|by|with|from|about|that|which|who|whom|whose|when|where|why|how|and|or|if|after|before|between|under|than|like|do|does|did|can|could|should|would|will|must)\b|'s\b|’s\b/i;

/** Most words of a subject asked to be defined: "What is the Federal Register's public inspection desk?" is no definition question. */
const MAX_DEFINED_WORDS = 4;

/**
 * The term a question asks to be defined, as written without its article: "What is AutoGen?",
 * "Who was Lukashenko?", "What are column masks?", "What does RCAC stand for?", "What is meant by
 * shadow IT?", "Define fiscal drag". Undefined when the question asks something of its subject
 * ("What is the colour of the ribbon?", "What is EFTA's budget?").
 */
export function definedSubject(question: string): string | undefined {
  const q = question.trim().replace(/[`"“”‘’*]/g, "").replace(/[?.!\s]+$/, "");
  const m =
    /^what\s+is\s+meant\s+by\s+(?:(?:a|an|the)\s+)?(.+)$/i.exec(q) ??
    /^(?:what|who)\s+(?:is|are|was|were)\s+(?:(?:a|an|the)\s+)?(.+)$/i.exec(q) ??
    /^what\s+(?:does|do|did)\s+(?:(?:a|an|the)\s+)?(.+?)\s+(?:mean|stand\s+for)$/i.exec(q) ??
    /^define\s+(?:(?:a|an|the)\s+)?(.+)$/i.exec(q);
  // "What is a lambda in ATF?": the name after "in" says where the term is used, not what is asked of it.
  const subject = m?.[1]?.trim().replace(/\s+in\s+(?:the\s+)?\p{Lu}[\p{L}\p{N}-]*(?:\s+\p{Lu}[\p{L}\p{N}-]*)*$/u, "");
  if (!subject || ASKS_MORE.test(subject) || subject.split(/\s+/).length > MAX_DEFINED_WORDS) return undefined;
  return subject;
}

/**
 * Whether a sentence defines `subject`: "AutoGen is an open-source framework …", "A column mask is a
 * database object …", "Belavia, the national airline, …", "a system called AIKON (…) which …", "Lambda: A callback …". A
 * plural subject matches its singular ("column masks" → "A column mask is …").
 */
export function definesSubject(sentence: string, subject: string): boolean {
  return definingSentence(subject)(sentence);
}

/** `definesSubject` for one subject and many sentences: its pattern built once. */
export function definingSentence(subject: string): (sentence: string) => boolean {
  const names = subject.split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  names[names.length - 1] = `${names[names.length - 1]!.replace(/s$/i, "")}s?`;
  const s = `(?<![\\p{L}\\p{N}_])${names.join("\\s+")}(?![\\p{L}\\p{N}_])`;
  const aside = "(?:\\s*\\([^)]{1,80}\\))?";
  const pattern = new RegExp(
    // "A trace is simply a program path": an adverb may stand between.
    `${s}${aside},?\\s+(?:is|are|was|were|refers?\\s+to|means|stands\\s+for|denotes)\\s+(?:\\p{L}+ly\\s+)?(?:a|an|the|one)\\b` +
      `|${s}${aside}\\s*,\\s+(?:a|an|the)\\s` +
      `|\\b(?:called|named|known\\s+as|termed)\\s+["“]?${s}` +
      // A glossary's entry: "Lambda: A callback implementing business logic."
      `|^[\\s\\p{P}]*${s}${aside}\\s*[:–—]\\s*\\S`,
    "iu",
  );
  return (sentence) => pattern.test(sentence);
}

/**
 * The noun a "how many" question counts: "How many national associations are members …?" →
 * "associations" (the first plural before the verb), "how many kids did …" → "kids".
 */
export function countedNoun(question: string): string | undefined {
  const after = /\bhow\s+many\s+(.+)$/i.exec(question)?.[1];
  if (!after) return undefined;
  const run: string[] = [];
  for (const word of after.toLowerCase().match(/[\p{L}'’-]+/gu) ?? []) {
    if (isStopword(word) || run.length === MAX_COUNTED_WORDS) break;
    run.push(word.replace(/['’]$/, ""));
  }
  return run.find((w) => /[^s]s$/.test(w)) ?? run[run.length - 1];
}
const MAX_COUNTED_WORDS = 3;

/**
 * Number words a count is written in: "three categories", "a dozen eggs". Not "one", which says "one of
 * the members" and "at least one core team member" far more often than it answers how many: a new
 * user's "How many members does the core team have?" quoted the second over "The core team currently has 8 members".
 */
const NUMBER_WORD = /^(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens)$/;
/** A number word written with a hyphen, one token: "twenty-five barons". */
const COMPOUND_NUMBER = /^(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)$/;

/** Whether a sentence counts `noun`: a number, then the noun within three words ("approximately 1800 machines", "five more states"). */
export function countsNoun(sentence: string, noun: string): boolean {
  return countingSentence(noun)(sentence);
}

/** `countsNoun` for one noun and many sentences: its stem taken once, as `definingSentence` builds its pattern once. */
export function countingSentence(noun: string): (sentence: string) => boolean {
  const target = stem(noun);
  return (sentence) => {
    const tokens = sentence.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’.,-]*/gu) ?? [];
    return tokens.some((t, i) => (/^\d/.test(t) || NUMBER_WORD.test(t) || COMPOUND_NUMBER.test(t)) && tokens.slice(i + 1, i + 4).some((w) => stem(w.replace(/[.,'’]+$/, "")) === target));
  };
}
