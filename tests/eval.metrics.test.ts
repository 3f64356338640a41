import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Answer, Citation } from "../src/answer/types.ts";
import type { Passage } from "../src/corpus/types.ts";
import { CALIBRATIONS } from "../src/answer/calibration.ts";
import { openEvalPipeline, type EvalPipeline } from "../src/eval/adapter.ts";
import { kindTable, suiteGoals, type SuiteResult } from "../src/eval/evalReport.ts";
import { exactTopK, perturbed, recallAtK } from "../src/eval/bench.ts";
import { paragraphs, seededShuffle } from "../src/eval/benchCorpus.ts";
import { barChart, lineChart, ticks } from "../src/eval/charts.ts";
import { evaluateSet, summarize, type QuestionResult } from "../src/eval/evaluate.ts";
import { benchGoals } from "../src/eval/goals.ts";
import { answersGold, fitRanking } from "../src/eval/fit.ts";
import { containsGold } from "../src/eval/questionSet.ts";
import { abstainedCorrectly, citationHit, hitAt, isVerbatim, mean, percentile, rate, reciprocalRank } from "../src/eval/metrics.ts";
import { medianRatio } from "../src/eval/reindexBench.ts";
import { aroundRun, cpuCeiling, probeCpus, tasksetWorks } from "../src/eval/cpuSpeed.ts";
import os from "node:os";
import { BRIEFING, tempProject } from "./helpers/corpus.ts";
import { fakeEmbedder } from "./helpers/fakeEmbeddings.ts";

const ranked = ["Minsk reopened talks.", "On 15 September Lukashenko met Saldo.", "The deficit reached $3.5 billion."];

describe("hit@k and reciprocal rank", () => {
  test("hit@k looks only at the first k passages, gold matched case-insensitively", () => {
    expect(hitAt(ranked, ["on 15 SEPTEMBER"], 1)).toBe(false);
    expect(hitAt(ranked, ["on 15 SEPTEMBER"], 2)).toBe(true);
    expect(hitAt(ranked, ["not there"], 3)).toBe(false);
  });

  test("any of several gold texts counts", () => {
    expect(hitAt(ranked, ["nowhere", "$3.5 billion"], 3)).toBe(true);
    expect(hitAt(ranked, ["nowhere", "$3.5 billion"], 2)).toBe(false);
  });

  test("reciprocal rank is 1/rank of the first gold passage, 0 when absent", () => {
    expect(reciprocalRank(ranked, ["Minsk"])).toBe(1);
    expect(reciprocalRank(ranked, ["deficit"])).toBeCloseTo(1 / 3);
    expect(reciprocalRank(ranked, ["Saldo", "deficit"])).toBe(0.5);
    expect(reciprocalRank(ranked, ["Kherson"])).toBe(0);
  });
});

const passage: Passage = { id: "doc#1", docId: "doc", title: "Doc", section: null, file: "doc.md", start: 100, end: 137, text: "On 15 September Lukashenko met Saldo." };
const citation = (quote: string, start: number, end: number): Citation => ({ n: 1, passageId: "doc#1", docId: "doc", title: "Doc", section: null, file: "doc.md", start, end, quote, score: 0.9 });
const base = { question: "q", mode: "extractive" as const, retrieved: [], indexVersion: "v", verification: [] };
const answered = (citations: Citation[]): Answer => ({ ...base, status: "answered", text: "t [1]", citations, confidence: 0.8 });
const abstained: Answer = { ...base, status: "abstained", text: "no", reason: "low-relevance", citations: [], related: [] };

