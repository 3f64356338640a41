import fs from "node:fs";
import path from "node:path";
import { ABSTAIN_REASONS } from "../answer/rules.ts";
import { VARIANTS, type VariantName } from "./adapter.ts";
import { summarize, type QuestionResult, type SetResult, type VariantMetrics } from "./evaluate.ts";
import type { GoalCheck } from "./goals.ts";
import { goalLines, markdownTable, ms, pct } from "./report.ts";

/** Results of one suite: its dev set and its test set, each through every variant. */
export interface SuiteResult {
  suite: string;
  corpusDir: string;
  passages: number;
  sets: Partial<Record<"dev" | "test", SetResult>>;
}

const ROWS: [keyof VariantMetrics, string][] = [
  ["firstQuote", "first quote answers"],
  ["anyQuote", "any quote answers"],
  ["shown", "answer shown (quote or related passage)"],
  ["declined", "unanswerable declined"],
  ["hit@1", "hit@1"],
  ["hit@3", "hit@3"],
  ["hit@5", "hit@5"],
  ["mrr", "MRR"],
  ["verbatim", "verbatim (guarantee)"],
];

function cell(m: VariantMetrics | undefined, key: keyof VariantMetrics): string {
  if (!m) return "–";
  if (key === "latencyMs") return `${ms(m.latencyMs.p50)} / ${ms(m.latencyMs.p95)}`;
  const v = m[key] as number;
  return key === "mrr" ? (Number.isFinite(v) ? v.toFixed(3) : "n/a") : pct(v);
}

/** Per suite: one row per metric, dev and test side by side for each variant. */
export function suiteTable(r: SuiteResult, variants: readonly VariantName[] = VARIANTS): string {
  const header = ["metric", ...variants.flatMap((v) => [`${v} dev`, `${v} test`])];
  const rows = [...ROWS, ["latencyMs", "latency p50 / p95"] as [keyof VariantMetrics, string]].map(([key, label]) => [
    label,
    ...variants.flatMap((v) => [cell(r.sets.dev?.variants[v], key), cell(r.sets.test?.variants[v], key)]),
  ]);
  return markdownTable(header, rows);
}

/** What each abstention rule declined, for the product's variant. */
export function rulesTable(r: SuiteResult): string {
  const header = ["rule", "dev: unanswerable declined", "dev: answerable wrongly declined", "test: unanswerable declined", "test: answerable wrongly declined"];
  const rows = ABSTAIN_REASONS.map((reason) => [
    `\`${reason}\``,
    ...(["dev", "test"] as const).flatMap((split) => {
      const set = r.sets[split];
      if (!set) return ["–", "–"];
      return [`${set.rules[reason].unanswerableDeclined} / ${set.unanswerable}`, `${set.rules[reason].answerableDeclined} / ${set.answerable}`];
    }),
  ]);
  return markdownTable(header, rows);
}

/** All suites pooled, per split, hybrid only. */
export function overall(results: readonly SuiteResult[], split: "dev" | "test"): VariantMetrics | undefined {
  const all = results.flatMap((r) => r.sets[split]?.perQuestion.filter((q) => q.variant === "hybrid") ?? []);
  return all.length === 0 ? undefined : summarize(all);
}

/**
 * All suites pooled, hybrid, one row per kind of question the writers tagged (direct, paraphrase,
 * near-miss, …): which styles of asking the answerer handles, dev and test side by side. Answerable
 * kinds show the answering-first-quote rate, unanswerable kinds the declined rate.
 */
