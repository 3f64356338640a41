import { isEnglishWord } from "../../text/vocabulary.ts";

/** A line that ends inside a word broken by a hyphen (ASCII, soft U+00AD or U+2010): "com-". */
const BROKEN_END = /(\p{L}+)([-\u00AD\u2010])$/u;
/** The next line's first word, when it starts with a letter. */
const NEXT_WORD = /^(\p{L}+)/u;
/** Words and hyphenated compounds, as `documentWords` collects them. */
const WORD = /\p{L}+(?:[-\u2010]\p{L}+)*/gu;

/**
 * Every word and hyphenated compound of a document's lines, lower-cased: what tells a word broken at
 * a line's end ("com-" + "pile") from a compound that keeps its hyphen ("run-" + "time" where the
 * document writes "run-time" elsewhere).
 */
export function documentWords(lines: Iterable<string>): Set<string> {
  const known = new Set<string>();
  for (const line of lines) for (const w of line.toLowerCase().match(WORD) ?? []) known.add(w.replace(/\u2010/g, "-"));
  return known;
}

/**
 * How a line ending in a hyphen joins the next line of its paragraph, when a word runs over: the
 * text that replaces the hyphen and the line break between them, or undefined when the line does not
 * end inside a word. Justified PDFs break words at lines' ends ("com-" / "pile"); left as they are,
 * neither half matches a question's "compile" and the quote shows the break.
 * - A soft hyphen (U+00AD) only marks where a word may break: it goes.
 * - After a single letter ("φ-" / "nodes", "3d-" / "raytrace") the hyphen stays: hyphenation never
 *   leaves one letter behind.
 * - A compound the document writes with its hyphen elsewhere, and not joined, keeps it; a joined
 *   word the document writes elsewhere is joined ("Trace-" / "Monkey" where it writes "TraceMonkey").
 * - Before a capital ("non-" / "European") the hyphen is part of the name: it stays, the break goes.
 * - Before a lower-case word, a joined word the English word list has is joined ("com-" / "pile");
 *   a compound of two English words it lacks ("dynamically-" / "typed") keeps its hyphen; the rest
 *   ("monomor-" / "phic") are joined.
 */
export function brokenWordJoin(line: string, next: string, known: ReadonlySet<string>): string | undefined {
  const end = BROKEN_END.exec(line);
  const start = NEXT_WORD.exec(next);
  if (!end || !start) return undefined;
  const [, left = "", hyphen = ""] = end;
  const right = start[1]!;
  if (hyphen === "\u00AD") return "";
  if (left.length < 2) return hyphen;
  const joined = (left + right).toLowerCase();
  if (known.has(`${left}-${right}`.toLowerCase()) && !known.has(joined)) return hyphen;
  if (known.has(joined)) return "";
  if (right[0] !== right[0]!.toLowerCase()) return hyphen;
  if (isEnglishWord(joined)) return "";
  return isEnglishWord(left.toLowerCase()) && isEnglishWord(right.toLowerCase()) ? hyphen : "";
}
