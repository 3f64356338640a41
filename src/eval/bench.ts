import type { CoreFigures } from "./coreBench.ts";
import type { ReindexFigures } from "./reindexBench.ts";
import type { Embeddings } from "@langchain/core/embeddings";
import type { Passage } from "../corpus/types.ts";
import { buildHnsw, searchHnsw } from "../index/dense.ts";
import { Retriever } from "../retrieve/retriever.ts";
import { buildLangChainStore } from "./baseline.ts";
import type { BotLoadResult } from "./botBench.ts";
import { percentile } from "./metrics.ts";

/** One corpus size of `npm run bench`; the first seven fields are the issue's `--json` shape. */
export interface ScaleRow {
  passages: number;
  /** Index build (HNSW graph + BM25), embeddings excluded: they are measured on their own. */
  buildPassagesPerSec: number;
  /** Our HNSW, top 10, ef from config. */
  queryP50Ms: number;
  queryP95Ms: number;
  /** Stock LangChain HNSWLib.similaritySearchVectorWithScore, top 10, its default ef. */
  baselineQueryP50Ms: number;
  /** Share of the exact top 10 (brute-force cosine) that our HNSW returns. */
  recallAt10: number;
  /** Peak resident set of the process that built and queried this size alone. */
  rssMB: number;
  baselineQueryP95Ms: number;
  baselineRecallAt10: number;
  /** Full hybrid retrieval (HNSW + BM25 + fusion), what a question pays before answering. */
  hybridP50Ms: number;
  hybridP95Ms: number;
  /** The BM25 side alone (SQLite FTS5, typo-tolerant), top 30 as hybrid retrieval asks it. */
  bm25P50Ms: number;
  bm25P95Ms: number;
  hnswBuildSeconds: number;
  bm25BuildSeconds: number;
  baselineBuildSeconds: number;
  /** How many of the passage vectors are the model's; the rest are perturbed copies (see the report). */
  realVectors: number;
  queries: number;
  /** Timed passes over the queries. */
  rounds: number;
  ef: number;
}

export interface EmbeddingThroughput {
  model: string;
  texts: number;
  meanChars: number;
  batch: number;
  textsPerSec: number;
  /** One question embedded alone, as a bot does for a question it has not seen: milliseconds. */
  queryMs: { p50: number; p95: number };
}

export interface BenchResult {
  /** Answer latency and no-op reindex time on the configured corpus (the briefing). */
  core?: CoreFigures;
  scale: ScaleRow[];
  bot?: BotLoadResult;
  embedding: EmbeddingThroughput;
  /** Reindex throughput one worker against all, the generated archive, and the reload gap. */
  reindex?: ReindexFigures;
  machine: string;
}

export interface ScaleInput {
  texts: readonly string[];
  vectors: readonly Float32Array[];
  realVectors: number;
  queries: { texts: readonly string[]; vectors: readonly Float32Array[] };
  ef: number;
  /** Timed passes over the queries, after one warm-up pass. */
  rounds?: number;
}

const K = 10;

/** Builds our index and LangChain's over the same vectors, then times warm top-10 queries on both. */
export async function measureScale(input: ScaleInput): Promise<ScaleRow> {
  const { texts, vectors, queries, ef } = input;
  const n = texts.length;
  const dims = vectors[0]!.length;
  const passages: Passage[] = texts.map((text, i) => ({ id: `bench#${i}`, docId: "bench", title: "", section: null, file: "bench", start: 0, end: text.length, text }));

  let t = performance.now();
  const hnsw = buildHnsw(vectors, dims);
  const hnswBuildSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const retriever = new Retriever(passages, hnsw, { ef, fusion: "rrf" });
  const bm25BuildSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const store = await buildLangChainStore(vectors);
  const baselineBuildSeconds = (performance.now() - t) / 1000;

  const exact = queries.vectors.map((q) => exactTopK(vectors, q, K));
  const baselineQueries = queries.vectors.map((q) => Array.from(q));
  const ours = (i: number) => searchHnsw(hnsw, queries.vectors[i]!, K, ef).map((h) => h.row);
  const baseline = async (i: number) => (await store.similaritySearchVectorWithScore(baselineQueries[i]!, K)).map(([d]) => d.metadata.row as number);
  const hybrid = (i: number) => retriever.retrieve(queries.texts[i]!, queries.vectors[i]!, K, "hybrid");
  const bm25 = (i: number) => retriever.lexical.query(queries.texts[i]!, 30);

  // Warm-up pass, which also gives the result lists for recall.
  const oursFound = queries.vectors.map((_, i) => ours(i));
  const baselineFound: number[][] = [];
  for (let i = 0; i < queries.vectors.length; i++) baselineFound.push(await baseline(i));
  queries.vectors.forEach((_, i) => hybrid(i));

  const oursMs: number[] = [];
  const baselineMs: number[] = [];
  const hybridMs: number[] = [];
  const bm25Ms: number[] = [];
  for (let round = 0; round < (input.rounds ?? 3); round++) {
    for (let i = 0; i < queries.vectors.length; i++) {
      // Interleaved, so load from elsewhere on the machine falls on all three alike.
      t = performance.now();
      ours(i);
      oursMs.push(performance.now() - t);
      t = performance.now();
      await baseline(i);
      baselineMs.push(performance.now() - t);
      t = performance.now();
      hybrid(i);
      hybridMs.push(performance.now() - t);
      t = performance.now();
      bm25(i);
      bm25Ms.push(performance.now() - t);
    }
  }

  return {
    passages: n,
    buildPassagesPerSec: Math.round(n / (hnswBuildSeconds + bm25BuildSeconds)),
    queryP50Ms: round(percentile(oursMs, 50)),
    queryP95Ms: round(percentile(oursMs, 95)),
    baselineQueryP50Ms: round(percentile(baselineMs, 50)),
    recallAt10: round(recallAtK(oursFound, exact), 4),
    rssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    baselineQueryP95Ms: round(percentile(baselineMs, 95)),
    baselineRecallAt10: round(recallAtK(baselineFound, exact), 4),
    hybridP50Ms: round(percentile(hybridMs, 50)),
    hybridP95Ms: round(percentile(hybridMs, 95)),
    bm25P50Ms: round(percentile(bm25Ms, 50)),
    bm25P95Ms: round(percentile(bm25Ms, 95)),
    hnswBuildSeconds: round(hnswBuildSeconds, 2),
    bm25BuildSeconds: round(bm25BuildSeconds, 2),
    baselineBuildSeconds: round(baselineBuildSeconds, 2),
    realVectors: input.realVectors,
    queries: queries.vectors.length,
    rounds: input.rounds ?? 3,
    ef,
  };
}

