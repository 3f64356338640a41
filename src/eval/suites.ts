import fs from "node:fs";
import path from "node:path";
import { readQuestionSet, type QuestionEntry } from "./questionSet.ts";

/** A corpus with its question sets: dev (rules and weights are written against it) and test (what users should expect). */
export interface Suite {
  name: string;
  corpusDir: string;
  sets: { split: "dev" | "test"; file: string; questions: QuestionEntry[] }[];
}

/** The suites under `dir` (default eval/suites): each folder with a suite.json naming its corpus. */
export function readSuites(dir = "eval/suites"): Suite[] {
  if (!fs.existsSync(dir)) throw new Error(`no suites in ${dir}; run from the repository root or pass --corpus DIR --set FILE`);
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, "suite.json")))
    .sort()
    .map((name) => {
      const folder = path.join(dir, name);
      const meta = JSON.parse(fs.readFileSync(path.join(folder, "suite.json"), "utf8")) as { corpus: string };
      const sets = (["dev", "test"] as const)
        .map((split) => ({ split, file: path.join(folder, `${split}.jsonl`) }))
        .filter((s) => fs.existsSync(s.file))
        .map((s) => ({ ...s, questions: readQuestionSet(s.file) }));
      return { name, corpusDir: path.resolve(folder, meta.corpus), sets };
    });
}

/** One (corpus, question set) pair given on the command line. */
export function adHocSuite(corpusDir: string, file: string): Suite {
  const dir = path.resolve(corpusDir);
  // "packs/mixed/corpus" is the "mixed" corpus.
  const name = path.basename(dir) === "corpus" ? path.basename(path.dirname(dir)) : path.basename(dir);
  return { name, corpusDir: dir, sets: [{ split: "test", file, questions: readQuestionSet(file) }] };
}
