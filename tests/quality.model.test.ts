import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createEngine, type EngineHandle } from "../src/engine.ts";
import { citesGold, readQuestionSet } from "../src/eval/questionSet.ts";
import type { Answer } from "../src/answer/types.ts";
import { BRIEFING, tempProject } from "./helpers/corpus.ts";

/**
 * Second tier: the real local model (Universal Sentence Encoder lite) on the real briefing and its
 * dev set, through the engine the bot uses. A regression guard on dev data (weights are fitted on it),
 * not a measure of quality on new questions: `npm run eval` reports the test sets.
 */
describe("dev set with the real local model", () => {
  const project = tempProject({ "briefing.md": BRIEFING });
  let engine: EngineHandle;
  const set = readQuestionSet(path.join(import.meta.dirname, "..", "eval", "suites", "briefing", "dev.jsonl"));
  const answers = new Map<string, Answer>();

  beforeAll(async () => {
    engine = await createEngine(project.config);
    for (const q of set) answers.set(q.question, await engine.ask(q.question));
  }, 120_000);

  afterAll(() => {
    engine?.close();
    project.cleanup();
  });

  test("the set is big enough: ≥ 40 answerable and ≥ 12 unanswerable questions", () => {
    expect(set.filter((q) => q.type === "answerable").length).toBeGreaterThanOrEqual(40);
    expect(set.filter((q) => q.type === "unanswerable").length).toBeGreaterThanOrEqual(12);
  });

  // Regression guards, not targets: `npm run eval` measured 50.5 % and 88.4 % on this dev set with
  // the answerer fitted on six suites (session 3; 71 % and 84 % when it was fitted on four with a
  // looser answer fit, a trade the leave-one-suite-out figures favoured: see README). The floors sit
  // a few questions below, so that a change that breaks answering fails here.
  test("the first quote answers ≥ 45 % of the answerable dev questions", () => {
    const answerable = set.filter((q) => q.type === "answerable");
    const first = answerable.filter((q) => {
      const a = answers.get(q.question)!;
      return a.status === "answered" && citesGold({ ...a, citations: a.citations.slice(0, 1) }, q.gold);
    });
    expect(first.length / answerable.length).toBeGreaterThanOrEqual(0.45);
  });

  test("declines ≥ 75 % of the dev questions the briefing cannot answer", () => {
    const unanswerable = set.filter((q) => q.type === "unanswerable");
    const abstained = unanswerable.filter((q) => answers.get(q.question)!.status === "abstained");
    expect(abstained.length / unanswerable.length).toBeGreaterThanOrEqual(0.75);
  });

  test("quotes verbatim 100 % of the time: every quote is the file's text at its offsets", () => {
    const file = fs.readFileSync(path.join(project.corpusDir, "briefing.md"), "utf8");
    const citations = [...answers.values()].flatMap((a) => a.citations);
    expect(citations.length).toBeGreaterThan(40);
    for (const c of citations) expect(file.slice(c.start, c.end)).toBe(c.quote);
  });

  test("abstentions carry no citations", () => {
    for (const a of answers.values()) if (a.status === "abstained") expect(a.citations).toEqual([]);
  });
});
