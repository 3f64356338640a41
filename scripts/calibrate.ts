/**
 * `npm run calibrate`: fits hybrid retrieval's fusion weight (best mean reciprocal rank of the gold
 * passage), then the answer score's weights and the abstention threshold for each retrieval variant,
 * on the **dev** parts of every suite in eval/suites (never the test parts) and
 * rewrites src/answer/calibration.ts and src/retrieve/fusionWeight.ts. Prints, for the product's variant, leave-one-suite-out figures:
 * fitted on the other suites' dev sets, measured on the left-out one, a check on corpora it never saw.
 *
 *   npm run calibrate [-- --dry-run]
 */
import fs from "node:fs";
import { parseCommandLine, runMain } from "../src/cli.ts";
import { VARIANTS, type VariantName } from "../src/eval/adapter.ts";
import { balancedOutcome, fitCalibration, type Observation } from "../src/eval/fit.ts";
import { observeDev, openSuitePipeline } from "../src/eval/observe.ts";
import { readSuites } from "../src/eval/suites.ts";
import { fitDenseWeight, observeFusion, type FusionObservation } from "../src/eval/fitFusion.ts";
import type { Calibration } from "../src/answer/score.ts";

const USAGE = "usage: npm run calibrate [-- --dry-run] [--suites DIR (eval/suites)]   (--dry-run prints the fit without rewriting the files)";
const { values } = await parseCommandLine(
  { options: { "dry-run": { type: "boolean" }, suites: { type: "string", default: "eval/suites" }, help: { type: "boolean", short: "h" } } },
  USAGE,
);

runMain("calibrate", async (config, log) => {
  const suites = readSuites(values.suites);
  const fusionObservations: FusionObservation[] = [];
  for (const suite of suites) {
    log(`${suite.name}: retrieving dev questions with each fusion weight…`);
    const pipeline = await openSuitePipeline(config, suite, { log });
    fusionObservations.push(...(await observeFusion(pipeline, suite, config.retrieval.k)));
    pipeline.close();
  }
  const fusion = fitDenseWeight(fusionObservations);
  const observations: Record<VariantName, Observation[]> = { hybrid: [], dense: [], bm25: [] };
  for (const suite of suites) {
    log(`${suite.name}: preparing dev questions…`);
    const pipeline = await openSuitePipeline(config, suite, { log });
    for (const variant of VARIANTS) observations[variant].push(...(await observeDev(pipeline, suite, variant, variant === "hybrid" ? fusion.weight : undefined)));
    pipeline.close();
  }
  const fitted = Object.fromEntries(VARIANTS.map((v) => [v, fitCalibration(observations[v])])) as Record<VariantName, Calibration>;
  const lines: string[] = [`hybrid fusion: dense weight ${fusion.weight} (dev MRR of the gold passage ${fusion.mrr}, mean over suites)`];
  for (const v of VARIANTS) lines.push(`${v}: balanced dev outcome ${pct(balancedOutcome(observations[v], fitted[v]))} (in-sample), threshold ${fitted[v].threshold}`);
  const held = suites.map((s) => {
    const calibration = fitCalibration(observations.hybrid.filter((o) => o.suite !== s.name));
    return `${s.name} ${pct(balancedOutcome(observations.hybrid.filter((o) => o.suite === s.name), calibration))}`;
  });
  lines.push(`hybrid, leave-one-suite-out (fitted without the suite, measured on its dev set): ${held.join(", ")}`);
  for (const l of lines) console.log(l);
  if (values["dry-run"]) return 0;
  const devCounts = suites.map((s) => `${s.name} ${s.sets.filter((x) => x.split === "dev").reduce((n, x) => n + x.questions.length, 0)}`).join(", ");
  fs.writeFileSync(
    "src/answer/calibration.ts",
    `import type { Calibration } from "./score.ts";

/**
 * Written by \`npm run calibrate\` on ${new Date().toISOString().slice(0, 10)} from the dev sets of eval/suites (${devCounts} questions); test sets unseen.
${lines.map((l) => ` * ${l}`).join("\n")}
 * (Balanced outcome: mean over suites of (answerable questions whose first quote answers + unanswerable declined) / 2.)
 */
export const CALIBRATIONS: Record<"hybrid" | "dense" | "bm25", Calibration> = ${JSON.stringify(fitted, null, 2)};

/** The product answers with hybrid retrieval. */
export const CALIBRATION: Calibration = CALIBRATIONS.hybrid;
`,
  );
  fs.writeFileSync(
    "src/retrieve/fusionWeight.ts",
    `/**
 * Written by \`npm run calibrate\` on ${new Date().toISOString().slice(0, 10)} from the dev sets of eval/suites; test sets unseen.
 * ${lines[0]}
 */
/** Weight of the dense side in weighted fusion (BM25 gets the rest). */
export const DENSE_WEIGHT = ${fusion.weight};
`,
  );
  console.log("wrote src/answer/calibration.ts and src/retrieve/fusionWeight.ts");
  return 0;
});

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}
