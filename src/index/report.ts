import { printable } from "../cli.ts";
import type { BuildSummary } from "./build.ts";

/**
 * What `npm run reindex` prints on stderr: each skipped file with its reason, one line each. Names
 * come from whoever made the files: their control characters are shown escaped, never obeyed.
 */
export function problemLines(summary: BuildSummary): string[] {
  return [...summary.problems.map((p) => `warning: ${p.file}: ${p.problem}`), ...summary.notices.map((n) => `note: ${n.file}: ${n.problem}`)].map((line) => printable(line, true));
}

/** What `npm run reindex` prints on stdout: per-format counts, then the totals. */
export function formatReport(summary: BuildSummary): string[] {
  const lines: string[] = [];
  const formats = Object.entries(summary.formats).sort(([a], [b]) => a.localeCompare(b));
  if (formats.length > 0) {
    lines.push("format      files   pages  passages");
    for (const [format, c] of formats) {
      lines.push(`${format.padEnd(10)} ${String(c.files).padStart(6)} ${(c.pages ? String(c.pages) : "-").padStart(7)} ${String(c.passages).padStart(9)}`);
    }
  }
  if (summary.repaired) lines.push(`${summary.repaired}: rebuilt`);
  const verb = summary.rebuilt ? `built index ${summary.version}` : `index ${summary.version} is up to date`;
  const rate = summary.embeddingSeconds > 0 ? `, ${(summary.embeddedPassages / summary.embeddingSeconds).toFixed(1)} passages/s` : "";
  lines.push(
    `${verb}: ${summary.documents} document(s), ${summary.passages} passages; ` +
      `added ${summary.added.length}, changed ${summary.changed.length}, removed ${summary.removed.length}, unchanged ${summary.unchanged.length}; ` +
      `${summary.embeddedTexts} texts embedded (${summary.embeddedPassages} passages) in ${summary.embeddingSeconds.toFixed(2)} s${rate}; ` +
      `${summary.seconds.toFixed(2)} s in all` + (summary.problems.length ? `; ${summary.problems.length} file(s) skipped` : ""),
  );
  return lines;
}
