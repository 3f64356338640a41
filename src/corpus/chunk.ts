import { createHash } from "node:crypto";
import { SECTION_SEPARATOR, type Passage, type SourceDocument } from "./types.ts";
import { bookBody } from "./boilerplate.ts";
import { readFrontMatter } from "./load.ts";
import { isStopword, words } from "../text/words.ts";
import { closesFence, fenceOpenedBy, isFenceLine, underlinesLine } from "./fences.ts";
import { endsSentence, isDoubleSpaced, isSoftBreak, isWrappedProse, lineWidth } from "./lineBreaks.ts";
import { headingText, isByline } from "./title.ts";

/** Bump whenever passage boundaries change, so that indexes built by older code are rebuilt. */
export const CHUNKER_VERSION = "paragraph-sentence-v23";
/**
 * Older cuts whose indexes still load and answer until `npm run reindex` cuts them anew: an index's
 * passages, sentences and offsets agree with its own stored texts whatever cut made them, so quotes
 * stay verbatim; only the newer cut's fixes wait for the reindex. v3 → v4: reference marks after a
 * full stop, two initials, headings of Markdown without `#` lines. v4 → v5: an abbreviation before a
 * number ("Jan. 18") no longer ends a sentence. v5 → v6: a nested heading's section names the headings
 * above it. v6 → v7: the "v." of a case name ("United States v. Lopez") no longer ends a sentence. v7 → v8: code-fence
 * lines ("```sh") are in no sentence; a line break that only wraps a sentence does not end it; plain
 * text wrapped at a width without blank lines is cut into paragraphs rather than lines. v8 → v9: the
 * marks closing a bold run-in heading ("**Penalties.**") stay with it; "8 p.m. Eastern time" is one sentence;
 * a listing's short fields stay with its list item's first sentence. v9 → v10: no sentence ends inside
 * inline code ("`{.}`", "`.DS_Store`") or opens with a comma or closing bracket. v10 → v11: code inside
 * a fence is cut into its lines (see `codeLines`); a sentence starts after a block quote's and a list
 * item's marks (`withoutLeadingMarks`); text files' underlined headings; headings without "{#id}".
 * v11 → v12: no sentence ends inside emphasis ("_Foul! The Secret World of FIFA_"); a text file's "#"
 * lines are headings; a "heading" over MAX_HEADING_CHARS is a paragraph; a dateline is no heading. v12 → v13:
 * plain text's and PDFs' numbered and labelled headings ("3.8 How do I …?", "Section 3 — Quorum:"), nested
 * by their numbers, also on the first line of a PDF paragraph; a line with a link is no heading. v13 → v14:
 * a text file's long run of lines without a blank one is cut as text without blank lines; its page
 * numbers and running heads are in no passage. v14 → v15: an abbreviation after an opening quotation
 * mark ("“Mr. Holmes") ends no sentence; a reStructuredText title underlined with backticks opens no fence.
 * v15 → v16: headings in capitals stay at the top after a numbered one where the document set them
 * there first; a line without a word of three letters ("B", "X X X") is no heading; an old book's chapter
 * title in capitals with a full stop ("CAMBRIDGE 1828-1831.") is one. v16 → v17: a Project Gutenberg
 * book is read between its START and END lines; its bold lines ("=Ox-Tail Soup.=") are headings; a
 * letter's greeting ("DEAR ZMESKALL,--") is none; a MyST target line ("(intro)=") is in no passage.
 * v17 → v18: a lettered item's marker ("a. Every week") goes with its own line, not the sentence
 * before it; no sentence runs across a blank line; a plain-text heading in italics ("_INTRODUCTION._")
 * is one, a contents entry ("THE BEND      55") none; a footnote is quoted without "[Footnote 3: ";
 * a text file's page footers ending "[Page 5]" and its running heads spread across the page are furniture;
 * a numbered heading in capitals may run to twelve words; a line with an e-mail address heads nothing; a
 * heading may end in a bracket it opens ("Timeline (all times Eastern Time)"). v18 → v19: a heading in
 * capitals wrapped onto two lines is one; a heading that states a fact ("Result: Not pass") and heads
 * nothing is text; a checklist's boxed step ("☐ Resistors") is a heading; no sentence ends at dot
 * leaders ("Up to $3,790 ......... Up to $10,505") or a line ending in a sum's sign ("… per hour ="); a
 * label of three words at most repeated three times in a document ("Evidence", "Back to top") is in no passage;
 * a PDF page's last line heads nothing on the next page; a web page that is one `<pre>` is read as a text
 * file, where the line after a page footer that recurs is a running head; and (index words, not cuts) a
 * number is a word apart from the unit written onto it ("620Ω"), which a reindex brings to the index.
 * v20: a heading guessed in plain text that reads as a sentence (five words or more) and heads nothing
 * is text; a web page's table row is read as one line however deeply its cells are indented; a PDF
 * whose info names no title takes its first page's tallest print; a PDF's numbered heading that ends
 * the paragraph above it ("… O(mnK)." / "3.3 Lower Bound") is apart; a caption ("Table 1. …") and a
 * line written three times or more in a document head nothing. v21: a PDF's heading in title case wrapped onto
 * two lines is one heading; a sentence about a numbered part ("Section 104 of the DMCA requires …") is none;
 * a Word page break inside a paragraph parts its text. v22: military and other titles before a name
 * ("Lieut. Col. John F. Morrison", "Messrs.") end no sentence; Markdown's empty HTML link targets
 * ("<a name=…></a>") and a sentence of HTML tags alone are in no sentence; a heading's inline HTML
 * tags are not part of its section ("<a id=…>Technical Questions</a>"). v23: a sentence ending in a
 * number before one opening with a number in lower case is two ("in 2017. 516 responses were …"); a
 * PDF's symbol-font glyphs are a bullet at a line's start and left out elsewhere; a Markdown line of
 * Liquid tags ("{% note %}") and a table of contents (dot leaders, or lines that repeat a heading
 * further on) are in no passage; a web page with few headings has its bold paragraphs as sections; a
 * PDF's drop cap begins its word, its title printed on its pages (or a line of it), its runs of
 * figures without a word and a footer numbered first in Roman numerals are in no passage, and the next column's top opens a paragraph after a
 * sentence's end; a text typed double-spaced is read as its paragraphs; no sentence opens with a table's cell separator ("1.5 oz. | Gouda"); a Word
 * file of parts each titled in the Title style nests its headings under each title, and a paragraph
 * of sentences in a heading style is text; names in capitals over their roles, two or more in a row,
 * are paragraphs, not sections.
 */
export const OLDER_LOADABLE_CHUNKERS: readonly string[] = ["paragraph-sentence-v3", "paragraph-sentence-v4", "paragraph-sentence-v5", "paragraph-sentence-v6", "paragraph-sentence-v7", "paragraph-sentence-v8", "paragraph-sentence-v9", "paragraph-sentence-v10", "paragraph-sentence-v11", "paragraph-sentence-v12", "paragraph-sentence-v13", "paragraph-sentence-v14", "paragraph-sentence-v15", "paragraph-sentence-v16", "paragraph-sentence-v17", "paragraph-sentence-v18", "paragraph-sentence-v19", "paragraph-sentence-v20", "paragraph-sentence-v21", "paragraph-sentence-v22"];

/** Paragraphs longer than this (characters) are split between sentences. */
const MAX_PASSAGE_CHARS = 700;

export interface Span {
  start: number;
  end: number;
}

const sentenceSegmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/**
 * A sentence that ends in a number, before one that opens with a number and goes on in lower case
 * ("… reached 9,000. 8,691 foreign companies operate …"): ICU reads the lower-case word as the same
 * sentence going on, as after "e.g.", and a new user's survey report had "in 2017. 516 responses were …"
 * as one. Two digits at least before the stop, after a space: "1. 2 cups" is a list's item.
 */
