/**
 * Small self-contained SVG charts for the Markdown reports: no fonts, scripts or external files, so
 * they render the same on GitHub, in an editor preview and in a browser.
 */

const PALETTE = ["#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#c53030"];
const FONT = `font-family="system-ui, -apple-system, Segoe UI, sans-serif"`;

export interface BarSeries {
  name: string;
  /** One value per group; NaN draws no bar. */
  values: readonly number[];
}

export interface BarChartOptions {
  title: string;
  groups: readonly string[];
  series: readonly BarSeries[];
  /** Top of the y axis; defaults to the largest value. */
  yMax?: number;
  format?: (v: number) => string;
}

/** Grouped bars: one group per metric, one bar per series, each labelled with its value. */
export function barChart(o: BarChartOptions): string {
  const width = 760;
  const height = 340;
  const m = { top: 48, right: 16, bottom: 56, left: 48 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const finite = o.series.flatMap((s) => s.values).filter(Number.isFinite);
  const yMax = o.yMax ?? (Math.max(0, ...finite) || 1);
  const format = o.format ?? ((v: number) => v.toFixed(2));
  const groupW = plotW / Math.max(1, o.groups.length);
  const barW = (groupW * 0.8) / Math.max(1, o.series.length);
  const y = (v: number) => m.top + plotH - (Math.min(v, yMax) / yMax) * plotH;

  const parts: string[] = [];
  for (const t of ticks(0, yMax, 5)) {
    parts.push(`<line x1="${m.left}" x2="${width - m.right}" y1="${y(t)}" y2="${y(t)}" stroke="#e2e8f0"/>`);
    parts.push(`<text x="${m.left - 6}" y="${y(t) + 4}" text-anchor="end" font-size="11" fill="#4a5568">${esc(format(t))}</text>`);
  }
  o.groups.forEach((g, gi) => {
    const x0 = m.left + gi * groupW + groupW * 0.1;
    o.series.forEach((s, si) => {
      const v = s.values[gi]!;
      if (!Number.isFinite(v)) return;
      const x = x0 + si * barW;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(m.top + plotH - y(v)).toFixed(1)}" fill="${PALETTE[si % PALETTE.length]}"><title>${esc(`${s.name} ${g}: ${format(v)}`)}</title></rect>`);
      parts.push(`<text x="${(x + barW / 2 - 1).toFixed(1)}" y="${(y(v) - 4).toFixed(1)}" text-anchor="middle" font-size="10" fill="#1a202c">${esc(format(v))}</text>`);
    });
    parts.push(`<text x="${(m.left + gi * groupW + groupW / 2).toFixed(1)}" y="${height - m.bottom + 18}" text-anchor="middle" font-size="12" fill="#1a202c">${esc(g)}</text>`);
  });
  parts.push(`<line x1="${m.left}" x2="${width - m.right}" y1="${m.top + plotH}" y2="${m.top + plotH}" stroke="#4a5568"/>`);
  return svg(width, height, o.title, parts, legend(o.series.map((s) => s.name), m.left, height - 14));
}

export interface LineSeries {
  name: string;
  points: readonly (readonly [number, number])[];
  dashed?: boolean;
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly LineSeries[];
  /** Logarithmic x axis (corpus sizes 1k → 100k). */
  xLog?: boolean;
  yLog?: boolean;
  formatX?: (v: number) => string;
}

