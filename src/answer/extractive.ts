import { dot } from "../index/embeddings.ts";
import type { RetrievedRow } from "../retrieve/retriever.ts";
import { candidatesFor, FEATURES, LEADING_PRONOUN, statesAnswerType, type AnalysedQuestion, type Candidate, type Features, type IndexedSentence, type SentenceSource } from "./candidates.ts";
import { isEmptyQuestion, rejection, unknownNames, type AbstainReason, type RuleSwitches } from "./rules.ts";
import { answerScore, sentenceScore, type Calibration, type Margins } from "./score.ts";
import { countedNoun, countingSentence, definedSubject, definingSentence, type AnswerType } from "./question.ts";
import type { Citation, RelatedPassage } from "./types.ts";
import { looksForeign } from "../text/vocabulary.ts";
import { readFacts } from "../text/nlp.ts";
import { contentTerms, stem } from "../text/words.ts";

export type ExtractiveResult =
  | { status: "answered"; text: string; citations: Citation[]; confidence: number; features: Features }
  | { status: "abstained"; reason: AbstainReason; text: string; related: RelatedPassage[]; confidence: number; features?: Features };

/**
 * What a `missing-answer-type` decline says the closest passages lack. "The documents don't say that"
 * claimed more than the answerer knows: the answer may lie in a passage it did not reach.
 */
const KIND_OF_FACT: Record<Exclude<AnswerType, "other">, string> = { date: "date", amount: "number or amount", person: "name", place: "place", value: "value", address: "e-mail or web address" };

/** A second quote joins the answer if it holds question words the first lacks and scores this share of it. */
const SECOND_QUOTE_RATIO = 0.8;

const DECLINE_TEXT: Record<Exclude<AbstainReason, "unknown-name">, string> = {
  "no-question": "Please ask a question about the documents, for example about a person, a date or an event they describe.",
  "unsupported-name": "I couldn't find a passage about that in the documents.",
  "missing-answer-type": "The documents don't say that.",
  "low-score": "I couldn't find an answer to that in the documents.",
};

/**
 * Picks the sentence that answers the question, quoting it verbatim, or declines. The first quote is
 * the best-scoring sentence that no rule rejects; a second sentence may follow when it adds question
 * words the first lacks, then the sentence a quote needs to be understood (a leading "It …").
 */
export function answerExtractively(
  question: AnalysedQuestion,
  retrieved: readonly RetrievedRow[],
  source: SentenceSource,
  calibration: Calibration,
  rules: RuleSwitches = {},
  /** The candidates when already computed (they do not depend on the calibration). */
  candidates?: readonly Candidate[],
): ExtractiveResult {
  const related = (scored: readonly Candidate[] = []) => relatedPassages(retrieved, question.vector, source, scored);
  const abstain = (reason: AbstainReason, text: string, near: RelatedPassage[], confidence: number, features?: Features) =>
    declined(reason, looksForeign(question.text) ? `${IN_ENGLISH} ${text}` : text, near, confidence, features);
  if (rules["no-question"] !== false && isEmptyQuestion(question)) return abstain("no-question", DECLINE_TEXT["no-question"], [], 0);
  const unknown = rules["unknown-name"] !== false ? unknownNames(question, source.vocabulary) : [];
  if (unknown.length > 0) {
    return abstain("unknown-name", `The documents don't mention ${listOf(unknown)}, so I can't answer that from them.`, related(), 0);
  }

  const { scored, best, chosen } = choose(question, candidates ?? candidatesFor(question, retrieved, source), calibration, rules);
  if (!best) return abstain("low-score", DECLINE_TEXT["low-score"], related(), 0);
  if (!chosen) {
    const reason = rejection(best, question, rules)!;
    const text =
      reason === "unsupported-name" ? lackedNamesText(best.missingKeyWords, question.text)
      : reason === "missing-answer-type" && question.expected !== "other" ? `I couldn't find that in the documents: the passages closest to the question give no ${KIND_OF_FACT[question.expected]}.`
      : DECLINE_TEXT[reason as Exclude<AbstainReason, "unknown-name">];
    return abstain(reason, text, related(scored), 0, best.features);
  }
  const confidence = answerScore(chosen.features, chosen.score, marginsOf(chosen, scored), calibration);
  if (rules["low-score"] !== false && confidence < calibration.threshold) {
    return abstain("low-score", DECLINE_TEXT["low-score"], related(scored), confidence, chosen.features);
  }

  const quotes = [chosen];
  const missing = question.terms.filter((t) => !chosen.covered.has(t));
  const second = scored.find(
    (c) =>
      c !== chosen &&
      c.sentence.passageRow !== chosen.sentence.passageRow &&
      c.score >= chosen.score * SECOND_QUOTE_RATIO &&
      missing.some((t) => c.covered.has(t)) &&
      rejection(c, question, rules) === undefined,
  );
  if (second) quotes.push(second);
  const citations = withNeededContext(quotes, source).map((c, i) => toCitation(c, i + 1, source));
  const text = citations.map((c) => `${c.quote} [${c.n}]`).join(" ");
  return { status: "answered", text, citations, confidence, features: chosen.features };
}

