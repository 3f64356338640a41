// Runs the Universal Sentence Encoder in a worker thread of the encoder pool (one per core), so that
// a busy bot keeps answering and talking to Telegram on the main thread while the model computes.
// Plain JavaScript on purpose: a worker thread starts without the TypeScript loader of its parent
// (tsx, or vitest's runner), so a .ts file could not be loaded here in every setting.
import { parentPort } from "node:worker_threads";
import { loadSentenceEncoder } from "./sentenceEncoder.mjs";

const encoder = await loadSentenceEncoder();
parentPort.postMessage({ ready: true });

// One job at a time: the pool sends the next only after this one's answer. A job is texts to embed,
// texts to tokenize only (a build's call, which the pool then sorts by token count and batches), or
// a batch of tokenized texts to embed. Vectors go back end to end in one typed array.
parentPort.on("message", async ({ texts, tokenize, encodings }) => {
  try {
    const started = performance.now();
    if (tokenize) {
      const tokens = tokenize.map(encoder.tokenize);
      // Time in the model's own work (tokenizing here), for the reindex bench's account: ms.
      parentPort.postMessage({ tokens, computeMs: performance.now() - started }, tokens.map((t) => t.buffer));
      return;
    }
    // Handed over, not copied: the buffer moves to the main thread (copied first only if it is a view
    // into a larger buffer, which must stay here).
    const output = await encoder.embedTokensFlat(encodings ?? texts.map(encoder.tokenize));
    const flat = output.byteOffset === 0 && output.byteLength === output.buffer.byteLength ? output : output.slice();
    parentPort.postMessage({ flat, computeMs: performance.now() - started }, [flat.buffer]);
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
