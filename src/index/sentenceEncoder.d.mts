export interface SentenceEncoder {
  /** The model's token ids for one text (never empty for a non-blank text). */
  tokenize(text: string): Int32Array;
  /** One forward pass over a batch of tokenized texts: a 512-d vector each, in their order. */
  embedTokens(encodings: readonly Int32Array[]): Promise<number[][]>;
  /** The same vectors end to end in one typed array (what a worker hands back, by transfer). */
  embedTokensFlat(encodings: readonly Int32Array[]): Promise<Float32Array>;
}

/** `count` vectors laid end to end in one typed array, as arrays of numbers. */
export function splitVectors(flat: Float32Array, count: number): number[][];

export function loadSentenceEncoder(): Promise<SentenceEncoder>;
