import type { LogEntry } from "../logs/store.ts";
import { CHANNEL, FEEDBACK, filterQuery, MODE, OUTCOME, REVIEW, type FilterForm } from "./filters.ts";
import { html, raw, type Html } from "./layout.ts";

export const PAGE_SIZE = 25;

export interface QueueView {
  form: FilterForm;
  problems: string[];
  entries: LogEntry[];
  total: number;
  /** From 1. */
  page: number;
}

const LABELS: Record<string, string> = {
  down: "👎 rated down",
  up: "👍 rated up",
  none: "not rated",
  pending: "pending",
  approved: "approved",
  flagged: "flagged",
  answered: "answered",
  abstained: "declined",
  error: "error",
  extractive: "extractive",
  llm: "llm (generated)",
  telegram: "Telegram",
  chat: "terminal chat",
  cli: "command line",
};

function select(name: keyof FilterForm, label: string, values: readonly string[], current: string): Html {
  return html`<div><label for="f-${name}">${label}</label>
<select id="f-${name}" name="${name}">
<option value="">any</option>
${values.map((v) => html`<option value="${v}"${v === current ? raw(" selected") : ""}>${LABELS[v] ?? v}</option>`)}
</select></div>`;
}

export function filterForm(form: FilterForm, action: string, hidden: Record<string, string> = {}): Html {
  return html`<form method="get" action="${action}" class="card filters" aria-label="Filters">
${Object.entries(hidden).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
<div><label for="f-since">From (UTC)</label><input id="f-since" type="date" name="since" value="${form.since}"></div>
<div><label for="f-until">To (UTC, inclusive)</label><input id="f-until" type="date" name="until" value="${form.until}"></div>
${select("feedback", "Feedback", FEEDBACK, form.feedback)}
${select("review", "Review status", REVIEW, form.review)}
${select("outcome", "Outcome", OUTCOME, form.outcome)}
${select("mode", "Mode", MODE, form.mode)}
${select("channel", "Channel", CHANNEL, form.channel)}
<div><label for="f-q">Text</label><input id="f-q" type="search" name="q" value="${form.q}" placeholder="words in question or answer"></div>
${form.question !== "" ? html`<div><label for="f-question">Same question as (any wording)</label><input id="f-question" type="search" name="question" value="${form.question}"></div>` : ""}
<div class="actions"><button type="submit" class="primary">Apply filters</button> <a href="${action}">Clear</a></div>
</form>`;
}

/** Badges for one entry: outcome, feedback, review status, mode. */
export function badges(e: LogEntry): Html {
  return html`<span class="badge ${e.outcome}">${LABELS[e.outcome]}${e.confidence !== null ? ` · confidence ${e.confidence.toFixed(2)}` : ""}</span>
${e.feedbackDown > 0 ? html`<span class="badge down">👎 ${e.feedbackDown}</span>` : ""}
${e.feedbackUp > 0 ? html`<span class="badge up">👍 ${e.feedbackUp}</span>` : ""}
<span class="badge ${e.review}">${e.review}</span>
${e.mode ? html`<span class="badge">${e.mode}</span>` : ""}`;
}

export function queuePage(v: QueueView): Html {
  const pages = Math.max(1, Math.ceil(v.total / PAGE_SIZE));
  const first = (v.page - 1) * PAGE_SIZE;
  const exportQuery = (format: string) => filterQuery(v.form, { format });
  return html`<h1>Review queue</h1>
${v.problems.map((p) => html`<p class="notice" role="alert">${p}</p>`)}
${filterForm(v.form, "/")}
<p role="status">${v.total} ${v.total === 1 ? "answer matches" : "answers match"}, worst first (👎, then declined, then low confidence).
Export this view: <a href="/export?${exportQuery("csv")}">CSV</a> · <a href="/export?${exportQuery("jsonl")}">JSONL</a></p>
${v.entries.length === 0
  ? html`<p class="card">Nothing matches these filters.</p>`
  : html`<ol class="queue" start="${first + 1}">
${v.entries.map(
  (e, i) => html`<li>
<a class="q" href="/answers/${e.id}?${filterQuery(v.form, { pos: first + i })}">#${e.id} ${e.question.length > 200 ? e.question.slice(0, 199) + "…" : e.question}</a>
<div class="badges"><time datetime="${e.time}">${e.time.slice(0, 16).replace("T", " ")} UTC</time> ${badges(e)} <span>${e.channel}</span></div>
</li>`,
)}
</ol>`}
<nav class="pager" aria-label="Pages">
${v.page > 1 ? html`<a rel="prev" href="/?${filterQuery(v.form, { page: v.page - 1 })}">← Previous page</a>` : ""}
<span>Page ${v.page} of ${pages}</span>
${v.page < pages ? html`<a rel="next" href="/?${filterQuery(v.form, { page: v.page + 1 })}">Next page →</a>` : ""}
</nav>`;
}