describe("citation recall, abstention and verbatim checks", () => {
  test("a citation counts when its quote holds a gold text", () => {
    expect(citationHit(answered([citation("On 15 September", 100, 115)]), ["15 september"])).toBe(true);
    expect(citationHit(answered([citation("Lukashenko met Saldo.", 116, 137)]), ["15 September"])).toBe(false);
    expect(citationHit(abstained, ["15 September"])).toBe(false);
  });

  test("abstention is right when it matches the question type", () => {
    expect(abstainedCorrectly(abstained, "unanswerable")).toBe(true);
    expect(abstainedCorrectly(abstained, "answerable")).toBe(false);
    expect(abstainedCorrectly(answered([]), "answerable")).toBe(true);
    expect(abstainedCorrectly(answered([]), "unanswerable")).toBe(false);
  });

  test("verbatim means each quote equals the passage text at its offsets", () => {
    const byId = (id: string) => (id === "doc#1" ? passage : undefined);
    expect(isVerbatim(answered([citation("On 15 September", 100, 115)]), byId)).toBe(true);
    expect(isVerbatim(answered([citation("On 16 September", 100, 115)]), byId)).toBe(false);
    expect(isVerbatim(answered([citation("On 15 September", 101, 116)]), byId)).toBe(false);
    expect(isVerbatim(answered([citation("On 15 September", 90, 105)]), byId)).toBe(false);
    expect(isVerbatim(answered([{ ...citation("On 15 September", 100, 115), passageId: "gone" }]), byId)).toBe(false);
    expect(isVerbatim(abstained, byId)).toBeUndefined();
  });
});

describe("percentiles and rates", () => {
  test("nearest-rank percentile of unsorted values", () => {
    const values = [50, 10, 40, 20, 30, 60, 70, 80, 90, 100];
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(100);
    expect(percentile(values, 90)).toBe(90);
    expect(percentile(values, 0)).toBe(10);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(values[0]).toBe(50); // the input is left unsorted
  });

  test("rate ignores undefined and is NaN with no data", () => {
    expect(rate([true, false, undefined, true])).toBeCloseTo(2 / 3);
    expect(rate([undefined])).toBeNaN();
    expect(mean([1, 2, 6])).toBe(3);
  });
});

describe("summarize", () => {
  const result = (o: Partial<QuestionResult>): QuestionResult => ({
    id: "x", question: "q", type: "answerable", variant: "hybrid", status: "answered", hits: { 1: false, 3: false, 5: false },
    reciprocalRank: 0, firstQuote: false, anyQuote: false, shown: false, verbatim: true, latencyMs: 1, answer: "", ...o,
  });

  test("ranking and quote measures over answerable questions, declines over unanswerable ones", () => {
    const m = summarize([
      result({ hits: { 1: true, 3: true, 5: true }, reciprocalRank: 1, firstQuote: true, anyQuote: true, shown: true, latencyMs: 10 }),
      result({ hits: { 1: false, 3: true, 5: true }, reciprocalRank: 0.5, firstQuote: false, anyQuote: true, latencyMs: 20 }),
      result({ type: "unanswerable", status: "abstained", verbatim: undefined, latencyMs: 30 }),
      result({ type: "unanswerable", status: "answered", verbatim: false, latencyMs: 40 }),
    ]);
    expect(m["hit@1"]).toBe(0.5);
    expect(m["hit@3"]).toBe(1);
    expect(m.mrr).toBe(0.75);
    expect(m.firstQuote).toBe(0.5);
    expect(m.anyQuote).toBe(1);
    expect(m.shown).toBe(0.5);
    expect(m.declined).toBe(0.5);
    expect(m.verbatim).toBeCloseTo(2 / 3);
    expect(m.latencyMs).toEqual({ p50: 20, p95: 40 });
  });

  test("per kind of question: first-quote rate of answerable kinds, declined rate of unanswerable ones, dev beside test, pooled over suites", () => {
    const set = (perQuestion: QuestionResult[]) => ({ perQuestion }) as unknown as SuiteResult["sets"]["dev"];
    const suites: SuiteResult[] = [
      { suite: "a", corpusDir: "", passages: 1, sets: {
        dev: set([result({ kind: "paraphrase", firstQuote: true }), result({ kind: "paraphrase" }), result({ kind: "paraphrase", variant: "bm25", firstQuote: true })]),
        test: set([result({ kind: "follow-up-free", firstQuote: true }), result({ type: "unanswerable", kind: "near-miss", status: "abstained" })]),
      } },
      { suite: "b", corpusDir: "", passages: 1, sets: { test: set([result({ kind: "followup-free" }), result({ type: "unanswerable", kind: "near-miss" })]) } },
    ];
    const lines = kindTable(suites).split("\n");
    // Only the hybrid variant counts; the two spellings of a kind are one row.
    expect(lines.find((l) => l.startsWith("| paraphrase"))).toBe("| paraphrase | first quote answers | 50.0 % (1 / 2) | – |");
    expect(lines.filter((l) => l.includes("follow"))).toEqual(["| follow-up-free | first quote answers | – | 50.0 % (1 / 2) |"]);
    expect(lines.find((l) => l.startsWith("| near-miss"))).toBe("| near-miss | declined | – | 50.0 % (1 / 2) |");
  });
});

