/** Rank constant of reciprocal rank fusion; 60 is the value from Cormack et al. (2009). */
export const RRF_K = 60;

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
 * Merges dense and lexical rankings. RRF uses ranks only; "weighted" mixes the scores after scaling
 * each list by its best score, with `denseWeight` on the dense side.
 */
export function fuse(
  dense: readonly { row: number; similarity: number }[],
  lexical: readonly { row: number; bm25: number }[],
  method: FusionMethod,
  denseWeight = 0.5,
): Fused[] {
  const byRow = new Map<number, Fused>();
  const entry = (row: number) => {
    let e = byRow.get(row);
    if (!e) byRow.set(row, (e = { row, relevance: 0 }));
    return e;
  };
  const bestBm25 = lexical[0]?.bm25 ?? 1;
  dense.forEach((d, rank) => {
    const e = entry(d.row);
    e.similarity = d.similarity;
    e.relevance += method === "rrf" ? 1 / (RRF_K + rank + 1) : denseWeight * Math.max(0, d.similarity);
  });
  lexical.forEach((l, rank) => {
    const e = entry(l.row);
    e.bm25 = l.bm25;
    e.relevance += method === "rrf" ? 1 / (RRF_K + rank + 1) : (1 - denseWeight) * (l.bm25 / bestBm25);
  });
  // Scale RRF so that first place in every list given is 1: a single list (dense or BM25 alone) is
  // not capped at half the relevance of the fused one.
  const lists = (dense.length > 0 ? 1 : 0) + (lexical.length > 0 ? 1 : 0);
  const scale = method === "rrf" ? (RRF_K + 1) / Math.max(1, lists) : 1;
  return [...byRow.values()]
    .map((e) => ({ ...e, relevance: Math.min(1, e.relevance * scale) }))
    .sort((a, b) => b.relevance - a.relevance || a.row - b.row);
}