const NUMBER_ENDS_SENTENCE = /(?<=[\s(]\d[\d,]*\d\.)\s+(?=\d[\d,.]*\s+\p{Ll})/gu;

/** ICU's sentences of one line, also cut where a number ends one before a number (NUMBER_ENDS_SENTENCE). */
function* sentenceSegments(line: string): Iterable<{ index: number; segment: string }> {
  for (const seg of sentenceSegmenter.segment(line)) {
    let from = 0;
    for (const m of seg.segment.matchAll(NUMBER_ENDS_SENTENCE)) {
      const cut = m.index! + m[0].length;
      yield { index: seg.index + from, segment: seg.segment.slice(from, cut) };
      from = cut;
    }
    yield { index: seg.index + from, segment: seg.segment.slice(from) };
  }
}

/** Dot leaders at the end of a span: six dots or more (prose ends a sentence with an ellipsis of four: "without him.... Dr. Watson"). */
const LEADER_END = /\.{6,}$/;

/**
 * Sentence spans inside `text[start, end)`, as absolute offsets with surrounding whitespace trimmed.
 * Uses ICU's sentence rules, which keep "Mr. Smith" and "$3.5 billion" whole.
 */
export function sentenceSpans(text: string, start = 0, end = text.length): Span[] {
  const code = fencedCode(text);
  return betweenFenceLines(text, start, end).flatMap((range) => {
    if (code.some((c) => c.start <= range.start && range.start < c.end)) return codeLines(text, range);
    const softened = withSoftBreaksAsSpaces(text.slice(range.start, range.end));
    const spans: Span[] = [];
    // ICU ends a sentence at every line break left, so segmenting line by line finds the same
    // sentences, in linear time: segmenting many short lines at once took seconds per ten thousand.
    for (let at = 0; at < softened.length; ) {
      const newline = softened.indexOf("\n", at);
      const lineEnd = newline === -1 ? softened.length : newline + 1;
      // A list item's leading short pieces are its listing's fields (see LISTING_FRAGMENT_CHARS).
      // A passage cut from a long list starts after an item's marker, not at its line's start.
      const lineStart = text.lastIndexOf("\n", range.start + at - 1) + 1;
      const before = text.slice(lineStart, range.start + at);
      let fields = /^\s*$/.test(before) ? LIST_MARKER.test(softened.slice(at, lineEnd)) : ONLY_MARKS.test(before);
      for (const seg of sentenceSegments(softened.slice(at, lineEnd))) {
        const trimmed = trimSpan(text, range.start + at + seg.index, range.start + at + seg.index + seg.segment.length);
        if (!trimmed) continue;
        const prev = spans[spans.length - 1];
        // Dot leaders run a table's row on to its next cell ("Up to $3,790 ......... Up to $10,505"): no sentence ends there.
        if (seg.index > 0 && prev && LEADER_END.test(text.slice(prev.start, prev.end))) prev.end = trimmed.end;
        else if (fields && seg.index > 0 && prev && trimmed.end - trimmed.start <= LISTING_FRAGMENT_CHARS) prev.end = trimmed.end;
        else {
          if (seg.index > 0) fields = false;
          spans.push(trimmed);
        }
      }
      at = lineEnd;
    }
    return withoutLeadingMarks(text, withClosingEmphasis(text, withReferenceMarks(text, mergeFragments(text, withOptionMarksJoined(text, withLoneMarksJoined(text, spans))))));
  });
}

/** A list item's marker ("-", "*", "+", "1.", "2)"), and a block quote's marks before it. */
const ITEM_MARK = String.raw`(?:[-*+]|\d{1,3}[.)])`;
const QUOTE_MARKS = String.raw`(?:>[ \t]*)*`;
/** A block quote's marks and a list item's marker at the start of a sentence: "> ", "> - ", "1. ". */
const LEADING_MARKS = new RegExp(String.raw`^${QUOTE_MARKS}(?:${ITEM_MARK}[ \t]+(?=\S))?`);
/** A line's start that holds nothing but marks: a passage cut from a long list item begins after it. */
const ONLY_MARKS = new RegExp(String.raw`^[ \t]*${QUOTE_MARKS}${ITEM_MARK}[ \t]+$`);
/** An item's number alone ("2."), which ICU cuts off "2. Choose your filing status.". */
const NUMBER_ALONE = /^(?:>[ \t]*)*\d{1,3}[.)]$/;

/**
 * Markdown's HTML link targets before an item ("* <a name=\"private-account-data\"></a>"), which say
 * nothing to a reader, and a span of HTML tags alone: shown as a quote or a closest passage, they were noise.
 */
const EMPTY_ANCHORS = /^(?:<a\s[^<>]*>\s*<\/a>\s*)+/i;
const TAGS_ONLY = /^(?:<\/?[a-z][^<>]*>\s*)+$/i;

/** How a plain-text book opens a footnote: "[Footnote 3: ", "[Note A: ". */
const NOTE_OPEN = /^\[(?:Footnote|Note)\s*[\w*†‡§]{0,4}\s*:\s*/i;

/**
 * Sentences without the Markdown marks in front of them: quoted, "> - Switch to an existing
 * workspace." showed the marks, and the empty line of a block quote (">") and a numbered item's
 * number were quotes of their own.
 * Marks inside a sentence that runs over several lines stay: a quote is one stretch of the text.
 * A plain-text book's footnote is quoted without its "[Footnote 3: " and its closing bracket.
 */
function withoutLeadingMarks(text: string, spans: Span[]): Span[] {
  return spans.flatMap((s) => {
    const span = text.slice(s.start, s.end);
    // ICU ends a sentence after an item's number ("2." of "2. Choose your filing status."): a marker alone.
    if (NUMBER_ALONE.test(span) && /^[ \t>]*$/.test(text.slice(text.lastIndexOf("\n", s.start - 1) + 1, s.start))) return [];
    // A lettered item's marker too ("a. The aim of …"), at its line's start only ("A. Lincoln" inside a
    // line is a name) and before two words at least, not before an initial ("S. H." signs a letter).
    const marks = opensOption(text, s) && /^\S+[ \t]+(?!\p{Lu}\.)\S+\s+\S/u.test(span) ? /^\(?[a-zA-Z][.)][ \t]*/.exec(span)![0].length : LEADING_MARKS.exec(span)![0].length;
    const note = NOTE_OPEN.exec(span.slice(marks))?.[0].length ?? 0;
    // The bracket that closed the note ("… Hygiene, 1865.]") goes with its opening.
    const unclosed = span.endsWith("]") && span.split("]").length > span.slice(marks + note).split("[").length ? 1 : 0;
    const rest = trimSpan(text, s.start + marks + note, s.end - unclosed);
    if (!rest || TAGS_ONLY.test(text.slice(rest.start, rest.end))) return [];
    const anchors = EMPTY_ANCHORS.exec(text.slice(rest.start, rest.end))?.[0].length ?? 0;
    return [{ start: rest.start + anchors, end: rest.end }];
  });
}

/**
 * The code between fence lines ("```sh" … "```") of a whole text, a span from the line after the one
 * that opens the fence to the line that closes it (or the text's end). Fence lines are those
 * `betweenFenceLines` leaves out; a fence closes at a bare run of its own character, at least as long.
 * A text's passages are cut one after another, so the last text's spans are kept: one pass per document.
 */
function fencedCode(text: string): readonly Span[] {
  if (lastFenced?.text === text) return lastFenced.code;
  const code: Span[] = [];
  let open: { run: string; from: number } | undefined;
  let previous = "";
  for (const line of readLines(text, 0)) {
    const above = previous;
    previous = line.text;
    if (!isFenceLine(line.text) || (!open && underlinesLine(above, line.text))) continue;
    const run = /(`{3,}|~{3,})\s*$/.exec(line.text)?.[1];
    if (!open) open = { run: /`{3,}|~{3,}/.exec(line.text)![0], from: line.end };
    else if (run && run[0] === open.run[0] && run.length >= open.run.length) {
      code.push({ start: open.from, end: line.start });
      open = undefined;
    }
  }
  if (open) code.push({ start: open.from, end: text.length });
  lastFenced = { text, code };
  return code;
}
let lastFenced: { text: string; code: readonly Span[] } | undefined;

/**
 * Code inside a fence is cut into its lines, not by the rules of prose: ICU cut "find ~ -iregex
 * '.*[0-9]\.jpg$'" after "'." and joined lines a wrap rule took for prose. A line ending in "\"
 * goes on to the next (a shell command written over several lines); blank lines are no sentence.
 */
function codeLines(text: string, range: Span): Span[] {
  const spans: Span[] = [];
  let continued = false;
  for (const line of readLines(text.slice(range.start, range.end), 0)) {
    const span = trimSpan(text, range.start + line.start, range.start + line.end);
    if (!span) {
      continued = false;
      continue;
    }
    const prev = spans[spans.length - 1];
    if (continued && prev) prev.end = span.end;
    else spans.push(span);
    continued = /\\$/.test(text.slice(span.start, span.end));
  }
  return spans;
}

/** A Markdown list item's marker at the start of a line: "- ", "* ", "+ ", "1. ", "2) ". */
const LIST_MARKER = new RegExp(String.raw`^[ \t]*${ITEM_MARK}[ \t]`);

/**
 * A list item's first sentence followed by pieces this short is a listing, its pieces fields, not
 * sentences: "- Visitors Center, 139 Tremont St. M-Sa 8:30AM-5PM, Su 9AM-6PM. Free." Quoted alone,
 * the hours named no place; they stay with the item's text before them, up to its first longer sentence.
 */
const LISTING_FRAGMENT_CHARS = 50;

/**
 * The text with each line break that only wraps a sentence (see lineBreaks.ts) made a space, the same
 * length, so offsets hold: ICU ends a sentence at every line break, and hard-wrapped text ("opened on
 * 12 March" / "2024 by the mayor") was quoted without its year.
 */
function withSoftBreaksAsSpaces(text: string): string {
  const out = text.split(""); // UTF-16 units, as offsets count them
  const soften = (paragraph: Line[]) => {
    const lines = paragraph.map((l) => l.text);
    const prose = isWrappedProse(lines);
    const width = lineWidth(lines);
    for (let i = 0; i + 1 < paragraph.length; i++) {
      if (!isSoftBreak(lines[i]!, lines[i + 1]!, prose, width)) continue;
      for (let k = paragraph[i]!.end; k < paragraph[i + 1]!.start; k++) out[k] = " "; // "\n", or "\r\n"
    }
  };
  const lines = readLines(text, 0);
  // A passage of a double-spaced text holds its blank lines: they wrap its sentences too.
  const doubleSpaced = isDoubleSpaced(lines.map((l) => l.text));
  let paragraph: Line[] = [];
  for (const line of lines) {
    if (line.text.trim() !== "") paragraph.push(line);
    else if (!doubleSpaced) {
      soften(paragraph);
      paragraph = [];
    }
  }
  soften(paragraph);
  return out.join("");
}

/**
 * The stretches of `text[start, end)` between Markdown code-fence lines ("```sh", "~~~"): a fence
 * line is markup, not text, and was quoted as a sentence of its own or at the head of the first line
 * of code. No sentence runs across one either: "Install it with:" and the command after the fence
 * are two quotes.
 */
function betweenFenceLines(text: string, start: number, end: number): Span[] {
  const ranges: Span[] = [];
  let from = start;
  for (const line of readLines(text.slice(start, end), 0)) {
    if (!isFenceLine(line.text) || isUnderlineAt(text, start + line.start)) continue;
    if (start + line.start > from) ranges.push({ start: from, end: start + line.start });
    from = start + line.end;
  }
  if (end > from) ranges.push({ start: from, end });
  return ranges;
}

/** Whether the line that begins at `lineStart` underlines the one above it (see `underlinesLine`). */
function isUnderlineAt(text: string, lineStart: number): boolean {
  if (lineStart === 0) return false;
  const above = text.slice(text.lastIndexOf("\n", lineStart - 2) + 1, lineStart - 1);
  const end = text.indexOf("\n", lineStart);
  return underlinesLine(above, text.slice(lineStart, end === -1 ? text.length : end));
}

/** The rest of a reference mark cut at its "[" ("3]", "4][5]", "a]"), at the start of a span. */
const REFERENCE_MARK_REST = /^[^\s[\]]{1,12}\](?:\[[^\s[\]]{1,12}\])*/u;

