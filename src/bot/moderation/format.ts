import { InlineKeyboard } from "grammy";
import type { LogEntry } from "../../logs/store.ts";
import { escapeHtml, MESSAGE_LIMIT } from "../html.ts";
import { SECTION_SEPARATOR } from "../../corpus/types.ts";
import { shownSection } from "../../answer/json.ts";

// HTML source is never shorter than the text Telegram counts, so fitting the source fits the limit.
const LIMIT = MESSAGE_LIMIT;
const MARGIN = 96;

/**
 * Escapes `text` and cuts it so the escaped result, with its "…", is at most `max` UTF-16 units.
 * Cuts between code points, never inside an escape or a surrogate pair.
 */
export function clip(text: string, max: number): string {
  const full = escapeHtml(text);
  if (full.length <= max) return full;
  let out = "";
  for (const ch of text) {
    const piece = escapeHtml(ch);
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return out + "…";
}

/** A nested section too long to show is cut from the front: its own heading says where the quote sits. */
export function clipSection(section: string, max: number): string {
  const own = section.split(SECTION_SEPARATOR).pop()!;
  const fits = own === section || escapeHtml(section).length <= max;
  return clip(fits ? section : `…${SECTION_SEPARATOR}${own}`, max);
}

type Callback = { action: "approve" | "flag" | "note"; entryId: number; createdAt: number | undefined };
const CODES = { approve: "a", flag: "f", note: "n" } as const;

/**
 * "mod:<a|f|n>:<entry id>:<the entry's creation time, ms in base 36>": under 40 bytes, far under
 * Telegram's 64. Found by the red team: entry ids start again in a new log (a rotated key, a log
 * moved aside, a new database) and on SQLite once retention purged every entry, so a button that
 * named only the id approved or flagged whichever new entry had it. The time tells them apart.
 */
export function reviewData(action: Callback["action"], entry: Pick<LogEntry, "id" | "time">): string {
  return `mod:${CODES[action]}:${entry.id}:${Date.parse(entry.time).toString(36)}`;
}

/** The press; `createdAt` is undefined on buttons sent before it was part of the data. */
export function parseReviewData(data: string): Callback | undefined {
  const m = /^mod:([afn]):(\d{1,15})(?::([0-9a-z]{1,12}))?$/.exec(data);
  if (!m) return undefined;
  const action = m[1] === "a" ? "approve" : m[1] === "f" ? "flag" : "note";
  return { action, entryId: Number(m[2]), createdAt: m[3] === undefined ? undefined : Number.parseInt(m[3], 36) };
}

/** What a press on a review button of another log (or of an entry whose number was used again) is told. */
export const STALE_REVIEW = "This review message is from an older log; run /review again.";

export function reviewKeyboard(entry: Pick<LogEntry, "id" | "time">): InlineKeyboard {
  return new InlineKeyboard()
    .text("✅ Approve", reviewData("approve", entry))
    .text("🚩 Flag", reviewData("flag", entry))
    .text("🚩 Flag with note", reviewData("note", entry));
}

const STATUS = { pending: "⏳ pending", approved: "✅ approved", flagged: "🚩 flagged" } as const;

function outcomeLabel(e: LogEntry): string {
  if (e.outcome === "error") return "❌ error";
  if (e.outcome === "abstained") return "🤷 abstained";
  return e.confidence === null ? "answered" : `answered, confidence ${e.confidence.toFixed(2)}`;
}

/**
 * One log entry for moderators: question, answer, the quotes as they were when answered, and the
 * review status. Shrinks its parts until it fits one message.
 */
export function renderEntry(e: LogEntry, lead?: string): string {
  for (let scale = 1; scale > 0.05; scale *= 0.7) {
    const html = renderScaled(e, lead, scale);
    if (html.length <= LIMIT - MARGIN) return html;
  }
  return `<b>#${e.id}</b> ${clip(e.question, 500)}`;
}

function renderScaled(e: LogEntry, lead: string | undefined, scale: number): string {
  const n = (units: number) => Math.max(20, Math.floor(units * scale));
  const lines: string[] = [];
  if (lead) lines.push(lead);
  const feedback = [e.feedbackDown ? `👎 ${e.feedbackDown}` : "", e.feedbackUp ? `👍 ${e.feedbackUp}` : ""].filter(Boolean).join(" ");
  lines.push(
    [`<b>#${e.id}</b>`, `${e.time.slice(0, 16).replace("T", " ")} UTC`, clip(`${e.channel}${e.chatType ? "/" + e.chatType : ""}`, 40), outcomeLabel(e), feedback, STATUS[e.review]]
      .filter(Boolean)
      .join(" · "),
  );
  lines.push("", `<b>Q:</b> ${clip(e.question, n(600))}`);
  if (e.rewrittenQuery) lines.push(`<i>searched as:</i> ${clip(e.rewrittenQuery, n(200))}`);
  if (e.answer !== null) lines.push("", `<b>A:</b> ${clip(e.answer, n(1400))}`);
  if (e.abstainReason) lines.push(`<i>why abstained:</i> ${clip(e.abstainReason, n(200))}`);
  const shown = e.citations.slice(0, 4);
  for (const c of shown) {
    const where = `${c.file}:${c.start}–${c.end}`;
    const section = shownSection(c);
    lines.push(
      "",
      `<b>[${c.n}]</b> ${clip(c.title, n(80))}${section ? " § " + clipSection(section, n(60)) : ""} <code>${clip(where, n(80))}</code>`,
      `<blockquote>${clip(c.quote, n(1200 / shown.length))}</blockquote>`,
    );
  }
  if (e.citations.length > shown.length) lines.push(`<i>+${e.citations.length - shown.length} more citations</i>`);
  if (e.verification.length > 0) lines.push("", `<i>verification:</i> ${clip(e.verification.join("; "), n(300))}`);
  if (e.error) lines.push("", `<i>error:</i> ${clip(e.error, n(200))}`);
  const meta = [e.indexVersion && `index ${e.indexVersion}`, e.mode, e.model, `${e.latencyMs} ms`].filter(Boolean).join(" · ");
  lines.push("", `<i>${clip(meta, n(160))}</i>`);
  if (e.reviewNote) lines.push(`<b>Note:</b> ${clip(e.reviewNote, n(400))}`);
  return lines.join("\n");
}