/** A quoted sentence shorter than this ("Yes.") may stand anywhere, so it does not tell where a quote was. */
export const MIN_LOCATING_CHARS = 20;

/**
 * "and after that?": the sentence that follows the previous answer's last quote in its document (the
 * rest of its passage, else the next passage of the same document), found in the passages retrieved for
 * the previous answer's words. It is what the text says next, not a guess, hence confidence 1. Declines
 * when the previous quote is not there (a model's answer, or another index) or the document ends there.
 */
export function answerWhatFollows(previousAnswer: string, retrieved: readonly RetrievedRow[], source: SentenceSource): ExtractiveResult {
  const quoted = retrieved
    .flatMap((hit) => source.sentencesOf(hit.row))
    .filter((s) => s.text.length >= MIN_LOCATING_CHARS && previousAnswer.includes(s.text))
    .sort((a, b) => previousAnswer.lastIndexOf(b.text) - previousAnswer.lastIndexOf(a.text))[0];
  const next = quoted && sentencesAfter(quoted, source).find((s) => !previousAnswer.includes(s.text));
  if (!quoted || !next) {
    const text = quoted ? "The documents say nothing after that." : "I can't find the passage I quoted before, so I can't tell what comes after it; please ask the whole question.";
    return declined("low-score", text, [], 0);
  }
  const rank = retrieved.findIndex((hit) => hit.row === quoted.passageRow);
  const following: Candidate = { sentence: next, rank, docId: source.passage(next.passageRow).docId, features: NO_EVIDENCE, covered: new Set(), hasAnswerType: true, missingKeyWords: [], score: 1 };
  const citations = withNeededContext([following], source).map((c, i) => toCitation(c, i + 1, source));
  return { status: "answered", text: citations.map((c) => `${c.quote} [${c.n}]`).join(" "), citations, confidence: 1, features: NO_EVIDENCE };
}

/** Features of an answer that no scoring chose (what follows a quote). */
const NO_EVIDENCE = Object.fromEntries(FEATURES.map((f) => [f, 0])) as Features;

/** The sentences after `sentence` in its passage, then those of the next passage of its document. */
function sentencesAfter(sentence: IndexedSentence, source: SentenceSource): IndexedSentence[] {
  const siblings = source.sentencesOf(sentence.passageRow);
  const row = sentence.passageRow + 1;
  const sameDocument = source.sentencesOf(row).length > 0 && source.passage(row).docId === source.passage(sentence.passageRow).docId;
  return [...siblings.slice(siblings.indexOf(sentence) + 1), ...(sameDocument ? source.sentencesOf(row) : [])];
}

/**
 * How far a candidate's sentence score stands above the best sentence of any other document, and of
 * any other passage. The answer score weighs both: over another passage alone, two passages of one
 * document that both answer ("You will not normally be allowed to carry forward …" in two sections of
 * a handbook) made the bot decline what it found twice. Leave-one-suite-out on the dev sets
 * (session 30, one observation, every fold refitted): both 71.17 %, other document 70.47 %, other
 * passage 70.18 %.
 */
