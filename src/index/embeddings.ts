import os from "node:os";
import { Worker } from "node:worker_threads";
import { Embeddings } from "@langchain/core/embeddings";
import { OpenAIEmbeddings } from "@langchain/openai";
import { openAIClientOptions, type Config } from "../config.ts";
import { loadSentenceEncoder, splitVectors, type SentenceEncoder } from "./sentenceEncoder.mjs";

/** What an index records about the embedder that built it; a mismatch means the vectors are incomparable. */
export interface EmbedderIdentity {
  provider: string;
  model: string;
}

export interface Embedder {
  identity: EmbedderIdentity;
  embeddings: Embeddings;
  /** How many embedding calls may usefully run at once (the local model's worker count). */
  parallelism?: number;
  /** Texts a build should hand embedDocuments at once, when the embedder prefers a size of its own. */
  textsPerCall?: number;
}

/**
 * Texts per forward pass of the local model. The model pads every text of a batch to the token
 * count of its longest (and attention grows with the square of that), so batches of texts of
 * similar length waste least: a build's call is sorted by the tokenizer's own counts (on the
 * reindex bench's texts, characters left 1.38 times the tokens of the texts themselves in batches
 * of 8; token counts 1.13 in batches of 8, 1.30 in batches of 16). With both cores, token-sorted
 * batches of 8, 16 and 32 gave 27.2, 27.4 and 25.2 passages/s (medians of three interleaved runs):
 * 8 and 16 tie within the noise, and 16 halves the per-batch overhead (about 1 ms a text at 8).
 * Against the character-sorted batches of 8, alternating full builds of the bench's 60 documents
 * gave 30.1 and 31.3 passages/s with both cores against 28.7 and 29.4, and 16.4 and 17.5 with one
 * worker against 14.5 (dev scripts under the lock, 2026-11-28).
 */
const LOCAL_BATCH = 16;
/**
 * Calls shorter than this (a busy bot's questions, batched) skip the separate tokenizing step, whose
 * round trip to a worker would only add to their latency: they are sorted by characters and go to
 * the workers in batches of 8, tokenized there with the forward pass, as before token counts were used.
 */
const TOKEN_SORT_FROM = 64;
const SHORT_CALL_BATCH = 8;
/** Texts a build hands the local model per call: the window sorted by token count before it is cut into batches. */
const LOCAL_TEXTS_PER_CALL = 256;

/** The model's two steps, wherever it runs (a pool of worker threads, or this thread). */
interface Encoder {
  /** Tokenizes and embeds: for a few texts, or one question. */
  embed(texts: string[]): Promise<number[][]>;
  tokenize(texts: string[]): Promise<Int32Array[]>;
  embedTokens(encodings: Int32Array[]): Promise<number[][]>;
}

/**
 * Universal Sentence Encoder lite (512 d), shipped inside npm and run by TF.js on WASM: no network,
 * no download. By default the model runs in a pool of worker threads, one per core
 * (os.availableParallelism()), started on first use: a reindex keeps every core busy, and a busy
 * bot embeds several questions at once while the main thread keeps answering and talking to
 * Telegram. `thread: "main"` runs it in this thread instead; `workers` sizes the pool.
 */
export class LocalSentenceEncoderEmbeddings extends Embeddings {
  private main?: Promise<SentenceEncoder>;
  private pool?: EncoderPool;
  /** Worker threads the pool runs (1 in the main thread). */
  readonly workers: number;

  constructor(private readonly options: { thread?: "worker" | "main"; workers?: number } = {}) {
    super({ maxConcurrency: 1 });
    this.workers = options.thread === "main" ? 1 : Math.max(1, options.workers || os.availableParallelism());
  }

  private encoder(): Encoder {
    if (this.options.thread !== "main") return (this.pool ??= new EncoderPool(this.workers));
    const model = (this.main ??= loadSentenceEncoder());
    return {
      embed: async (texts) => {
        const m = await model;
        return m.embedTokens(texts.map(m.tokenize));
      },
      tokenize: async (texts) => texts.map((await model).tokenize),
      embedTokens: async (encodings) => (await model).embedTokens(encodings),
    };
  }

