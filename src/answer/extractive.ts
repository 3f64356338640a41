import type { Passage } from "../corpus/types.ts";
import { dot } from "../index/embeddings.ts";
import type { RetrievedRow } from "../retrieve/retriever.ts";
import { contentTerms } from "../retrieve/text.ts";
import { focusWords } from "./focus.ts";
import { expectedAnswerType, satisfiesAnswerType } from "./question.ts";
import type { Citation, RelatedPassage } from "./types.ts";
import type { Vocabulary } from "./vocabulary.ts";

/** A sentence of the index with what selection needs: offsets into its file, vector, content stems. */
export interface IndexedSentence {
  passageRow: number;
  start: number;
  end: number;
  text: string;
  vector: Float32Array;
  terms: ReadonlySet<string>;
}

export interface SentenceSource {
  sentencesOf(passageRow: number): readonly IndexedSentence[];
  passage(row: number): Passage;
  /** Inverse sentence frequency of a stem; the highest value for stems the corpus lacks. */
  idf(stem: string): number;
  vocabulary: Vocabulary;
}

/** Weights of the sentence score and the abstention threshold, fitted on the dev set by `scripts/calibrate.ts`. */
export interface Calibration {
  weights: { similarity: number; coverage: number; relevance: number; unseen: number };
  /** Below this sentence score the engine abstains. */
  threshold: number;
  /** A second sentence joins the answer if it adds missing terms and scores at least this share of the first. */
  secondSentenceRatio: number;
}

export type ExtractiveResult =
  | { status: "answered"; text: string; citations: Citation[]; confidence: number; features: Features }
  | { status: "abstained"; reason: AbstainReason; text: string; related: RelatedPassage[]; confidence: number; features?: Features };

/** The evidence behind the best sentence, kept for calibration and the answer log. */
export interface Features {
  similarity: number;
  coverage: number;
  relevance: number;
  /** Share of the question's term weight on terms the corpus never uses. */
  unseen: number;
}

export type AbstainReason = "no-question" | "unknown-names" | "unknown-focus" | "answer-type" | "low-relevance";

interface Scored {
  sentence: IndexedSentence;
  score: number;
  similarity: number;
  coverage: number;
  relevance: number;
  covered: Set<string>;
}

/** How many retrieved passages contribute candidate sentences. */
const CANDIDATE_PASSAGES = 5;

/**
 * Picks the sentences that answer the question, quoting them verbatim, or abstains. Abstention comes
 * first for questions naming what the corpus never mentions, then for a missing kind of fact (a "when"
 * question and no date), then for a weak best match.
 */
export function answerExtractively(
  question: string,
  /** The question with typos of corpus words corrected, for term matching. */
  corrected: string,
  queryVector: Float32Array,
  retrieved: readonly RetrievedRow[],
  source: SentenceSource,
  calibration: Calibration,
): ExtractiveResult {
  const queryTerms = [...new Set(contentTerms(corrected))];
  const related = () => relatedPassages(retrieved, queryVector, source);
  if (queryTerms.length === 0) {
    return abstain("no-question", "Please ask a question about the briefings, for example about a person, a date or an event they describe.", [], 0);
  }
  const unknown = source.vocabulary.unknownNames(question);
  if (unknown.length > 0) {
    return abstain("unknown-names", `The briefings don't mention ${listOf(unknown)}, so I can't answer that from them.`, related(), 0);
  }
  // "What is the population of …?" on a corpus that never speaks of population: only the topic matches.
  const unknownFocus = focusWords(question).filter((w) => !source.vocabulary.knows(w));
  if (unknownFocus.length > 0) {
    return abstain("unknown-focus", `The briefings never mention ${listOf(unknownFocus)}, so they don't answer that.`, related(), 0);
  }

  const weightOf = (t: string) => source.idf(t);
  const totalWeight = queryTerms.reduce((s, t) => s + weightOf(t), 0);
  const unseen = queryTerms.filter((t) => !source.vocabulary.hasStem(t)).reduce((s, t) => s + weightOf(t), 0) / totalWeight;
  const w = calibration.weights;
  const scored: Scored[] = [];
  for (const hit of retrieved.slice(0, CANDIDATE_PASSAGES)) {
    for (const sentence of source.sentencesOf(hit.row)) {
      const covered = new Set(queryTerms.filter((t) => sentence.terms.has(t)));
      const coverage = [...covered].reduce((s, t) => s + weightOf(t), 0) / totalWeight;
      const similarity = dot(queryVector, sentence.vector);
      scored.push({
        sentence,
        similarity,
        coverage,
        relevance: hit.relevance,
        covered,
        score: w.similarity * similarity + w.coverage * coverage + w.relevance * hit.relevance - w.unseen * unseen,
      });
    }
  }
  scored.sort((a, b) => b.score - a.score);
  const best = scored[0];
  const features = best && { similarity: best.similarity, coverage: best.coverage, relevance: best.relevance, unseen };
  if (!best || best.score < calibration.threshold) {
    return abstain("low-relevance", "I couldn't find an answer to that in the briefings.", related(), best?.score ?? 0, features);
  }

  const type = expectedAnswerType(question);
  // The fact asked for must sit where the question matched best: in the best sentence's passage.
  const typed = scored.find(
    (s) =>
      s.sentence.passageRow === best.sentence.passageRow &&
      s.score >= best.score * calibration.secondSentenceRatio &&
      satisfiesAnswerType(s.sentence.text, type, question),
  );
  if (!typed) {
    const what = type === "time" ? "when that happened" : type === "place" ? "where that was" : "that number or amount";
    return abstain("answer-type", `The briefings don't say ${what}.`, related(), best.score, features);
  }

  const chosen = [typed];
  const missing = queryTerms.filter((t) => !typed.covered.has(t));
  const second = scored.find(
    (s) =>
      s !== typed &&
      s.sentence.passageRow !== typed.sentence.passageRow &&
      s.score >= typed.score * calibration.secondSentenceRatio &&
      missing.some((t) => s.covered.has(t)),
  );
  if (second) chosen.push(second);
  for (const s of [...chosen]) {
    const context = neighbourFor(s, source);
    if (context && !chosen.some((c) => c.sentence === context)) chosen.push({ ...s, sentence: context });
  }
  // Keep document order so that the answer reads as the source does.
  chosen.sort((a, b) => a.sentence.passageRow - b.sentence.passageRow || a.sentence.start - b.sentence.start);

  const citations = chosen.map((s, i) => toCitation(s, i + 1, source));
  const text = citations.map((c) => `${c.quote} [${c.n}]`).join(" ");
  return { status: "answered", text, citations, confidence: best.score, features: features! };
}

