import type { Passage } from "../corpus/types.ts";
import type { Citation } from "./types.ts";

export class UnverifiedQuoteError extends Error {
  override name = "UnverifiedQuoteError";
}

/** True when `quote` is exactly the passage's file text at [start, end). */
export function isVerbatim(passage: Passage, start: number, end: number, quote: string): boolean {
  if (start < passage.start || end > passage.end || start >= end) return false;
  return passage.text.slice(start - passage.start, end - passage.start) === quote;
}

/**
 * The last gate before an answer leaves the engine: every quote must be exactly the indexed source
 * text at its offsets (a passage's text is the file's text at the passage's offsets).
 */
export function assertVerbatim(citations: readonly Citation[], passageOf: (passageId: string) => Passage | undefined): void {
  for (const c of citations) {
    const passage = passageOf(c.passageId);
    if (!passage || passage.docId !== c.docId || !isVerbatim(passage, c.start, c.end, c.quote) || c.quote.trim() === "") {
      throw new UnverifiedQuoteError(`citation [${c.n}] is not a verbatim span of ${c.file} at [${c.start}, ${c.end}); the answer was withheld`);
    }
  }
}
