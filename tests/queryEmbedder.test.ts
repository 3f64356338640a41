import { Embeddings } from "@langchain/core/embeddings";
import { expect, test } from "vitest";
import { QueryEmbedder } from "../src/index/queryEmbedder.ts";

/** Records the size of every model call; each call takes `delayMs`. */
class SlowEmbeddings extends Embeddings {
  batches: number[] = [];
  active = 0;
  maxActive = 0;
  constructor(private readonly delayMs: number) {
    super({});
  }
  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.batches.push(texts.length);
    this.maxActive = Math.max(this.maxActive, ++this.active);
    await new Promise((r) => setTimeout(r, this.delayMs));
    this.active--;
    return texts.map((t) => [t.length, 1]);
  }
  async embedQuery(text: string): Promise<number[]> {
    return (await this.embedDocuments([text]))[0]!;
  }
}

test("one model call at a time; questions arriving meanwhile form the next batch; repeats come from the cache", async () => {
  const model = new SlowEmbeddings(30);
  const embedder = new QueryEmbedder(model);
  const first = embedder.embed("a");
  await new Promise((r) => setTimeout(r, 5)); // the first call is now running
  const during = ["bb", "ccc", "bb", "dddd"].map((t) => embedder.embed(t));
  const vectors = await Promise.all([first, ...during]);
  expect(model.batches).toEqual([1, 3]); // "bb" asked twice, embedded once
  expect(Array.from(vectors[1]!)).toEqual(Array.from(vectors[3]!));
  expect(vectors[0]![0]).toBeCloseTo(1 / Math.SQRT2, 6); // unit length
  await embedder.embed("ccc");
  expect(model.batches).toEqual([1, 3]);
});

test("a failing call rejects its own batch only", async () => {
  const model = new SlowEmbeddings(5);
  let fail = true;
  const original = model.embedDocuments.bind(model);
  model.embedDocuments = async (texts) => {
    if (fail) {
      fail = false;
      throw new Error("model failed");
    }
    return original(texts);
  };
  const embedder = new QueryEmbedder(model);
  await expect(embedder.embed("x")).rejects.toThrow("model failed");
  await expect(embedder.embed("y")).resolves.toHaveLength(2);
});

test("with a pool of two workers, a second batch starts while the first runs, never a third", async () => {
  const model = new SlowEmbeddings(40);
  const embedder = new QueryEmbedder(model, 2);
  const first = embedder.embed("a");
  await new Promise((r) => setTimeout(r, 5));
  const second = embedder.embed("bb");
  await new Promise((r) => setTimeout(r, 5)); // both calls are now running
  const waiting = ["ccc", "dddd"].map((t) => embedder.embed(t));
  await Promise.all([first, second, ...waiting]);
  expect(model.batches).toEqual([1, 1, 2]);
  expect(model.maxActive).toBe(2);
});

test("a batch of several texts is cut across idle workers; every text still gets its own vector", async () => {
  const model = new SlowEmbeddings(20);
  const embedder = new QueryEmbedder(model, 2);
  const texts = ["a", "bb", "ccc", "dddd", "eeeee"];
  const vectors = await Promise.all(texts.map((t) => embedder.embed(t)));
  expect(model.batches).toEqual([3, 2]);
  expect(model.maxActive).toBe(2);
  // Each vector is its own text's: [length, 1] normalised.
  texts.forEach((t, i) => expect(vectors[i]![0]! / vectors[i]![1]!).toBeCloseTo(t.length, 5));
});

test("a single pair of texts stays one pass, and a busy pool is not asked for more passes than it has idle workers", async () => {
  const model = new SlowEmbeddings(30);
  const embedder = new QueryEmbedder(model, 2);
  await Promise.all(["q", "attribute"].map((t) => embedder.embed(t)));
  expect(model.batches).toEqual([2]);
  const first = embedder.embed("running");
  await new Promise((r) => setTimeout(r, 5)); // one worker is now busy
  await Promise.all([first, ...["w", "x", "y", "z"].map((t) => embedder.embed(t))]);
  expect(model.batches).toEqual([2, 1, 4]);
});
