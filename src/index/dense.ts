import hnswlib from "hnswlib-node";

const { HierarchicalNSW } = hnswlib;
export type HnswIndex = InstanceType<typeof HierarchicalNSW>;

/** Graph degree and build-time beam: hnswlib's recommended defaults for ~100k points of 512 d. */
const M = 16;
const EF_CONSTRUCTION = 200;

/** An HNSW graph over unit vectors; labels are row numbers into the passage list. */
export function buildHnsw(vectors: readonly Float32Array[], dimensions: number): HnswIndex {
  const index = new HierarchicalNSW("cosine", dimensions);
  index.initIndex({ maxElements: Math.max(1, vectors.length), m: M, efConstruction: EF_CONSTRUCTION, randomSeed: 42 });
  vectors.forEach((v, row) => index.addPoint(Array.from(v), row));
  return index;
}

export function readHnsw(file: string, dimensions: number): HnswIndex {
  const index = new HierarchicalNSW("cosine", dimensions);
  index.readIndexSync(file);
  return index;
}

/** `readHnsw` on libuv's thread pool: the main thread is free while the graph is read. */
export async function readHnswAsync(file: string, dimensions: number): Promise<HnswIndex> {
  const index = new HierarchicalNSW("cosine", dimensions);
  await index.readIndex(file);
  return index;
}

/**
 * Nearest rows by cosine similarity. `ef` is the search beam: LangChain's HNSWLib leaves hnswlib's
 * default of 10, which loses recall on large indexes; we always set it to at least k.
 */
export function searchHnsw(index: HnswIndex, query: Float32Array, k: number, ef: number): { row: number; similarity: number }[] {
  const count = index.getCurrentCount();
  if (count === 0) return [];
  const n = Math.min(k, count);
  index.setEf(Math.max(ef, n));
  const { neighbors, distances } = index.searchKnn(Array.from(query), n);
  // hnswlib's "cosine" space returns 1 - cosine similarity as the distance.
  return neighbors.map((row, i) => ({ row, similarity: 1 - distances[i]! }));
}