/**
 * ICU ends a sentence inside a reference mark written after its full stop ("…women.[4] Byron …"
 * is cut after "women.["), so that one quote ended in "[" and the next began with "4]". The mark
 * belongs to the sentence it follows.
 */
function withReferenceMarks(text: string, spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const prev = out[out.length - 1];
    const mark = prev && text[prev.end - 1] === "[" ? REFERENCE_MARK_REST.exec(text.slice(s.start, s.end)) : null;
    if (!prev || !mark) {
      out.push({ ...s });
      continue;
    }
    prev.end = s.start + mark[0].length;
    const rest = trimSpan(text, prev.end, s.end);
    if (rest) out.push(rest);
  }
  return out;
}

/** Markdown emphasis marks closing at the start of a span, before a space on the same line: "**_ For". */
const CLOSING_EMPHASIS = /^[*_]{1,3}(?=[ \t]|$)/;

/**
 * ICU ends a sentence at the full stop inside a bold run-in heading ("**Penalties.** For each month
 * …", "_**Depositing on time.**_ For …"), so the next quote began with the closing "**". The marks
 * close the span before, which opened them.
 */
function withClosingEmphasis(text: string, spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const prev = out[out.length - 1];
    const marks = prev && !text.slice(prev.end, s.start).includes("\n") ? CLOSING_EMPHASIS.exec(text.slice(s.start, s.end))?.[0] : undefined;
    // The span before opened the marks: it holds them an odd number of times ("**Penalties.", not "*high*.").
    if (!prev || marks === undefined || text.slice(prev.start, prev.end).split([...marks].reverse().join("")).length % 2 !== 0) {
      out.push({ ...s });
      continue;
    }
    prev.end = s.start + marks.length;
    const rest = trimSpan(text, prev.end, s.end);
    if (rest) out.push(rest);
  }
  return out;
}

/**
 * ICU splits after "U.S.", initials ("John R. Pierce"), titles ("Gen. Smith") and abbreviations before
 * a number ("Jan. 18"). A "sentence" that starts in lower case, or with a comma or closing bracket,
 * or after one that leaves inline code open, continues the previous one, and so does
 * one that follows a lone capital initial, a title abbreviation, "U.S." before a word that is not a
 * sentence opener, or an abbreviation written before a number when it starts with a digit.
 */
/** A speaker's name in capitals with a full stop, as plays print it ("JACK.", "LADY BRACKNELL."). */
const SPEAKER = /^\p{Lu}[\p{Lu}'’ -]{1,30}\.$/u;

function mergeFragments(text: string, spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const prev = out[out.length - 1];
    const next = text.slice(s.start, s.end);
    const before = prev ? text.slice(prev.start, prev.end) : "";
    const continues =
      (/^[a-z]/.test(next) && !opensOption(text, s)) ||
      // No sentence opens with a comma, a closing bracket or a table's cell separator ("1.5 oz. | Gouda
      // cheese": ICU ended a sentence at "oz."), or ends inside inline code: ICU broke
      // "(`{}`, `{.}`, `{/.}`) to prevent …" after the "." of "`{.}`". Code is open when the span before
      // holds an odd number of backticks and the next one's first backtick closes it (no letter after it:
      // an old text's `quote' opens with one).
      /^[,;:)\]}|]/.test(next) ||
      // A title in emphasis is no sentence end: "book _Foul! The Secret World of FIFA_ (Harper)".
      closesOpenEmphasis(before, next) ||
      (before.split("`").length % 2 === 0 && /^[^`]*`(?![\p{L}\p{N}])/u.test(next)) ||
      ENDS_IN_ABBREVIATION.test(before) ||
      // "the biologist E. O. Wilson": an initial followed by another is a name's first initial.
      (/(?:^|\s)[A-Z]\.$/.test(before) && /^[A-Z]\.(?:\s|$)/.test(next)) ||
      // "on Jan. 18", "Fig. 3", "No. 9": an abbreviation written before a number goes on with it.
      (BEFORE_NUMBER.test(before) && /^\d/.test(next)) ||
      // "10:34 p.m. EDT on Monday", "by 8 p.m. Eastern time": a time zone after a clock time goes on with the sentence.
      (/\b[ap]\.m\.$/i.test(before) && TIME_ZONE.test(next)) ||
      // "U.S. Treasury Secretary": after letters with dots, a capitalised word that does not open sentences.
      (/(?:^|\s)(?:\p{Lu}\.){2,}$/u.test(before) && !isStopword(next.match(/^\p{L}+/u)?.[0]?.toLowerCase() ?? "the")) ||
      // A play's speaker on a line of their own ("JACK." / "In the country."): the speech is theirs.
      (SPEAKER.test(before) && text.slice(prev!.end, s.start).includes("\n") && /^\s*$/.test(text.slice(text.lastIndexOf("\n", prev!.start - 1) + 1, prev!.start)));
    // A blank line ends a paragraph, and every sentence in it: "S. H." signing a letter is no initial of the next one's subject.
    if (prev && continues && !/\n[ \t]*\n/.test(text.slice(prev.end, s.start))) prev.end = s.end;
    else out.push({ ...s });
  }
  return out;
}

/** A lettered item's marker: "a.", "B)", "(c)". */
const OPTION_MARK = /^\(?[a-zA-Z][.)](?:\s|$)/;

/** Whether a span opens a line with a lettered item's marker ("a. Every week"): a choice of a quiz, an item of a list. */
function opensOption(text: string, span: Span): boolean {
  return OPTION_MARK.test(text.slice(span.start, span.end)) && /^[ \t>]*$/.test(text.slice(text.lastIndexOf("\n", span.start - 1) + 1, span.start));
}

/**
 * A lettered item's marker that ICU cut off its line's text ("a." of "a. Every week", ended as an
 * abbreviation before a capital) goes with that text. Joined to the sentence before it instead, a
 * quiz's question ran into its choices: "… be changed? a." / "Every week b." were quoted as sentences.
 */
function withOptionMarksJoined(text: string, spans: Span[]): Span[] {
  const out: Span[] = [];
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    const next = spans[i + 1];
    if (next && /^\(?[a-zA-Z][.)]$/.test(text.slice(s.start, s.end)) && opensOption(text, s) && !text.slice(s.end, next.start).includes("\n")) {
      out.push({ start: s.start, end: next.end });
      i++;
    } else out.push({ ...s });
  }
  return out;
}

/** Markdown emphasis marks that open (after a space or the start, before a word) or close (the reverse). */
const EMPHASIS_MARK = /(?<=^|[\s(\["'“‘])([*_]{1,3})(?=[\p{L}\p{N}"'“‘])|(?<=[\p{L}\p{N}.!?"'”’)])([*_]{1,3})(?=$|[\s.,;:!?)\]"'”’])/gu;
/** The same, for the first mark of a text only. */
const FIRST_EMPHASIS_MARK = new RegExp(EMPHASIS_MARK.source, "u");

/**
 * ICU ends a sentence before the marks that close an emphasis after its full stop ("… applies._",
 * "… opinion.**"), leaving "_" a sentence of its own: the marks go with the sentence they end.
 */
function withLoneMarksJoined(text: string, spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const prev = out[out.length - 1];
    if (prev && /^[*_]{1,3}$/.test(text.slice(s.start, s.end)) && !text.slice(prev.end, s.start).includes("\n")) prev.end = s.end;
    else out.push({ ...s });
  }
  return out;
}

/** The longest emphasised stretch taken for a title or name rather than for emphasised sentences. */
const MAX_EMPHASISED_WORDS = 15;

/**
 * Whether `before` ends inside a short emphasis (a title, a name) that `next` closes before opening
 * any: ICU ends a sentence at the "!" of "_Foul! The Secret World of FIFA_" and after "**Mr.". A
 * paragraph set in italics whole is sentences all the same.
 */
function closesOpenEmphasis(before: string, next: string): boolean {
  const open: { mark: string; at: number }[] = [];
  for (const m of before.matchAll(EMPHASIS_MARK)) {
    if (m[1]) open.push({ mark: m[1], at: m.index });
    else if (open[open.length - 1]?.mark === m[2]) open.pop();
  }
  const opened = open[open.length - 1];
  if (!opened) return false;
  const first = FIRST_EMPHASIS_MARK.exec(next);
  if (first === null || first[2] !== opened.mark) return false;
  return words(before.slice(opened.at)).length + words(next.slice(0, first.index)).length <= MAX_EMPHASISED_WORDS;
}

/**
 * At the end of a span: an abbreviation that English writes before a number: a month ("Jan. 18",
 * "Sept. 6"), a figure, number, volume, article, section, chapter, page or opus, "approx." and "ca.";
 * also after an opening quotation mark (“No. 31 Lyon Place”), as these abbreviations and titles
 * (“Mr. Holmes”) are in dialogue.
 */
