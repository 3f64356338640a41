import type { DailyFigures, LogStats } from "../logs/store.ts";
import { dailyChart } from "./charts.ts";
import { filterQuery, type FilterForm } from "./filters.ts";
import { html, raw, type Html } from "./layout.ts";

export const WINDOWS = [7, 30, 90] as const;

export interface InsightsView {
  days: number;
  stats: LogStats;
  daily: DailyFigures[];
}

const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);
const ms = (x: number | null) => (x === null ? "–" : `${x} ms`);

function numbers(caption: string, head: string[], rows: (string | number)[][]): Html {
  return html`<details><summary>${caption} as a table</summary><div class="table-wrap"><table>
<thead><tr>${head.map((h, i) => html`<th scope="col"${i > 0 ? raw(' class="num"') : ""}>${h}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${r.map((c, i) => (i === 0 ? html`<th scope="row">${c}</th>` : html`<td class="num">${c}</td>`))}</tr>`)}</tbody>
</table></div></details>`;
}

export function insightsPage(v: InsightsView): Html {
  const s = v.stats;
  const days = v.daily.map((d) => d.day);
  const rate = v.daily.map((d) => (d.questions === 0 ? null : d.abstained / d.questions));
  // Every wording grouped under the question, in the same period, so the queue holds the N of "asked N×".
  const unansweredLink = (question: string) =>
    `/?${filterQuery({ since: s.since.slice(0, 10), until: s.until.slice(0, 10), feedback: "", review: "", outcome: "abstained", mode: "", channel: "", q: "", question } satisfies FilterForm)}`;
  return html`<h1>Insights</h1>
<form method="get" action="/insights" class="card period" aria-label="Period">
<div><label for="days">Period</label>
<select id="days" name="days">${WINDOWS.map((d) => html`<option value="${d}"${d === v.days ? raw(" selected") : ""}>last ${d} days</option>`)}</select></div>
<button type="submit">Show</button>
</form>
<p class="muted">${s.since.slice(0, 10)} – ${s.until.slice(0, 10)}, UTC days.</p>
<div class="kpis">
<div class="kpi"><span class="v">${s.questions}</span>questions</div>
<div class="kpi"><span class="v">${pct(s.abstentionRate)}</span>declined (${s.abstained})</div>
<div class="kpi"><span class="v">👍 ${s.feedbackUp} · 👎 ${s.feedbackDown}</span>${pct(s.feedbackRatio)} positive</div>
<div class="kpi"><span class="v">${ms(s.latencyP50Ms)}</span>latency p50</div>
<div class="kpi"><span class="v">${ms(s.latencyP95Ms)}</span>latency p95</div>
<div class="kpi"><span class="v">${s.pendingReview}</span>pending review · ${s.flagged} flagged</div>
</div>
<div class="charts">
<figure>
<figcaption id="c-q">Questions per day</figcaption>
${raw(dailyChart({ id: "chart-questions", title: "Questions per day", summary: `${s.questions} questions over ${v.daily.length} days, at most ${Math.max(0, ...v.daily.map((d) => d.questions))} on one day.`, days, kind: "bars", series: [{ name: "answered", color: "#1d4ed8", values: v.daily.map((d) => d.questions - d.abstained - d.errors) }, { name: "declined", color: "#f79009", values: v.daily.map((d) => d.abstained) }, { name: "error", color: "#b42318", values: v.daily.map((d) => d.errors) }] }))}
${numbers("Questions per day", ["Day", "Questions", "Declined", "Errors"], v.daily.map((d) => [d.day, d.questions, d.abstained, d.errors]))}
</figure>
<figure>
<figcaption>Declined rate per day</figcaption>
${raw(dailyChart({ id: "chart-declined", title: "Declined rate per day", summary: `Share of questions declined each day; ${pct(s.abstentionRate)} over the period.`, days, kind: "lines", yMax: 1, format: (x) => `${Math.round(x * 100)}%`, series: [{ name: "declined rate", color: "#f79009", values: rate }] }))}
${numbers("Declined rate", ["Day", "Declined rate"], v.daily.map((d, i) => [d.day, pct(rate[i]!)]))}
</figure>
<figure>
<figcaption>Feedback per day</figcaption>
${raw(dailyChart({ id: "chart-feedback", title: "Feedback per day", summary: `${s.feedbackUp} thumbs up and ${s.feedbackDown} thumbs down given to the period's answers.`, days, kind: "bars", series: [{ name: "👍 up", color: "#12b76a", values: v.daily.map((d) => d.feedbackUp) }, { name: "👎 down", color: "#d92d20", values: v.daily.map((d) => d.feedbackDown) }] }))}
${numbers("Feedback", ["Day", "👍", "👎"], v.daily.map((d) => [d.day, d.feedbackUp, d.feedbackDown]))}
</figure>
<figure>
<figcaption>Latency per day</figcaption>
${raw(dailyChart({ id: "chart-latency", title: "Latency per day, p50 and p95", summary: `Median ${ms(s.latencyP50Ms)} and 95th percentile ${ms(s.latencyP95Ms)} over the period.`, days, kind: "lines", format: (x) => `${Math.round(x)} ms`, series: [{ name: "p50", color: "#1d4ed8", values: v.daily.map((d) => d.latencyP50Ms) }, { name: "p95", color: "#7a2e0e", values: v.daily.map((d) => d.latencyP95Ms) }] }))}
${numbers("Latency", ["Day", "p50 (ms)", "p95 (ms)"], v.daily.map((d) => [d.day, d.latencyP50Ms ?? "–", d.latencyP95Ms ?? "–"]))}
</figure>
</div>
<section aria-labelledby="h-unanswered"><h2 id="h-unanswered">Most asked, not answered</h2>
<p class="muted">Questions the corpus could not answer, most often asked first: candidates for new briefings.</p>
${s.topUnanswered.length === 0
  ? html`<p class="card">None in this period.</p>`
  : html`<ol class="queue">${s.topUnanswered.map((q) => html`<li><a class="q" href="${unansweredLink(q.question)}">${q.question}</a><div class="badges"><span class="badge abstained">asked ${q.count}×</span><span>last ${q.lastAsked.slice(0, 10)}</span></div></li>`)}</ol>`}
</section>`;
}
