import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { printable } from "../cli.ts";
import { redact, secretsOf, type Config } from "../config.ts";
import type { LogEntry } from "./entry.ts";
import { sourceName } from "../answer/json.ts";
import { HASH_KEY_FILE } from "./pseudonym.ts";
import { csvHeader, csvRow, ExportFileError, jsonlRow, writeExportFile, type ExportFormat } from "./export.ts";
import { ANSWER_LOG_FILE, AnswerLogError, MAX_REVIEW_NOTE, openAnswerLog, type LogFilter, type LogQuery, type ReviewDecision, type ReviewEvent } from "./store.ts";

export const LOGS_USAGE = `Usage: npm run logs -- [command] [options]

Commands:
  list (default)                 entries, newest first (--worst: the review order)
  show ID                        one entry with its quotes, retrieval and review
  review ID approve|flag         record a review; --note "…" adds a note
  unanswered                     questions the briefings did not answer, most asked first
  stats                          volume, abstention rate, feedback, latency (--days N, default 7)
  export --format csv|jsonl      every matching entry, oldest first (--out FILE, else stdout)
  purge                          delete entries older than LOG_RETENTION_DAYS (or --days N)

Filters (list and export; unanswered takes only --since, --until, --limit):
  --since T --until T            a day such as 2025-03-01 (--until includes it, as the console's "To" does),
                                 a time such as 2025-03-01T09:30 (UTC unless it ends in an offset; --until
                                 excludes it), or an age such as 90m, 12h, 7d, 2w (days are UTC)
  --review pending|approved|flagged   --feedback up|down|none
  --abstained | --answered | --errors --channel telegram|chat|cli   --mode extractive|llm   --text WORDS
  --question TEXT                every wording of a question, grouped as unanswered groups them
  --limit N (list: 50, unanswered: 20)

  --json                         print JSON (list: an array of entries) for scripts`;

export interface CliIo {
  config: Config;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Milliseconds since the epoch, for relative times such as --since 7d. */
  now?: () => number;
}

class UsageError extends Error {
  override name = "UsageError";
}

/** The longest period `stats --days` reports, in days. */
const MAX_STATS_DAYS = 3660;

const COMMANDS = ["list", "show", "review", "unanswered", "stats", "export", "purge"];

const FILTERS = ["since", "until", "review", "feedback", "abstained", "answered", "errors", "channel", "mode", "text", "question"];

/**
 * The options each command reads. Any other is refused rather than ignored: "purge --until
 * 2025-01-01" would otherwise purge everything older than LOG_RETENTION_DAYS, and "export --limit
 * 10" the whole log.
 */
const OPTIONS: Record<string, readonly string[]> = {
  list: [...FILTERS, "limit", "worst", "json"],
  show: ["json"],
  review: ["note", "json"],
  unanswered: ["since", "until", "limit", "json"],
  stats: ["days", "json"],
  export: [...FILTERS, "format", "out"],
  purge: ["days", "json"],
};

