import fs from "node:fs";
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

/**
 * Why an HNSW file just written is not whole, or undefined when it is. hnswlib writes through a C++
 * stream and never checks it: on a full disk it leaves a truncated file and reports success. This
 * walks the layout hnswlib's `saveIndex` writes (hnswalg.h, as its `loadIndex` checks it): a 96-byte
 * header holding the element count (at byte 16) and the bytes per element (at 24), the elements,
 * then per element a uint32 length and that many bytes of upper-level links.
 */
export function hnswFileProblem(file: string): string | undefined {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, "r");
  try {
    const header = Buffer.alloc(96);
    if (fs.readSync(fd, header, 0, 96, 0) < 96) return `${size} bytes, shorter than its header`;
    const count = Number(header.readBigUInt64LE(16));
    const linksFrom = 96 + count * Number(header.readBigUInt64LE(24));
    if (linksFrom + 4 * count > size) return `${size} bytes, too short for its ${count} elements`;
    // Only the links are read: the elements are most of the file.
    const links = Buffer.alloc(size - linksFrom);
    fs.readSync(fd, links, 0, links.length, linksFrom);
    let at = 0;
    let i = 0;
    for (; i < count && at + 4 <= links.length; i++) at += 4 + links.readUInt32LE(at);
    return i === count && at === links.length ? undefined : `${size} bytes, not the ${count} elements and links its header calls for`;
  } finally {
    fs.closeSync(fd);
  }
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
