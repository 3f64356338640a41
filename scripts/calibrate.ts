/**
 * Fits the extractive answerer's sentence-score weights and abstention threshold on a question set
 * (default: the dev set) and rewrites src/answer/calibration.ts. Reports 5-fold cross-validated
 * rates beside the in-sample ones, so that overfitting shows.
 *
 *   npm run calibrate [-- --set FILE] [--dry-run]
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { runMain } from "../src/cli.ts";
import { createEngine } from "../src/engine.ts";
import type { Calibration } from "../src/answer/extractive.ts";
import { citesGold, readQuestionSet, type QuestionEntry } from "../src/eval/questionSet.ts";

const { values } = parseArgs({ options: { set: { type: "string", default: "tests/devset.jsonl" }, "dry-run": { type: "boolean" } } });

runMain("calibrate", async (config, log) => {
  const set = readQuestionSet(values.set!);
  let current: Calibration = { weights: { similarity: 0.5, coverage: 0.3, relevance: 0.2, unseen: 0 }, threshold: -Infinity, secondSentenceRatio: 0.8 };
  const engine = await createEngine(config, { calibration: () => current, log });

  interface Outcome {
    q: QuestionEntry;
    /** Abstained by a rule that no threshold changes (unknown names, answer type, no question). */
    ruled: boolean;
    score: number;
    correct: boolean;
  }

  async function outcomes(weights: Calibration["weights"]): Promise<Outcome[]> {
    current = { ...current, weights, threshold: -Infinity };
    const out: Outcome[] = [];
    for (const q of set) {
      const a = await engine.ask(q.question);
      out.push({
        q,
        ruled: a.status === "abstained",
        score: a.status === "answered" ? a.confidence : -Infinity,
        correct: q.type === "answerable" ? citesGold(a, q.gold) : false,
      });
    }
    return out;
  }

  function rates(os: Outcome[], threshold: number) {
    let a = 0, aOk = 0, u = 0, uOk = 0;
    for (const o of os) {
      const answered = !o.ruled && o.score >= threshold;
      if (o.q.type === "answerable") {
        a++;
        if (answered && o.correct) aOk++;
      } else {
        u++;
        if (!answered) uOk++;
      }
    }
    const answerable = a ? aOk / a : 1;
    const unanswerable = u ? uOk / u : 1;
    return { answerable, unanswerable, balanced: (answerable + unanswerable) / 2 };
  }

  /** The threshold with the best balanced accuracy; ties go to the lowest (answer more). */
  function bestThreshold(os: Outcome[]): { threshold: number; balanced: number } {
    const candidates = [...new Set(os.filter((o) => Number.isFinite(o.score)).map((o) => o.score))].sort((x, y) => x - y);
    let best = { threshold: 0, balanced: -1 };
    for (const t of [0, ...candidates]) {
      const r = rates(os, t);
      if (r.balanced > best.balanced + 1e-9) best = { threshold: t, balanced: r.balanced };
    }
    return best;
  }

  const grid: Calibration["weights"][] = [];
  for (const similarity of [0.3, 0.4, 0.5, 0.6, 0.7])
    for (const coverage of [0.1, 0.2, 0.3, 0.4, 0.5])
      for (const relevance of [0, 0.1, 0.2, 0.3])
        for (const unseen of [0, 0.1, 0.2, 0.3]) grid.push({ similarity, coverage, relevance, unseen });

  const results: { weights: Calibration["weights"]; os: Outcome[] }[] = [];
  for (const [i, weights] of grid.entries()) {
    results.push({ weights, os: await outcomes(weights) });
    if (i % 50 === 0) log(`calibrating: ${i}/${grid.length} weight settings`);
  }

  function fit(rows: Set<number>) {
    let best: { weights: Calibration["weights"]; threshold: number; balanced: number } | undefined;
    for (const r of results) {
      const os = r.os.filter((_, i) => rows.has(i));
      const t = bestThreshold(os);
      if (!best || t.balanced > best.balanced + 1e-9) best = { weights: r.weights, ...t };
    }
    return best!;
  }

  // 5-fold cross-validation: fit on four fifths, measure on the fifth left out.
  const folds = 5;
  const held: Outcome[] = [];
  const heldThresholds: number[] = [];
  for (let f = 0; f < folds; f++) {
    const train = new Set(set.map((_, i) => i).filter((i) => i % folds !== f));
    const model = fit(train);
    const os = results.find((r) => r.weights === model.weights)!.os.filter((_, i) => i % folds === f);
    for (const o of os) held.push({ ...o, ruled: o.ruled || o.score < model.threshold });
    heldThresholds.push(model.threshold);
  }
  const cv = rates(held, -Infinity);

  const final = fit(new Set(set.map((_, i) => i)));
  const inSample = rates(results.find((r) => r.weights === final.weights)!.os, final.threshold);
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  console.log(`weights ${JSON.stringify(final.weights)}, threshold ${final.threshold.toFixed(4)}`);
  console.log(`in-sample: answerable cited ${pct(inSample.answerable)}, unanswerable abstained ${pct(inSample.unanswerable)}`);
  console.log(`5-fold CV: answerable cited ${pct(cv.answerable)}, unanswerable abstained ${pct(cv.unanswerable)}`);

  if (!values["dry-run"]) {
    const file = new URL("../src/answer/calibration.ts", import.meta.url);
    fs.writeFileSync(
      file,
      `import type { Calibration } from "./extractive.ts";

/**
 * Written by \`npm run calibrate\` from ${values.set} (${set.length} questions) on ${new Date().toISOString().slice(0, 10)}.
 * In-sample: answerable cited ${pct(inSample.answerable)}, unanswerable abstained ${pct(inSample.unanswerable)}.
 * 5-fold cross-validated: answerable cited ${pct(cv.answerable)}, unanswerable abstained ${pct(cv.unanswerable)}.
 */
export const CALIBRATION: Calibration = {
  weights: ${JSON.stringify(final.weights).replace(/"(\w+)":/g, "$1: ").replace(/,/g, ", ").replace("{", "{ ").replace("}", " }")},
  threshold: ${final.threshold.toFixed(4)},
  secondSentenceRatio: ${current.secondSentenceRatio},
};
`,
    );
    console.log(`wrote ${file.pathname}`);
  }
  engine.close();
  return 0;
});
