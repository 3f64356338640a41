import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import type { Passage } from "../src/corpus/types.ts";
import { LEXICAL_FILE, LexicalIndex, writeLexicalIndex } from "../src/retrieve/lexical.ts";
import { TypoTrie } from "../src/text/typoTrie.ts";
import { Vocabulary, isEnglishWord, vocabularyEntries } from "../src/text/vocabulary.ts";
import { editDistance, stem, typoAllowance } from "../src/text/words.ts";

const corpusDir = "eval/suites/eastern-europe/corpus";
const texts = fs.readdirSync(corpusDir).sort().map((f) => fs.readFileSync(path.join(corpusDir, f), "utf8"));
const vocabulary = vocabularyEntries(texts).map(([w]) => w);

/** Misspellings of corpus words of every kind the distance counts, and some words from nowhere. */
function probes(list: readonly string[]): string[] {
  const out = new Set<string>();
  list.forEach((w, i) => {
    if (i % 12 !== 0) return;
    out.add(w.slice(1));
    out.add(`${w}s`);
    out.add(w.replace(/(.)(.)/, "$2$1"));
    out.add(w.replace(/[aeiou]/, "x"));
    out.add(w.replace(/[aeiou]/g, "y"));
    out.add(`${w.slice(0, 3)}q${w.slice(4)}`);
  });
  for (const w of ["zzzzzzzz", "qwertyuiop", "inflaton", "goverment", "ukrane", "lukashenka", "naïveté", "😀smile😀s"]) out.add(w);
  return [...out];
}

/** The scan the trie replaced: every listed word of a close enough length, by edit distance. */
function scan(list: readonly string[], query: string, max: number): { position: number; distance: number }[] {
  const out: { position: number; distance: number }[] = [];
  list.forEach((w, position) => {
    const distance = editDistance(query, w, max);
    if (distance <= max) out.push({ position, distance });
  });
  return out;
}

const byPosition = (a: { position: number }, b: { position: number }) => a.position - b.position;

describe("TypoTrie", () => {
  const trie = TypoTrie.build(vocabulary);

  test("finds exactly the words a scan by edit distance finds, with the same distances", () => {
    let found = 0;
    for (const q of probes(vocabulary)) {
      for (const max of [1, 2]) {
        const expected = scan(vocabulary, q, max).sort(byPosition);
        const got = trie.within(q, max).sort(byPosition);
        expect(got.map(({ position, distance }) => ({ position, distance })), `${q} ${max}`).toEqual(expected);
        for (const hit of got) expect(hit.word).toBe(vocabulary[hit.position]);
        found += got.length;
      }
    }
    expect(found).toBeGreaterThan(1000);
  });

  test("reads back from its bytes, aligned or not, and refuses other bytes", () => {
    const bytes = trie.toBytes();
    const unaligned = Buffer.alloc(bytes.length + 1).subarray(1);
    bytes.copy(unaligned);
    for (const copy of [TypoTrie.fromBytes(bytes), TypoTrie.fromBytes(unaligned)]) {
      for (const q of ["inflaton", "goverment", "ukrane"]) expect(copy.within(q, 2).sort(byPosition)).toEqual(trie.within(q, 2).sort(byPosition));
    }
    expect(() => TypoTrie.fromBytes(bytes.subarray(0, bytes.length - 4))).toThrow(/truncated/);
    expect(() => TypoTrie.fromBytes(Buffer.from("not a trie at all"))).toThrow(/format/);
  });

  test("a word listed twice keeps its first position; code units beyond ASCII and the empty list work", () => {
    const small = TypoTrie.build(["beta", "alpha", "beta", "ÿmlaut", "😀smile"]);
    expect(small.within("betta", 1)).toEqual([{ position: 0, word: "beta", distance: 1 }]);
    expect(small.within("ymlaut", 1)).toEqual([{ position: 3, word: "ÿmlaut", distance: 1 }]);
    expect(small.within("😀smiles", 1)).toEqual([{ position: 4, word: "😀smile", distance: 1 }]);
    expect(TypoTrie.build([]).within("anything", 2)).toEqual([]);
  });
});

