import fs from "node:fs";
import path from "node:path";
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

const FILE_FAILURES: Record<string, string> = {
  ENOENT: "its folder does not exist",
  ENOTDIR: "a folder on its path is a file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the disk",
  EDQUOT: "disk quota exceeded",
};

/** Writing an export to its --out file failed; the file that was there is left as it was. */
export class ExportFileError extends Error {
  override name = "ExportFileError";
}

/**
 * Writes an export to `file` through a private temporary file beside it, renamed over `file` once
 * complete: an export that fails half-way (the log away, a full or read-only disk) leaves what
 * `file` held before, not a truncated copy. Through a symbolic link, the file it points to is
 * replaced and the link stays; a device or pipe (`--out /dev/stdout`, a FIFO) is written in place,
 * never replaced. Resolves to what `body` resolves to (the row count).
 */
export async function writeExportFile(file: string, body: (write: (text: string) => void) => Promise<number>): Promise<number> {
  const target = fs.statSync(file, { throwIfNoEntry: false });
  if (target?.isDirectory()) {
    throw new ExportFileError(`--out ${file} is a folder; name a file in it, such as ${path.join(file, "answers.csv")}`);
  }
  const failed = (error: unknown, kept: boolean) =>
    fileError(error, `the export could not be written to ${file}`, kept ? `; anything at ${file} before is left as it was` : "");
  if (target && !target.isFile()) {
    try {
      return await writeTo(file, "w", body);
    } catch (error) {
      throw failed(error, false);
    }
  }
  const real = target ? fs.realpathSync(file) : file;
  const temp = path.join(path.dirname(real), `.${path.basename(real)}.${process.pid}.part`);
  try {
    const n = await writeTo(temp, "wx", body);
    fs.renameSync(temp, real);
    return n;
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw failed(error, true);
  }
}

/** Opens `file` with `flags` (mode 0600 if created), hands `body` a writer, then syncs and closes it. */
async function writeTo(file: string, flags: string, body: (write: (text: string) => void) => Promise<number>): Promise<number> {
  const fd = fs.openSync(file, flags, 0o600);
  try {
    const n = await body((text) => fs.writeSync(fd, text));
    // A device or pipe cannot be synced (EINVAL): what was written is already handed over.
    if (fs.fstatSync(fd).isFile()) fs.fsyncSync(fd);
    return n;
  } finally {
    fs.closeSync(fd);
  }
}

/** `error` as an ExportFileError when the file failed (it names a syscall); the log's own failures pass through. */
function fileError(error: unknown, what: string, suffix: string): unknown {
  const e = error as NodeJS.ErrnoException;
  if (!e?.syscall) return error;
  const why = (e.code && FILE_FAILURES[e.code]) ?? e.code ?? e.message;
  return new ExportFileError(`${what} (${why})${suffix}`, { cause: error });
}
