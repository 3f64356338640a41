import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { RRF_K, fuse } from "../src/retrieve/fuse.ts";
import { LEXICAL_FILE, LexicalIndex, writeLexicalIndex } from "../src/retrieve/lexical.ts";
import { contentTerms, editDistance, words } from "../src/text/words.ts";
import type { Passage } from "../src/corpus/types.ts";

const passage = (text: string, i: number): Passage => ({ id: `p${i}`, docId: "d", title: "T", section: null, file: "d.md", start: 0, end: text.length, text });

describe("text", () => {
  test("folds typographic apostrophes, drops possessives, stems, and undoes irregular verbs", () => {
    expect(words("Ukraine’s pantry")).toEqual(["ukraine", "pantry"]);
    expect(contentTerms("When did Lukashenko meet Saldo?")).toEqual(contentTerms("Lukashenko met with Saldo"));
    expect(contentTerms("the sanctions were lifted")).toEqual(["sanction", "lift"]);
  });

  test("edit distance counts a swap of neighbours as one typo and stops at the bound", () => {
    expect(editDistance("sanctoins", "sanctions", 2)).toBe(1);
    expect(editDistance("kerson", "kherson", 1)).toBe(1);
    expect(editDistance("putin", "saldo", 2)).toBe(3);
  });
});

describe("LexicalIndex (BM25)", () => {
  const passages = [
    "Washington lifted some sanctions on the airline Belavia.",
    "Kherson Oblast supplied grain, vegetables and rice.",
    "The foreign trade deficit reached $3.5 billion.",
  ].map(passage);
  const index = new LexicalIndex(passages);

  test("ranks the passage with the rarer matching terms first", () => {
    expect(index.query("Belavia sanctions", 3)[0]!.row).toBe(0);
    expect(index.query("trade deficit", 3)[0]!.row).toBe(2);
  });

  test("tolerates typos in longer words and ignores stopwords", () => {
    expect(index.query("sanctoins belavai", 3)[0]!.row).toBe(0);
    expect(index.query("the of and", 3)).toEqual([]);
  });
});

describe("fuse", () => {
  test("RRF adds reciprocal ranks from both lists and scales first-in-both to 1", () => {
    const fused = fuse([{ row: 1, similarity: 0.9 }, { row: 2, similarity: 0.5 }], [{ row: 1, bm25: 7 }, { row: 3, bm25: 2 }], "rrf");
    expect(fused.map((f) => f.row)).toEqual([1, 2, 3]);
    expect(fused[0]!.relevance).toBeCloseTo(1, 6);
    expect(fused[1]!.relevance).toBeCloseTo(((RRF_K + 1) / 2) * (1 / (RRF_K + 2)), 6);
    expect(fused[0]).toMatchObject({ similarity: 0.9, bm25: 7 });
  });

  test("weighted fusion mixes similarity with BM25 scaled by the best BM25", () => {
    const fused = fuse([{ row: 1, similarity: 0.8 }], [{ row: 2, bm25: 10 }, { row: 1, bm25: 5 }], "weighted", 0.5);
    expect(fused[0]!.row).toBe(1);
    expect(fused[0]!.relevance).toBeCloseTo(0.5 * 0.8 + 0.5 * 0.5, 6);
    expect(fused[1]!.relevance).toBeCloseTo(0.5, 6);
  });
});

describe("LexicalIndex stored in SQLite FTS5", () => {
  const passages = [
    "Washington lifted some sanctions on the airline Belavia.",
    "Kherson Oblast supplied grain, vegetables and rice.",
    "The foreign trade deficit reached $3.5 billion.",
  ].map(passage);

  test("a written index opens read-only and ranks as the in-memory one does", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lexical-"));
    try {
      const file = path.join(dir, LEXICAL_FILE);
      writeLexicalIndex(file, passages);
      const stored = new LexicalIndex(file);
      const memory = new LexicalIndex(passages);
      for (const q of ["Belavia sanctions", "trade deficit 3.5", "sanctoins belavai", "grain from Kherson"]) {
        expect(stored.query(q, 3), q).toEqual(memory.query(q, 3));
      }
      expect(stored.query("deficit 3.5", 3)[0]).toMatchObject({ row: 2 });
      expect(stored.query("deficit 3.5", 3)[0]!.bm25).toBeGreaterThan(0);
      stored.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("terms FTS5 syntax would misread are searched as words", () => {
    const index = new LexicalIndex(passages);
    expect(index.query('rice" OR NEAR(grain', 3)[0]!.row).toBe(1);
    expect(index.query("AND OR NOT", 3)).toEqual([]);
  });
});
