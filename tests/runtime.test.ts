import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CHUNKER_VERSION } from "../src/corpus/chunk.ts";
import { buildIndex } from "../src/index/build.ts";
import { createPause } from "../src/index/slices.ts";
import { loadIndex, loadIndexInSlices, type LoadedIndex } from "../src/index/store.ts";
import { computeAnswerTables } from "../src/index/tables.ts";
import { makeRuntime, type Runtime } from "../src/runtime.ts";
import { acronymsOf, longFormsOf, nameInitials, spelledInitials } from "../src/text/acronyms.ts";
import { Vocabulary, vocabularyEntries } from "../src/text/vocabulary.ts";
import { contentTerms } from "../src/text/words.ts";
import { tempProject } from "./helpers/corpus.ts";
import { fakeEmbedder } from "./helpers/fakeEmbeddings.ts";

// A real corpus of several documents, so the tables are not trivially small.
const CORPUS = "eval/suites/eastern-europe/corpus";
const files = Object.fromEntries(fs.readdirSync(CORPUS).filter((f) => /\.(md|txt)$/.test(f)).map((f) => [f, fs.readFileSync(path.join(CORPUS, f), "utf8")]));

describe("tables stored with the index", () => {
  const project = tempProject(files);
  const embedder = fakeEmbedder();
  let index: LoadedIndex;
  let runtime: Runtime;

  beforeAll(async () => {
    await buildIndex({ corpusDir: project.corpusDir, dataDir: project.dataDir, embedder });
    index = loadIndex(project.dataDir, embedder.identity, CHUNKER_VERSION);
    runtime = await makeRuntime(index, 64, "rrf", createPause());
  });
  afterAll(() => project.cleanup());

  test("read back equal to the tables computed from the passages", () => {
    expect(index.sentences.length).toBeGreaterThan(100);
    expect(index.tables).toEqual(computeAnswerTables(index.passages, index.sentences));
  });

  test("the loaded runtime answers exactly as one computed from the passages at load time did", () => {
    // The computation makeRuntime did on every load before the tables were stored.
    const frequency = new Map<string, number>();
    const byPassage: { start: number; end: number; text: string; terms: Set<string>; vector: number[] }[][] = index.passages.map(() => []);
    index.sentences.forEach((rec, i) => {
      const p = index.passages[rec.passage]!;
      const text = p.text.slice(rec.start - p.start, rec.end - p.start);
      const terms = new Set(contentTerms(text));
      for (const t of terms) frequency.set(t, (frequency.get(t) ?? 0) + 1);
      byPassage[rec.passage]!.push({ start: rec.start, end: rec.end, text, terms, vector: Array.from(index.sentenceVectors[i]!) });
    });
    const n = index.sentences.length;
    for (const [stem, count] of frequency) expect(runtime.source.idf(stem), stem).toBe(Math.log(1 + n / count));
    expect(runtime.source.idf("zzzunseen")).toBe(Math.log(1 + n / 0.5));

    index.passages.forEach((_, row) => {
      const got = runtime.source.sentencesOf(row).map((s) => ({ start: s.start, end: s.end, text: s.text, terms: s.terms, vector: Array.from(s.vector), passageRow: s.passageRow }));
      expect(got, `passage ${row}`).toEqual(byPassage[row]!.map((s) => ({ ...s, passageRow: row })));
    });
    expect(runtime.source.sentencesOf(index.passages.length)).toEqual([]);

    const texts = index.passages.flatMap((p) => [p.text, p.title, p.section ?? ""]);
    expect(index.tables.vocabulary).toEqual(vocabularyEntries(texts));
    const computed = new Vocabulary(texts);
    const probes = ["What did Lukashenko say about Ukraine?", "How high was inflaton in Polnd in 2023?", "Did the Americans send troops to Kyiv?", "When did Zelensky meet Macron?"];
    for (const q of probes) expect(runtime.source.vocabulary.unknownNames(q), q).toEqual(computed.unknownNames(q));
    for (const w of ["inflaton", "goverment", "ukrane", "sanctions", "americans"]) {
      expect(runtime.source.vocabulary.correct(w), w).toBe(computed.correct(w));
      expect(runtime.source.vocabulary.knows(w), w).toBe(computed.knows(w));
    }
    expect(runtime.source.acronyms).toEqual(acronymsOf(index.passages.map((p) => p.text)));
    expect(runtime.source.longForms).toEqual(new Map(longFormsOf(nameInitials([...new Set(index.passages.flatMap((p) => [p.title, p.section ?? ""])), ...index.passages.map((p) => p.text)]))));
    expect(runtime.source.longForms.size).toBeGreaterThan(0);
    expect(index.tables.initials).toEqual(spelledInitials(nameInitials(texts)));
    for (const p of index.passages) expect(runtime.passageById.get(p.id)).toBe(p);
  });

  test("loading in slices gives the same index as loading in one go, and gives the event loop turns", async () => {
    let turns = 0;
    const timer = setInterval(() => turns++, 0);
    // A slice of 0 ms yields at every pause point, so the test does not depend on this machine's speed.
    const sliced = await loadIndexInSlices(project.dataDir, embedder.identity, CHUNKER_VERSION, createPause(0));
    clearInterval(timer);
    expect(turns).toBeGreaterThan(0);
    expect(sliced.passages).toEqual(index.passages);
    expect(sliced.sentences).toEqual(index.sentences);
    expect(sliced.tables).toEqual(index.tables);
    expect(sliced.passageVectors.map((v) => Array.from(v))).toEqual(index.passageVectors.map((v) => Array.from(v)));
    expect(sliced.sentenceVectors.map((v) => Array.from(v))).toEqual(index.sentenceVectors.map((v) => Array.from(v)));
    expect(sliced.hnsw.getCurrentCount()).toBe(index.hnsw.getCurrentCount());
    const q = index.passageVectors[3]!;
    const slicedRuntime = await makeRuntime(sliced, 64, "rrf", createPause(0));
    for (const question of ["inflation in Poland", "Lukashenko and the elections", "gas transit through Ukraine"]) {
      expect(slicedRuntime.retriever.retrieve(question, q, 10), question).toEqual(runtime.retriever.retrieve(question, q, 10));
    }
  });

  test("a damaged file is refused by the sliced load as by the other", async () => {
    const other = tempProject(files);
    try {
      await buildIndex({ corpusDir: other.corpusDir, dataDir: other.dataDir, embedder });
      const folder = fs.readdirSync(other.dataDir).find((f) => f.startsWith("index-"))!;
      const file = path.join(other.dataDir, folder, "answerer.jsonl");
      fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/\d/, "x"));
      await expect(loadIndexInSlices(other.dataDir, embedder.identity, CHUNKER_VERSION, createPause())).rejects.toThrow(/answerer\.jsonl does not match its checksum.*reindex -- --force/);
    } finally {
      other.cleanup();
    }
  });
});

