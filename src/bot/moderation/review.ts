import { Composer, GrammyError, type Context } from "grammy";
import { redact, secretsOf, type Config } from "../../config.ts";
import { MAX_REVIEW_NOTE, type AnswerLogStore, type ReviewDecision } from "../../logs/store.ts";
import { admitModerator, isModerator, isModeratorChat, NOT_AVAILABLE } from "./access.ts";
import { escapeHtml } from "../html.ts";
import { parseReviewData, renderEntry, reviewKeyboard, STALE_REVIEW } from "./format.ts";

export interface ReviewDeps {
  config: Config;
  log: AnswerLogStore;
}

/** Entries shown by a bare /review; `/review N` shows up to MAX_ITEMS. */
const DEFAULT_ITEMS = 3;
const MAX_ITEMS = 10;
/** The note prompt's first line; a reply to it carries the note. Parsed back, so keep it stable. */
const NOTE_PROMPT = /^Flag #(\d+): reply to this message with your note\./;

/**
 * /review (worst first), /approve ID, /flag ID [note], the approve / flag / flag-with-note buttons
 * on review items and 👎 notices, and replies to the note prompt.
 * Register before any handler that treats text messages as questions: replies to the note prompt
 * are ordinary text messages.
 */
export function createReviewComposer<C extends Context>({ config, log }: ReviewDeps): Composer<C> {
  const composer = new Composer<C>();
  const secrets = secretsOf(config);
  const failure = (error: unknown) =>
    `The answer log could not be read: ${escapeHtml(redact((error as Error).message ?? String(error), secrets))}`;

  composer.command("review", async (ctx) => {
    if (!(await admitModerator(config, ctx))) return;
    const asked = Number.parseInt(ctx.match.trim(), 10);
    const limit = Number.isFinite(asked) && asked > 0 ? Math.min(asked, MAX_ITEMS) : DEFAULT_ITEMS;
    let items;
    let pending;
    try {
      items = await log.query({ review: "pending", order: "worst", limit });
      pending = await log.count({ review: "pending" });
    } catch (error) {
      await ctx.reply(failure(error), { parse_mode: "HTML" });
      return;
    }
    if (items.length === 0) {
      await ctx.reply("Nothing to review.");
      return;
    }
    await ctx.reply(`${items.length} of ${pending} pending, worst first (👎, abstentions, low confidence, the rest):`);
    for (const entry of items) {
      await ctx.reply(renderEntry(entry), { parse_mode: "HTML", reply_markup: reviewKeyboard(entry) });
    }
  });

  const decide = async (ctx: C, decision: ReviewDecision, args: string) => {
    if (!(await admitModerator(config, ctx))) return;
    const m = /^#?(\d{1,15})(?:\s+([\s\S]*))?$/.exec(args.trim());
    if (!m) {
      await ctx.reply(decision === "approve" ? "Usage: /approve ID" : "Usage: /flag ID optional note");
      return;
    }
    const id = Number(m[1]);
    try {
      const entry = await log.review(id, { decision, note: m[2], reviewerId: ctx.from?.id ?? null });
      await ctx.reply(entry ? confirmation(id, decision, m[2]) : `No entry #${id}.`);
    } catch (error) {
      await ctx.reply(failure(error), { parse_mode: "HTML" });
    }
  };
  composer.command("approve", (ctx) => decide(ctx, "approve", ctx.match));
  composer.command("flag", (ctx) => decide(ctx, "flag", ctx.match));

  composer.callbackQuery(/^mod:/, async (ctx) => {
    const parsed = parseReviewData(ctx.callbackQuery.data);
    if (!isModerator(config, ctx.from.id) || !parsed) {
      await ctx.answerCallbackQuery({ text: NOT_AVAILABLE });
      return;
    }
    const { action, entryId, createdAt } = parsed;
    let current;
    try {
      current = await log.get(entryId);
    } catch {
      await ctx.answerCallbackQuery({ text: "The answer log could not be read; try again." });
      return;
    }
    if (!current) {
      await ctx.answerCallbackQuery({ text: `No entry #${entryId}.` });
      return;
    }
    // Another log's entry, or a purged one whose number a new entry took (buttons sent before the
    // time was in their data cannot tell, so they are refused too).
    if (createdAt === undefined || Date.parse(current.time) !== createdAt) {
      await ctx.answerCallbackQuery({ text: STALE_REVIEW, show_alert: true });
      return;
    }
    if (action === "note") {
      await ctx.answerCallbackQuery();
      await ctx.reply(`Flag #${entryId}: reply to this message with your note.`, {
        reply_markup: { force_reply: true, selective: true, input_field_placeholder: "Why is it flagged?" },
      });
      return;
    }
    let entry;
    try {
      entry = await log.review(entryId, { decision: action, reviewerId: ctx.from.id, createdAt });
    } catch {
      // The log has already counted and reported the failure.
      await ctx.answerCallbackQuery({ text: "The answer log could not be written; try again." });
      return;
    }
    if (!entry) {
      await ctx.answerCallbackQuery({ text: STALE_REVIEW, show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery({ text: confirmation(entryId, action) });
    try {
      await ctx.editMessageText(renderEntry(entry), { parse_mode: "HTML", reply_markup: reviewKeyboard(entry) });
    } catch (error) {
      // Pressing the same button twice leaves the text unchanged, which Telegram reports as an error.
      if (!(error instanceof GrammyError && error.description.includes("message is not modified"))) throw error;
    }
  });

  composer.on("message:text", async (ctx, next) => {
    const prompt = ctx.message.reply_to_message;
    const m = prompt?.from?.id === ctx.me.id ? NOTE_PROMPT.exec(prompt.text ?? "") : null;
    if (!m) return next();
    if (!isModerator(config, ctx.from.id) || (ctx.chat.type !== "private" && !isModeratorChat(config, ctx.chat))) {
      await ctx.reply(NOT_AVAILABLE);
      return;
    }
    const id = Number(m[1]);
    try {
      const entry = await log.review(id, { decision: "flag", note: ctx.message.text, reviewerId: ctx.from.id });
      await ctx.reply(entry ? confirmation(id, "flag", ctx.message.text) : `No entry #${id}.`);
    } catch (error) {
      await ctx.reply(failure(error), { parse_mode: "HTML" });
    }
  });

  return composer;
}

function confirmation(id: number, decision: ReviewDecision, note?: string): string {
  if (decision === "approve") return `✅ Approved #${id}.`;
  if (!note?.trim()) return `🚩 Flagged #${id}.`;
  // A Telegram message holds up to 4,096 characters; the log keeps the note's first 2,000.
  return note.trim().length > MAX_REVIEW_NOTE
    ? `🚩 Flagged #${id} with the first ${MAX_REVIEW_NOTE.toLocaleString("en")} characters of your note; the rest was not kept.`
    : `🚩 Flagged #${id} with your note.`;
}