describe("index scale helpers", () => {
  const unit = (xs: number[]) => {
    const n = Math.hypot(...xs);
    return Float32Array.from(xs.map((x) => x / n));
  };
  const vectors = [unit([1, 0, 0]), unit([0, 1, 0]), unit([1, 1, 0]), unit([0, 0, 1]), unit([1, 0.1, 0])];

  test("exact search ranks by cosine, best first", () => {
    expect(exactTopK(vectors, unit([1, 0, 0]), 3)).toEqual([0, 4, 2]);
    expect(exactTopK(vectors, unit([0, 0, 1]), 1)).toEqual([3]);
  });

  test("recall@k is the found share of the exact lists", () => {
    expect(recallAtK([[0, 4, 2], [3, 9, 8]], [[0, 4, 2], [3, 1, 0]])).toBeCloseTo((1 + 1 / 3) / 2);
    expect(recallAtK([], [])).toBeNaN();
  });

  test("stand-in vectors are unit, seeded and near their source", () => {
    const src = unit(Array.from({ length: 512 }, (_, i) => Math.sin(i)));
    const a = perturbed(src, 7);
    const cos = a.reduce((s, x, i) => s + x * src[i]!, 0);
    expect(Math.hypot(...a)).toBeCloseTo(1, 5);
    expect(cos).toBeGreaterThan(0.85);
    expect(cos).toBeLessThan(0.93);
    expect(perturbed(src, 7)).toEqual(a);
    expect(perturbed(src, 8)).not.toEqual(a);
  });

  test("paragraphs keep prose and drop short lines, tables and code", () => {
    const text = [
      "# Title",
      "This library parses command line arguments and prints a friendly help message for every option.",
      "| a | b |\n|---|---|\n| 1 | 2 |",
      "0x1f 0x2e 0x3d 0x4c 0x5b 0x6a 0x79 0x88 0x97 0xa6 0xb5 0xc4 0xd3 0xe2",
    ].join("\n\n");
    expect(paragraphs(text)).toEqual(["This library parses command line arguments and prints a friendly help message for every option."]);
  });

  test("the seeded shuffle is a fixed permutation", () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const a = seededShuffle(items);
    expect(seededShuffle(items)).toEqual(a);
    expect(a).not.toEqual(items);
    expect([...a].sort((x, y) => x - y)).toEqual(items);
  });
});