/** Runs one `npm run logs` command; returns the process exit code (0 ok, 1 failed, 2 bad usage). */
export async function runLogsCli(argv: readonly string[], io: CliIo): Promise<number> {
  const now = io.now ?? Date.now;
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        since: { type: "string" },
        until: { type: "string" },
        review: { type: "string" },
        feedback: { type: "string" },
        abstained: { type: "boolean" },
        answered: { type: "boolean" },
        errors: { type: "boolean" },
        channel: { type: "string" },
        mode: { type: "string" },
        text: { type: "string" },
        question: { type: "string" },
        limit: { type: "string" },
        worst: { type: "boolean" },
        note: { type: "string" },
        format: { type: "string" },
        out: { type: "string" },
        days: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${LOGS_USAGE}\n`);
    return 2;
  }
  const { values: o, positionals } = args;
  const [command = "list", ...rest] = positionals;
  if (o.help || command === "help") {
    io.stdout(LOGS_USAGE + "\n");
    return 0;
  }
  if (!COMMANDS.includes(command)) {
    io.stderr(`unknown command "${command}"\n\n${LOGS_USAGE}\n`);
    return 2;
  }
  const foreign = Object.keys(o).filter((name) => !OPTIONS[command]!.includes(name));
  if (foreign.length > 0) {
    const takes = OPTIONS[command]!.map((name) => `--${name}`).join(" ");
    io.stderr(`${command} does not take ${foreign.map((name) => `--${name}`).join(", ")}; it takes ${takes}\n\n${LOGS_USAGE}\n`);
    return 2;
  }
  // Opening creates the log (and DATA_DIR and its key): that is for the bot, never for a command
  // that reads or reviews it, where a missing log means a mistyped DATA_DIR more often than not.
  const missing = missingLog(io.config);
  if (missing) {
    io.stderr(missing + "\n");
    return 1;
  }
  let log;
  try {
    // No time limit: a command's report or export of a large log may take longer than an answer may wait.
    log = await openAnswerLog(io.config, { onError: () => {}, now, timeoutMs: 0, answering: false });
  } catch (error) {
    io.stderr(redact((error as Error).message, secretsOf(io.config)) + "\n");
    return 1;
  }
  const print = (value: unknown) => io.stdout(JSON.stringify(value, null, 2) + "\n");
  // Text for a terminal: questions are whatever people typed, so their control characters are shown, not obeyed.
  const show = (text: string) => io.stdout(printable(text));
  try {
    switch (command) {
      case "list": {
        expectArgs(rest, 0, "list");
        const query: LogQuery = { ...filterFrom(o, now()), order: o.worst ? "worst" : "newest", limit: limit(o.limit) ?? 50 };
        const rows = await log.query(query);
        if (o.json) print(rows);
        else show(rows.length === 0 ? "No entries match.\n" : rows.map(summaryLine).join("\n") + "\n");
        return 0;
      }
      case "show": {
        expectArgs(rest, 1, "show ID");
        const entry = await log.get(entryId(rest[0]!));
        if (!entry) return notFound(io, rest[0]!);
        if (o.json) print(entry);
        else show(detail(entry) + trail(await log.reviewTrail(entry.id)));
        return 0;
      }
      case "review": {
        expectArgs(rest, 2, "review ID approve|flag");
        const decision = rest[1];
        if (decision !== "approve" && decision !== "flag") throw new UsageError(`review needs approve or flag, not "${decision}"`);
        if (typeof o.note === "string" && o.note.trim().length > MAX_REVIEW_NOTE) {
          throw new UsageError(`--note is ${o.note.trim().length} characters; a review note keeps at most ${MAX_REVIEW_NOTE}, so shorten it`);
        }
        const entry = await log.review(entryId(rest[0]!), { decision: decision as ReviewDecision, note: o.note, reviewerId: null });
        if (!entry) return notFound(io, rest[0]!);
        if (o.json) print(entry);
        else show(`#${entry.id} is now ${entry.review}${entry.reviewNote ? `; note: ${entry.reviewNote}` : ""}\n`);
        return 0;
      }
      case "unanswered": {
        expectArgs(rest, 0, "unanswered");
        const f = filterFrom(o, now());
        const rows = await log.unanswered({ since: f.since, until: f.until, limit: limit(o.limit) ?? 20 });
        if (o.json) print(rows);
        else if (rows.length === 0) io.stdout("No unanswered questions in this period.\n");
        else {
          io.stdout("Questions the briefings did not answer, most asked first (each wording: list --abstained --question TEXT):\n");
          for (const r of rows) show(`${String(r.count).padStart(5)}×  ${oneLine(r.question, 100)}   (last ${r.lastAsked.slice(0, 10)})\n`);
        }
        return 0;
      }
      case "stats": {
        expectArgs(rest, 0, "stats");
        const days = int(o.days, "--days") ?? 7;
        // One line per day is printed: a mistyped 100000 would print 100,000 lines of zeros.
        if (days < 1 || days > MAX_STATS_DAYS) throw new UsageError(`stats --days must be 1 to ${MAX_STATS_DAYS} (ten years), not ${days}`);
        const s = await log.stats({ days, topUnanswered: 10 });
        if (o.json) print(s);
        else {
          const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);
          show(
            [
              `Answer log ${s.since.slice(0, 10)} – ${s.until.slice(0, 10)} (${s.days} days, UTC)`,
              `questions      ${s.questions}`,
              `abstained      ${s.abstained} (${pct(s.abstentionRate)}), errors ${s.errors}`,
              `feedback       up ${s.feedbackUp}, down ${s.feedbackDown} (${pct(s.feedbackRatio)} up)`,
              `latency        p50 ${s.latencyP50Ms ?? "–"} ms, p95 ${s.latencyP95Ms ?? "–"} ms`,
              `review         ${s.pendingReview} pending, ${s.flagged} flagged`,
              "per day",
              ...s.perDay.map((d) => `  ${d.day} ${String(d.questions).padStart(6)}`),
              "most often unanswered",
              ...(s.topUnanswered.length ? s.topUnanswered.map((q) => `  ${String(q.count).padStart(4)}×  ${oneLine(q.question, 100)}`) : ["  none"]),
            ].join("\n") + "\n",
          );
        }
        return 0;
      }
      case "export": {
        expectArgs(rest, 0, "export");
        const format = (o.format ?? (o.out?.endsWith(".csv") ? "csv" : "jsonl")) as ExportFormat;
        if (format !== "csv" && format !== "jsonl") throw new UsageError(`--format must be csv or jsonl, not "${format}"`);
        const filter = filterFrom(o, now());
        const rows = async (write: (text: string) => void) => {
          if (format === "csv") write("\uFEFF" + csvHeader()); // the BOM makes spreadsheet programs read UTF-8
          return log.each(filter, (e) => write(format === "csv" ? csvRow(e) : jsonlRow(e)));
        };
        if (!o.out) {
          await rows(io.stdout);
          return 0;
        }
        refuseLogFiles(o.out, io.config);
        const n = await writeExportFile(o.out, rows);
        io.stderr(`Wrote ${n} entries to ${o.out}\n`);
        return 0;
      }
      case "purge": {
        expectArgs(rest, 0, "purge");
        const days = int(o.days, "--days") ?? io.config.log.retentionDays;
        if (days <= 0) throw new UsageError("retention is off: set LOG_RETENTION_DAYS or pass --days N");
        const deleted = await log.purge(days);
        if (o.json) print({ deleted, days });
        else io.stdout(`Deleted ${deleted} entries older than ${days} days.\n`);
        return 0;
      }
      default:
        throw new Error(`logs: command "${command}" has no case`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${LOGS_USAGE}\n`);
      return 2;
    }
    if (error instanceof AnswerLogError || error instanceof ExportFileError) {
      io.stderr(redact(error.message, secretsOf(io.config)) + "\n");
      return 1;
    }
    throw error;
  } finally {
    await log.close();
  }
}

/**
 * Refuses an export --out that is the answer log itself, its WAL files or its key (by path, or as
 * the same file through a link): the export replaces its --out, which would have destroyed the log.
 */
function refuseLogFiles(out: string, config: Config): void {
  const target = fs.statSync(out, { throwIfNoEntry: false });
  const log = path.join(config.dataDir, ANSWER_LOG_FILE);
  for (const file of [log, `${log}-wal`, `${log}-shm`, path.join(config.dataDir, HASH_KEY_FILE)]) {
    const kept = fs.statSync(file, { throwIfNoEntry: false });
    if (path.resolve(out) === path.resolve(file) || (target && kept && target.dev === kept.dev && target.ino === kept.ino)) {
      throw new UsageError(`--out ${out} is the answer log's own ${path.basename(file)}, which the export would replace; name another file, such as answers.csv`);
    }
  }
}