describe("typo look-ups on the trie give what the vocabulary scans gave", () => {
  /**
   * Vocabulary's former `nearest`: lengths in ascending order, first-seen order within one, first distance-1 word
   * wins; but a word that is the typo with one of its letters doubled wins over other distance-1 words.
   */
  function nearestByScan(w: string): string | undefined {
    const max = typoAllowance(w);
    const doubled = vocabulary.find((v) => v.length === w.length + 1 && [...v].some((c, i) => i > 0 && c === v[i - 1] && v.slice(0, i) + v.slice(i + 1) === w));
    if (max > 0 && doubled) return doubled;
    let best: { word: string; distance: number } | undefined;
    for (let len = w.length - max; max > 0 && len <= w.length + max; len++) {
      for (const candidate of vocabulary.filter((v) => v.length === len)) {
        const d = editDistance(w, candidate, max);
        if (d <= max && (!best || d < best.distance)) best = { word: candidate, distance: d };
        if (best?.distance === 1) break;
      }
    }
    return best?.word;
  }

  test("Vocabulary corrects a word to the word the scan chose", () => {
    const computed = new Vocabulary(texts);
    let corrected = 0;
    for (const q of probes(vocabulary)) {
      // A word the corpus holds, or an English one, is left alone; one that only shares a stem with a corpus word is
      // corrected when the nearest corpus word has another stem ("belorusians" → "belorussians").
      const scan = nearestByScan(q);
      const expected =
        vocabulary.includes(q) || isEnglishWord(q) ? undefined
        : computed.hasStem(stem(q)) ? (scan !== undefined && stem(scan) !== stem(q) ? scan : undefined)
        : scan;
      expect(computed.correct(q), q).toBe(expected);
      if (expected !== undefined) corrected++;
    }
    expect(corrected).toBeGreaterThan(200);
  });

  test("a stored vocabulary trie answers as one built in memory", async () => {
    const entries = vocabularyEntries(texts);
    const stored = await Vocabulary.fromEntries(entries, async () => {}, [], TypoTrie.fromBytes(TypoTrie.build(entries.map(([w]) => w)).toBytes()));
    const computed = new Vocabulary(texts);
    for (const q of probes(vocabulary).slice(0, 400)) {
      expect(stored.correct(q), q).toBe(computed.correct(q));
      expect(stored.knows(q), q).toBe(computed.knows(q));
    }
  });

  test("LexicalIndex expands a typo to the terms its former scan chose: closest, then shortest, then in the index's order", () => {
    const passages: Passage[] = texts.flatMap((text, d) =>
      text.split(/\n\s*\n/).filter((p) => p.trim()).map((p, i) => ({ id: `d${d}#${i}`, docId: `d${d}`, file: `d${d}.md`, title: `Document ${d}`, section: null, text: p, start: 0, end: p.length }) satisfies Passage),
    );
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "typos-"));
    try {
      const file = path.join(tmp, LEXICAL_FILE);
      const trie = writeLexicalIndex(file, passages);
      const stored = new LexicalIndex(file, { typos: TypoTrie.fromBytes(trie.toBytes()) });
      const inMemory = new LexicalIndex(passages);
      const terms = stored.terms();
      let expanded = 0;
      for (const q of probes(terms)) {
        if (terms.includes(q)) continue;
        const max = typoAllowance(q);
        const expected = terms
          .map((term, position) => ({ term, position, distance: max === 0 ? max + 1 : editDistance(q, term, max) }))
          .filter((c) => c.distance <= max)
          .sort((a, b) => a.distance - b.distance || a.term.length - b.term.length || a.position - b.position)
          .slice(0, 5)
          .map((c) => c.term);
        expect(stored.typoCandidates(q).map((t) => t.term), q).toEqual(expected);
        expect(inMemory.typoCandidates(q), q).toEqual(stored.typoCandidates(q));
        expanded += expected.length;
      }
      expect(expanded).toBeGreaterThan(200);
      stored.close();
      inMemory.close();
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
