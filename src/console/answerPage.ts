import type { Passage } from "../corpus/types.ts";
import { sourceName } from "../answer/json.ts";
import type { LogEntry, LoggedCitation, ReviewEvent } from "../logs/store.ts";
import { badges } from "./queuePage.ts";
import { html, type Html } from "./layout.ts";

/** Finds a passage of the index the bot answers from now; undefined when it is not there (rebuilt since). */
export type PassageLookup = (passageId: string) => Passage | undefined;

export interface AnswerView {
  entry: LogEntry;
  trail: ReviewEvent[];
  passages: PassageLookup;
  /** The index answering now, to say whether passages come from the same build as the answer. */
  currentIndexVersion?: string;
  /** Queue position and neighbours in the filtered queue; links keep the filters. */
  prevHref?: string;
  nextHref?: string;
  queueHref: string;
  /** Query string that brings a form's redirect back to this view. */
  back: string;
  csrfToken: string;
  /** What the last action did, shown once after the redirect. */
  done?: string;
  reviewerLabel: (reviewer: string | null) => string;
}

/**
 * The quote inside its passage: by the logged offsets when the passage still holds that text, else by
 * searching the passage for it. Undefined when the passage is gone or no longer holds the quote.
 */
export function locateQuote(c: Pick<LoggedCitation, "quote" | "start" | "end" | "file">, p: Passage | undefined): { before: string; quote: string; after: string } | undefined {
  if (!p || c.quote === "") return undefined;
  let at = -1;
  if (p.file === c.file && p.start <= c.start && c.end <= p.end && p.text.slice(c.start - p.start, c.end - p.start) === c.quote) at = c.start - p.start;
  else at = p.text.indexOf(c.quote);
  if (at < 0) return undefined;
  return { before: p.text.slice(0, at), quote: c.quote, after: p.text.slice(at + c.quote.length) };
}

/** The answer text with each [n] linked to its quote below. */
function answerWithMarks(text: string, cited: Set<number>): Html {
  const parts = text.split(/(\[\d{1,3}\])/);
  return html`${parts.map((part) => {
    const m = /^\[(\d{1,3})\]$/.exec(part);
    return m && cited.has(Number(m[1])) ? html`<a href="#cite-${m[1]}" class="mark">${part}</a>` : part;
  })}`;
}

const DONE: Record<string, string> = {
  approved: "Approved.",
  flagged: "Flagged.",
  corrected: "Corrected answer saved.",
};