/** Lines with dots at each measured point; log axes for sizes and latencies spanning decades. */
export function lineChart(o: LineChartOptions): string {
  const width = 760;
  const height = 360;
  const m = { top: 48, right: 24, bottom: 76, left: 64 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const pts = o.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!o.yLog || y > 0));
  const xs = pts.map(([x]) => x);
  const ys = pts.map(([, y]) => y);
  const tx = (v: number) => (o.xLog ? Math.log10(v) : v);
  const ty = (v: number) => (o.yLog ? Math.log10(v) : v);
  let [x0, x1] = [Math.min(...xs.map(tx)), Math.max(...xs.map(tx))];
  if (!(x1 > x0)) [x0, x1] = [x0 - 1, x0 + 1];
  // Keep the first and last points off the axes.
  const pad = (x1 - x0) * 0.05;
  [x0, x1] = [x0 - pad, x1 + pad];
  let [y0, y1] = o.yLog ? [Math.floor(Math.min(...ys.map(ty))), Math.ceil(Math.max(...ys.map(ty)))] : [0, Math.max(...ys) * 1.1];
  if (!(y1 > y0)) [y0, y1] = [y0 - 1, y0 + 1];
  const px = (v: number) => m.left + ((tx(v) - x0) / (x1 - x0)) * plotW;
  const py = (v: number) => m.top + plotH - ((ty(v) - y0) / (y1 - y0)) * plotH;
  const formatX = o.formatX ?? ((v: number) => String(v));

  const parts: string[] = [];
  const yTicks = o.yLog ? range(y0, y1).map((e) => 10 ** e) : ticks(0, y1, 5);
  for (const t of yTicks) {
    parts.push(`<line x1="${m.left}" x2="${width - m.right}" y1="${py(t).toFixed(1)}" y2="${py(t).toFixed(1)}" stroke="#e2e8f0"/>`);
    parts.push(`<text x="${m.left - 6}" y="${(py(t) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#4a5568">${esc(trim(t))}</text>`);
  }
  for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
    parts.push(`<line x1="${px(x).toFixed(1)}" x2="${px(x).toFixed(1)}" y1="${m.top}" y2="${m.top + plotH}" stroke="#edf2f7"/>`);
    parts.push(`<text x="${px(x).toFixed(1)}" y="${m.top + plotH + 16}" text-anchor="middle" font-size="11" fill="#4a5568">${esc(formatX(x))}</text>`);
  }
  o.series.forEach((s, si) => {
    const color = PALETTE[si % PALETTE.length];
    const ok = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!o.yLog || y > 0));
    if (ok.length > 1) {
      const d = ok.map(([x, y], i) => `${i === 0 ? "M" : "L"}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(" ");
      parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`);
    }
    for (const [x, y] of ok) {
      parts.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3.5" fill="${color}"><title>${esc(`${s.name} at ${formatX(x)}: ${trim(y)}`)}</title></circle>`);
    }
  });
  parts.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + plotH}" stroke="#4a5568"/>`);
  parts.push(`<line x1="${m.left}" x2="${width - m.right}" y1="${m.top + plotH}" y2="${m.top + plotH}" stroke="#4a5568"/>`);
  parts.push(`<text x="${m.left + plotW / 2}" y="${m.top + plotH + 36}" text-anchor="middle" font-size="12" fill="#1a202c">${esc(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${m.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="12" fill="#1a202c">${esc(o.yLabel)}</text>`);
  return svg(width, height, o.title, parts, legend(o.series.map((s) => s.name), m.left, height - 14));
}

function svg(width: number, height: number, title: string, parts: string[], legendParts: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`,
    `<title>${esc(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="26" text-anchor="middle" font-size="15" font-weight="600" fill="#1a202c">${esc(title)}</text>`,
    ...parts,
    legendParts,
    "</svg>",
    "",
  ].join("\n");
}

function legend(names: readonly string[], x: number, y: number): string {
  let at = x;
  return names
    .map((n, i) => {
      const item = `<rect x="${at}" y="${y - 10}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/><text x="${at + 16}" y="${y}" font-size="12" fill="#1a202c">${esc(n)}</text>`;
      at += 28 + n.length * 7;
      return item;
    })
    .join("\n");
}

/** About `count` round tick values from lo to hi. */
export function ticks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const trim = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? String(Number(v.toFixed(2))) : String(Number(v.toPrecision(2))));

export function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