export function marginsOf(candidate: Candidate, scored: readonly Candidate[]): Margins {
  const over = (rival: Candidate | undefined) => candidate.score - (rival?.score ?? 0);
  return {
    document: over(scored.find((c) => c.docId !== candidate.docId)),
    passage: over(scored.find((c) => c.sentence.passageRow !== candidate.sentence.passageRow)),
  };
}

/** Ranks the candidates by sentence score; the chosen one is the best that no rule rejects. */
export function choose(question: AnalysedQuestion, candidates: readonly Candidate[], calibration: Calibration, rules: RuleSwitches = {}) {
  const scored = [...candidates];
  for (const c of scored) c.score = sentenceScore(c.features, calibration);
  scored.sort((a, b) => b.score - a.score);
  preferDefinition(question, scored, rules);
  preferCount(question, scored, rules);
  const best = scored[0];
  return { scored, best, chosen: scored.find((c) => rejection(c, question, rules) === undefined) };
}

/** How far below the best sentence score a sentence that defines what the question asks about may stand and still come first. */
export const DEFINITION_MARGIN = 0.1;

/**
 * "What is AutoGen?" is answered by the sentence that says what it is ("AutoGen is an open-source
 * framework …"), which the sentence score, blind to grammar, may rank just below one that says what
 * it does ("AutoGen serves as …"): a defining sentence close to the best comes first.
 */
function preferDefinition(question: AnalysedQuestion, scored: Candidate[], rules: RuleSwitches): void {
  const subject = definedSubject(question.text);
  if (subject) preferWithinMargin(question, scored, rules, DEFINITION_MARGIN, definingSentence(subject));
}

/**
 * "How many machines …?" is answered by a sentence that counts machines ("approximately 1800
 * machines"), which the sentence score may rank just below one that counts something else in the
 * question's words ("two computations running on a large cluster of machines"): one close to the best comes first.
 */
function preferCount(question: AnalysedQuestion, scored: Candidate[], rules: RuleSwitches): void {
  const noun = countedNoun(question.corrected);
  if (noun) preferWithinMargin(question, scored, rules, COUNT_MARGIN, countingSentence(noun));
}

/**
 * How far below the best a sentence that counts the asked noun may stand and still come first. Narrower
 * than a definition's: a count often leaves its noun unsaid ("500 were taken by Mudie's Library", for
 * "how many copies …", 0.09 above "a first printing of 1250 copies"). On the dev sets, 0.1: +2 first
 * quotes, −1 (that one); 0.05: +2.
 */
export const COUNT_MARGIN = 0.05;

/** Moves the first sentence no rule rejects that `holds` to the top, when it scores within `margin` of the best. */
function preferWithinMargin(question: AnalysedQuestion, scored: Candidate[], rules: RuleSwitches, margin: number, holds: (sentence: string) => boolean): void {
  const best = scored[0];
  if (!best) return;
  const at = scored.findIndex((c) => c.score < best.score - margin || (rejection(c, question, rules) === undefined && holds(c.sentence.text)));
  if (at > 0 && scored[at]!.score >= best.score - margin) scored.unshift(...scored.splice(at, 1));
}

/** Items of a list a quote ending in a colon brings with it. */
const INTRODUCED_ITEMS = 3;

/**
 * The sentences a quote needs to be understood. One that opens with a pronoun needs the sentence
 * before it; a short sentence whose successor opens with a pronoun usually continues into it
 * ("Kherson was … It supplied grain … earning its reputation as …"); one that ends in a colon ("A
 * counter-notice must include:") says nothing without what it introduces: the next sentences, a list's
 * first items, in its passage or, when it ends the passage, the next passage of its document.
 */
