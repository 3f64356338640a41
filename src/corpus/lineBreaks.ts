import { isStopword } from "../text/words.ts";

/** A line that starts a block of its own: a list item, a quote, a table row, a heading, a fence. */
const BLOCK_START = /^\s*(?:[-*+•·▪◦‣–]\s|\d{1,3}[.)]\s|[a-zA-Z][.)]\s|\(\w{1,3}\)\s|>|\||#{1,6}\s|`{3,}|~{3,})/u;
/** A line that ends a sentence or introduces what follows ("… as follows:"). */
const CLOSED_END = /[.!?:;]["'”’)\]]*$/u;
/** A line that cannot end there: a comma, a dash or hyphen, an opening bracket, a sum's sign ("40 work-hours × $85 per hour ="). */
const OPEN_END = /[,(\[–—=+×-]$/u;

/**
 * Whether the lines of one paragraph (no blank line between them) are prose wrapped at a width, as a
 * plain-text file, an e-mail or a PDF's text layer writes them, rather than lines of their own (a
 * list without markers, an address, verse). Wrapped prose shows itself in one of two ways: its
 * sentences run on across lines (a line ends on a comma or a word such as "and", or the next starts
 * in lower case) at a quarter of its breaks or more; or, three lines or more, every line but the last
 * fills most of the width (see `lineWidth`).
 */
export function isWrappedProse(lines: readonly string[]): boolean {
  const text = lines.map((l) => l.trimEnd());
  if (text.length < 2) return false;
  const breaks = text.slice(0, -1).map((line, i) => [line, text[i + 1]!] as const);
  const runOn = breaks.filter(([line, next]) => runsOn(line, next)).length;
  if (runOn * 4 >= breaks.length) return true;
  if (text.length < 3) return false;
  const width = lineWidth(text);
  return width >= 30 && text.slice(0, -1).every((l) => l.length >= 0.75 * width);
}

/**
 * Whether the line break between `line` and `next` is a wrap inside a sentence, to be read as a space:
 * never before a line that starts a block of its own or after one that ends with a colon or a full
 * stop; always where the sentence plainly runs on; elsewhere, where the paragraph is wrapped prose
 * ("opened on 12 March" / "2024 by the mayor", "Baker and" / "Sons Ltd") and the line fills at least
 * half its `width` (see `lineWidth`): a short line inside wrapped prose is a heading or the end of a
 * paragraph ("Acknowledgments" / "Parts of this effort …").
 */
export function isSoftBreak(line: string, next: string, wrappedProse: boolean, width = 0): boolean {
  const before = line.trimEnd();
  if (BLOCK_START.test(next) || before === "" || next.trim() === "") return false;
  if (before.includes(" | ") || next.includes(" | ")) return false; // table rows
  if (CLOSED_END.test(before)) return false;
  return runsOn(before, next) || (wrappedProse && before.length >= 0.5 * width);
}

/** Whether a line ends a sentence (or introduces what follows, with a colon). */
export function endsSentence(line: string): boolean {
  return CLOSED_END.test(line.trimEnd());
}

/** A sentence that plainly goes on at the next line. */
function runsOn(line: string, next: string): boolean {
  if (/^\s*\p{Ll}/u.test(next) || OPEN_END.test(line)) return true;
  const last = /(\p{L}+)$/u.exec(line)?.[1];
  return last !== undefined && last === last.toLowerCase() && isStopword(last);
}

/**
 * The width a paragraph's lines are wrapped at: the median length of its lines, without trailing
 * spaces. Not the longest: one overlong line (a PDF line run together with the next column's) made
 * every ordinary line look short. Sorted lengths rather than `Math.max(...lines)`, which overflows the
 * stack on a file of a few hundred thousand lines.
 */
export function lineWidth(lines: readonly string[]): number {
  const lengths = lines.map((l) => l.trimEnd().length).sort((a, b) => a - b);
  return lengths[Math.floor(lengths.length / 2)] ?? 0;
}

/** Fewest lines of text that tell a double-spaced text. */
const MIN_DOUBLE_SPACED_LINES = 6;
/** Share of a double-spaced text's lines that have a single blank line after them (its last line aside). */
const DOUBLE_SPACED_SHARE = 0.8;
/** Narrowest width a double-spaced text is wrapped at, and the share of its lines that fill most of it. */
const DOUBLE_SPACED_WIDTH = 40;
const FULL_LINES_SHARE = 0.6;

/**
 * Whether the lines are prose typed double-spaced: a blank line after nearly every line, the lines
 * wrapped at a width, most of them full (a charter's translation found on GitHub, a manuscript typed for review), so that
 * its blank lines are its spacing, not its paragraphs: read as paragraphs, every line was a passage of its
 * own and every short one a heading. `lines` are the text's lines, blank ones included.
 */
export function isDoubleSpaced(lines: readonly string[]): boolean {
  const text = lines.map((l, i) => ({ l: l.trimEnd(), i })).filter(({ l }) => l !== "");
  if (text.length < MIN_DOUBLE_SPACED_LINES) return false;
  const single = text.slice(0, -1).filter(({ i }) => lines[i + 1]?.trim() === "" && (lines[i + 2]?.trim() ?? "") !== "").length;
  if (single < DOUBLE_SPACED_SHARE * (text.length - 1)) return false;
  // Wrapped at a width, most lines full: one-line paragraphs apart by blank lines ("DEAR ZMESKALL,--",
  // a short note's lines) are paragraphs indeed.
  const width = lineWidth(text.map(({ l }) => l));
  return width >= DOUBLE_SPACED_WIDTH && text.filter(({ l }) => l.length >= 0.75 * width).length >= FULL_LINES_SHARE * text.length;
}
