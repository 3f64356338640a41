import { sql, type Insertable, type Kysely } from "kysely";
import { questionKey, toLoggedCitation, toLoggedRelated, type Outcome, type ReviewDecision, type ReviewStatus } from "./entry.ts";
import type { IdMode, Pseudonymise } from "./pseudonym.ts";
import type { AnswersTable, LogDatabase } from "./schema.ts";
import type { AnswerRecord, Rating } from "./types.ts";

/** Longest review note kept, in UTF-16 units; the rest is cut. */
export const MAX_REVIEW_NOTE = 2_000;

export interface ReviewInput {
  decision: ReviewDecision;
  /** Replaces the entry's note when given; an omitted note keeps the previous one only when the status stays (a flag repeated), else clears it. */
  note?: string;
  /** The moderator's Telegram id, pseudonymised like any other; null from the CLI. */
  reviewerId?: number | null;
  /** The entry's creation time (ms) as the moderator saw it: nothing is changed when the entry with this id is another one (a new log, or a number used again). */
  createdAt?: number;
}

/** What turns raw input into stored values: the clock, pseudonyms and secret removal. */
export interface WriteContext {
  now: () => number;
  idMode: IdMode;
  pseudonymise: Pseudonymise;
  /** Redacts secrets and cuts free text to the stored maximum. */
  clean: (text: string) => string;
  /** JSON with secrets removed from its values (never from its syntax); never cut, which would leave it unreadable. */
  cleanJson: (value: unknown) => string;
}

export function answerRow(entry: AnswerRecord, w: WriteContext): Insertable<AnswersTable> {
  const a = entry.answer;
  const outcome: Outcome = a === null ? "error" : a.status;
  const question = w.clean(entry.question);
  return {
    created_at: w.now(),
    channel: entry.channel,
    chat_type: entry.chatType,
    id_mode: w.idMode,
    user_ref: w.pseudonymise(entry.userId),
    chat_ref: w.pseudonymise(entry.chatId),
    update_id: entry.updateId,
    question,
    question_key: questionKey(question),
    rewritten_query: a?.rewrittenQuery === undefined ? null : w.clean(a.rewrittenQuery),
    outcome,
    answer: a === null ? null : w.clean(a.text),
    abstain_reason: a?.status === "abstained" ? w.clean(a.reason) : null,
    confidence: a?.status === "answered" ? a.confidence : null,
    citations: w.cleanJson(a?.status === "answered" ? a.citations.map(toLoggedCitation) : []),
    related: w.cleanJson(a?.status === "abstained" ? a.related.map(toLoggedRelated) : []),
    retrieved: JSON.stringify(a?.retrieved.map((r) => ({ passageId: r.passageId, relevance: r.relevance })) ?? []),
    // Verification notes quote model output, which may echo a secret a user typed.
    verification: w.cleanJson(a?.verification ?? []),
    mode: a?.mode ?? null,
    model: a?.model ?? null,
    index_version: a?.indexVersion ?? null,
    latency_ms: Math.max(0, Math.round(entry.latencyMs)),
    error: entry.error === undefined ? null : w.clean(entry.error),
  };
}

export async function hasUpdate(db: Kysely<LogDatabase>, updateId: number): Promise<boolean> {
  const row = await db.selectFrom("answers").select(sql<number>`1`.as("one")).where("update_id", "=", updateId).executeTakeFirst();
  return row !== undefined;
}

