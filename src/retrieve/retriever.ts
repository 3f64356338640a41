import type { Passage } from "../corpus/types.ts";
import { searchHnsw, type HnswIndex } from "../index/dense.ts";
import { fuse, type Fused, type FusionMethod } from "./fuse.ts";
import { LexicalIndex, isLexicalStorageError } from "./lexical.ts";

export type RetrievalVariant = "hybrid" | "dense" | "bm25";

export interface RetrieverOptions {
  /** HNSW search beam. */
  ef: number;
  fusion: FusionMethod;
  /** How many hits each side contributes before fusion. */
  depth?: number;
  /** The index's stored BM25 side; without one, the passages are indexed in memory (tests, benchmarks). */
  lexical?: LexicalIndex;
  /**
   * The stored BM25 side could not be read (its file damaged since it was loaded): this question is
   * answered from the dense side alone, and this is told why.
   */
  onLexicalFailure?: (error: Error) => void;
}

export interface RetrievedRow extends Fused {
  passage: Passage;
}

/** Dense (HNSW) and lexical (BM25) search over the same passages, fused. */
export class Retriever {
  readonly lexical: LexicalIndex;

  constructor(
    readonly passages: readonly Passage[],
    private readonly hnsw: HnswIndex,
    private readonly options: RetrieverOptions,
  ) {
    this.lexical = options.lexical ?? new LexicalIndex(passages);
  }

  /** `denseWeight` overrides the fitted weight of weighted fusion (calibration tries several). */
  retrieve(query: string, queryVector: Float32Array, k: number, variant: RetrievalVariant = "hybrid", denseWeight?: number): RetrievedRow[] {
    const depth = Math.max(this.options.depth ?? 30, k);
    const dense = variant === "bm25" ? [] : searchHnsw(this.hnsw, queryVector, depth, this.options.ef);
    const lexical = variant === "dense" ? [] : this.lexicalHits(query, depth);
    return fuse(dense, lexical, this.options.fusion, denseWeight)
      .slice(0, k)
      .map((f) => ({ ...f, passage: this.passages[f.row]! }));
  }

  private lexicalHits(query: string, depth: number) {
    try {
      return this.lexical.query(query, depth);
    } catch (error) {
      if (!isLexicalStorageError(error)) throw error;
      this.options.onLexicalFailure?.(error);
      return [];
    }
  }
}