/** Why there is no SQLite answer log for `config` to read, or undefined when there is one (or it is in PostgreSQL). */
function missingLog(config: Config): string | undefined {
  if (config.databaseUrl) return undefined;
  const file = path.join(config.dataDir, ANSWER_LOG_FILE);
  const fileState = pathState(file);
  if (fileState !== "missing" && fileState !== "under a file") return undefined; // there, or unreadable: opening it says why, with the fix
  const fix = "set DATA_DIR to the folder the bot runs with (the one holding answers.sqlite), or DATABASE_URL if its log is in PostgreSQL";
  const folder = pathState(config.dataDir);
  if (folder === "missing") return `No answer log at ${file}: DATA_DIR ${config.dataDir} does not exist; ${fix}.`;
  if (folder !== "folder") return `No answer log at ${file}: DATA_DIR ${config.dataDir} is not a folder (it, or a folder on its path, is a file); ${fix}.`;
  return `No answer log at ${file}: nothing has been logged in DATA_DIR ${config.dataDir} yet (the bot, npm run chat and npm run ask create the log with their first answer); if the bot logs elsewhere, ${fix}.`;
}

function pathState(p: string): "missing" | "under a file" | "folder" | "file" | "unreadable" {
  try {
    const stats = fs.statSync(p, { throwIfNoEntry: false });
    return !stats ? "missing" : stats.isDirectory() ? "folder" : "file";
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOTDIR" ? "under a file" : "unreadable";
  }
}