  /**
   * Cuts the texts into batches of similar length that go to the pool's workers side by side; results
   * keep the input order. A long call (a build's) is first tokenized in a worker and sorted by token
   * count, so that the main thread never tokenizes.
   */
  async embedDocuments(texts: string[]): Promise<number[][]> {
    const encoder = this.encoder();
    const inputs = texts.map(orSpace);
    const tokens = inputs.length < TOKEN_SORT_FROM ? undefined : await encoder.tokenize(inputs);
    // Short calls: characters stand in for token counts, and each batch is tokenized with its pass.
    const [lengths, size, embedBatch] = tokens
      ? [tokens.map((t) => t.length), LOCAL_BATCH, (batch: number[]) => encoder.embedTokens(batch.map((i) => tokens[i]!))]
      : [inputs.map((t) => t.length), SHORT_CALL_BATCH, (batch: number[]) => encoder.embed(batch.map((i) => inputs[i]!))];
    const vectors: number[][] = new Array(texts.length);
    await Promise.all(
      lengthSortedBatches(lengths, size).map(async (batch) => {
        const out = await embedBatch(batch);
        batch.forEach((i, j) => (vectors[i] = out[j]!));
      }),
    );
    return vectors;
  }


  async embedQuery(text: string): Promise<number[]> {
    return (await this.encoder().embed([orSpace(text)]))[0]!;
  }

  /** Texts embedded and milliseconds spent in the model, per worker of the pool, since it started. */
  workerStats(): WorkerStats[] {
    return this.pool?.stats.map((s) => ({ ...s })) ?? [];
  }

  /** Stops the worker threads, if any were started. */
  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
    this.main = undefined;
  }
}

/**
 * Positions cut into batches of at most `size`, longest first (by `lengths`: the model's token
 * counts, or characters standing in for them), so that each batch holds texts of similar length. Longest first: the slow batches start
 * while every worker is busy, and the quick ones even out the end. Ties keep their input order.
 */
export function lengthSortedBatches(lengths: readonly number[], size: number): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[b]! - lengths[a]! || a - b);
  const batches: number[][] = [];
  for (let i = 0; i < order.length; i += size) batches.push(order.slice(i, i + size));
  return batches;
}

export interface WorkerStats {
  texts: number;
  /** Time in the model's work (tokenizing and forward passes): ms. */
  computeMs: number;
}

/** A message to a worker (see encoderWorker.mjs) and what its answer settles. */
interface EncoderJob {
  message: { texts: string[] } | { tokenize: string[] } | { encodings: Int32Array[] };
  /** Texts embedded (0 for tokenizing), for the stats. */
  texts: number;
  resolve: (reply: EncoderReply) => void;
  reject: (e: Error) => void;
}

/** What a worker sends back: a batch's vectors end to end, or a call's tokens. */
interface EncoderReply {
  flat?: Float32Array;
  tokens?: Int32Array[];
  computeMs?: number;
}

/**
 * Worker threads that each load the model once and take one job at a time from a shared queue.
 * A worker that dies fails its job and is replaced on the next one.
 */
class EncoderPool implements Encoder {
  private readonly slots: ({ worker: Worker; ready: boolean; job?: EncoderJob } | undefined)[];
  private readonly queue: EncoderJob[] = [];
  private closed = false;
  /** By slot: what its workers have embedded (a replaced worker's count carries on). */
  readonly stats: WorkerStats[];

  constructor(size: number) {
    this.slots = Array.from({ length: size }, () => undefined);
    this.stats = Array.from({ length: size }, () => ({ texts: 0, computeMs: 0 }));
  }

  async embed(texts: string[]): Promise<number[][]> {
    return splitVectors((await this.submit({ texts }, texts.length)).flat!, texts.length);
  }

