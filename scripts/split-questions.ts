/**
 * `npm run split -- eval/suites/NAME/all.jsonl`: splits a question set into dev.jsonl and test.jsonl
 * beside it, before anyone writes rules against it. Stratified by (type, kind): within each group the
 * questions are ordered by the SHA-256 of their id and dealt alternately to dev and test; a group's odd
 * question goes to whichever side the previous odd group did not favour. Deterministic, so the split can
 * be checked by rerunning it; it refuses to overwrite an existing split.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { exitAfterOutput, parseCommandLine, usageError } from "../src/cli.ts";

const USAGE = "usage: npm run split -- eval/suites/NAME/all.jsonl [--force]   (writes dev.jsonl and test.jsonl beside it)";
const { values, positionals } = await parseCommandLine(
  { options: { force: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } }, allowPositionals: true },
  USAGE,
);
if (positionals.length !== 1) await usageError("name one question file (all.jsonl)", USAGE);
const file = positionals[0]!;
if (!fs.existsSync(file)) await usageError(`${file} does not exist`, USAGE);
const dir = path.dirname(file);
const targets = ["dev.jsonl", "test.jsonl"].map((f) => path.join(dir, f));
if (targets.some((t) => fs.existsSync(t)) && !values.force) {
  console.error(`${dir} already holds a split; a split is made once, before rules are written (--force rewrites it)`);
  await exitAfterOutput(1);
}
const lines = fs.readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "");
const groups = new Map<string, { id: string; line: string }[]>();
for (const line of lines) {
  const q = JSON.parse(line) as { id: string; type: string; kind?: string };
  const key = `${q.type}/${q.kind ?? ""}`;
  groups.set(key, [...(groups.get(key) ?? []), { id: q.id, line }]);
}
const hash = (id: string) => crypto.createHash("sha256").update(id).digest("hex");
const dev: string[] = [];
const test: string[] = [];
let oddToDev = true;
for (const key of [...groups.keys()].sort()) {
  const members = groups.get(key)!.sort((a, b) => hash(a.id).localeCompare(hash(b.id)));
  const firstToDev = members.length % 2 === 0 || oddToDev;
  if (members.length % 2 === 1) oddToDev = !oddToDev;
  members.forEach((m, i) => ((i % 2 === 0) === firstToDev ? dev : test).push(m.line));
}
fs.writeFileSync(targets[0]!, `${dev.join("\n")}\n`);
fs.writeFileSync(targets[1]!, `${test.join("\n")}\n`);
console.log(`${file}: ${dev.length} dev, ${test.length} test`);