type Options = Record<string, string | boolean | undefined>;

function filterFrom(o: Options, now: number): LogFilter {
  const f: LogFilter = {};
  if (typeof o.since === "string") f.since = time(o.since, now, "--since");
  if (typeof o.until === "string") f.until = time(o.until, now, "--until", { wholeDay: true });
  if (f.since && f.until && f.since >= f.until) {
    throw new UsageError(`--since ${o.since} is not before --until ${o.until} (${f.until.toISOString()}), so no entry could match; swap them or widen the period`);
  }
  if (o.review !== undefined) f.review = oneOf(o.review, ["pending", "approved", "flagged"] as const, "--review");
  if (o.feedback !== undefined) f.feedback = oneOf(o.feedback, ["up", "down", "none"] as const, "--feedback");
  if (o.channel !== undefined) f.channel = oneOf(o.channel, ["telegram", "chat", "cli"] as const, "--channel");
  if (o.mode !== undefined) f.mode = oneOf(o.mode, ["extractive", "llm"] as const, "--mode");
  if ([o.abstained, o.answered, o.errors].filter(Boolean).length > 1) throw new UsageError("choose one of --abstained, --answered, --errors");
  if (o.abstained) f.abstained = true;
  if (o.answered) f.outcome = "answered";
  if (o.errors) f.outcome = "error";
  if (typeof o.text === "string" && o.text.trim()) f.text = o.text.trim();
  if (typeof o.question === "string" && o.question.trim()) f.question = o.question;
  return f;
}

function oneOf<T extends string>(value: string | boolean | undefined, allowed: readonly T[], flag: string): T {
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(", ")}, not "${String(value)}"`);
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** An ISO time: date, hours and minutes, optional seconds, optional offset ("Z", "+02:00"). */
const ISO_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A bound of a time filter. "7d" means seven days before now. A day (2025-03-01) is a UTC day,
 * like the console's From and To: with `wholeDay` (--until) the bound is the end of that day, so
 * "until 2025-03-01" includes it. A time is an instant, UTC unless it carries an offset, as the
 * times `npm run logs` prints are UTC. Anything else (Date.parse would take "12" for 2001-12-01
 * and roll 2025-02-30 over to March 2) is a usage error.
 */
function time(value: string, now: number, flag: string, { wholeDay = false } = {}): Date {
  const v = value.trim();
  const rel = /^(\d+)([mhdw])$/.exec(v);
  if (rel) return new Date(now - Number(rel[1]) * UNIT_MS[rel[2] as keyof typeof UNIT_MS]);
  const at = ISO_TIME.exec(v);
  const day = /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : at?.[1];
  const start = day === undefined ? NaN : Date.parse(`${day}T00:00:00Z`);
  // Date.parse rolls a day that does not exist (2025-02-30) over into the next month.
  if (!Number.isNaN(start) && new Date(start).toISOString().slice(0, 10) === day) {
    if (!at) return new Date(wholeDay ? start + 86_400_000 : start);
    const ms = Date.parse(`${at[1]}T${at[2]}${at[3] ?? "Z"}`);
    if (!Number.isNaN(ms)) return new Date(ms);
  }
  throw new UsageError(`${flag} "${value}" is neither a day such as 2025-03-01, a time such as 2025-03-01T09:30, nor an age such as 7d`);
}

function int(value: string | boolean | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== "string" || !Number.isInteger(n) || n < 0) throw new UsageError(`${flag} must be a whole number, not "${String(value)}"`);
  return n;
}

/** --limit: a whole number from 1 ("--limit 0" showed nothing and said that nothing matched). */
function limit(value: string | boolean | undefined): number | undefined {
  const n = int(value, "--limit");
  if (n === 0) throw new UsageError("--limit must be at least 1, not 0");
  return n;
}

function entryId(value: string): number {
  const n = Number(value.replace(/^#/, ""));
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`"${value}" is not an entry id; ids are the numbers npm run logs lists`);
  return n;
}

function expectArgs(rest: string[], n: number, form: string): void {
  if (rest.length !== n) throw new UsageError(`expected: npm run logs -- ${form}`);
}

function notFound(io: CliIo, id: string): number {
  io.stderr(`No entry ${id.startsWith("#") ? id : "#" + id} in the answer log.\n`);
  return 1;
}

function oneLine(text: string, max: number): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length <= max ? t : t.slice(0, max - 1) + "…";
}

function summaryLine(e: LogEntry): string {
  const fb = e.feedback === "down" ? "👎" : e.feedback === "up" ? "👍" : "  ";
  return `#${String(e.id).padEnd(6)} ${e.time.slice(0, 16).replace("T", " ")}  ${e.channel.padEnd(8)} ${e.outcome.padEnd(9)} ${fb} ${e.review.padEnd(8)} ${oneLine(e.question, 80)}`;
}

