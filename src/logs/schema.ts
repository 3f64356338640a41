import type { Generated } from "kysely";
import type { Channel, Rating } from "./types.ts";
import type { Outcome, ReviewAction, ReviewStatus } from "./entry.ts";
import type { IdMode } from "./pseudonym.ts";

/**
 * The answer log's tables as both backends store them. Times are milliseconds since the Unix
 * epoch, UTC; JSON columns are text so SQLite and PostgreSQL read them back the same way.
 */
export interface AnswersTable {
  id: Generated<number>;
  created_at: number;
  channel: Channel;
  chat_type: string | null;
  id_mode: IdMode;
  user_ref: string | null;
  chat_ref: string | null;
  update_id: number | null;
  question: string;
  question_key: string;
  rewritten_query: string | null;
  outcome: Outcome;
  answer: string | null;
  abstain_reason: string | null;
  confidence: number | null;
  citations: string;
  related: string;
  retrieved: string;
  verification: string;
  mode: string | null;
  model: string | null;
  index_version: string | null;
  latency_ms: number;
  error: string | null;
  review_status: Generated<ReviewStatus>;
  review_note: string | null;
  reviewed_at: number | null;
  reviewer_ref: string | null;
  /** A moderator's corrected answer (migration 0002). */
  corrected_answer: string | null;
}

/** Every review action, for the console's audit trail (migration 0002). */
export interface ReviewEventsTable {
  id: Generated<number>;
  answer_id: number;
  at: number;
  action: ReviewAction;
  reviewer_ref: string | null;
  note: string | null;
  corrected_answer: string | null;
}

export interface FeedbackTable {
  answer_id: number;
  rater_ref: string;
  rating: Rating;
  at: number;
}

/** Facts about the log itself, one row each (migration 0003); see keyCheck.ts. */
export interface LogSettingsTable {
  name: string;
  value: string;
}

export interface LogDatabase {
  answers: AnswersTable;
  log_settings: LogSettingsTable;
  feedback: FeedbackTable;
  review_events: ReviewEventsTable;
}
