import type { Config } from "../config.ts";
import { createEmbedder, type Embedder } from "../index/embeddings.ts";
import { QueryEmbedder } from "../index/queryEmbedder.ts";
import { prepareAndRetrieve, hybridRetrieve, type Retrieve, type RetrievedQuestion } from "../pipeline.ts";
import { openRuntime, type Runtime } from "../runtime.ts";
import { createLangChainRetrieval } from "./baseline.ts";

export const VARIANTS = ["hybrid", "dense", "bm25"] as const;
export type VariantName = (typeof VARIANTS)[number];

/**
 * The answering pipeline opened for measurement: the same index and stages as the bot, with the
 * retrieval swapped per variant (ours, stock LangChain HNSWLib, BM25 alone). Kept out of the
 * engine the bot uses.
 */
export interface EvalPipeline {
  runtime: Runtime;
  /** Prepares and retrieves one question with one variant (query vectors are cached); `denseWeight` overrides hybrid's fitted fusion weight. */
  retrieve(question: string, variant: VariantName, denseWeight?: number): Promise<RetrievedQuestion>;
  close(): void;
}

export async function openEvalPipeline(config: Config, options: { embedder?: Embedder; log?: (line: string) => void } = {}): Promise<EvalPipeline> {
  const embedder = options.embedder ?? createEmbedder(config);
  const runtime = await openRuntime(config, embedder, options.log ?? (() => {}));
  const queries = new QueryEmbedder(embedder.embeddings);
  const retrievals: Record<VariantName, Retrieve> = {
    hybrid: hybridRetrieve,
    dense: await createLangChainRetrieval(runtime, (text) => queries.embed(text)),
    bm25: (q, k, rt) => rt.retriever.retrieve(q.corrected, q.vector, k, "bm25"),
  };
  return {
    runtime,
    retrieve: (question, variant, denseWeight) =>
      prepareAndRetrieve(question, [], {
        runtime,
        embed: (text) => queries.embed(text),
        retrieve:
          variant === "hybrid" && denseWeight !== undefined
            ? (q, k, rt) => rt.retriever.retrieve(q.corrected, q.vector, k, "hybrid", denseWeight)
            : retrievals[variant],
        k: config.retrieval.k,
        maxQuestionChars: config.retrieval.maxQuestionChars,
      }),
    close: () => void (embedder.embeddings as { close?: () => Promise<void> }).close?.(),
  };
}