export function contextFor(sentence: IndexedSentence, source: SentenceSource): IndexedSentence[] {
  const siblings = source.sentencesOf(sentence.passageRow);
  const i = siblings.indexOf(sentence);
  if (/:\s*$/.test(sentence.text)) {
    const after = siblings.slice(i + 1);
    if (after.length > 0) return after.slice(0, INTRODUCED_ITEMS);
    const row = sentence.passageRow + 1;
    const following = source.sentencesOf(row); // none past the last passage
    return following.length > 0 && source.passage(row).docId === source.passage(sentence.passageRow).docId ? following.slice(0, INTRODUCED_ITEMS) : [];
  }
  if (i > 0 && LEADING_PRONOUN.test(sentence.text)) return [siblings[i - 1]!];
  const next = siblings[i + 1];
  if (next && LEADING_PRONOUN.test(next.text)) return [next];
  return [];
}

/**
 * The quotes in order, each followed by the sentences it needs (`contextFor`): a list's items right
 * after the line that introduces them, before the next quote. A sentence is quoted once.
 */
export function withNeededContext(quotes: readonly Candidate[], source: SentenceSource): Candidate[] {
  const out: Candidate[] = [];
  for (const q of quotes) {
    for (const sentence of [q.sentence, ...contextFor(q.sentence, source)]) {
      const quotedElsewhere = sentence !== q.sentence && quotes.some((o) => o.sentence === sentence);
      if (!quotedElsewhere && !out.some((c) => c.sentence === sentence)) out.push({ ...q, sentence });
    }
  }
  return out;
}

/**
 * The decline of `unsupported-name`, naming what the closest passages lack as the user wrote it
 * ("PR"), so that they can say it as the documents do ("pull request").
 */
function lackedNamesText(missing: readonly string[], asked: string): string {
  const tokens = asked.match(/[\p{L}\p{N}]+(?:\.\d+)?/gu) ?? [];
  const written = missing.map((w) => tokens.find((t) => t.toLowerCase() === w) ?? w);
  return written.length === 0 ? DECLINE_TEXT["unsupported-name"] : `The passages closest to the question don't mention ${listOf(written)}, so I can't answer that from them.`;
}

/** Said before a decline of a question that seems written in another language (offline, nothing translates it). */
const IN_ENGLISH = "I read questions in English, and this one seems to be in another language.";

function declined(reason: AbstainReason, text: string, related: RelatedPassage[], confidence: number, features?: Features): ExtractiveResult {
  return { status: "abstained", reason, text, related, confidence, features };
}

function toCitation(s: Candidate, n: number, source: SentenceSource): Citation {
  const p = source.passage(s.sentence.passageRow);
  return {
    n,
    passageId: p.id,
    docId: p.docId,
    title: p.title,
    section: p.section,
    file: p.file,
    start: s.sentence.start,
    end: s.sentence.end,
    quote: s.sentence.text,
    score: round(Math.max(0, Math.min(1, s.score))),
  };
}

/** Passages offered beside an abstention. */
const RELATED_PASSAGES = 2;

/**
 * Offered beside an abstention, never as support: the best-ranked sentence of each of the two
 * passages whose sentences the answerer ranked highest (the sentence it would have quoted comes
 * first, so a right answer it was not sure enough of is still in front of the user); without ranked
 * sentences, the sentence closest to the question in each of the top two passages.
 */
function relatedPassages(retrieved: readonly RetrievedRow[], queryVector: Float32Array, source: SentenceSource, scored: readonly Candidate[]): RelatedPassage[] {
  const picked: { sentence: IndexedSentence; hit: RetrievedRow }[] = [];
  for (const c of scored) {
    if (picked.length === RELATED_PASSAGES) break;
    const hit = retrieved[c.rank];
    if (hit && !picked.some((p) => p.hit.row === hit.row)) picked.push({ sentence: c.sentence, hit });
  }
  if (picked.length === 0) {
    for (const hit of retrieved.slice(0, RELATED_PASSAGES)) {
      const best = [...source.sentencesOf(hit.row)].sort((a, b) => dot(queryVector, b.vector) - dot(queryVector, a.vector))[0];
      if (best) picked.push({ sentence: best, hit });
    }
  }
  return picked.map(({ sentence, hit }) => {
    const p = source.passage(hit.row);
    return { passageId: p.id, docId: p.docId, title: p.title, section: p.section, file: p.file, start: sentence.start, end: sentence.end, quote: sentence.text, score: round(hit.relevance) };
  });
}