const BEFORE_NUMBER = /(?:^|[\s(\["“‘'])(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Fig|Figs|No|Nos|Vol|Vols|Art|Arts|Sec|Secs|Ch|Chap|Op|fig|figs|vol|vols|p|pp|approx|ca)\.$/;

/** A time zone opening a span: "EDT", "ET", "CEST", "UTC", "Eastern time", "Pacific Standard Time". */
const TIME_ZONE = /^(?:[A-Z]{1,4}T|UTC|(?:Eastern|Central|Mountain|Pacific|Atlantic|Alaska|Hawaii)(?:\s+(?:Standard|Daylight))?\s+[Tt]ime)\b/;

/**
 * At the end of a span: a capital initial after a name or another initial ("John R.", "J. P."; not
 * "vitamin C."), a title written before a name, or the "v." of a case name after a capitalised word
 * ("United States v. Lopez"; not "with velocity v.").
 */
const ENDS_IN_ABBREVIATION = /(?:(?:^|[\s(\["“‘'])(?:[A-Z][\p{L}'-]*|[A-Z]\.)\s[A-Z]|^[A-Z]|(?:^|[\s(\["“‘'])(?:Mr|Mrs|Ms|Messrs|Mme|Mlle|Dr|Prof|St|Mt|Ft|Gen|Brig|Lt|Lieut|Col|Capt|Cmdr|Comdr|Maj|Sgt|Cpl|Pvt|Adm|Gov|Sen|Rep|Rev|Msgr|Supt|Hon|Pres)|(?:^|[\s(\["“‘'])\p{Lu}[\p{L}\p{N}'.&-]*,?\svs?)\.$/u;

function trimSpan(text: string, start: number, end: number): Span | undefined {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  return s < e ? { start: s, end: e } : undefined;
}

interface Block extends Span {
  kind: "heading" | "paragraph";
  heading?: string;
  /** A Markdown heading's level (1 for `#` or `===`); none for a heading guessed in plain text. */
  level?: number;
}

/** Cuts a document into passages on paragraph and sentence boundaries, keeping exact offsets. */
export function chunkDocument(doc: SourceDocument): Passage[] {
  const textFile = doc.format === "text" || doc.plainText === true;
  const readAsIs = doc.format === "markdown" || textFile;
  // Extracted PDF text has no Markdown headings; web pages and Word files are extracted as Markdown.
  const plainText = textFile || doc.format === "pdf";
  // A Project Gutenberg book is read between its START and END lines: the licence is no part of it.
  const body = bookBody(doc.text) ?? { start: 0, end: doc.text.length };
  const from = Math.max(body.start, readAsIs ? readFrontMatter(doc.text).bodyStart : 0);
  const blocks = withNamesOverRolesAsText(doc.text, withEmptyHeadingsAsText(doc.text, readBlocks(doc.text, from, plainText, doc.pageStarts ?? [], doc.format === "markdown", readAsIs).filter((b) => b.start < body.end), plainText));
  const passages: Passage[] = [];
  const seen = new Map<string, number>();
  const outline = new Outline(doc.title);
  const contents = contentsBlocks(doc.text, blocks);
  for (const block of blocks) {
    if (block.kind === "heading") {
      outline.enter(block.heading ?? "", block.level);
      continue;
    }
    if (contents.has(block)) continue;
    const section = outline.section();
    for (const span of splitLongParagraph(doc.text, block)) {
      const text = doc.text.slice(span.start, span.end);
      // A PDF's title printed on a page, and a run of figures without a word (a chart's ticks, "0 1 2 3 4 5", a
      // graph's vertex numbers, a form's rules), answer nothing.
      if (doc.format === "pdf" && (isTitlePrint(text, doc.title) || !/\p{L}/u.test(text))) continue;
      const base = `${doc.id}:${createHash("sha256").update(text).digest("hex").slice(0, 12)}`;
      const count = (seen.get(base) ?? 0) + 1;
      seen.set(base, count);
      passages.push({
        id: count === 1 ? base : `${base}-${count}`,
        docId: doc.id,
        title: doc.title,
        section,
        file: doc.file,
        start: span.start,
        end: span.end,
        text,
        ...(doc.pageStarts ? { page: pageAt(doc.pageStarts, span.start) } : {}),
      });
    }
  }
  return withoutRepeatedLabels(passages);
}

/**
 * A PDF's title as printed on its pages, whole or a line of it ("ORCID:", "a system to", "uniquely
 * identify", a magazine's title set large over four lines; a report's title again atop its contents):
 * no sentence, and all in the title the document is cited by. As passages they answered nothing.
 */
function isTitlePrint(text: string, title: string): boolean {
  const plain = (t: string) => t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  const printed = plain(text);
  return printed !== "" && !/[.!?]["'”’)]*$/.test(text.trim()) && ` ${plain(title)} `.includes(` ${printed} `);
}

/** A contents line's dot leaders and page number at its end: five dots or more, or three and a page number ("credit files...\n11"). */
const LEADERS_END = /(?:(?:\.[ \t]*){5,}|(?:\.[ \t]*){3,}\s*\d{1,4})\s*$/;
/** A contents entry's page number at its end, after a space: "1 Introduction 2". */
const PAGE_NUMBER_END = /\s+\d{1,4}\s*$/;
/** A heading's number in front of it: "1.2.", "3.4", "IV.". */
const HEADING_NUMBER = /^\s*(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.)\s+/;
/** More words than this make a paragraph text, whatever headings it repeats. */
const MAX_CONTENTS_WORDS = 30;

/**
 * A document's table of contents, which answers nothing and crowded the passages it lists out of the
 * closest ones: paragraphs that end in dot leaders ("Big Data and Employment ........ 13", one running
 * over two lines), or that repeat a heading the document has further on ("1.1.\nA brief history of
 * preprints" above the heading "1.1. A brief history of preprints": a Word report's typed contents,
 * 17 passages in a new user's trial, T40).
 */
function contentsBlocks(text: string, blocks: readonly Block[]): Set<Block> {
  // A Markdown contents line links to its heading: "[Section 2: Elections](#section-2-elections)" is "Section 2: Elections".
  const key = (t: string) => t.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(LEADERS_END, "").replace(HEADING_NUMBER, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  const later = new Set<string>();
  const out = new Set<Block>();
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i]!;
    if (b.kind === "heading") {
      later.add(key(b.heading ?? ""));
      continue;
    }
    const t = text.slice(b.start, b.end);
    // A whole contents set as one paragraph (a plain-text RFC's, a LaTeX manual's "4 User Interface 5" over
    // "4.1 ReduMIS. . . . ." and its page number on a line of its own), each line an entry.
    const lines = t.split("\n").filter((line) => line.trim() !== "");
    const entry = (line: string) => LEADERS_END.test(line) || later.has(key(line.replace(PAGE_NUMBER_END, "")));
    if (lines.some(entry) && lines.every((line) => entry(line) || /^\s*\d{1,4}\s*$/.test(line))) out.add(b);
    if (out.has(b) || (t.match(/[\p{L}\p{N}]+/gu) ?? []).length > MAX_CONTENTS_WORDS) continue;
    const k = key(t);
    if (k !== "" && (LEADERS_END.test(t) ? !/[.!?]\s+\p{Lu}/u.test(t.replace(LEADERS_END, "")) : later.has(k))) out.add(b);
  }
  return out;
}

/** A passage of this many words at most, without a sentence's end, written this many times in one document, is a label of its layout. */
const LABEL_WORDS = 3;
const LABEL_REPEATS = 3;

/**
 * Passages of a document without the short lines its layout repeats: a form's "Met / Not Met / N/A"
 * and "Evidence" cells (22 and 15 passages of one Word file), a web page's "Back to top" links. Each
 * was a passage of its own that answered nothing and crowded real passages out of the retrieved ones.
 */
function withoutRepeatedLabels(passages: Passage[]): Passage[] {
  const key = (p: Passage) => p.text.replace(/\s+/g, " ").trim().toLowerCase();
  // Three words, not more: an addressee repeated over a book's letters ("To Thomas Pennant, Esquire"),
  // or the same command for three systems, answers a question.
  const short = (p: Passage) => (p.text.match(/[\p{L}\p{N}]{2,}/gu) ?? []).length <= LABEL_WORDS && !/[.!?]["'”’)]*$/.test(p.text.trim());
  const labels = passages.map((p) => (short(p) ? key(p) : undefined));
  const times = new Map<string, number>();
  for (const label of labels) if (label !== undefined) times.set(label, (times.get(label) ?? 0) + 1);
  return passages.filter((_, i) => labels[i] === undefined || times.get(labels[i]!)! < LABEL_REPEATS);
}

/** A heading that states a fact: a label, a colon, its value ("Result of Assessment: Not pass"). */
const STATED_FACT = /^[^:]{2,60}:\s+\S/;

/** Fewest words of a heading guessed in plain text that, heading nothing, is a line of text: a sentence set in bold, a list's item. */
const SENTENCE_WORDS = 5;

/**
 * A heading that heads nothing, the next heading no deeper than it, is text when it states a fact
 * ("### Assessment Stage: Beta", "### Result of Assessment: Not pass" in a row: a report's facts set
 * in heading styles) or, guessed in plain text, reads as a sentence ("P1. Do research ethically and
 * ensure results are used and shared" over its bullets "Results need to be robust and relevant", each
 * in a PDF's bold). As headings they were in no passage: "Did the service pass?" found nothing, and
 * a principle and its bullets could never be quoted.
 */
function withEmptyHeadingsAsText(text: string, blocks: Block[], plainText: boolean): Block[] {
  return blocks.map((b, i) => {
    const next = blocks[i + 1];
    if (b.kind !== "heading" || !b.heading || (next && next.kind !== "heading") || (next?.level ?? 0) > (b.level ?? 0)) return b;
    const sentence = plainText && b.level === undefined && (b.heading.match(/[\p{L}\p{N}]+/gu) ?? []).length >= SENTENCE_WORDS;
    if (!STATED_FACT.test(b.heading) && !sentence) return b;
    const at = text.slice(b.start, b.end).indexOf(b.heading);
    return at === -1 ? b : { start: b.start + at, end: b.start + at + b.heading.length, kind: "paragraph" as const };
  });
}

/** Most words of a line under a name that gives its role ("Deputy Chief Technology Officer for Data Policy"). */
const ROLE_WORDS = 20;

/**
 * Headings guessed from their look, each over nothing but a short line without a sentence's end, two
 * or more in a row, are a list of names over their roles, not sections: a report's signatures
 * ("CECILIA MUÑOZ" / "Director, Domestic Policy Council", then "MEGAN SMITH" / …). As sections, each name
 * headed only its role, and "Who is the Director of the Domestic Policy Council?" had no passage
 * naming her. Each name and its role are one paragraph.
 */
function withNamesOverRolesAsText(text: string, blocks: Block[]): Block[] {
  const isRole = (b: Block | undefined) =>
    b?.kind === "paragraph" && (text.slice(b.start, b.end).match(/[\p{L}\p{N}]+/gu) ?? []).length <= ROLE_WORDS && !/[.!?]["'”’)]*$/.test(text.slice(b.start, b.end).trim());
  const isPair = (i: number) => blocks[i]?.kind === "heading" && blocks[i]!.level === undefined && isRole(blocks[i + 1]);
  const out: Block[] = [];
  for (let i = 0; i < blocks.length; ) {
    let j = i;
    while (isPair(j)) j += 2;
    if (j - i >= 4) {
      for (let k = i; k < j; k += 2) out.push({ kind: "paragraph", start: blocks[k]!.start, end: blocks[k + 1]!.end });
      i = j;
    } else out.push(blocks[i++]!);
  }
  return out;
}

/**
 * The headings a passage lies under. A nested heading is named with those above it ("How Is It
 * Treated? › Medicines"): "### Medicines" alone, under several "##" questions, told a reader and the
 * answerer nothing of which one it answers. The document's title, already the passage's title, is left out.
 */
class Outline {
  private trail: { heading: string; level: number }[] = [];
  /** Headings in capitals before the first numbered one, and whether one has come. */
  private capitalsAtTop = 0;
  private numbered = false;
  private readonly title: string;
  constructor(title: string) {
    this.title = plainHeading(title);
  }

  /**
   * A heading of `level`, or of no level (a heading guessed in plain text). A guessed heading replaces
   * the guessed one before it and lies under the numbered ones ("2.2 Binglaha › Dealing Procedure"),
   * unless it opens a document's back matter ("References", "Appendix B"), which lies under none; a
   * numbered one replaces those of no level ("SERVER CERTIFICATE" is not the parent of "4.1 …").
   * Guessed headings in capitals, where the document set two or more at the top before any numbered
   * one, stay at the top: a manual's "THE WATER SOFTENER" is no part of a table row read as a numbered
   * heading ("5 Key tones On (default)"), which held the rest of the manual.
   */
  enter(heading: string, level?: number): void {
    const topCapitals = level === undefined && isCapitals(heading) && plainHeading(heading) !== this.title;
    if (topCapitals && !this.numbered) this.capitalsAtTop++;
    if (level !== undefined) this.numbered = true;
    if (level === undefined && (BACK_MATTER.test(heading) || (topCapitals && this.capitalsAtTop >= 2))) this.trail = [];
    else while (this.trail.length > 0 && (level !== undefined && this.trail[this.trail.length - 1]!.level >= level || this.trail[this.trail.length - 1]!.level === 0)) this.trail.pop();
    this.trail.push({ heading, level: level ?? 0 });
  }

  section(): string | null {
    const last = this.trail[this.trail.length - 1];
    if (!last) return null;
    const above = this.trail.slice(0, -1).filter((h) => plainHeading(h.heading) !== this.title);
    return [...above, last].map((h) => h.heading).join(SECTION_SEPARATOR);
  }
}

/** A heading in capitals ("INSTALLATION", "THE AUTO OFF FUNCTION"), not a lone letter or mark. */
function isCapitals(heading: string): boolean {
  return /\p{Lu}{2}/u.test(heading) && heading === heading.toUpperCase();
}

/** Headings of a document's back matter, which no numbered part holds. */
const BACK_MATTER = /^(?:references|bibliography|works cited|sources|notes|endnotes|footnotes|acknowledge?ments?|appendix|appendices|annex|glossary|index|contents|table of contents)\b/i;

/** A heading as compared with the title: "The Guide." is the title "The Guide". */
function plainHeading(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/** The page (from 1) holding `offset`: the last page starting at or before it. */
export function pageAt(pageStarts: readonly number[], offset: number): number {
  let page = 1;
  for (let i = 0; i < pageStarts.length; i++) if (pageStarts[i]! <= offset) page = i + 1;
  return page;
}

function splitLongParagraph(text: string, block: Span): Span[] {
  if (block.end - block.start <= MAX_PASSAGE_CHARS) return [block];
  const out: Span[] = [];
  let current: Span | undefined;
  for (const s of sentenceSpans(text, block.start, block.end).flatMap((span) => splitLongSentence(text, span))) {
    if (current && s.end - current.start > MAX_PASSAGE_CHARS) {
      out.push(current);
      current = undefined;
    }
    current = current ? { start: current.start, end: s.end } : { ...s };
  }
  if (current) out.push(current);
  return out;
}

/**
 * Longer than any sentence of prose (the longest in the ten eval corpora has 1,788 characters): a
 * line without full stops, such as a table or list pasted as one line, or minified text.
 */
const MAX_SENTENCE_CHARS = 2_000;

/**
 * A "sentence" longer than MAX_SENTENCE_CHARS is cut into passage-sized pieces between words, or
 * anywhere when it has no spaces. Left whole, it became one passage of any length: a 100 kB line kept
 * the local model busy for many minutes. A real sentence is never cut, so that it is quoted whole.
 */
function splitLongSentence(text: string, sentence: Span): Span[] {
  if (sentence.end - sentence.start <= MAX_SENTENCE_CHARS) return [sentence];
  const out: Span[] = [];
  let start = sentence.start;
  while (sentence.end - start > MAX_PASSAGE_CHARS) {
    let cut = start + MAX_PASSAGE_CHARS;
    const floor = start + MAX_PASSAGE_CHARS / 2;
    while (cut > floor && !/\s/.test(text[cut]!)) cut--;
    if (cut === floor) cut = start + MAX_PASSAGE_CHARS;
    if (/[\uDC00-\uDFFF]/.test(text[cut]!)) cut--; // never between the halves of a surrogate pair
    const piece = trimSpan(text, start, cut);
    if (piece) out.push(piece);
    start = cut;
  }
  const rest = trimSpan(text, start, sentence.end);
  if (rest) out.push(rest);
  return out;
}

interface Line extends Span {
  text: string;
}

function readLines(text: string, from: number): Line[] {
  const lines: Line[] = [];
  let pos = from;
  while (pos <= text.length) {
    const nl = text.indexOf("\n", pos);
    const end = nl === -1 ? text.length : nl;
    const lineEnd = end > pos && text[end - 1] === "\r" ? end - 1 : end;
    lines.push({ start: pos, end: lineEnd, text: text.slice(pos, lineEnd) });
    if (nl === -1) break;
    pos = nl + 1;
  }
  return lines;
}

/** A setext heading's underline (`===` for level 1, `---` for level 2) under a paragraph. */
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
/** A heading line: "#" to "######", a space, its text (closing "#"s are no part of it). */
const ATX_HEADING = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/;
/**
 * Longer "headings" are text: a web page's author list set as a heading (ninety names) was every
 * quote's section.
 */
const MAX_HEADING_CHARS = 200;
/** Longer underlined text is kept as a paragraph (the underline read as a rule). */
const MAX_SETEXT_HEADING_CHARS = 100;
/** An HTML heading's opening tag at a Markdown line's start: `<h3>`, `<h2 id="usage">`. */
const HTML_HEADING_OPEN = /^ {0,3}<h([1-6])(?:\s[^>]*)?>/i;
/** An HTML heading not closed within this many lines is text. */
const MAX_HTML_HEADING_LINES = 5;
/** An HTML comment that begins a line (CommonMark's HTML block of type 2, ending at the line with `-->`). */
const COMMENT_OPEN = /^ {0,3}<!--/;
/** A horizontal rule (`---`, `***`, `___`): no text of its own. */
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/**
 * Markdown: `#` lines are headings, blank lines separate paragraphs. In Markdown files, a code
 * fence is one paragraph whatever it holds and HTML comments that begin a line are left out; in
 * Markdown and text files (`underlines`), a line underlined with `===` or `---` is a heading and
 * horizontal rules are left out: a text file's "What is it?" over "-----" was a passage, underline and all. Plain text: blank lines separate
 * paragraphs when there are any (otherwise every line is one), and a short line without final
 * punctuation that is followed by text is taken as a heading. A paragraph never runs across one of
 * `breaks` (the offsets where PDF pages begin), so that each passage lies on one page.
 */
function readBlocks(text: string, from: number, plainText: boolean, breaks: readonly number[], markdown: boolean, underlines: boolean): Block[] {
  const lines = readLines(text, from);
  const blocks: Block[] = [];
  const hasBlankLines = lines.some((l, i) => l.text.trim() === "" && i > 0 && i < lines.length - 1);
  // Plain text without blank lines has a paragraph per line, unless its lines are prose wrapped at a
  // width: then a paragraph may end where a sentence does, and does at a line shorter than most (its
  // last line, or a heading). A text file's long run of lines without a blank one (a rule book pasted
  // from a PDF below a note set apart by blank lines) is read so too, not as one paragraph.
  const runs = plainText && underlines && hasBlankLines ? runLengths(lines) : undefined;
  // A text typed double-spaced is read as one without blank lines: its single blank lines are its spacing.
  const doubleSpaced = plainText && underlines && isDoubleSpaced(lines.map((l) => l.text));
  const spacing = (i: number) => doubleSpaced && lines[i]!.text.trim() === "" && (lines[i - 1]?.text.trim() ?? "") !== "" && (lines[i + 1]?.text.trim() ?? "") !== "";
  const unbroken = lines.map((_, i) => plainText && (doubleSpaced || !hasBlankLines || (runs !== undefined && runs[i]! > LONG_RUN_LINES)));
  const unbrokenTexts = lines.filter((l, i) => unbroken[i] && l.text.trim() !== "").map((l) => l.text);
  const wrapped = isWrappedProse(unbrokenTexts);
  const width = wrapped ? lineWidth(unbrokenTexts) : 0;
  // A text file pasted from a printed one keeps its page numbers and running heads ("8 CHAPTER 1. BETTING
  // FORMATS"): they are in no passage, and no heading.
  const furniture = plainText && underlines ? pageFurniture(lines) : new Set<number>();
  let para: Span | undefined;
  const flush = () => {
    if (para) {
      const t = trimSpan(text, para.start, para.end);
      if (t) blocks.push({ kind: "paragraph", ...t });
    }
    para = undefined;
  };
  let nextBreak = 0;
  let fence: string | undefined; // the run of ``` or ~~~ that opened the fence the line is in
  let inComment = false; // inside an HTML comment begun on an earlier line
  let htmlHeading: { level: number; start: number; end: number; text: string; lines: number } | undefined; // an <hN> not yet closed
  for (const [index, line] of lines.entries()) {
    if (furniture.has(index)) {
      flush();
      continue;
    }
    if (nextBreak < breaks.length && line.start >= breaks[nextBreak]!) {
      flush();
      while (nextBreak < breaks.length && line.start >= breaks[nextBreak]!) nextBreak++;
    }
    // A "<!--" never closed is left as text: taken as a comment, it would hide the rest of the file.
    const opensComment = !inComment && !fence && COMMENT_OPEN.test(line.text) && text.includes("-->", line.start + line.text.indexOf("<!--") + 4);
    if (markdown && (inComment || opensComment)) {
      // Nothing of an HTML comment is shown when the file is rendered, so nothing of it is quoted:
      // text commented out is often a withdrawn figure.
      if (!inComment) flush();
      const from = inComment ? 0 : line.text.indexOf("<!--") + 4;
      const close = line.text.indexOf("-->", from);
      inComment = close === -1;
      if (!inComment && line.text.slice(close + 3).trim() !== "") para = { start: line.start + close + 3, end: line.end };
      continue;
    }
    if (underlines && !fence && para && SETEXT_UNDERLINE.test(line.text)) {
      // Only a short line is taken as a heading: a longer paragraph made one would be in no passage.
      const heading = text.slice(para.start, para.end).trim();
      if (heading.includes("\n") || heading.length > MAX_SETEXT_HEADING_CHARS) flush();
      else blocks.push({ kind: "heading", start: para.start, end: line.end, heading: headingText(heading), level: line.text.trim().startsWith("=") ? 1 : 2 });
      para = undefined;
      continue;
    }
    // MyST's target "(ch-coc-enforcement)=" names the heading below it for links, and a Liquid tag line
    // ("{% note %}") says what to render: neither is shown.
    if ((underlines && !fence && THEMATIC_BREAK.test(line.text)) || (markdown && !fence && (MYST_TARGET.test(line.text) || LIQUID_TAG_LINE.test(line.text)))) {
      flush();
      continue;
    }
    if (markdown && (fence || fenceOpenedBy(line.text))) {
      if (!fence) flush();
      para = para ? { start: para.start, end: line.end } : { start: line.start, end: line.end };
      if (!fence) fence = fenceOpenedBy(line.text);
      else if (closesFence(line.text, fence)) {
        fence = undefined;
        flush();
      }
      continue;
    }
    // Markdown may write a heading in HTML ("<h3 name=\"config\">" / "Does ripgrep …?" / "</h3>"), as a
    // FAQ does to anchor its questions: left as text, the file had no sections and each answer lost its question.
    const opened = markdown && !htmlHeading ? HTML_HEADING_OPEN.exec(line.text) : null;
    if (opened) {
      flush();
      htmlHeading = { level: Number(opened[1]), start: line.start, end: line.end, text: "", lines: 0 };
    }
    if (htmlHeading && line.text.trim() === "") {
      // Never closed before a blank line: not a heading but text, kept.
      para = { start: htmlHeading.start, end: htmlHeading.end };
      flush();
      htmlHeading = undefined;
      continue;
    }
    if (htmlHeading) {
      htmlHeading.end = line.end;
      const content = opened ? line.text.slice(opened[0].length) : line.text;
      const close = content.search(new RegExp(`</h${htmlHeading.level}\\s*>`, "i"));
      htmlHeading.text += ` ${close === -1 ? content : content.slice(0, close)}`;
      htmlHeading.lines++;
      if (close !== -1 || htmlHeading.lines >= MAX_HTML_HEADING_LINES) {
        const words = htmlHeading.text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
        if (close !== -1 && words !== "" && words.length <= MAX_HEADING_CHARS) blocks.push({ kind: "heading", start: htmlHeading.start, end: line.end, heading: headingText(words), level: htmlHeading.level });
        else para = { start: htmlHeading.start, end: line.end };
        htmlHeading = undefined;
      }
      continue;
    }
    // A text file may be Markdown saved as .txt ("## How do I …?"); extracted PDF text has no marks.
    const heading = plainText && !underlines ? undefined : ATX_HEADING.exec(line.text);
    if (heading && heading[2]!.length <= MAX_HEADING_CHARS) {
      flush();
      blocks.push({ kind: "heading", start: line.start, end: line.end, heading: headingText(heading[2]!), level: heading[1]!.length });
    } else if (spacing(index)) {
      continue;
    } else if (line.text.trim() === "") {
      flush();
    } else if (unbroken[index] && !wrapped) {
      flush();
      para = { start: line.start, end: line.end };
      flush();
    } else if (unbroken[index]) {
      para = para ? { start: para.start, end: line.end } : { start: line.start, end: line.end };
      if (endsSentence(line.text) || line.text.trimEnd().length < 0.75 * width) flush();
    } else {
      para = para ? { start: para.start, end: line.end } : { start: line.start, end: line.end };
    }
  }
  flush();
  if (plainText) return markPlainTextHeadings(text, blocks, { breaks });
  // Markdown without one heading line (an encyclopaedia dump, a press release) writes its headings as
  // short lines of their own; left as passages, "1883 eruption" outranked the paragraphs under it.
  if (markdown && !blocks.some((b) => b.kind === "heading")) return markPlainTextHeadings(text, blocks, { afterSentence: true });
  return blocks;
}

/** More lines than this without a blank one are no paragraph of a text that separates paragraphs by blank lines. */
const LONG_RUN_LINES = 40;

/** For each line, how many lines its run of non-blank lines holds (0 for a blank line). */
function runLengths(lines: readonly Line[]): number[] {
  const out = new Array<number>(lines.length).fill(0);
  for (let i = 0; i < lines.length; ) {
    if (lines[i]!.text.trim() === "") {
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && lines[j]!.text.trim() !== "") j++;
    out.fill(j - i, i, j);
    i = j;
  }
  return out;
}

/** Times a running head must recur (page numbers aside) to be taken for one. */
const RUNNING_HEAD_REPEATS = 3;

/**
 * Lines of a printed page's furniture: a page number alone ("7"), and a running head, a line of at
 * least two words besides a page number at its start or end ("[Page 5]" too) that recurs with the number rising ("8
 * CHAPTER 1. BETTING FORMATS", "10 CHAPTER 1. BETTING FORMATS"), or a line spread across the page
 * that recurs word for word (see SPREAD_LINE). "Chapter 1", "Chapter 2" are one word
 * besides their number, and headings.
 */
function pageFurniture(lines: readonly Line[]): Set<number> {
  const out = new Set<number>();
  const heads = new Map<string, { index: number; page: number }[]>();
  const spread = new Map<string, number[]>();
  lines.forEach((line, index) => {
    const t = line.text.trim();
    if (/^\d{1,4}$/.test(t)) {
      // A number alone between two lines of text: a page number where the printed page broke.
      const around = [lines[index - 1], lines[index + 1]].filter((l) => l !== undefined && l.text.trim() !== "");
      if (around.length === 2) out.add(index);
      return;
    }
    // "Klyne, et. al.        Standards Track        [Page 5]": an RFC's footer names the page so.
    if (SPREAD_LINE.test(t)) spread.set(t, [...(spread.get(t) ?? []), index]);
    const m = t.length <= 80 ? /^(\d{1,4})\s+(.+)$|^(.+?)\s+\[?(?:page\s+)?(\d{1,4})\]?$/i.exec(t) : null;
    if (!m) return;
    const rest = (m[2] ?? m[3])!;
    if (rest.split(/\s+/).length < 2) return;
    const list = heads.get(rest) ?? [];
    list.push({ index, page: Number(m[1] ?? m[4]) });
    heads.set(rest, list);
  });
  for (const list of heads.values()) {
    if (list.length >= RUNNING_HEAD_REPEATS && list.every((h, i) => i === 0 || h.page > list[i - 1]!.page)) for (const h of list) out.add(h.index);
  }
  for (const list of spread.values()) if (list.length >= RUNNING_HEAD_REPEATS) for (const index of list) out.add(index);
  // The next page's head, the first line after a footer, recurring word for word, its gaps perhaps
  // closed up ("Internet-Draft remoteStorage December 2014", as a web page's <pre> gave it).
  const afterFooter = new Map<string, number[]>();
  for (const index of out) {
    let next = index + 1;
    while (next < lines.length && lines[next]!.text.trim() === "") next++;
    const t = lines[next]?.text.trim();
    if (t && !out.has(next)) afterFooter.set(t, [...(afterFooter.get(t) ?? []), next]);
  }
  for (const list of afterFooter.values()) if (list.length >= RUNNING_HEAD_REPEATS) for (const index of list) out.add(index);
  return out;
}

/**
 * A line of words set apart by wide gaps, as a running head sets its parts across the page ("RFC 3339
 * Date and Time on the Internet: Timestamps      July 2002"): written word for word on several
 * pages, it is furniture, page number or not.
 */
const SPREAD_LINE = /\p{L}{2}.*\S {3,}\S.*\p{L}/u;

/** A block that ends a sentence: ".", "!" or "?", then perhaps closing quotes, brackets or a reference mark ("36.[16]"). */
const ENDS_SENTENCE = /[.!?]["”’)\]\[\d]*$/u;

/**
 * A line that dates the text ("7 months ago Thu 22nd Oct 2020", "Posted on March 3, 2021"): a month
 * or weekday beside a number ("1.11 Short Deck" names no month). It names no section; taken for a
 * heading, it was every quote's section.
 */
const DATELINE =
  /^(?=.*\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Mon(?:day)?|Tue(?:s(?:day)?)?|Wed(?:nesday)?|Thu(?:r(?:s(?:day)?)?)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)\b)(?=.*\d).{0,60}$/;

/** A figure's or a table's caption ("Table 1. Results of our submissions …", "Fig. 3: Layout"): it names no section of the text. */
const CAPTION = /^(?:Table|Figure|Fig\.|Chart|Exhibit|Diagram|Graph)\s+[\dIVX]+(?:\.\d+)*[.:]?(?:\s|$)/i;
/** A line written this many times in a document is a label of its layout or its figures, not a heading. */
const LABEL_LINES = 3;

/**
 * Short capitalised lines without final punctuation, followed by text, become headings. With
 * `afterSentence`, only after a block that ends a sentence or another heading: a list of short lines
 * ("Jenn Kunz, associate director") after "with the following participants:" stays text.
 */
function markPlainTextHeadings(text: string, blocks: Block[], options: { afterSentence?: boolean; breaks?: readonly number[] } = {}): Block[] {
  const out: Block[] = [];
  const outline = new NumberingStyles();
  const read = options.afterSentence ? blocks : blocks.flatMap((b) => withNumberedHeadingApart(text, b));
  const contents = tableOfContents(text, read);
  const written = new Map<string, number>();
  for (const b of read) {
    const t = text.slice(b.start, b.end);
    written.set(t, (written.get(t) ?? 0) + 1);
  }
  // Lines the text writes again and again ("Primergy" under each server of a figure, a form's "Yes No"): labels, no headings.
  const lines = new Map<string, number>();
  if (!options.afterSentence) for (const line of text.split("\n")) lines.set(line.trim(), (lines.get(line.trim()) ?? 0) + 1);
  read.forEach((b, i, all) => {
    const asWritten = text.slice(b.start, b.end);
    // A plain-text book marks a heading by italics: "_INTRODUCTION._" on a line of its own.
    // A checklist's step in a box ("☐ Resistors") heads its instructions as any heading does.
    const t = (options.afterSentence ? asWritten : asWritten.replace(WHOLE_LINE_EMPHASIS, "$2")).replace(CHECKBOX, "");
    if (contents.has(i)) {
      out.push(b);
      return;
    }
    const prev = out[out.length - 1];
    const placed = !options.afterSentence || !prev || prev.kind === "heading" || ENDS_SENTENCE.test(text.slice(prev.start, prev.end));
    const numbered = options.afterSentence ? undefined : numberedHeadingLevel(t);
    // Headings of dumps may open with a year ("1883 eruption") and sentences end in a reference mark ("…Day.[49]").
    const opens = options.afterSentence ? /^[\p{Lu}\p{N}]/u.test(t) && !ENDS_SENTENCE.test(t) : /^\p{Lu}/u.test(t) || numbered !== undefined;
    // A numbered heading may ask ("3.8 How do I tell curl to follow HTTP redirects?") or lead in ("Section 3 — Quorum:").
    // "2.10 Sohe (Simultaneous Omaha/Hold’em)" closes its own bracket.
    const capitals = !options.afterSentence && isCapitalsTitle(t) && written.get(asWritten) === 1;
    // Project Gutenberg writes bold as "=Ox-Tail Soup.=": on a line of its own, a heading.
    const bold = !options.afterSentence && BOLD_LINE.test(t);
    // A letter's greeting ("DEAR ZMESKALL,--", "Sir,—") ends in a comma and a dash: it opens a paragraph, no section.
    // "Timeline (all times Eastern Time)" closes its own bracket; "… the budget)" closes one opened above.
    const closesOwn = /^[^()]*\([^()]*[^.!?()]\)$/.test(t);
    const ends = capitals || (numbered !== undefined ? !/[.;,"”’]$/.test(t) && (!t.endsWith(")") || t.includes("(")) : (!/[.!?:;,"”’)]$/.test(t) || closesOwn) && !GREETING_END.test(t));
    // A figure's labels ("B", "BA C") have no word of three letters; a heading has. An address
    // ("https://…", "EMail: chris@example.com") heads nothing: an RFC's authors' addresses lay under one another's.
    // A page's last line heads nothing on the next: typesetting keeps a heading with its text, and a
    // page's last short line is a note or a form's code ("Cat. No. 10220Q"), which named the next page's sections.
    const next = all[i + 1];
    const endsPage = next !== undefined && (options.breaks ?? []).some((at) => at > b.start && at <= next.start);
    const label = !options.afterSentence && numbered === undefined && (CAPTION.test(t) || (lines.get(t.trim()) ?? 0) >= LABEL_LINES);
    const looksLikeHeading =
      placed &&
      !label &&
      i < all.length - 1 &&
      !endsPage &&
      (bold ||
        ((capitals || (t.length <= 80 && !t.includes("\n")) || (!options.afterSentence && isWrappedHeading(t))) && opens && ends && /\p{L}{3}/u.test(t) && !/:\/\/|\bwww\.|\S@[\w-]+\.\w/.test(t) && (capitals || (!DATELINE.test(t) && !brokenOrTabular(t)))));
    const heading = bold ? t.slice(1, -1).trim() : t.replace(/\s*\n\s*/g, " ");
    const level = looksLikeHeading && !options.afterSentence ? outline.levelOf(bold ? heading : t, numbered) : undefined;
    out.push(looksLikeHeading ? { ...b, kind: "heading" as const, heading, ...(level ? { level } : {}) } : b);
  });
  return out;
}

/** Shortest first line of a heading wrapped for want of room (characters). */
const WRAPPED_LINE_CHARS = 30;

/**
 * A heading too long for one line of a PDF's column, in capitals ("PART 39—AIRWORTHINESS" / "DIRECTIVES")
 * or in title case. Taken as two headings, the second filed under the first, it named every section after
 * it; taken as text, the section before it named the passages it heads.
 */
function isWrappedHeading(block: string): boolean {
  const lines = block.split("\n");
  if (lines.length !== 2) return false;
  if (block.length <= 100 && !/\p{Ll}/u.test(block) && lines.every((l) => /\p{Lu}{3}/u.test(l) && !brokenOrTabular(l))) return true;
  // In title case too ("Limitation for Information Residing on Systems or Networks at the" / "Direction of
  // Users"): every word of four letters or more capitalised, the first line long and cut wherever it had to
  // be, so not a name over an affiliation ("Graham Klyne" / "Clearswift Corporation"), nor a list of keywords
  // ("Parallel Computing, Algorithms, Scheduling, …").
  const long = block.match(/[\p{L}'’-]{4,}/gu) ?? [];
  const listed = (block.match(/,/g) ?? []).length >= 2;
  const cut = lines[0]!.length >= WRAPPED_LINE_CHARS && lines[0]!.length >= lines[1]!.length;
  return block.length <= 120 && cut && long.length >= 4 && long.every((w) => /^\p{Lu}/u.test(w)) && !listed && !/[.!?:;,]$/.test(lines[1]!) && !brokenOrTabular(lines[1]!) && !/\d/.test(block);
}

/** A box to tick before a line: "☐ Install Iambino". */
const CHECKBOX = /^[☐☑☒□]\s*/u;

/** A line in emphasis whole, one line: "_INTRODUCTION._", "*Preface*". */
const WHOLE_LINE_EMPHASIS = /^([_*]{1,2})(\S[^\n]{0,78}?)\1$/;

/** A MyST Markdown target on a line of its own: "(ch-coc-enforcement)=". */
const MYST_TARGET = /^\(\s*[\w.:-]+\s*\)=\s*$/;
/**
 * A Liquid tag on a line of its own, as Jekyll and GitHub's documentation write them ("{% note %}",
 * "{% ifversion ghes %}", "{% endif %}"): the page renders none of it, and a new user's trial quoted it.
 */
const LIQUID_TAG_LINE = /^ {0,3}(?:\{%-?\s*\w[^%]*-?%\}[ \t]*)+$/;

/** How a letter's greeting ends: a comma and a dash ("DEAR ZMESKALL,--"). */
const GREETING_END = /,\s*(?:--|[-–—])$/;

/** A line in Project Gutenberg's bold ("=Ox-Tail Soup.="). */
const BOLD_LINE = /^=[^=\n]{3,78}=$/;

/**
 * An old book's chapter title, in capitals with a full stop, on a line or two of its own ("CAMBRIDGE
 * 1828-1831.", "FROM MY RETURN TO ENGLAND (OCTOBER 2, 1836) TO MY MARRIAGE (JANUARY 29,\n1839.)"). A
 * play's speaker ("LADY BRACKNELL.") is written again and again, a title once (the caller counts), and a
 * title is one sentence.
 */
function isCapitalsTitle(block: string): boolean {
  // One sentence: "JACK.\n149." is a speaker and his line.
  return block.length <= 160 && block.split("\n").length <= 2 && /\.\)?$/.test(block) && !/\p{Ll}/u.test(block) && /\p{Lu}{3}/u.test(block) && !/[.!?]\s/.test(block);
}

/** Entries in a row that make a table of contents. */
const CONTENTS_RUN = 3;

/**
 * The blocks of a table of contents: blocks whose lines each end in a page number ("IV. Supporting
 * narratives 13", "1.7 Bounty . . . 13"), three or more in a row. They name headings but are none: taken for
 * headings, the last of them ("V. References 27") held the document's opening sections.
 */
function tableOfContents(text: string, blocks: readonly Block[]): Set<number> {
  const entry = blocks.map((b) => {
    const lines = text.slice(b.start, b.end).trim().split("\n");
    return lines.every((line) => /\S\s+(?:page\s+)?\d{1,4}$/i.test(line.trim()));
  });
  const out = new Set<number>();
  for (let i = 0; i < blocks.length; ) {
    let j = i;
    while (j < blocks.length && entry[j]) j++;
    if (j - i >= CONTENTS_RUN) for (let k = i; k < j; k++) out.add(k);
    i = Math.max(j, i + 1);
  }
  return out;
}

/**
 * The levels of a document's numbered headings by the order their numbering styles first appear: a
 * report numbered "I.", then "A.", then "1." nests them so ("IV. Narratives › G. Grades › 1. Assumption"),
 * where a FAQ numbered "1." then "1.1" has them at levels 1 and 2. Labels ("Section 3") keep their own
 * levels. A lone "I", "V", "X", "L" or "C" is a letter in a run of letters ("H.", "I."), else a numeral.
 */
class NumberingStyles {
  private readonly order: string[] = [];
  private lastLetter = "";

  levelOf(heading: string, numbered: number | undefined): number | undefined {
    if (numbered !== undefined) return LABEL.test(heading) ? numbered : this.rank("digits") + numbered - 1;
    const m = /^([IVXLC]{1,6}|[A-Z])\.\s+\p{Lu}/u.exec(heading);
    if (!m) return undefined;
    const mark = m[1]!;
    const letter = this.isLetter(mark);
    if (letter) this.lastLetter = mark;
    return this.rank(letter ? "letter" : "roman");
  }

  /** "B." is a letter, "IV." a numeral; "I." or "C." a letter after "H." or "B.", or with no numerals yet ("I." alone opens numerals). */
  private isLetter(mark: string): boolean {
    if (mark.length > 1) return false;
    if (!/[IVXLC]/.test(mark)) return true;
    const numerals = this.order.includes("roman");
    if (this.order.includes("letter") && (!numerals || mark.charCodeAt(0) === this.lastLetter.charCodeAt(0) + 1)) return true;
    return mark !== "I" && !numerals;
  }

  private rank(style: string): number {
    if (!this.order.includes(style)) this.order.push(style);
    return this.order.indexOf(style) + 1;
  }
}

/** A catalogue's or a message's field ("Author: Oscar Wilde", "Release date: March 1, 1997"): data, not a heading. */
const METADATA_FIELD = /^(?:authors?|credits?|release date|posting date|language|title|translators?|editors?|illustrators?|produced by|date|subject|from|to|cc|sent|keywords|version|license|copyright)\s*:\s+\S/i;

/** A word that leaves a phrase unfinished: a line ending in one was cut from a sentence ("… on the part of the report’s authors to"). */
const OPEN_ENDING = /\s(?:of|to|the|a|an|and|or|nor|for|with|by|from|at|in|on|into|that|which|whose|than|as)$/i;

/** A contents or illustrations entry: words, a wide gap or dot leaders, a page number ("AN OLD REAR-TENEMENT      45"). */
export function isContentsEntry(line: string): boolean {
  return /\S(?:[ \t]{3,}|[ \t]*(?:\.[ \t]*){3,})\d{1,4}\s*$/.test(line);
}

/**
 * A short line that is no heading although it looks like one: a line of a sentence broken off at a
 * word that needs more ("Recommendation Implemented by"), a catalogue's field ("Author: Oscar Wilde"), a byline, or a table's row of figures ("JMU 2.89 3.03
 * 0.14 4.8%"), two or more numbers besides a heading's own.
 */
function brokenOrTabular(line: string): boolean {
  if (OPEN_ENDING.test(line) || METADATA_FIELD.test(line) || isByline(line)) return true;
  if (isContentsEntry(line)) return true;
  const rest = line.replace(/^(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\.)\s+/, "");
  return (rest.match(/(?<![\p{L}\p{N}])\d+(?:[.,]\d+)*%?(?![\p{L}\p{N}])/gu) ?? []).length >= 2;
}

/**
 * A plain-text line that opens with a heading's number or label: "3.8 How do I …?" (level 2, one per
 * part of the number), "3. Usage Problems" (1), "ARTICLE VII — …" and "Part 2" (1), "Section 3 — Quorum:"
 * and "Clause 4" (2). Numbers of up to two digits a part: "2019 Annual Report" is no section number; a
 * single number before a lower-case word is a list's step.
 */
function numberedHeadingLevel(line: string): number | undefined {
  const label = LABEL.exec(line);
  // "Section 104 of the DMCA requires …", "Article 11 of the WCT states:": a sentence about a part, not its heading.
  if (label) return /^\s*\p{Ll}/u.test(line.slice(label[0].length)) ? undefined : LABEL_LEVELS[label[1]!.toLowerCase()];
  const number = /^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S)/.exec(line);
  if (!number) return undefined;
  const level = number[1]!.split(".").length;
  if (level > 1) return level;
  // "2. edit lib/config.h …", "1. Inactivity:" and "3. A brief explanation of the purpose and effect of the
  // proposed amendment" are items of a list; "3. Usage Problems" heads a part, and so does a longer
  // line in capitals ("3 CATEGORIZATION OF INFORMATION AND INFORMATION SYSTEMS").
  const words = line.split(/\s+/).length;
  return /\p{Lu}/u.test(number[2]!) && !line.endsWith(":") && (words <= 6 || (words <= 12 && !/\p{Ll}/u.test(line))) ? level : undefined;
}

const LABEL = /^(part|chapter|article|section|subsection|clause|rule)\s+(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6})\b/i;
const LABEL_LEVELS: Record<string, number> = { part: 1, chapter: 1, article: 1, section: 2, clause: 2, rule: 2, subsection: 3 };

/**
 * A PDF's numbered heading is often the first line of its paragraph ("2.3 Searching and Scoring" / "To
 * perform a search, …", "6. REFERENCES" / "[1] …"): that line is a block of its own when the rest opens
 * a sentence or a reference. In two columns set tight it may as well be the last line of the paragraph
 * above ("… is O(mnK)." / "3.3 Lower Bound"): apart too when the text before it ends a sentence and it
 * is a part's number ("3.3") or a line in capitals ("6. REFERENCES"), not a list's next step.
 */
function withNumberedHeadingApart(text: string, block: Block): Block[] {
  if (block.kind !== "paragraph") return [block];
  const body = text.slice(block.start, block.end);
  const lineEnd = body.indexOf("\n");
  const first = body.slice(0, Math.max(0, lineEnd)).trimEnd();
  const rest = body.slice(lineEnd + 1);
  if (lineEnd > 0 && lineEnd <= 80 && numberedHeadingLevel(first) !== undefined && !/[.!?:;,]$/.test(first) && /^\s*(?:\p{Lu}|\[\d)/u.test(rest) && !isWrappedHeading(body)) {
    const restStart = block.start + lineEnd + 1 + (rest.length - rest.trimStart().length);
    return [{ ...block, end: block.start + first.length }, ...withLastLineHeadingApart(text, { ...block, start: restStart })];
  }
  return withLastLineHeadingApart(text, block);
}

/** The numbered heading on a paragraph's last line apart (see `withNumberedHeadingApart`). */
function withLastLineHeadingApart(text: string, block: Block): Block[] {
  const body = text.slice(block.start, block.end);
  const lastStart = body.trimEnd().lastIndexOf("\n") + 1;
  const last = body.slice(lastStart).trimEnd();
  const level = numberedHeadingLevel(last);
  const before = body.slice(0, lastStart).trimEnd();
  if (lastStart === 0 || last.length > 80 || level === undefined || (level === 1 && /\p{Ll}/u.test(last)) || /[.!?:;,]$/.test(last) || !ENDS_SENTENCE.test(before) || isContentsEntry(last)) return [block];
  return [
    { ...block, end: block.start + before.length },
    { ...block, start: block.start + lastStart, end: block.start + lastStart + last.length },
  ];
}
