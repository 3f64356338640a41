import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

/** `npm run split -- …` as a maintainer runs it, in a child process. */
function split(...args: string[]) {
  const r = spawnSync(TSX, ["scripts/split-questions.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const lines = (file: string) => fs.readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "");

describe("npm run split", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "split-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("deals every question to dev or test, each kind evenly, and refuses to split twice", () => {
    const file = path.join(dir, "all.jsonl");
    const questions = [
      ...Array.from({ length: 6 }, (_, i) => ({ id: `a${i}`, question: `Answerable ${i}?`, type: "answerable", kind: "direct", gold: ["x"] })),
      ...Array.from({ length: 3 }, (_, i) => ({ id: `p${i}`, question: `Paraphrase ${i}?`, type: "answerable", kind: "paraphrase", gold: ["y"] })),
      ...Array.from({ length: 3 }, (_, i) => ({ id: `u${i}`, question: `Unanswerable ${i}?`, type: "unanswerable", kind: "near-miss", gold: [] })),
    ];
    fs.writeFileSync(file, questions.map((q) => JSON.stringify(q)).join("\n") + "\n");

    const first = split(file);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/6 dev, 6 test/);
    const [dev, testSet] = ["dev.jsonl", "test.jsonl"].map((f) => lines(path.join(dir, f)));
    expect([...dev!, ...testSet!].sort()).toEqual(lines(file).sort());
    const kinds = (set: string[]) => set.map((l) => (JSON.parse(l) as { kind: string }).kind);
    expect(kinds(dev!).filter((k) => k === "direct")).toHaveLength(3);
    // The two odd groups' extra questions go to different sides.
    expect(kinds(dev!).filter((k) => k !== "direct")).toHaveLength(3);

    const again = split(file);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds a split/);
    expect(lines(path.join(dir, "dev.jsonl"))).toEqual(dev);

    expect(split(file, "--force").code).toBe(0);
    expect(lines(path.join(dir, "dev.jsonl"))).toEqual(dev);
  }, 120_000); // child processes

  test("every committed split is what the script makes from the suite's all.jsonl", () => {
    const suites = fs.readdirSync(path.join(ROOT, "eval/suites")).filter((s) => fs.existsSync(path.join(ROOT, "eval/suites", s, "all.jsonl")));
    expect(suites.length).toBeGreaterThanOrEqual(9);
    for (const suite of suites) {
      const copy = path.join(dir, suite);
      fs.mkdirSync(copy);
      fs.copyFileSync(path.join(ROOT, "eval/suites", suite, "all.jsonl"), path.join(copy, "all.jsonl"));
      expect(split(path.join(copy, "all.jsonl")).code, suite).toBe(0);
      for (const part of ["dev.jsonl", "test.jsonl"]) {
        expect(fs.readFileSync(path.join(copy, part), "utf8"), `${suite}/${part}`).toBe(fs.readFileSync(path.join(ROOT, "eval/suites", suite, part), "utf8"));
      }
    }
  }, 300_000); // one child process per suite

  test("no file, a missing file or an unknown option is a usage error, exit 2", () => {
    for (const args of [[], [path.join(dir, "nowhere.jsonl")], ["--shuffle", path.join(dir, "all.jsonl")]]) {
      const r = split(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/usage: npm run split/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }, 120_000);
});
