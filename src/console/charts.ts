import { esc, ticks } from "../eval/charts.ts";

/**
 * Server-rendered SVG charts of daily figures for the insights page: no script, scaled by CSS to
 * the screen's width. Each names itself for screen readers (role="img" with a title and a summary);
 * the page puts the numbers in a table beside it as well.
 */

export interface DailySeries {
  name: string;
  color: string;
  /** One per day; null leaves a gap (a day without questions has no latency). */
  values: readonly (number | null)[];
}

export interface DailyChartOptions {
  /** Unique on the page; used for aria-labelledby. */
  id: string;
  title: string;
  /** One sentence that says what the chart shows, read out instead of the drawing. */
  summary: string;
  days: readonly string[];
  series: readonly DailySeries[];
  /** Bars stack the series (counts); lines draw each (rates, latencies). */
  kind: "bars" | "lines";
  format?: (v: number) => string;
  /** Top of the y axis when it has a natural one (1 for rates). */
  yMax?: number;
}

const W = 640;
const H = 240;
const M = { top: 16, right: 12, bottom: 44, left: 64 };
/** At most this many day labels under the x axis, so they never overlap. */
const MAX_X_LABELS = 7;

export function dailyChart(o: DailyChartOptions): string {
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const n = Math.max(1, o.days.length);
  const format = o.format ?? ((v: number) => String(Math.round(v)));
  const totals = o.days.map((_, i) =>
    o.kind === "bars" ? o.series.reduce((s, x) => s + (x.values[i] ?? 0), 0) : Math.max(0, ...o.series.map((x) => x.values[i] ?? 0)),
  );
  const yMax = o.yMax ?? (Math.max(0, ...totals) || 1);
  const tickValues = ticks(0, yMax, 4);
  const top = Math.max(yMax, tickValues.at(-1) ?? yMax);
  const y = (v: number) => M.top + plotH - (v / top) * plotH;
  const slot = plotW / n;
  const cx = (i: number) => M.left + slot * (i + 0.5);

  const parts: string[] = [];
  for (const t of tickValues) {
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#d9dee5"/>`);
    parts.push(`<text x="${M.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" font-size="12" fill="#3c4657">${esc(format(t))}</text>`);
  }
  const every = Math.ceil(n / MAX_X_LABELS);
  o.days.forEach((d, i) => {
    if (i % every !== 0 && i !== n - 1) return;
    parts.push(`<text x="${cx(i).toFixed(1)}" y="${H - M.bottom + 18}" text-anchor="middle" font-size="12" fill="#3c4657">${esc(d.slice(5))}</text>`);
  });
  if (o.kind === "bars") {
    const barW = Math.max(1, slot * 0.7);
    o.days.forEach((d, i) => {
      let base = 0;
      for (const s of o.series) {
        const v = s.values[i] ?? 0;
        if (v <= 0) continue;
        parts.push(
          `<rect x="${(cx(i) - barW / 2).toFixed(1)}" y="${y(base + v).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(base) - y(base + v)).toFixed(1)}" fill="${s.color}"><title>${esc(`${d} ${s.name}: ${format(v)}`)}</title></rect>`,
        );
        base += v;
      }
    });
  } else {
    for (const s of o.series) {
      let path = "";
      s.values.forEach((v, i) => {
        if (v === null) return;
        path += `${path === "" || s.values[i - 1] === null ? "M" : "L"}${cx(i).toFixed(1)},${y(v).toFixed(1)} `;
        parts.push(`<circle cx="${cx(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${s.color}"><title>${esc(`${o.days[i]} ${s.name}: ${format(v)}`)}</title></circle>`);
      });
      if (path) parts.push(`<path d="${path.trim()}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    }
  }
  parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${M.top + plotH}" y2="${M.top + plotH}" stroke="#3c4657"/>`);
  let lx = M.left;
  for (const s of o.series) {
    parts.push(`<rect x="${lx}" y="${H - 14}" width="12" height="12" fill="${s.color}"/><text x="${lx + 16}" y="${H - 4}" font-size="12" fill="#1b2230">${esc(s.name)}</text>`);
    lx += 32 + s.name.length * 7;
  }
  return [
    `<svg class="chart" role="img" aria-labelledby="${o.id}-t ${o.id}-d" viewBox="0 0 ${W} ${H}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">`,
    `<title id="${o.id}-t">${esc(o.title)}</title>`,
    `<desc id="${o.id}-d">${esc(o.summary)}</desc>`,
    ...parts,
    "</svg>",
  ].join("\n");
}