/** Longest name echoed back whole: a pasted 3,000-character token is shown by its start. */
const MAX_ECHOED_CHARS = 40;

function listOf(items: string[]): string {
  const shown = (w: string) => ([...w].length <= MAX_ECHOED_CHARS ? w : `${[...w].slice(0, MAX_ECHOED_CHARS - 1).join("")}…`);
  const quoted = items.slice(0, 3).map((w) => `“${shown(w)}”`);
  return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Longest part of a question named back whole in a joined answer. */
const MAX_NAMED_PART_CHARS = 80;

/** A part of the question as named back: without its closing "?", long ones cut at a word. */
function shownPart(question: string): string {
  const text = question.trim().replace(/[?？!.\s]+$/u, "");
  if ([...text].length <= MAX_NAMED_PART_CHARS) return text;
  const cut = [...text].slice(0, MAX_NAMED_PART_CHARS).join("");
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), MAX_NAMED_PART_CHARS / 2)).trimEnd()}…`;
}

/**
 * Whether another part's quote answers this part too: the part asks for a kind of fact (a date, an
 * amount, a person, …), and the quote states one and holds every name the part gives. A new user's
 * "When did Amazon buy Whole Foods and how much did it pay?" quoted "Amazon bought Whole Foods in August
 * 2017 for $13.7 billion" and then said it could not find how much it paid.
 */
export function quoteAnswersPart(quote: string, part: AnalysedQuestion): boolean {
  if (part.expected === "other" || part.keyWords.length === 0) return false;
  const held = new Set(contentTerms(quote));
  return part.keyWords.every((w) => held.has(stem(w))) && statesAnswerType(readFacts(quote), part, quote);
}

/**
 * Joins the answers to the parts of a compound question (`asked`: each part's question): the answered
 * parts with renumbered citations (a quote cited twice keeps one number), the unanswered parts as plain
 * statements that name the part ("As for “…”: I couldn't find an answer to that in the documents."), so that a decline
 * beside an answer does not read as a decline of the whole.
 */
export function joinParts(all: readonly ExtractiveResult[], asked: readonly string[] = [], answeredByOthers: readonly boolean[] = []): ExtractiveResult {
  const parts = all.map((result, i) => ({ result, question: asked[i], covered: answeredByOthers[i] === true })).filter(({ result: p }) => p.status === "answered" || p.reason !== "no-question");
  if (parts.length === 0) return all[0]!;
  const answered = parts.map((p) => p.result).filter((p): p is Extract<ExtractiveResult, { status: "answered" }> => p.status === "answered");
  if (answered.length === 0) return parts[0]!.result;
  const citations: Citation[] = [];
  const texts: string[] = [];
  const quotedByAnswers = (r: RelatedPassage | undefined) => r !== undefined && answered.some((a) => a.citations.some((c) => c.file === r.file && c.start === r.start && c.end === r.end));
  for (const { result: part, question, covered } of parts) {
    if (part.status === "abstained") {
      // The sentence this part would have quoted, not sure enough alone, is quoted for another part: that
      // quote covers both ("Who can propose amendments, and what share of fellows must sign?"); so does
      // another part's quote that states what this part asks (see quoteAnswersPart).
      if ((part.reason === "low-score" && quotedByAnswers(part.related[0])) || covered) continue;
      texts.push(question ? `As for “${shownPart(question)}”: ${part.text}` : part.text);
      continue;
    }
    // A quote an earlier part already gave is said once ("How did X die, and when?" answered by one
    // sentence; a part's second quote that answered the part before), under its first number.
    const fresh = part.citations.filter((c) => !citations.some((x) => x.passageId === c.passageId && x.start === c.start && x.end === c.end));
    if (fresh.length === 0) continue;
    texts.push(fresh.map((c) => {
      const joined = { ...c, n: citations.length + 1 };
      citations.push(joined);
      return `${c.quote} [${joined.n}]`;
    }).join(" "));
  }
  const first = answered[0]!;
  return {
    status: "answered",
    text: texts.join(" "),
    citations,
    confidence: Math.min(...answered.map((a) => a.confidence)),
    features: first.features,
  };
}