export function kindTable(results: readonly SuiteResult[]): string {
  // Writers spelt some kinds two ways ("follow-up-free", "followup-free"): one row, named as first seen.
  const groups = new Map<string, { type: QuestionResult["type"]; label: string; dev: QuestionResult[]; test: QuestionResult[] }>();
  for (const split of ["dev", "test"] as const) {
    for (const q of results.flatMap((r) => r.sets[split]?.perQuestion ?? [])) {
      if (q.variant !== "hybrid") continue;
      const label = q.kind ?? "untagged";
      const key = `${q.type}\t${label.replace(/-/g, "")}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { type: q.type, label, dev: [], test: [] }));
      group[split].push(q);
    }
  }
  const cell = (own: readonly QuestionResult[], type: QuestionResult["type"]) => {
    if (own.length === 0) return "–";
    const ok = own.filter((q) => (type === "answerable" ? q.firstQuote : q.status === "abstained")).length;
    return `${pct(ok / own.length)} (${ok} / ${own.length})`;
  };
  const rows = [...groups]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, g]) => [g.label, g.type === "answerable" ? "first quote answers" : "declined", cell(g.dev, g.type), cell(g.test, g.type)]);
  return markdownTable(["kind", "measure", "dev", "test"], rows);
}

/** The issue's done-when goals, checked on the test sets. */
export function suiteGoals(results: readonly SuiteResult[]): GoalCheck[] {
  const checks: GoalCheck[] = [];
  for (const r of results) {
    const test = r.sets.test;
    if (!test) continue;
    const h = test.variants.hybrid;
    checks.push({ goal: `${r.suite} test: ≥ 85 % of answerable questions have an answering first quote`, met: h.firstQuote >= 0.85, measured: pct(h.firstQuote) });
    checks.push({ goal: `${r.suite} test: ≥ 85 % of unanswerable questions declined`, met: h.declined >= 0.85, measured: pct(h.declined) });
    const { dense, bm25 } = test.variants;
    if (dense && bm25) {
      checks.push({
        goal: `${r.suite} test: hybrid hit@3 ≥ dense and ≥ bm25`,
        met: h["hit@3"] >= dense["hit@3"] && h["hit@3"] >= bm25["hit@3"],
        measured: `hybrid ${pct(h["hit@3"])}, dense ${pct(dense["hit@3"])}, bm25 ${pct(bm25["hit@3"])}`,
      });
    }
    checks.push({ goal: `${r.suite} test: quotes 100 % verbatim`, met: !(h.verbatim < 1), measured: pct(h.verbatim) });
  }
  return checks;
}

/** The console summary of `npm run eval`. */
export function evalSummary(results: readonly SuiteResult[]): string {
  const parts = results.map((r) => `## ${r.suite} (${r.passages} passages)\n\n${suiteTable(r)}\n\nAbstention rules (hybrid):\n\n${rulesTable(r)}`);
  const pooled = (["dev", "test"] as const).map((split) => {
    const m = overall(results, split);
    return m ? `${split}: first quote answers ${pct(m.firstQuote)}, any quote ${pct(m.anyQuote)}, answer shown ${pct(m.shown)}, unanswerable declined ${pct(m.declined)}, hit@3 ${pct(m["hit@3"])}, verbatim ${pct(m.verbatim)}` : `${split}: –`;
  });
  return `${parts.join("\n\n")}\n\n## All suites pooled (hybrid)\n\n${pooled.map((l) => `- ${l}`).join("\n")}\n\n## By kind of question (all suites pooled, hybrid)\n\n${kindTable(results)}\n\n## Goals (test sets)\n\n${goalLines(suiteGoals(results))}`;
}

/** Writes README.md and results.json to `dir`; returns the files written. */
export function writeSuiteReport(dir: string, results: readonly SuiteResult[], info: { date: string; command: string; notes: string[] }): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const readme = [
    "# Answer quality per suite",
    "",
    `Run ${info.date} with \`${info.command}\`.`,
    "",
    ...info.notes.map((n) => `- ${n}`),
    "",
    evalSummary(results),
    "",
  ].join("\n");
  const files = [path.join(dir, "README.md"), path.join(dir, "results.json")];
  fs.writeFileSync(files[0]!, readme);
  fs.writeFileSync(files[1]!, `${JSON.stringify(results, null, 2)}\n`);
  return files;
}
