import type { LogFilter } from "../logs/store.ts";

/**
 * The queue's filters as they travel in URLs: the same query string drives the queue, the answer
 * page's previous/next links and the export, so each shows the same view.
 */

const DAY_MS = 86_400_000;

export const FEEDBACK = ["down", "up", "none"] as const;
export const REVIEW = ["pending", "approved", "flagged"] as const;
export const OUTCOME = ["answered", "abstained", "error"] as const;
export const MODE = ["extractive", "llm"] as const;
export const CHANNEL = ["telegram", "chat", "cli"] as const;

/** The form's values as typed; empty strings mean "any". */
export interface FilterForm {
  since: string;
  until: string;
  feedback: string;
  review: string;
  outcome: string;
  mode: string;
  channel: string;
  q: string;
  /** Any wording of this question (the Insights page's "asked N×" links). */
  question: string;
}

export interface ParsedFilters {
  form: FilterForm;
  filter: LogFilter;
  /** One sentence per value that was ignored, naming the field and what it accepts. */
  problems: string[];
}

const KEYS = ["since", "until", "feedback", "review", "outcome", "mode", "channel", "q", "question"] as const;

export function parseFilters(params: URLSearchParams): ParsedFilters {
  const form = Object.fromEntries(KEYS.map((k) => [k, (params.get(k) ?? "").trim()])) as unknown as FilterForm;
  const filter: LogFilter = {};
  const problems: string[] = [];
  const pick = <T extends string>(key: keyof FilterForm, allowed: readonly T[], label: string): T | undefined => {
    const v = form[key];
    if (v === "") return undefined;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    problems.push(`${label} "${v}" is not one of ${allowed.join(", ")}; it was ignored.`);
    form[key] = "";
    return undefined;
  };
  const day = (key: "since" | "until", label: string): number | undefined => {
    const v = form[key];
    if (v === "") return undefined;
    const ms = /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00Z`) : NaN;
    // Date.parse rolls 2025-02-30 over to March 2; a day that does not exist is named instead.
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== v) {
      problems.push(`${label} "${v}" is not a date such as 2025-03-01; it was ignored.`);
      form[key] = "";
      return undefined;
    }
    return ms;
  };
  const since = day("since", "From");
  const until = day("until", "To");
  if (since !== undefined) filter.since = new Date(since);
  // "To" is inclusive: the whole day counts.
  if (until !== undefined) filter.until = new Date(until + DAY_MS);
  if (since !== undefined && until !== undefined && since > until) {
    problems.push(`From ${form.since} is after To ${form.until}, so no answer can match; swap them.`);
  }
  filter.feedback = pick("feedback", FEEDBACK, "Feedback");
  filter.review = pick("review", REVIEW, "Review status");
  filter.outcome = pick("outcome", OUTCOME, "Outcome");
  filter.mode = pick("mode", MODE, "Mode");
  filter.channel = pick("channel", CHANNEL, "Channel");
  if (form.q !== "") filter.text = form.q.slice(0, 200);
  if (form.question !== "") filter.question = form.question;
  for (const k of Object.keys(filter) as (keyof LogFilter)[]) if (filter[k] === undefined) delete filter[k];
  return { form, filter, problems };
}

/** The non-empty filters as a query string ("" or "a=b&…"), plus any extra parameters. */
export function filterQuery(form: FilterForm, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams();
  for (const k of KEYS) if (form[k] !== "") params.set(k, form[k]);
  for (const [k, v] of Object.entries(extra)) params.set(k, String(v));
  return params.toString();
}

/** A whole number ≥ min from a query parameter, or the fallback. */
export function intParam(value: string | undefined | null, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  return value !== undefined && value !== null && value !== "" && Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}