/** Rows of the `k` largest inner products (cosine for unit vectors), best first: the ground truth. */
export function exactTopK(vectors: readonly Float32Array[], query: Float32Array, k: number): number[] {
  const best: { row: number; similarity: number }[] = [];
  for (let row = 0; row < vectors.length; row++) {
    const v = vectors[row]!;
    let s = 0;
    for (let j = 0; j < v.length; j++) s += v[j]! * query[j]!;
    if (best.length < k || s > best[best.length - 1]!.similarity) {
      let at = best.length;
      while (at > 0 && best[at - 1]!.similarity < s) at--;
      best.splice(at, 0, { row, similarity: s });
      if (best.length > k) best.pop();
    }
  }
  return best.map((b) => b.row);
}

/** Mean share of each exact list found in the matching approximate list. */
export function recallAtK(found: readonly (readonly number[])[], exact: readonly (readonly number[])[]): number {
  if (exact.length === 0) return NaN;
  let sum = 0;
  exact.forEach((truth, i) => {
    const got = new Set(found[i] ?? []);
    sum += truth.length === 0 ? 1 : truth.filter((r) => got.has(r)).length / truth.length;
  });
  return sum / exact.length;
}

/**
 * A stand-in vector near `base`: Gaussian noise of norm about `noise`, renormalized (cosine to base
 * about 1/sqrt(1 + noise²)). Seeded by `seed`, so a rerun builds the same index.
 */
export function perturbed(base: Float32Array, seed: number, noise = 0.5): Float32Array {
  let s = (seed * 2654435761) >>> 0 || 1;
  const uniform = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 1) / 2 ** 32;
  };
  const sigma = noise / Math.sqrt(base.length);
  const out = new Float32Array(base.length);
  let norm = 0;
  for (let i = 0; i < base.length; i++) {
    const g = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    out[i] = base[i]! + sigma * g;
    norm += out[i]! * out[i]!;
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / norm;
  return out;
}

/** Texts per second of the embedder alone, after one warm-up call so model loading is not counted. */
export async function measureEmbedding(embeddings: Embeddings, texts: readonly string[], questions: readonly string[], model: string, batch = 32): Promise<EmbeddingThroughput> {
  await embeddings.embedDocuments(texts.slice(0, 4));
  let t = performance.now();
  for (let i = 0; i < texts.length; i += batch) await embeddings.embedDocuments(texts.slice(i, i + batch));
  const seconds = (performance.now() - t) / 1000;
  const queryMs: number[] = [];
  for (const q of questions) {
    t = performance.now();
    await embeddings.embedQuery(q);
    queryMs.push(performance.now() - t);
  }
  return {
    model,
    texts: texts.length,
    meanChars: Math.round(texts.reduce((a, x) => a + x.length, 0) / Math.max(1, texts.length)),
    batch,
    textsPerSec: round(texts.length / seconds, 1),
    queryMs: { p50: round(percentile(queryMs, 50), 1), p95: round(percentile(queryMs, 95), 1) },
  };
}

const round = (x: number, digits = 3) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);
