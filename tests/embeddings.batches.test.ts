import { expect, test } from "vitest";
import { buildIndex } from "../src/index/build.ts";
import { lengthSortedBatches } from "../src/index/embeddings.ts";
import { BRIEFING, tempProject } from "./helpers/corpus.ts";
import { fakeEmbedder } from "./helpers/fakeEmbeddings.ts";

test("length-sorted batches hold every position once, longest first, ties in input order", () => {
  // Token counts of nine texts.
  const lengths = [2, 1, 5, 0, 3, 2, 4, 5, 1];
  const batches = lengthSortedBatches(lengths, 4);
  expect(batches.map((b) => b.length)).toEqual([4, 4, 1]);
  const order = batches.flat();
  expect([...order].sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
  expect(order.map((i) => lengths[i])).toEqual([5, 5, 4, 3, 2, 2, 1, 1, 0]);
  // Equal lengths keep their input order: 2 before 7, 0 before 5, 1 before 8.
  expect(order).toEqual([2, 7, 6, 4, 0, 5, 1, 8, 3]);
  expect(lengthSortedBatches([], 8)).toEqual([]);
});

test("a build hands the embedder calls of the size it asks for", async () => {
  const p = tempProject({ "briefing.md": BRIEFING });
  const embedder = { ...fakeEmbedder(), textsPerCall: 3 };
  try {
    const summary = await buildIndex({ corpusDir: p.corpusDir, dataDir: p.dataDir, embedder });
    expect(summary.embeddedTexts).toBeGreaterThan(3);
    expect(embedder.embeddings.texts).toBe(summary.embeddedTexts);
    expect(embedder.embeddings.calls).toBe(Math.ceil(summary.embeddedTexts / 3));
  } finally {
    p.cleanup();
  }
});
