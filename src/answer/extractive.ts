import type { Passage } from "../corpus/types.ts";
import { dot } from "../index/embeddings.ts";
import type { RetrievedRow } from "../retrieve/retriever.ts";
import { contentTerms } from "../retrieve/text.ts";
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
  weights: { similarity: number; coverage: number; relevance: number };
  /** Below this sentence score the engine abstains. */
  threshold: number;
  /** A second sentence joins the answer if it adds missing terms and scores at least this share of the first. */
  secondSentenceRatio: number;
}

export type ExtractiveResult =
  | { status: "answered"; text: string; citations: Citation[]; confidence: number }
  | { status: "abstained"; reason: AbstainReason; text: string; related: RelatedPassage[]; confidence: number };

export type AbstainReason = "no-question" | "unknown-names" | "answer-type" | "low-relevance";

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
  queryVector: Float32Array,
  retrieved: readonly RetrievedRow[],
  source: SentenceSource,
  calibration: Calibration,
): ExtractiveResult {
  const queryTerms = [...new Set(contentTerms(question))];
  const related = () => relatedPassages(retrieved, queryVector, source);
  if (queryTerms.length === 0) {
    return abstain("no-question", "Please ask a question about the briefings, for example about a person, a date or an event they describe.", [], 0);
  }
  const unknown = source.vocabulary.unknownNames(question);
  if (unknown.length > 0) {
    return abstain("unknown-names", `The briefings don't mention ${listOf(unknown)}, so I can't answer that from them.`, related(), 0);
  }

  const weightOf = (t: string) => source.idf(t);
  const totalWeight = queryTerms.reduce((s, t) => s + weightOf(t), 0);
  const scored: Scored[] = [];
  for (const hit of retrieved.slice(0, CANDIDATE_PASSAGES)) {
    for (const sentence of source.sentencesOf(hit.row)) {
      const covered = new Set(queryTerms.filter((t) => sentence.terms.has(t)));
      const coverage = [...covered].reduce((s, t) => s + weightOf(t), 0) / totalWeight;
      const similarity = dot(queryVector, sentence.vector);
      const w = calibration.weights;
      scored.push({
        sentence,
        similarity,
        coverage,
        relevance: hit.relevance,
        covered,
        score: w.similarity * similarity + w.coverage * coverage + w.relevance * hit.relevance,
      });
    }
  }
  scored.sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best || best.score < calibration.threshold) {
    return abstain("low-relevance", "I couldn't find an answer to that in the briefings.", related(), best?.score ?? 0);
  }

  const type = expectedAnswerType(question);
  const typed = scored.find((s) => s.score >= best.score * calibration.secondSentenceRatio && satisfiesAnswerType(s.sentence.text, type));
  if (!typed) {
    const what = type === "time" ? "when that happened" : "that number or amount";
    return abstain("answer-type", `The briefings don't say ${what}.`, related(), best.score);
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
  // Keep document order so that the answer reads as the source does.
  chosen.sort((a, b) => a.sentence.passageRow - b.sentence.passageRow || a.sentence.start - b.sentence.start);

  const citations = chosen.map((s, i) => toCitation(s, i + 1, source));
  const text = citations.map((c) => `${c.quote} [${c.n}]`).join(" ");
  return { status: "answered", text, citations, confidence: typed.score };
}

function abstain(reason: AbstainReason, text: string, related: RelatedPassage[], confidence: number): ExtractiveResult {
  return { status: "abstained", reason, text, related, confidence };
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
