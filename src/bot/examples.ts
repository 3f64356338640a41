import type { DocumentInfo } from "../answer/types.ts";

/** Buttons /start offers at most. */
const MAX_EXAMPLES = 3;

/**
 * The questions a newcomer can tap on /start: those the maintainers wrote in the documents' front
 * matter (`questions:`). None otherwise: questions built from titles ("What does "Unreleased"
 * report?", found by a new user) were declined or answered with a stray line, a worse first answer
 * than the titles /start lists and "ask in plain words".
 */
export function examplesFromDocuments(documents: readonly DocumentInfo[]): string[] {
  return documents.flatMap((d) => d.questions ?? []).slice(0, MAX_EXAMPLES);
}
