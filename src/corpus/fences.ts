/**
 * Markdown code fences (CommonMark: up to three spaces, then three or more backticks or tildes).
 * Inside one, a `#` line is a shell or Python comment, not a heading, and a blank line does not end it.
 */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The fence a line opens (its run of backticks or tildes), or undefined. */
export function fenceOpenedBy(line: string): string | undefined {
  return FENCE.exec(line)?.[1];
}

/** Whether `line` closes the fence `opening` opened: the same character, at least as many, nothing after. */
export function closesFence(line: string, opening: string): boolean {
  const run = FENCE.exec(line)?.[1];
  return run !== undefined && run[0] === opening[0] && run.length >= opening.length && line.trim() === run;
}

/**
 * A line that only opens or closes a code fence, at any indentation and inside block quotes and list
 * items ("> ```sh", "- ```"): three or more backticks or tildes, then at most an info string that
 * names a language ("python", "c++", "{.yaml}"). A line of prose between tildes ("~~~ The gate closes
 * at 6 pm. ~~~") is text, in a plain-text file above all.
 */
export function isFenceLine(line: string): boolean {
  return /^\s*(?:(?:>|[-*+]|\d{1,9}[.)])\s*)*(?:`{3,}|~{3,})\s*(?:[\w+#.-]+|\{[^{}]*\})?\s*$/.test(line);
}

/**
 * reStructuredText underlines a title with any mark, backticks and tildes too ("Sub-Subsection" over
 * "``````````````"): a bare run of one mark at least as long as the text line right above it (and of
 * six or more, longer than a fence is written) is that line's underline, not a code fence, which
 * took the rest of a text file for code.
 */
export function underlinesLine(previous: string, line: string): boolean {
  const run = /^\s*(`+|~+)\s*$/.exec(line)?.[1];
  const above = previous.trim();
  return run !== undefined && run.length >= 6 && above !== "" && !isFenceLine(previous) && run.length >= above.length;
}