export function answerPage(v: AnswerView): Html {
  const e = v.entry;
  const cited = new Set(e.citations.map((c) => c.n));
  const citedAs = new Map(e.citations.map((c) => [c.passageId, c.n]));
  const sameIndex = v.currentIndexVersion !== undefined && v.currentIndexVersion === e.indexVersion;
  return html`<nav class="stepper" aria-label="Queue navigation">
<a href="${v.queueHref}">← Back to the queue</a>
<span>
${v.prevHref ? html`<a id="prev" rel="prev" href="${v.prevHref}" accesskey="k">Previous</a>` : html`<span class="muted">Previous</span>`}
·
${v.nextHref ? html`<a id="next" rel="next" href="${v.nextHref}" accesskey="j">Next</a>` : html`<span class="muted">Next</span>`}
</span>
</nav>
<h1>Answer #${e.id}</h1>
${v.done && DONE[v.done] ? html`<p class="ok" role="status">${DONE[v.done]}</p>` : ""}
<div class="badges">${badges(e)}</div>

<section aria-labelledby="h-question"><h2 id="h-question">Question</h2>
<p class="card answer-text">${e.question}</p>
${e.rewrittenQuery ? html`<p><span class="muted">Searched as:</span> ${e.rewrittenQuery}</p>` : ""}
</section>

<section aria-labelledby="h-answer"><h2 id="h-answer">${e.outcome === "abstained" ? "Answer (declined)" : "Answer"}</h2>
${e.answer !== null ? html`<p class="card answer-text">${answerWithMarks(e.answer, cited)}</p>` : html`<p class="card">No answer was produced.</p>`}
${e.abstainReason ? html`<p><span class="muted">Why declined:</span> ${e.abstainReason}</p>` : ""}
${e.error ? html`<p><span class="muted">Error:</span> ${e.error}</p>` : ""}
${e.correctedAnswer ? html`<h3>Corrected answer</h3><p class="card answer-text">${e.correctedAnswer}</p>` : ""}
</section>

<section aria-labelledby="h-review"><h2 id="h-review">Review</h2>
<p>Status: <strong>${e.review}</strong>${e.reviewNote ? html` — note: <span class="answer-text">${e.reviewNote}</span>` : ""}</p>
<p class="muted">Shortcuts: <kbd>j</kbd> next, <kbd>k</kbd> previous, <kbd>a</kbd> approve, <kbd>f</kbd> flag note.</p>
<div class="actions-grid">
<form method="post" action="/answers/${e.id}/review">
  <input type="hidden" name="_csrf" value="${v.csrfToken}">
  <input type="hidden" name="back" value="${v.back}">
  <input type="hidden" name="decision" value="approve">
  <button id="approve" type="submit" class="primary">Approve</button>
</form>
<form method="post" action="/answers/${e.id}/review">
  <input type="hidden" name="_csrf" value="${v.csrfToken}">
  <input type="hidden" name="back" value="${v.back}">
  <input type="hidden" name="decision" value="flag">
  <label for="flag-note">Note (why it is flagged)</label>
  <textarea id="flag-note" name="note" maxlength="2000"></textarea>
  <button id="flag" type="submit" class="danger">Flag with note</button>
</form>
<form method="post" action="/answers/${e.id}/correct">
  <input type="hidden" name="_csrf" value="${v.csrfToken}">
  <input type="hidden" name="back" value="${v.back}">
  <label for="corrected">Corrected answer</label>
  <textarea id="corrected" name="answer" maxlength="20000" required>${e.correctedAnswer ?? ""}</textarea>
  <button type="submit">Save corrected answer</button>
</form>
</div>
</section>

<section aria-labelledby="h-quotes"><h2 id="h-quotes">Quotes in their passages</h2>
${e.citations.length === 0 ? html`<p class="muted">No citations.</p>` : ""}
${e.citations.map((c) => {
  const found = locateQuote(c, v.passages(c.passageId));
  return html`<article class="card" id="cite-${c.n}" aria-labelledby="cite-${c.n}-h">
<h3 id="cite-${c.n}-h">[${c.n}] ${sourceName(c)}</h3>
<p class="muted">${c.file}:${c.start}–${c.end} · passage ${c.passageId} · quote relevance ${c.score.toFixed(3)}</p>
${found
  ? html`<blockquote class="passage">${found.before}<mark>${found.quote}</mark>${found.after}</blockquote>`
  : html`<p class="notice">The passage is not in the index answering now${sameIndex ? "" : " (the index was rebuilt since)"}; the quote as logged:</p><blockquote class="passage"><mark>${c.quote}</mark></blockquote>`}
</article>`;
})}
${e.related.length > 0
  ? html`<h3>Passages offered beside the decline</h3>
<ul>${e.related.map((r) => html`<li>${sourceName(r)} <span class="muted">(${r.file}:${r.start}–${r.end}, relevance ${r.score.toFixed(3)})</span><br>${r.quote}</li>`)}</ul>`
  : ""}
</section>

<section aria-labelledby="h-retrieved"><h2 id="h-retrieved">Retrieved passages</h2>
${e.retrieved.length === 0
  ? html`<p class="muted">Nothing was retrieved.</p>`
  : html`<div class="table-wrap"><table>
<caption class="muted">In retrieval order; relevance is the fused dense + BM25 score, higher is more relevant.</caption>
<thead><tr><th scope="col" class="num">Rank</th><th scope="col">Passage</th><th scope="col" class="num">Relevance</th><th scope="col">Cited</th><th scope="col">Text</th></tr></thead>
<tbody>
${e.retrieved.map((r, i) => {
  const p = v.passages(r.passageId);
  const n = citedAs.get(r.passageId);
  return html`<tr><td class="num">${i + 1}</td><td>${r.passageId}${p ? html`<br><span class="muted">${sourceName(p)}</span>` : ""}</td>
<td class="num">${r.relevance.toFixed(3)}</td><td>${n !== undefined ? html`<a href="#cite-${n}">[${n}]</a>` : "–"}</td>
<td>${p ? (p.text.length > 280 ? p.text.slice(0, 279) + "…" : p.text) : html`<span class="muted">not in the index answering now</span>`}</td></tr>`;
})}
</tbody></table></div>`}
</section>

<section aria-labelledby="h-details"><h2 id="h-details">Details</h2>
<dl class="meta card">
<dt>Asked</dt><dd><time datetime="${e.time}">${e.time.replace("T", " ").slice(0, 19)} UTC</time></dd>
<dt>Channel</dt><dd>${e.channel}${e.chatType ? ` (${e.chatType})` : ""}</dd>
<dt>Mode</dt><dd>${e.mode ?? "–"}</dd>
<dt>Model</dt><dd>${e.model ?? "– (no chat model)"}</dd>
<dt>Index version</dt><dd>${e.indexVersion ?? "–"}${v.currentIndexVersion ? (sameIndex ? " (answering now)" : html` <span class="muted">(now answering with ${v.currentIndexVersion})</span>`) : ""}</dd>
<dt>Latency</dt><dd>${e.latencyMs} ms</dd>
<dt>Feedback</dt><dd>👍 ${e.feedbackUp} · 👎 ${e.feedbackDown}</dd>
<dt>Confidence</dt><dd>${e.confidence === null ? "–" : e.confidence.toFixed(3)}</dd>
${e.verification.length > 0 ? html`<dt>Verification</dt><dd><ul>${e.verification.map((n) => html`<li>${n}</li>`)}</ul></dd>` : ""}
</dl>
</section>

<section aria-labelledby="h-trail"><h2 id="h-trail">Audit trail</h2>
${v.trail.length === 0
  ? html`<p class="muted">Not reviewed yet.</p>`
  : html`<ol>${v.trail.map(
      (t) => html`<li><time datetime="${t.at}">${t.at.replace("T", " ").slice(0, 19)} UTC</time> — <strong>${t.action === "correct" ? "corrected" : t.action === "approve" ? "approved" : "flagged"}</strong> by ${v.reviewerLabel(t.reviewer)}${t.note ? html`: <span class="answer-text">${t.note}</span>` : ""}${t.correctedAnswer ? html`: <span class="answer-text">${t.correctedAnswer}</span>` : ""}</li>`,
    )}</ol>`}
</section>
`;
}