const LEADING_PRONOUN = /^["“‘']?(it|this|these|that|those|they|he|she|its|their|his|her|such)\b/i;

/**
 * A sentence that opens with a pronoun needs the sentence before it to be understood; a short
 * sentence whose successor opens with a pronoun usually continues into it ("Kherson was … It supplied
 * grain … earning its reputation as …").
 */
function neighbourFor(s: Scored, source: SentenceSource): IndexedSentence | undefined {
  const siblings = source.sentencesOf(s.sentence.passageRow);
  const i = siblings.indexOf(s.sentence);
  if (i > 0 && LEADING_PRONOUN.test(s.sentence.text)) return siblings[i - 1];
  const next = siblings[i + 1];
  if (next && LEADING_PRONOUN.test(next.text)) return next;
  return undefined;
}

function abstain(reason: AbstainReason, text: string, related: RelatedPassage[], confidence: number, features?: Features): ExtractiveResult {
  return { status: "abstained", reason, text, related, confidence, features };
}

function toCitation(s: Scored, n: number, source: SentenceSource): Citation {
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

/** The closest sentence of each of the top two passages: offered beside an abstention, never as support. */
function relatedPassages(retrieved: readonly RetrievedRow[], queryVector: Float32Array, source: SentenceSource): RelatedPassage[] {
  return retrieved.slice(0, 2).flatMap((hit) => {
    const best = [...source.sentencesOf(hit.row)].sort((a, b) => dot(queryVector, b.vector) - dot(queryVector, a.vector))[0];
    if (!best) return [];
    const p = source.passage(hit.row);
    return [{ passageId: p.id, docId: p.docId, title: p.title, section: p.section, file: p.file, start: best.start, end: best.end, quote: best.text, score: round(hit.relevance) }];
  });
}

function listOf(items: string[]): string {
  const quoted = items.slice(0, 3).map((w) => `“${w}”`);
  return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Joins the answers to the parts of a compound question: the answered parts with renumbered
 * citations (a quote cited twice keeps one number), the unanswered parts as plain statements.
 */
export function joinParts(all: readonly ExtractiveResult[]): ExtractiveResult {
  const parts = all.filter((p) => p.status === "answered" || p.reason !== "no-question");
  if (parts.length === 0) return all[0]!;
  const answered = parts.filter((p): p is Extract<ExtractiveResult, { status: "answered" }> => p.status === "answered");
  if (answered.length === 0) return parts[0]!;
  const citations: Citation[] = [];
  const texts: string[] = [];
  for (const part of parts) {
    if (part.status === "abstained") {
      texts.push(part.text);
      continue;
    }
    let text = part.text;
    for (const c of part.citations) {
      let joined = citations.find((x) => x.passageId === c.passageId && x.start === c.start && x.end === c.end);
      if (!joined) citations.push((joined = { ...c, n: citations.length + 1 }));
      text = text.replace(`[${c.n}]`, `[§${joined.n}]`);
    }
    texts.push(text.replace(/\[§(\d+)\]/g, "[$1]"));
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