function detail(e: LogEntry): string {
  const lines = [
    `#${e.id} · ${e.time} · ${e.channel}${e.chatType ? "/" + e.chatType : ""} · ${e.outcome}${e.confidence !== null ? ` (confidence ${e.confidence.toFixed(2)})` : ""}` +
      ` · 👍 ${e.feedbackUp} 👎 ${e.feedbackDown} · review: ${e.review}`,
    `Question: ${e.question}`,
  ];
  if (e.rewrittenQuery) lines.push(`Searched as: ${e.rewrittenQuery}`);
  if (e.answer !== null) lines.push("Answer:", ...e.answer.split("\n").map((l) => "  " + l));
  if (e.abstainReason) lines.push(`Abstained because: ${e.abstainReason}`);
  if (e.citations.length) {
    lines.push("Citations:");
    for (const c of e.citations) {
      lines.push(`  [${c.n}] ${sourceName(c)} — ${c.file}:${c.start}-${c.end} (relevance ${c.score.toFixed(2)})`);
      lines.push(...c.quote.split("\n").map((l) => `      > ${l}`));
    }
  }
  if (e.related.length) lines.push("Related passages offered:", ...e.related.map((r) => `  ${r.file}:${r.start}-${r.end} ${oneLine(r.quote, 100)}`));
  if (e.retrieved.length) lines.push(`Retrieved: ${e.retrieved.map((r) => `${r.passageId} (${r.relevance.toFixed(3)})`).join(", ")}`);
  if (e.verification.length) lines.push("Verification:", ...e.verification.map((v) => "  - " + v));
  lines.push(`Index ${e.indexVersion ?? "–"} · mode ${e.mode ?? "–"} · model ${e.model ?? "–"} · ${e.latencyMs} ms${e.updateId !== null ? ` · update ${e.updateId}` : ""}`);
  if (e.error) lines.push(`Error: ${e.error}`);
  if (e.reviewNote || e.reviewedAt) lines.push(`Review: ${e.review}${e.reviewedAt ? ` at ${e.reviewedAt}` : ""}${e.reviewNote ? ` — ${e.reviewNote}` : ""}`);
  if (e.correctedAnswer) lines.push("Corrected answer:", ...e.correctedAnswer.split("\n").map((l) => "  " + l));
  return lines.join("\n") + "\n";
}

/** Who did what and when; reviewers are shown as stored (pseudonyms in hash mode), none from the CLI. */
function trail(events: ReviewEvent[]): string {
  if (events.length === 0) return "";
  const line = (e: ReviewEvent) =>
    `  ${e.at} ${e.action}${e.reviewer ? ` by ${e.reviewer}` : ""}${e.note ? ` — ${oneLine(e.note, 200)}` : ""}${e.correctedAnswer ? ` — ${oneLine(e.correctedAnswer, 200)}` : ""}`;
  return ["Trail:", ...events.map(line)].join("\n") + "\n";
}
