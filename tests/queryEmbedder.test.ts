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