  // Ahead of the waiting batches: the call's own batches can only be queued once its token counts
  // are known, and until then they would leave a worker idle when the queue runs dry.
  async tokenize(texts: string[]): Promise<Int32Array[]> {
    return (await this.submit({ tokenize: texts }, 0, true)).tokens!;
  }

  async embedTokens(encodings: Int32Array[]): Promise<number[][]> {
    return splitVectors((await this.submit({ encodings }, encodings.length)).flat!, encodings.length);
  }

  private submit(message: EncoderJob["message"], texts: number, first = false): Promise<EncoderReply> {
    if (this.closed) return Promise.reject(new Error("the local embedding model was closed"));
    return new Promise((resolve, reject) => {
      const job = { message, texts, resolve, reject };
      if (first) this.queue.unshift(job);
      else this.queue.push(job);
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (let i = 0; i < this.slots.length && this.queue.length > 0; i++) {
      const slot = (this.slots[i] ??= this.start(i));
      if (slot.ready && !slot.job) {
        slot.job = this.queue.shift()!;
        slot.worker.postMessage(slot.job.message);
      }
    }
  }

  private start(i: number): { worker: Worker; ready: boolean; job?: EncoderJob } {
    const worker = new Worker(new URL("./encoderWorker.mjs", import.meta.url));
    // Unreferenced, so that the workers' own handles do not hold the process; callers still close()
    // the embeddings (the engine does) so that their message ports are released.
    worker.unref();
    const slot: { worker: Worker; ready: boolean; job?: EncoderJob } = { worker, ready: false };
    const fail = (error: Error) => {
      if (this.slots[i] === slot) this.slots[i] = undefined;
      const job = slot.job;
      slot.job = undefined;
      job?.reject(error);
      // Nothing has started a worker that can load the model: fail the waiting jobs rather than loop.
      if (!slot.ready) for (const j of this.queue.splice(0)) j.reject(error);
      else this.dispatch();
    };
    worker.on("message", (m: EncoderReply & { ready?: true; error?: string }) => {
      if (m.ready) slot.ready = true;
      else {
        const job = slot.job!;
        slot.job = undefined;
        if (m.error !== undefined) job.reject(new Error(`the local embedding model failed: ${m.error}`));
        else {
          this.stats[i]!.texts += job.texts;
          this.stats[i]!.computeMs += m.computeMs ?? 0;
          job.resolve(m);
        }
      }
      this.dispatch();
    });
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the embedding worker exited with code ${code}`)));
    return slot;
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0).filter((s) => s !== undefined);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

// The encoder's tokenizer yields no tokens for an empty string and the graph then fails.
const orSpace = (text: string) => (text.trim() === "" ? " " : text);

export const LOCAL_MODEL_ID = "universal-sentence-encoder-lite";

/** Chooses the embedder from config: local by default, OpenAI (or a compatible server) when asked. */
export function createEmbedder(config: Config): Embedder {
  if (config.embeddings.provider === "openai") {
    return {
      identity: { provider: "openai", model: config.embeddings.model },
      embeddings: new OpenAIEmbeddings({
        model: config.embeddings.model,
        apiKey: config.openai.apiKey ?? "not-needed",
        configuration: config.openai.baseURL ? openAIClientOptions(config.openai) : undefined,
        maxRetries: 2,
      }),
    };
  }
  const embeddings = new LocalSentenceEncoderEmbeddings({ workers: config.embeddingWorkers });
  return localEmbedder(embeddings);
}

/** The local model as a build's embedder: its worker count, and calls large enough to sort by length. */
export function localEmbedder(embeddings: LocalSentenceEncoderEmbeddings): Embedder {
  return { identity: { provider: "local", model: LOCAL_MODEL_ID }, embeddings, parallelism: embeddings.workers, textsPerCall: LOCAL_TEXTS_PER_CALL };
}

/** Unit length, so that inner product equals cosine similarity. */
export function normalize(vector: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
  const norm = Math.sqrt(sum) || 1;
  const out = new Float32Array(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = vector[i]! / norm;
  return out;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
