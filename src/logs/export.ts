import type { LogEntry } from "./entry.ts";

export type ExportFormat = "csv" | "jsonl";

type Column = [name: string, value: (e: LogEntry) => string | number | boolean | null, freeText?: boolean];

/** CSV columns use the same names as the JSON fields; lists become readable multi-line cells. */
const COLUMNS: Column[] = [
  ["id", (e) => e.id],
  ["time", (e) => e.time],
  ["channel", (e) => e.channel],
  ["chatType", (e) => e.chatType],
  ["idMode", (e) => e.idMode],
  ["user", (e) => e.user],
  ["chat", (e) => e.chat],
  ["updateId", (e) => e.updateId],
  ["question", (e) => e.question, true],
  ["rewrittenQuery", (e) => e.rewrittenQuery, true],
  ["outcome", (e) => e.outcome],
  ["abstained", (e) => e.abstained],
  ["answer", (e) => e.answer, true],
  ["abstainReason", (e) => e.abstainReason, true],
  ["confidence", (e) => e.confidence],
  ["citations", (e) => e.citations.map((c) => `[${c.n}] ${c.file}:${c.start}-${c.end} "${c.quote}"`).join("\n"), true],
  ["retrieved", (e) => e.retrieved.map((r) => `${r.passageId} (${r.relevance.toFixed(3)})`).join("; ")],
  ["verification", (e) => e.verification.join("\n"), true],
  ["mode", (e) => e.mode],
  ["model", (e) => e.model],
  ["indexVersion", (e) => e.indexVersion],
  ["latencyMs", (e) => e.latencyMs],
  ["error", (e) => e.error, true],
  ["feedback", (e) => e.feedback],
  ["feedbackUp", (e) => e.feedbackUp],
  ["feedbackDown", (e) => e.feedbackDown],
  ["review", (e) => e.review],
  ["reviewNote", (e) => e.reviewNote, true],
  ["reviewedAt", (e) => e.reviewedAt],
  ["correctedAnswer", (e) => e.correctedAnswer, true],
];

/** RFC 4180 quoting. Free text that a spreadsheet would run as a formula gets a leading apostrophe. */
function cell(value: string | number | boolean | null, freeText: boolean): string {
  if (value === null) return "";
  let s = String(value);
  if (freeText && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(): string {
  return COLUMNS.map(([name]) => name).join(",") + "\r\n";
}

export function csvRow(e: LogEntry): string {
  return COLUMNS.map(([, value, freeText]) => cell(value(e), freeText ?? false)).join(",") + "\r\n";
}

export function jsonlRow(e: LogEntry): string {
  return JSON.stringify(e) + "\n";
}
