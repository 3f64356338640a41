import type { Citation, RelatedPassage, RetrievedPassage } from "../answer/types.ts";
import type { Channel, Rating } from "./types.ts";
import type { IdMode } from "./pseudonym.ts";

export type ReviewStatus = "pending" | "approved" | "flagged";
export type ReviewDecision = "approve" | "flag";
/** What the review trail records: a decision, or a corrected answer. */
export type ReviewAction = ReviewDecision | "correct";
/** `error` means no answer was produced; `error` on an answered entry means a later step failed. */
export type Outcome = "answered" | "abstained" | "error";

/** A citation as logged: the quote is stored verbatim, so it outlives corpus changes. */
export type LoggedCitation = Pick<Citation, "n" | "passageId" | "docId" | "title" | "section" | "file" | "start" | "end" | "quote" | "score">;
export type LoggedRelated = Omit<LoggedCitation, "n">;

/** One logged question and what the bot did with it; the shape `npm run logs -- --json` prints. */
export interface LogEntry {
  id: number;
  /** ISO 8601, UTC. */
  time: string;
  channel: Channel;
  chatType: string | null;
  /** How `user` and `chat` were stored when this entry was written. */
  idMode: IdMode;
  /** HMAC-SHA256 hex pseudonym (hash mode), the decimal id (raw mode) or null (none). */
  user: string | null;
  chat: string | null;
  updateId: number | null;
  question: string;
  rewrittenQuery: string | null;
  outcome: Outcome;
  abstained: boolean;
  answer: string | null;
  abstainReason: string | null;
  /** 0..1, answered entries only. */
  confidence: number | null;
  citations: LoggedCitation[];
  /** Passages offered beside an abstention. */
  related: LoggedRelated[];
  retrieved: RetrievedPassage[];
  verification: string[];
  mode: string | null;
  model: string | null;
  indexVersion: string | null;
  latencyMs: number;
  error: string | null;
  /** "down" when anyone rated it 👎, else "up" when anyone rated it 👍, else null. */
  feedback: Rating | null;
  feedbackUp: number;
  feedbackDown: number;
  review: ReviewStatus;
  reviewNote: string | null;
  reviewedAt: string | null;
  /** A moderator's corrected answer, or null. */
  correctedAnswer: string | null;
}

export function toLoggedCitation(c: Citation): LoggedCitation {
  return { n: c.n, passageId: c.passageId, docId: c.docId, title: c.title, section: c.section, file: c.file, start: c.start, end: c.end, quote: c.quote, score: c.score };
}

export function toLoggedRelated(c: RelatedPassage): LoggedRelated {
  return { passageId: c.passageId, docId: c.docId, title: c.title, section: c.section, file: c.file, start: c.start, end: c.end, quote: c.quote, score: c.score };
}

/** Groups rephrasings that differ only in case, spacing and end punctuation. */
export function questionKey(question: string): string {
  return question
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/^[\s"'«“¿¡]+|[\s"'»”?!.。？！]+$/gu, "")
    .trim();
}