describe("charts and goals", () => {
  test("bar and line charts are SVG with their values and names, text escaped", () => {
    const bars = barChart({ title: "Q <1>", groups: ["hit@3"], series: [{ name: "hybrid", values: [0.875] }, { name: "dense", values: [NaN] }], yMax: 1 });
    expect(bars.startsWith("<svg")).toBe(true);
    expect(bars).toContain("Q &lt;1&gt;");
    expect(bars).toContain(">0.88<");
    expect(bars.match(/<rect x=/g)?.length).toBe(3); // one bar and two legend swatches; NaN draws none
    const line = lineChart({ title: "L", xLabel: "x", yLabel: "y", xLog: true, yLog: true, series: [{ name: "p95", points: [[1000, 0.2], [100000, 0.9]] }] });
    expect(line).toContain("<path d=\"M");
    expect(line.match(/<circle/g)?.length).toBe(2);
    expect(ticks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  test("bench goals flag a missed latency goal", () => {
    const row = { passages: 1000, buildPassagesPerSec: 1, queryP50Ms: 0.1, queryP95Ms: 0.2, baselineQueryP50Ms: 0.1, recallAt10: 0.99, rssMB: 1, baselineQueryP95Ms: 0.1, baselineRecallAt10: 0.9, hybridP50Ms: 1, hybridP95Ms: 1, bm25P50Ms: 1, bm25P95Ms: 1, hnswBuildSeconds: 1, bm25BuildSeconds: 1, baselineBuildSeconds: 1, realVectors: 1000, queries: 10, rounds: 3, ef: 128 };
    const embedding = { model: "m", texts: 1, meanChars: 1, batch: 1, textsPerSec: 1, queryMs: { p50: 1, p95: 1 } };
    const goals = benchGoals({ scale: [row, { ...row, passages: 100_000, queryP95Ms: 0.5, recallAt10: 0.94 }], embedding, machine: "" });
    // Query p95 grew 2.5 ×, recall fell below 0.95; hybrid p95 of 1 ms at 100k is within 20 ms.
    expect(goals.map((g) => g.met)).toEqual([false, false, true]);
    const run = { workers: 1, documents: 10, passages: 60, texts: 300, embeddingSeconds: 10, seconds: 12, passagesPerSec: 6, coresBusy: 1 };
    const reindex = {
      cores: 2,
      one: run,
      all: { ...run, workers: 2, passagesPerSec: 10 },
      speedup: 10 / 6,
      archive: { ...run, workers: 2, megabytes: 3, formats: {}, skipped: 0 },
      reload: { passages: 6000, sentences: 18000, indexMegabytes: 40, answers: 50, maxGapMs: 80, baselineMaxGapMs: 5, reloadMs: 300 },
    };
    const withReindex = benchGoals({ scale: [row, { ...row, passages: 100_000, hybridP95Ms: 25 }], embedding, reindex, machine: "" });
    expect(withReindex.filter((g) => /hybrid|reindex|reply gap/.test(g.goal)).map((g) => [g.goal.split(" ")[0], g.met])).toEqual([
      ["hybrid", false],
      ["reindex", false],
      ["max", true],
    ]);
    // Several rounds: the goal is judged on their median ratio and names every round's.
    const rounds = [1.7, 1.85, 1.9].map((ratio) => ({ onePassagesPerSec: 10, allPassagesPerSec: 10 * ratio, ratio }));
    const inRounds = benchGoals({ scale: [row], embedding, reindex: { ...reindex, rounds, speedup: 1.85 }, machine: "" }).find((g) => g.goal.startsWith("reindex"))!;
    expect(inRounds.met).toBe(true);
    expect(inRounds.measured).toBe("median 1.85 × over 3 rounds (1.7, 1.85, 1.9) on 10 documents");
  });

  test("the reindex comparison's figure is the median of its rounds' ratios", () => {
    expect(medianRatio([1.7, 1.92, 1.81])).toEqual({ median: 1.81, index: 2 });
    expect(medianRatio([1.9, 1.7]).index).toBe(1);
    expect(medianRatio([1.9, 1.7]).median).toBeCloseTo(1.8, 9);
    expect(medianRatio([1.74])).toEqual({ median: 1.74, index: 0 });
  });

  test("what the CPUs' speeds allow two workers over one: their summed speed over the fastest's", () => {
    // Equal cores: 2. The second at 60 % of the first: 1.6. Each side judged by the probes around its own run.
    expect(cpuCeiling([100, 100], [100, 100])).toBeCloseTo(2, 9);
    expect(cpuCeiling([100, 100 / 0.6], [100, 100 / 0.6])).toBeCloseTo(1.6, 9);
    // The one-worker run met both cores slowed to half: the fastest then did half as much.
    expect(cpuCeiling([100, 100], [200, 200])).toBeCloseTo(4, 9);
    expect(aroundRun([100, 150], [120, 130])).toEqual([110, 140]);
  });

  test.skipIf(!tasksetWorks())("the CPU probe times the same loop on every CPU", () => {
    const ms = probeCpus()!;
    expect(ms).toHaveLength(os.availableParallelism());
    for (const x of ms) expect(x).toBeGreaterThan(0);
    expect(probeCpus(1)).toHaveLength(1);
  });
});

describe("evaluate on the briefing with the fake embedder", () => {
  let project: ReturnType<typeof tempProject>;
  let pipeline: EvalPipeline;
  beforeAll(async () => {
    project = tempProject({ "briefing.md": BRIEFING });
    pipeline = await openEvalPipeline(project.config, { embedder: fakeEmbedder() });
  });
  afterAll(() => {
    pipeline.close();
    project.cleanup();
  });

  test("every variant answers every question; rules are counted; the LangChain baseline returns passages", async () => {
    const questions = [
      { question: "Which airline did Washington reportedly lift some sanctions on?", type: "answerable" as const, gold: ["Belavia"] },
      { question: "What is the capital of Peru?", type: "unanswerable" as const, gold: [] },
    ];
    const r = await evaluateSet(pipeline, questions, CALIBRATIONS);
    expect(r.questions).toBe(2);
    expect(r.perQuestion).toHaveLength(6);
    expect(Object.keys(r.variants)).toEqual(["hybrid", "dense", "bm25"]);
    for (const v of ["hybrid", "dense", "bm25"] as const) {
      expect(r.variants[v].latencyMs.p95).toBeGreaterThanOrEqual(r.variants[v].latencyMs.p50);
      expect(r.variants[v]["hit@5"]).toBe(1);
    }
    // "Peru" is in no document: the unknown-name rule declines it, and the count says so.
    expect(r.rules["unknown-name"].unanswerableDeclined).toBe(1);
    expect(r.rules["unknown-name"].answerableDeclined).toBe(0);
    for (const q of r.perQuestion) if (q.status === "answered") expect(q.verbatim).toBe(true);
    const suite: SuiteResult = { suite: "briefing", corpusDir: project.corpusDir, passages: 1, sets: { test: r } };
    const goals = suiteGoals([suite]);
    expect(goals.map((g) => g.goal)).toEqual([
      "briefing test: ≥ 85 % of answerable questions have an answering first quote",
      "briefing test: ≥ 85 % of unanswerable questions declined",
      "briefing test: hybrid hit@3 ≥ dense and ≥ bm25",
      "briefing test: quotes 100 % verbatim",
    ]);
  });
});

describe("fitting the sentence score on pairs", () => {
  test("the answering sentence of each question wins, though the two questions' scales differ", () => {
    // Feature 0 separates answering from non-answering within a question; feature 1 is large for
    // every sentence of the first question and small for the second, so pointwise it would only
    // learn which question a sentence belongs to.
    const groups = [
      [{ x: [0.9, 0.9], y: 1 as const }, { x: [0.6, 0.95], y: 0 as const }, { x: [0.5, 0.9], y: 0 as const }],
      [{ x: [0.4, 0.1], y: 1 as const }, { x: [0.1, 0.15], y: 0 as const }, { x: [0.2, 0.1], y: 0 as const }],
    ];
    const { bias, weights } = fitRanking(groups, 0.001);
    const score = (x: readonly number[]) => 1 / (1 + Math.exp(-(bias + x.reduce((s, v, i) => s + v * weights[i]!, 0))));
    for (const group of groups) {
      const [answering, ...others] = group.map((r) => score(r.x));
      for (const other of others) expect(answering!).toBeGreaterThan(other!);
    }
    expect(weights[0]!).toBeGreaterThan(0);
  });
});

describe("gold matching", () => {
  test("a quote's line breaks are layout: gold written on one line matches a quote wrapped across two", () => {
    expect(containsGold("The bridge was opened on 12 March\n2024 by the mayor.", ["opened on 12 March 2024"])).toBe(true);
    expect(answersGold("The bridge was opened on 12\n\nMarch 2024.", ["OPENED ON 12 MARCH"])).toBe(true);
    expect(containsGold("The bridge was opened on 12 May 2024.", ["opened on 12 March"])).toBe(false);
  });
});