/** Inserts the entry; a replayed update_id keeps the first entry and returns its id. */
export async function insertAnswer(db: Kysely<LogDatabase>, row: Insertable<AnswersTable>): Promise<number> {
  const inserted = await db
    .insertInto("answers")
    .values(row)
    .onConflict((oc) => oc.column("update_id").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (inserted) return inserted.id;
  const existing = await db.selectFrom("answers").select("id").where("update_id", "=", row.update_id!).executeTakeFirst();
  if (!existing) throw new Error("insert changed nothing and found no entry with that update_id");
  return existing.id;
}

/** Keeps why an answer already logged never reached the user; its outcome stays what the engine decided. */
export async function markUndelivered(db: Kysely<LogDatabase>, id: number, error: string): Promise<void> {
  await db.updateTable("answers").set({ error }).where("id", "=", id).execute();
}

/** The chat a rating button was pressed in, as the log stores chats now. */
export interface PressedChat {
  ref: string | null;
  idMode: IdMode;
  /** Telegram's chat type. */
  type: string;
}

/**
 * Whether the entry was answered in the chat the button was pressed in, as far as its stored chat
 * can tell (not with LOG_USER_IDS=none, nor across a change of LOG_USER_IDS). Found by the red team:
 * a button's signature covers its entry id and chat, not the log, and entry ids start again at 1 in
 * a new log (a rotated key, a log moved aside, a new database) and on SQLite once retention has
 * purged every entry: a press on an old answer rated whichever new answer had its id.
 */
function answeredIn(entry: { id_mode: IdMode; chat_ref: string | null; chat_type: string | null }, pressed: PressedChat): boolean {
  if (entry.chat_ref === null || pressed.ref === null || entry.id_mode !== pressed.idMode) return true;
  if (entry.chat_ref === pressed.ref) return true;
  // A group upgraded to a supergroup (a new chat id): its answers went out to the supergroup.
  return entry.chat_type === "group" && pressed.type === "supergroup";
}

/**
 * One rating per rater and entry, the latest winning. Returns "unknown" for a missing entry, else
 * whether this rating is the entry's first 👎 (moderators hear about those).
 */
export async function rate(
  db: Kysely<LogDatabase>,
  entryId: number,
  raterRef: string,
  rating: Rating,
  at: number,
  pressedIn?: PressedChat,
): Promise<"unknown" | { firstDown: boolean }> {
  return db.transaction().execute(async (trx) => {
    const entry = await trx.selectFrom("answers").select(["id", "id_mode", "chat_ref", "chat_type"]).where("id", "=", entryId).executeTakeFirst();
    if (!entry || (pressedIn && !answeredIn(entry, pressedIn))) return "unknown" as const;
    const before = await trx
      .selectFrom("feedback")
      .select(sql<number>`count(*)`.as("n"))
      .where("answer_id", "=", entryId)
      .where("rating", "=", "down")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("feedback")
      .values({ answer_id: entryId, rater_ref: raterRef, rating, at })
      .onConflict((oc) => oc.columns(["answer_id", "rater_ref"]).doUpdateSet({ rating, at }))
      .execute();
    return { firstDown: Number(before.n) === 0 && rating === "down" };
  });
}

/** Records the decision and its audit event; returns false when there is no such entry. */
export async function setReview(db: Kysely<LogDatabase>, id: number, input: ReviewInput, w: WriteContext): Promise<boolean> {
  const status: ReviewStatus = input.decision === "approve" ? "approved" : "flagged";
  const note = input.note?.trim() ? w.clean(input.note.trim()).slice(0, MAX_REVIEW_NOTE) : null;
  const at = w.now();
  const reviewer = w.pseudonymise(input.reviewerId ?? null);
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable("answers")
      .set({
        review_status: status,
        // The note belongs to the decision: one without a note keeps the note of the same decision
        // (a flag repeated), but approving a flagged answer must not leave it showing the flag's reason.
        review_note: note ?? sql<string | null>`CASE WHEN review_status = ${status} THEN review_note ELSE NULL END`,
        reviewed_at: at,
        reviewer_ref: reviewer,
      })
      .where("id", "=", id)
      .$if(input.createdAt !== undefined, (q) => q.where("created_at", "=", input.createdAt!))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await trx.insertInto("review_events").values({ answer_id: id, at, action: input.decision, reviewer_ref: reviewer, note, corrected_answer: null }).execute();
    return true;
  });
}

export interface CorrectionInput {
  /** The answer the bot should have given. */
  answer: string;
  /** The moderator's Telegram id, pseudonymised like any other; null from the CLI. */
  reviewerId?: number | null;
}

/** Keeps a corrected answer and its audit event; the review status stays. Returns false when there is no such entry. */
export async function setCorrection(db: Kysely<LogDatabase>, id: number, input: CorrectionInput, w: WriteContext): Promise<boolean> {
  const answer = w.clean(input.answer.trim());
  if (answer === "") throw new Error("a corrected answer cannot be empty; write the answer the bot should have given");
  const at = w.now();
  const reviewer = w.pseudonymise(input.reviewerId ?? null);
  return db.transaction().execute(async (trx) => {
    const result = await trx.updateTable("answers").set({ corrected_answer: answer, reviewed_at: at, reviewer_ref: reviewer }).where("id", "=", id).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await trx.insertInto("review_events").values({ answer_id: id, at, action: "correct", reviewer_ref: reviewer, note: null, corrected_answer: answer }).execute();
    return true;
  });
}
