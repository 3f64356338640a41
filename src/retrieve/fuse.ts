import { DENSE_WEIGHT } from "./fusionWeight.ts";

/** Rank constant of reciprocal rank fusion; 60 is the value from Cormack et al. (2009). */
export const RRF_K = 60;

/**
 * "weighted" (the default) mixes min-max-scaled scores with `denseWeight` on the dense side; "rrf"
 * mixes reciprocal ranks with equal weights. Weighted fusion won on the dev sets: the local encoder
 * is weaker than BM25 on these corpora, and equal-weight RRF let its misses outrank BM25's hits.
 */
export type FusionMethod = "rrf" | "weighted";

export interface Ranked {
  row: number;
  /** Cosine similarity from the dense index, when this passage was among the dense hits. */
  similarity?: number;
  /** BM25 score, when this passage was among the lexical hits. */
  bm25?: number;
}

export interface Fused extends Ranked {
  /** Fused relevance in [0, 1], higher is more relevant. */
  relevance: number;
}

/**
 * Merges dense and lexical rankings. Relevance is scaled by the weight of the lists given, so that a
 * single list (dense or BM25 alone, as the evaluation's baselines use) is not capped below 1.
 */
export function fuse(
  dense: readonly { row: number; similarity: number }[],
  lexical: readonly { row: number; bm25: number }[],
  method: FusionMethod,
  denseWeight?: number,
): Fused[] {
  const w = denseWeight ?? (method === "rrf" ? 0.5 : DENSE_WEIGHT);
  const byRow = new Map<number, Fused>();
  const entry = (row: number) => {
    let e = byRow.get(row);
    if (!e) byRow.set(row, (e = { row, relevance: 0 }));
    return e;
  };
  const denseScore = method === "rrf" ? byRank(dense.length) : minMax(dense.map((d) => d.similarity));
  const lexicalScore = method === "rrf" ? byRank(lexical.length) : minMax(lexical.map((l) => l.bm25));
  dense.forEach((d, i) => {
    const e = entry(d.row);
    e.similarity = d.similarity;
    e.relevance += w * denseScore[i]!;
  });
  lexical.forEach((l, i) => {
    const e = entry(l.row);
    e.bm25 = l.bm25;
    e.relevance += (1 - w) * lexicalScore[i]!;
  });
  const given = (dense.length > 0 ? w : 0) + (lexical.length > 0 ? 1 - w : 0);
  return [...byRow.values()]
    .map((e) => ({ ...e, relevance: given > 0 ? Math.min(1, e.relevance / given) : 0 }))
    .sort((a, b) => b.relevance - a.relevance || a.row - b.row);
}

/** Reciprocal-rank scores scaled so that first place is 1. */
function byRank(n: number): number[] {
  return Array.from({ length: n }, (_, rank) => (RRF_K + 1) / (RRF_K + rank + 1));
}

/** Scores scaled to [0, 1] within their list; a list whose scores are all equal scores 1. */
function minMax(scores: readonly number[]): number[] {
  const max = Math.max(...scores);
  const min = Math.min(...scores);
  return scores.map((s) => (max > min ? (s - min) / (max - min) : 1));
}
