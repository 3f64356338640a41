import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { Embeddings } from "@langchain/core/embeddings";
import { Document } from "@langchain/core/documents";
import type { Retrieve } from "../pipeline.ts";
import type { Runtime } from "../runtime.ts";
import { dot } from "../index/embeddings.ts";
import { fuse } from "../retrieve/fuse.ts";

/**
 * Hands LangChain the query vector the engine already computed, so the baseline pays for the same
 * single query embedding as our variants and latencies compare retrieval with retrieval.
 */
class GivenQueryVectors extends Embeddings {
  readonly vectors = new Map<string, number[]>();

  constructor() {
    super({});
  }

  async embedQuery(text: string): Promise<number[]> {
    const v = this.vectors.get(text);
    if (!v) throw new Error(`the LangChain baseline was asked to embed a query it was not given: ${JSON.stringify(text.slice(0, 80))}`);
    return v;
  }

  async embedDocuments(): Promise<number[][]> {
    throw new Error("the LangChain baseline is built from the index's passage vectors and never embeds documents");
  }
}

/** Stock LangChain HNSWLib over the given unit vectors: default M, efConstruction and search ef. */
export async function buildLangChainStore(vectors: readonly Float32Array[], embeddings: Embeddings = new GivenQueryVectors()): Promise<HNSWLib> {
  const numDimensions = vectors[0]?.length ?? 0;
  const store = new HNSWLib(embeddings, { space: "cosine", numDimensions });
  await store.addVectors(
    vectors.map((v) => Array.from(v)),
    vectors.map((_, row) => new Document({ pageContent: "", metadata: { row } })),
  );
  return store;
}

/**
 * The `dense` evaluation variant: the baseline a user would build first, `HNSWLib.similaritySearch`
 * over the same passage vectors as our index. Rows get the rank-based relevance our own dense-only
 * retrieval gives (first place 1), so the answerer sees the same kind of input from every variant.
 */
export async function createLangChainRetrieval(runtime: Runtime, embed: (text: string) => Promise<Float32Array>): Promise<Retrieve> {
  const embeddings = new GivenQueryVectors();
  const store = await buildLangChainStore(runtime.index.passageVectors, embeddings);
  return async (question, k) => {
    const query = question.corrected;
    // The stock store embeds the query text itself: the whole of a split question too, where ours
    // uses its parts' mean (cached, so a question embedded once is not embedded again).
    const vector = await embed(query);
    embeddings.vectors.set(query, Array.from(vector));
    try {
      const docs = await store.similaritySearch(query, k);
      const hits = docs.map((d) => {
        const row = d.metadata.row as number;
        return { row, similarity: dot(vector, runtime.index.passageVectors[row]!) };
      });
      return fuse(hits, [], "rrf").map((f) => ({ ...f, passage: runtime.index.passages[f.row]! }));
    } finally {
      embeddings.vectors.delete(query);
    }
  };
}
