import fs from "node:fs";
import path from "node:path";
import type { BenchResult } from "./bench.ts";
import { barChart, lineChart } from "./charts.ts";
import type { EvalResult, VariantMetrics, VariantName } from "./evaluate.ts";
import { benchGoals, evalGoals, type GoalCheck } from "./goals.ts";

/** What a report says about the run beyond its figures: where the questions came from, when. */
export interface RunInfo {
  date: string;
  command: string;
  /** Free-text lines for the "How it was measured" section. */
  notes: string[];
}

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : "n/a");
const ms = (x: number) => (Number.isFinite(x) ? `${x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0)} ms` : "n/a");
const RATES = ["hit@1", "hit@3", "hit@5", "mrr", "citationRecall", "abstentionAccuracy", "verbatimRate"] as const;

/** The console table of `npm run eval`. */
export function evalTable(r: EvalResult): string {
  const header = ["variant", ...RATES, "p50", "p95"];
  const rows = (Object.entries(r.variants) as [VariantName, VariantMetrics][]).map(([name, m]) => [
    name,
    ...RATES.map((k) => (k === "mrr" ? (Number.isFinite(m.mrr) ? m.mrr.toFixed(3) : "n/a") : pct(m[k]))),
    ms(m.latencyMs.p50),
    ms(m.latencyMs.p95),
  ]);
  return table(header, rows);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** Columns from `numericFrom` on are right-aligned. */
function markdownTable(header: string[], rows: string[][], numericFrom = 1): string {
  return [`| ${header.join(" | ")} |`, `|${header.map((_, i) => (i < numericFrom ? " --- " : " ---: ")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

export function goalLines(checks: readonly GoalCheck[]): string {
  return checks.map((c) => `- ${c.met ? "✅ met" : "❌ **missed**"}: ${c.goal} (${c.measured})`).join("\n");
}

/** Writes results.json, quality.svg, latency.svg and README.md to `dir`; returns the files written. */
export function writeEvalReport(dir: string, r: EvalResult, info: RunInfo, explanations: readonly string[] = []): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const names = Object.keys(r.variants) as VariantName[];
  const quality = barChart({
    title: `Quality per retrieval variant (${r.questions} questions)`,
    groups: ["hit@1", "hit@3", "hit@5", "MRR", "citation recall", "abstention acc.", "verbatim"],
    series: names.map((n) => ({ name: n, values: RATES.map((k) => r.variants[n][k]) })),
    yMax: 1,
    format: (v) => v.toFixed(2),
  });
  const latency = barChart({
    title: "Retrieval + answer latency per question (ms)",
    groups: ["p50", "p95"],
    series: names.map((n) => ({ name: n, values: [r.variants[n].latencyMs.p50, r.variants[n].latencyMs.p95] })),
    format: (v) => v.toFixed(1),
  });
  fs.writeFileSync(path.join(dir, "quality.svg"), quality);
  fs.writeFileSync(path.join(dir, "latency.svg"), latency);
  fs.writeFileSync(path.join(dir, "results.json"), `${JSON.stringify({ ...info, ...r }, null, 2)}\n`);

  const goals = evalGoals(r);
  const misses = r.perQuestion.filter((q) => q.variant === "hybrid" && ((q.type === "answerable" && !q.cited) || !q.abstainedCorrectly));
  const md = [
    "# Answer quality: hybrid vs dense vs BM25",
    "",
    `${info.date} · \`${info.command}\` · ${r.questions} questions over ${r.passages} passages (index ${r.indexVersion})`,
    "",
    "![Quality per variant](quality.svg)",
    "",
    markdownTable(
      ["variant", "hit@1", "hit@3", "hit@5", "MRR", "citation recall", "abstention accuracy", "verbatim", "latency p50", "latency p95"],
      names.map((n) => {
        const m = r.variants[n];
        return [`**${n}**`, ...RATES.map((k) => (k === "mrr" ? m.mrr.toFixed(3) : pct(m[k]))), ms(m.latencyMs.p50), ms(m.latencyMs.p95)];
      }),
    ),
    "",
    "![Latency per variant](latency.svg)",
    "",
    "## Goals",
    "",
    goalLines(goals),
    ...(explanations.length > 0 ? ["", ...explanations] : []),
    "",
    "## How it was measured",
    "",
    "- **hybrid**: the engine's default retrieval (HNSW dense + SQLite FTS5 BM25, fused by reciprocal rank).",
    "- **dense**: stock LangChain `HNSWLib.similaritySearch` built over the same passage vectors (LangChain's defaults: M 16, efConstruction 200, search ef 10), the baseline a user would build first.",
    "- **bm25**: the engine's BM25 side alone.",
    "- All three feed the same extractive answerer through `engine.askWith`, so differences come from retrieval alone.",
    `- hit@k: a gold text (case-insensitive substring) is in one of the top k retrieved passages; MRR over the top ${r.depth} (RETRIEVAL_K). Both over answerable questions.`,
    "- citation recall: an answerable question's answer quotes a gold text in a citation.",
    "- abstention accuracy: over all questions, the bot answered the answerable ones and abstained on the unanswerable ones.",
    "- verbatim: share of answers whose every quote is exactly the passage text at the cited offsets.",
    `- latency: wall time of retrieval + answer per question, warm: an untimed pass first embeds each question and lets every variant answer it once, so all variants read the same cached query vector and none pays for meeting a question first. A question's first answer, embedding included, took p50 ${ms(r.firstAnswerMs.p50)}, p95 ${ms(r.firstAnswerMs.p95)}.`,
    ...info.notes.map((n) => `- ${n}`),
    "",
    `## Questions the hybrid variant got wrong (${misses.length})`,
    "",
    misses.length === 0
      ? "None."
      : markdownTable(
          ["id", "type", "question", "outcome"],
          misses.map((q) => [q.id, q.type, q.question.replace(/\|/g, "\\|"), q.status === "abstained" ? "abstained" : q.type === "unanswerable" ? "answered" : `answered without a gold quote (gold rank ${q.reciprocalRank > 0 ? Math.round(1 / q.reciprocalRank) : "none"})`]),
          4,
        ),
    "",
    "Per-question results for every variant are in [results.json](results.json).",
    "",
  ].join("\n");
  fs.writeFileSync(path.join(dir, "README.md"), md);
  return ["README.md", "results.json", "quality.svg", "latency.svg"].map((f) => path.join(dir, f));
}

/** Writes results.json, latency.svg, build.svg and README.md to `dir`; returns the files written. */
export function writeBenchReport(dir: string, r: BenchResult, info: RunInfo, explanations: readonly string[] = []): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const size = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));
  const latency = lineChart({
    title: "Warm query latency (top 10) against corpus size",
    xLabel: "passages (log scale)",
    yLabel: "milliseconds (log scale)",
    xLog: true,
    yLog: true,
    formatX: size,
    series: [
      { name: "ours HNSW p50", points: r.scale.map((s) => [s.passages, s.queryP50Ms] as const) },
      { name: "ours HNSW p95", points: r.scale.map((s) => [s.passages, s.queryP95Ms] as const), dashed: true },
      { name: "LangChain HNSWLib p50", points: r.scale.map((s) => [s.passages, s.baselineQueryP50Ms] as const) },
      { name: "ours hybrid (HNSW + BM25) p95", points: r.scale.map((s) => [s.passages, s.hybridP95Ms] as const) },
    ],
  });
  const recall = lineChart({
    title: "recall@10 against exact search",
    xLabel: "passages (log scale)",
    yLabel: "recall@10",
    xLog: true,
    formatX: size,
    series: [
      { name: "ours HNSW (ef from config)", points: r.scale.map((s) => [s.passages, s.recallAt10] as const) },
      { name: "LangChain HNSWLib (ef 10)", points: r.scale.map((s) => [s.passages, s.baselineRecallAt10] as const) },
    ],
  });
  fs.writeFileSync(path.join(dir, "latency.svg"), latency);
  fs.writeFileSync(path.join(dir, "recall.svg"), recall);
  fs.writeFileSync(path.join(dir, "results.json"), `${JSON.stringify({ ...info, ...r }, null, 2)}\n`);
  const files = ["README.md", "results.json", "latency.svg", "recall.svg"];

  const parts = [
    "# Speed: index scale and bot throughput",
    "",
    `${info.date} · \`${info.command}\` · ${r.machine}`,
    "",
    "![Latency against corpus size](latency.svg)",
    "",
    markdownTable(
      ["passages", "build (passages/s)", "HNSW p50", "HNSW p95", "LangChain p50", "BM25 p95", "hybrid p50", "hybrid p95", "recall@10", "LangChain recall@10", "peak RSS", "real vectors"],
      r.scale.map((s) => [
        s.passages.toLocaleString("en"),
        s.buildPassagesPerSec.toLocaleString("en"),
        ms(s.queryP50Ms),
        ms(s.queryP95Ms),
        ms(s.baselineQueryP50Ms),
        ms(s.bm25P95Ms),
        ms(s.hybridP50Ms),
        ms(s.hybridP95Ms),
        s.recallAt10.toFixed(3),
        s.baselineRecallAt10.toFixed(3),
        `${s.rssMB} MB`,
        s.realVectors === s.passages ? "all" : `${s.realVectors.toLocaleString("en")} (${((s.realVectors / s.passages) * 100).toFixed(0)} %)`,
      ]),
    ),
    "",
    "![recall@10](recall.svg)",
    "",
    `Embedding throughput of the local model (${r.embedding.model}), measured on its own: **${r.embedding.textsPerSec} texts/s** over ${r.embedding.texts} passages of ${r.embedding.meanChars} characters on average (${r.embedding.batch} per call); one question embedded alone takes ${ms(r.embedding.queryMs.p50)} (p95 ${ms(r.embedding.queryMs.p95)}).`,
    "",
  ];
  if (r.core) {
    const c = r.core;
    parts.push(
      "## Answering from the configured corpus",
      "",
      `Warm answer latency over ${c.questions} questions not asked before (query embedding, retrieval, answer): **p50 ${ms(c.answerP50Ms)}, p95 ${ms(c.answerP95Ms)}**; asked again, with the query vector cached: p50 ${ms(c.repeatP50Ms)}, p95 ${ms(c.repeatP95Ms)}. Reindexing the unchanged corpus: **${ms(c.reindexUnchangedMs)}** in process (median of 5 runs; the \`npm run reindex\` command adds Node and TypeScript start-up).`,
      "",
    );
  }
  if (r.reindex) {
    const x = r.reindex;
    const formats = Object.entries(x.archive.formats).map(([f, c]) => `${f} ${c.files} files${c.pages ? ` (${c.pages} pages)` : ""}, ${c.passages} passages`);
    parts.push(
      "## Reindexing",
      "",
      markdownTable(
        ["run", "documents", "passages", "texts embedded", "embedding", "passages/s", "whole build"],
        [x.one, x.all, x.archive].map((run, i) => [
          i === 2 ? `archive, ${run.workers} workers` : `${run.workers} worker${run.workers > 1 ? "s" : ""}`,
          run.documents.toLocaleString("en"),
          run.passages.toLocaleString("en"),
          run.texts.toLocaleString("en"),
          `${run.embeddingSeconds} s`,
          String(run.passagesPerSec),
          `${run.seconds} s`,
        ]),
      ),
      "",
      `${x.cores} encoder workers over one: **${x.speedup} ×** passages/s on the same documents. The archive: ${x.archive.megabytes} MB in ${x.archive.documents} documents read (${formats.join("; ")})${x.archive.skipped ? `, ${x.archive.skipped} skipped` : ""}.`,
      "",
      `Reply gap while a new index of ${x.reload.passages.toLocaleString("en")} passages loads: **${ms(x.reload.maxGapMs)}** longest wait between two answers (${x.reload.answers} answers during a reload of ${ms(x.reload.reloadMs)}); ${ms(x.reload.baselineMaxGapMs)} without a reload.`,
      "",
    );
  }
  if (r.bot) {
    const b = r.bot;
    parts.push(
      "## Bot throughput",
      "",
      markdownTable(
        ["users", "messages", "offered rate", "answered/s", "reply p50", "reply p95", "p95 new questions", "p95 repeated", "max", "lost", "duplicated"],
        [[String(b.users), String(b.messages), `${b.offeredPerSecond}/s`, String(b.perSecond), ms(b.p50Ms), ms(b.p95Ms), ms(b.firstAskP95Ms), ms(b.repeatP95Ms), ms(b.maxMs), String(b.lost), String(b.duplicated)]],
      ),
      "",
    );
    if (b.burst) {
      parts.push(
        `Burst (all ${b.burst.messages} messages queued at once): ${b.burst.perSecond} answered/s, reply p50 ${ms(b.burst.p50Ms)}, p95 ${ms(b.burst.p95Ms)}, ${b.burst.lost} lost, ${b.burst.duplicated} duplicated.`,
        "",
      );
    }
  }
  parts.push("## Goals", "", goalLines(benchGoals(r)), ...(explanations.length > 0 ? ["", ...explanations] : []), "", "## How it was measured", "", ...info.notes.map((n) => `- ${n}`), "");
  fs.writeFileSync(path.join(dir, "README.md"), parts.join("\n"));
  return files.map((f) => path.join(dir, f));
}
