import { html, raw } from "hono/html";

/** HTML built with hono's `html` tag: interpolated strings are escaped, nested `html` is not. */
export type Html = ReturnType<typeof html>;
export { html, raw };

export interface LayoutOptions {
  title: string;
  /** Which top link is the current page. */
  current?: "queue" | "insights";
  /** Present when signed in: shows the navigation and the sign-out form. */
  signedIn?: { moderatorId: number; csrfToken: string };
  /** Load the keyboard shortcuts (the answer page); everything works without them. */
  shortcuts?: boolean;
}

export function layout(o: LayoutOptions, body: Html): Html {
  const link = (href: string, name: "queue" | "insights", label: string) =>
    html`<a href="${href}"${o.current === name ? raw(' aria-current="page"') : ""}>${label}</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · Moderator console</title>
<link rel="stylesheet" href="/console.css">
${o.shortcuts ? html`<script src="/console.js" defer></script>` : ""}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
  <span class="brand">Moderator console</span>
  ${o.signedIn
    ? html`<nav aria-label="Console">
    ${link("/", "queue", "Queue")}
    ${link("/insights", "insights", "Insights")}
    <form method="post" action="/logout" class="inline">
      <input type="hidden" name="_csrf" value="${o.signedIn.csrfToken}">
      <button type="submit" class="link">Sign out</button>
    </form>
  </nav>`
    : ""}
</header>
<main id="main" tabindex="-1">
${body}
</main>
</body>
</html>`;
}

/** A page for someone who cannot go further (not signed in, link used, form refused). */
export function messagePage(title: string, message: string, signedIn?: LayoutOptions["signedIn"], more?: Html): Html {
  return layout({ title, signedIn }, html`<h1>${title}</h1><p class="notice" role="alert">${message}</p>${more ?? ""}`);
}

export interface RetryForm {
  action: string;
  /** Sent again as they came; a value that is not a string is left out. */
  hidden: Record<string, unknown>;
  /** The text the moderator typed, editable before sending again. */
  text?: { name: string; label: string; value: string; maxLength: number };
  csrfToken: string;
}

/** The form a failed action came from, filled in, so sending it again loses nothing. */
export function retryForm(f: RetryForm): Html {
  return html`<form method="post" action="${f.action}" class="card">
<input type="hidden" name="_csrf" value="${f.csrfToken}">
${Object.entries(f.hidden).map(([k, v]) => (typeof v === "string" ? html`<input type="hidden" name="${k}" value="${v}">` : ""))}
${f.text ? html`<div><label for="retry-text">${f.text.label}</label><textarea id="retry-text" name="${f.text.name}" maxlength="${f.text.maxLength}">${f.text.value}</textarea></div>` : ""}
<div><button type="submit" class="primary">Try again</button></div>
</form>`;
}

export const CSS = `
:root { --fg: #1b2230; --muted: #566173; --line: #d9dee5; --bg: #f6f7f9; --card: #fff; --accent: #1d4ed8; --bad: #b42318; --good: #067647; --warn: #b54708; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem; }
.skip:focus { left: .5rem; }
header { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; padding: .6rem 1rem; background: #111827; color: #fff; }
header a, header .link { color: #fff; }
header nav { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
header a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
.brand { font-weight: 700; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .8rem 1rem; margin: .75rem 0; }
.notice { background: #fffbeb; border: 1px solid #f59e0b; border-radius: 6px; padding: .6rem .8rem; }
.ok { background: #ecfdf3; border: 1px solid #12b76a; border-radius: 6px; padding: .6rem .8rem; }
.muted { color: var(--muted); }
form.inline { display: inline; margin: 0; }
button { font: inherit; padding: .45rem .9rem; border-radius: 6px; border: 1px solid #98a2b3; background: #fff; cursor: pointer; min-height: 44px; }
button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
button.danger { background: var(--bad); color: #fff; border-color: var(--bad); }
button.link { background: none; border: none; text-decoration: underline; padding: 0; min-height: 0; }
label { display: block; font-weight: 600; font-size: .9rem; margin-bottom: .2rem; }
input, select, textarea { font: inherit; width: 100%; padding: .4rem .5rem; border: 1px solid #98a2b3; border-radius: 6px; background: #fff; min-height: 44px; }
textarea { min-height: 5rem; }
.filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); gap: .75rem; align-items: end; }
.filters .actions { display: flex; gap: .75rem; align-items: center; }
.queue { list-style: none; padding: 0; margin: 0; }
.queue li { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .6rem .9rem; margin: .5rem 0; }
.queue .q { font-weight: 600; display: block; overflow-wrap: anywhere; }
.badges { display: flex; flex-wrap: wrap; gap: .35rem .6rem; font-size: .85rem; color: var(--muted); margin-top: .25rem; }
.badge { border: 1px solid var(--line); border-radius: 999px; padding: 0 .5rem; background: #fff; }
.badge.down, .badge.flagged, .badge.error { color: var(--bad); border-color: #fda29b; }
.badge.abstained { color: var(--warn); border-color: #fec84b; }
.badge.approved, .badge.up { color: var(--good); border-color: #6ce9a6; }
.pager { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; margin: 1rem 0; }
.answer-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.passage { white-space: pre-wrap; overflow-wrap: anywhere; background: #f9fafb; border-left: 4px solid var(--line); padding: .5rem .75rem; margin: .5rem 0; }
mark { background: #fde68a; padding: 0 .1em; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; background: var(--card); }
th, td { text-align: left; border-bottom: 1px solid var(--line); padding: .35rem .5rem; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.actions-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr)); gap: 1rem; }
.actions-grid form { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .8rem; display: grid; gap: .5rem; align-content: start; }
.stepper { display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; margin: .5rem 0; }
.period { display: flex; gap: .75rem; align-items: end; flex-wrap: wrap; }
.period select { width: auto; }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: .75rem; }
.kpi { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .6rem .8rem; }
.kpi .v { font-size: 1.4rem; font-weight: 700; display: block; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 30rem), 1fr)); gap: 1rem; margin-top: 1rem; }
svg.chart { width: 100%; height: auto; display: block; background: #fff; }
figure { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .6rem; }
figcaption { font-weight: 600; margin-bottom: .3rem; }
kbd { border: 1px solid #98a2b3; border-bottom-width: 2px; border-radius: 4px; padding: 0 .3rem; font-size: .85rem; background: #fff; }
@media (max-width: 40rem) { main { padding: .6rem; } dl.meta { grid-template-columns: 1fr; } dl.meta dd { margin-bottom: .4rem; } }
`;

/**
 * Keyboard shortcuts on the answer page, an extra on top of links and forms that work without
 * script: j/n next, k/p previous, a approve, f flag (moves to the note field).
 */
export const SHORTCUTS_JS = `
document.addEventListener("keydown", function (e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  var t = e.target;
  if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
  var click = function (id) { var el = document.getElementById(id); if (el) { e.preventDefault(); el.click(); } };
  if (e.key === "j" || e.key === "n") click("next");
  else if (e.key === "k" || e.key === "p") click("prev");
  else if (e.key === "a") click("approve");
  else if (e.key === "f") { var note = document.getElementById("flag-note"); if (note) { e.preventDefault(); note.focus(); } }
});
`;
