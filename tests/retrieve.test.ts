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

  test("weighted fusion mixes each list's scores scaled to [0, 1] within the list", () => {
    const dense = [{ row: 1, similarity: 0.8 }, { row: 3, similarity: 0.4 }];
    const lexical = [{ row: 2, bm25: 10 }, { row: 1, bm25: 6 }, { row: 4, bm25: 2 }];
    const fused = fuse(dense, lexical, "weighted", 0.3);
    // Row 2: first in BM25 only (0.7 · 1); row 1: first in dense, half-way in BM25 ((6 − 2) / (10 − 2)).
    expect(fused.map((f) => f.row)).toEqual([2, 1, 3, 4]);
    expect(fused[0]!.relevance).toBeCloseTo(0.7, 6);
    expect(fused[1]!.relevance).toBeCloseTo(0.3 * 1 + 0.7 * 0.5, 6);
    expect(fused[2]!.relevance).toBe(0);
  });

  test("a single list is not capped below 1, whatever the weights", () => {
    expect(fuse([], [{ row: 5, bm25: 3 }, { row: 6, bm25: 1 }], "weighted", 0.3)[0]!.relevance).toBeCloseTo(1, 6);
    expect(fuse([{ row: 5, similarity: 0.6 }], [], "weighted", 0.3)[0]!.relevance).toBeCloseTo(1, 6);
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

describe("LexicalIndex over its budget of scored passages", () => {
  // Real text: every paragraph of one eval corpus is a passage.
  const dir = "eval/suites/eastern-europe/corpus";
  const paragraphs = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .flatMap((f) => fs.readFileSync(path.join(dir, f), "utf8").split(/\n\s*\n/))
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter((p) => p.length > 80);
  const passages = paragraphs.map(passage);
  const exact = new LexicalIndex(passages, { scoredPassagesBudget: Infinity });
  // A budget this small sends almost every query down the rescoring path.
  const budgeted = new LexicalIndex(passages, { scoredPassagesBudget: 5 });
  const questions = [
    "What did the government say about the economy and inflation?",
    "Which countries joined the European Union in 2004?",
    "How did the war affect trade and energy prices in the region?",
    "elections parliament president opposition protests",
    "What happened to the currency exchange rate?",
  ];

  test("the corpus is large enough for the budget to bite", () => {
    expect(passages.length).toBeGreaterThan(50);
  });

  test("rescored passages carry exactly FTS5's bm25() for the whole query, in its order", () => {
    for (const q of questions) {
      const all = new Map(exact.query(q, passages.length).map((h) => [h.row, h.bm25]));
      const got = budgeted.query(q, 10);
      expect(got.length, q).toBeGreaterThan(0);
      for (const hit of got) expect(hit.bm25, `${q}: row ${hit.row}`).toBeCloseTo(all.get(hit.row)!, 9);
      expect(got.map((h) => h.bm25), q).toEqual([...got.map((h) => h.bm25)].sort((a, b) => b - a));
    }
  });

  test("rescoring agrees with FTS5 on a stored index too, typos included", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lexical-"));
    try {
      const file = path.join(tmp, LEXICAL_FILE);
      writeLexicalIndex(file, passages);
      const stored = new LexicalIndex(file, { scoredPassagesBudget: 5 });
      for (const q of [...questions, "goverment inflaton in the regoin"]) expect(stored.query(q, 10), q).toEqual(budgeted.query(q, 10));
      stored.close();
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test("under the default budget a small corpus ranks exactly as FTS5 does", () => {
    const standard = new LexicalIndex(passages);
    for (const q of questions) expect(standard.query(q, 10), q).toEqual(exact.query(q, 10));
  });
});

describe("editDistance", () => {
  // The straightforward definition it replaced, kept as the reference.
  function reference(a: string, b: string, max: number): number {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      for (let j = 1; j <= b.length; j++) {
        let v = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2]![j - 2]! + 1);
        row.push(v);
      }
      if (Math.min(...row) > max) return max + 1;
      rows.push(row);
    }
    return rows[a.length]![b.length]!;
  }

  test("gives the reference distance on pairs of real words and their typos", () => {
    const vocabulary = [...new Set(words(fs.readFileSync("eval/suites/eastern-europe/corpus/" + fs.readdirSync("eval/suites/eastern-europe/corpus").sort()[0]!, "utf8")))].slice(0, 300);
    const typos = vocabulary.flatMap((w) => [w.slice(1), `${w}s`, w.replace(/(.)(.)/, "$2$1"), w.replace(/[aeiou]/, "x"), `a${w.slice(0, -1)}`]);
    const all = [...vocabulary, ...typos, "", "a", "ab", "ba", "a-very-long-word-indeed-longer-than-sixty-four-characters-so-that-the-rows-grow"];
    let checked = 0;
    for (let i = 0; i < all.length; i += 7) {
      for (let j = 0; j < all.length; j += 11) {
        for (const max of [1, 2, 3]) expect(editDistance(all[i]!, all[j]!, max), `${all[i]} ${all[j]} ${max}`).toBe(reference(all[i]!, all[j]!, max));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
    const long = "a-very-long-word-indeed-longer-than-sixty-four-characters-so-that-the-rows-grow";
    expect(editDistance(long, `${long}s`, 2)).toBe(1);
    expect(editDistance(long.replace("very", "vrey"), long, 2)).toBe(1);
  });
});
