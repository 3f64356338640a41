import { createHash } from "node:crypto";
import { Embeddings } from "@langchain/core/embeddings";
import type { Embedder } from "../../src/index/embeddings.ts";
import { contentTerms } from "../../src/text/words.ts";

const DIMS = 128;

/**
 * Deterministic bag-of-stems embeddings: each content stem adds a hashed direction. Texts sharing
 * words are close, unrelated texts are near-orthogonal. Counts calls so tests can see re-embedding.
 */
export class FakeEmbeddings extends Embeddings {
  calls = 0;
  texts = 0;
  /** When set, the call with this number (from 1) throws, as a crash half-way through a build would. */
  failOnCall?: number;

  constructor() {
    super({});
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.calls++;
    if (this.failOnCall === this.calls) throw new Error("embedding service failed (fake)");
    this.texts += texts.length;
    return texts.map(vectorOf);
  }

  async embedQuery(text: string): Promise<number[]> {
    return vectorOf(text);
  }
}

/** The fake's vector for a text; the fake OpenAI server's /v1/embeddings answers with it too. */
export function vectorOf(text: string): number[] {
  const v = new Array<number>(DIMS).fill(0);
  const terms = contentTerms(text);
  for (const t of terms) {
    const h = createHash("sha1").update(t).digest();
    v[h[0]! % DIMS]! += h[1]! & 1 ? 1 : -1;
    v[h[2]! % DIMS]! += 0.5;
  }
  if (terms.length === 0) v[0] = 1;
  return v;
}

export function fakeEmbedder(): Embedder & { embeddings: FakeEmbeddings } {
  return { identity: { provider: "fake", model: "hash-128" }, embeddings: new FakeEmbeddings() };
}
