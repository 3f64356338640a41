export interface SentenceEncoder {
  /** The model's token ids for one text (never empty for a non-blank text). */
  tokenize(text: string): Int32Array;
  /** One forward pass over a batch of tokenized texts: a 512-d vector each, in their order. */
  embedTokens(encodings: readonly Int32Array[]): Promise<number[][]>;
}

export function loadSentenceEncoder(): Promise<SentenceEncoder>;