describe("names spelt out and asked about by their initials", () => {
  test("a passage and its document hold the initials of the names they spell out, so a question's 'FDA' is not a name they lack", async () => {
    const project = tempProject({
      "radium.md": "# Radium-223\n\nRadium-223 dichloride (trade name Xofigo) was approved by the United States Food and Drug Administration in 2013.\n\nIt treats bone metastasis.\n",
      "other.md": "# Other\n\nThe Kestrel dam is 42 m high.\n",
    });
    try {
      const embedder = fakeEmbedder();
      await buildIndex({ corpusDir: project.corpusDir, dataDir: project.dataDir, embedder });
      const index = loadIndex(project.dataDir, embedder.identity, CHUNKER_VERSION);
      const runtime = await makeRuntime(index, 64, "rrf", createPause());
      const row = index.passages.findIndex((p) => p.text.includes("Food and Drug"));
      const later = index.passages.findIndex((p) => p.text.startsWith("It treats"));
      const other = index.passages.findIndex((p) => p.text.includes("Kestrel"));
      expect(runtime.source.passageStems(row).all.has("fda")).toBe(true);
      // The rest of the document spells it out: a question naming the FDA is about this document.
      expect(runtime.source.passageStems(later).all.has("fda")).toBe(false);
      expect(runtime.source.documentStems(later).has("fda")).toBe(true);
      expect(runtime.source.documentStems(other).has("fda")).toBe(false);
      expect(runtime.source.vocabulary.unknownNames("When did the FDA approve Xofigo?")).toEqual([]);
    } finally {
      project.cleanup();
    }
  });
});
