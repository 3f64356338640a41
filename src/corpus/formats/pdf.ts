import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { TextItem } from "pdfjs-dist/types/src/display/api.js";
import { sentenceSpans } from "../chunk.ts";
import { endsSentence } from "../lineBreaks.ts";
import { brokenWordJoin, documentWords } from "./hyphenation.ts";
import { isEnglishWord } from "../../text/vocabulary.ts";
import { NO_TEXT, type Extraction } from "./types.ts";

/**
 * A document info Title that only names what the PDF was printed from: "Microsoft Word -
 * draft3.docx", "untitled", a template's placeholder ("Title", "Document1", "Presentation2"), a file
 * name or path, or one word without a capital letter, as a file is named ("manual", "report_v2"). Office and print drivers write these, and every citation of the file would carry it;
 * the file's own name says as much.
 */
const PRINTED_FROM = /^(?:Microsoft (?:Word|PowerPoint|Excel|Visio|Publisher) - .*|untitled\b.*|(?:no )?title|document\s*\d*|(?:powerpoint )?presentation\s*\d*|slide\s*\d+|.*\.(?:docx?|pdf|pptx?|xlsx?|rtf|odt|txt|html?|indd|tex|dvi|qxp|qxd|ps)|.*[\\/].*)$/i;
const FILE_STEM = /^[^\s\p{Lu}]+$/u;

/**
 * A document info Title on one line: its lines joined by spaces, less those it already holds (a design
 * tool wrote "De-risking Government Technology: State Field Guide\rGovernment\r Technology: State
 * Field Guide", and every citation showed the carriage returns and the repeat).
 */
export function titleLine(title: string): string {
  let out = "";
  for (const line of title.split(/[\r\n\u2028\u2029]+/).map((l) => l.replace(/\s+/g, " ").trim())) {
    if (line !== "" && !out.includes(line)) out = out ? `${out} ${line}` : line;
  }
  return out;
}

/** A vertical gap between lines larger than this many line heights starts a new paragraph. */
const PARAGRAPH_GAP = 1.6;

/**
 * A PDF's text layer, page by page (pdfjs-dist's legacy build, the one made for Node). Lines are
 * rebuilt from the text items' positions; pages are separated by a blank line (see joinPages) and
 * their starting offsets kept, so a citation can name its page.
 */
export async function extractPdf(bytes: Uint8Array): Promise<Extraction> {
  // pdfjs takes ownership of the buffer it is given: pass a copy so the caller's stays readable.
  const task = getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 });
  let pdf;
  try {
    pdf = await task.promise;
  } catch (error) {
    await task.destroy();
    return { problem: openFailure(error) };
  }
  try {
    const read: { lines: Line[]; boxes: string[] }[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      read.push({ lines: pageLines(withoutLineNumbers(content.items.filter((i): i is TextItem => "str" in i && upright(i)))), boxes: annotationText(await page.getAnnotations()) });
      page.cleanup();
    }
    const usual = usualHeight(read.map((p) => p.lines));
    const small = SMALL_PRINT * usual;
    const body = withoutRunningLines(read.map((p) => withNotesLast(p.lines, small)), small);
    const known = documentWords(body.flat().map((l) => l.text));
    const gap = paragraphGap(body);
    const pages = read.map((p, i) => [paragraphs(body[i]!, known, gap), ...p.boxes].filter((t) => t !== "").join("\n\n"));
    if (pages.every((p) => p.trim() === "")) return { problem: NO_TEXT };
    const { text, pageStarts } = joinPages(pages, known);
    const notice = textlessPages(pages);
    const info = (await pdf.getMetadata().catch(() => undefined))?.info as { Title?: unknown } | undefined;
    const written = typeof info?.Title === "string" ? titleLine(info.Title) : "";
    const title = written && !PRINTED_FROM.test(written) && !FILE_STEM.test(written) ? written : titleOnFirstPage(body[0] ?? [], usual);
    return { text, title, pageStarts, ...(notice ? { notice } : {}) };
  } catch (error) {
    return { problem: `skipped: damaged PDF (${firstLine(error)}); save or print it to a new PDF` };
  } finally {
    await pdf.destroy();
  }
}

/** How much taller than the text a first page's line must be to be its title. */
const TITLE_SCALE = 1.3;
/** Longest title read from a first page (characters): longer is a heading run over a cover's text. */
const MAX_TITLE_CHARS = 160;

/**
 * The title printed on the first page, for a PDF whose info names none (or only the file it was
 * printed from, "p020-dutot.dvi"): the first run of lines in the page's tallest print, when that is
 * well above the text's ("A Bi-criteria Algorithm for Scheduling Parallel Tasks on Cluster
 * Platforms"), of two words or more. Without it, a paper was cited as its file's name, "Sample".
 */
export function titleOnFirstPage(lines: readonly Line[], usual: number): string | undefined {
  // A brand or a series' name in the biggest print ("Redpaper", "ibm.com/redbooks") is no title: a
  // title has two words at least and no address.
  const worded = (l: Line) => (l.text.match(/\p{L}{2,}/gu) ?? []).length >= 2 && !/[\w-]\.(?:com|org|net|gov|edu)\b|\/\w/.test(l.text);
  const tallest = Math.max(0, ...lines.filter(worded).map((l) => l.height));
  if (usual <= 0 || tallest < TITLE_SCALE * usual) return undefined;
  const tall = (l: Line) => Math.abs(l.height - tallest) <= 0.05 * tallest;
  const first = lines.findIndex((l) => tall(l) && worded(l));
  const end = lines.findIndex((l, i) => i > first && !tall(l));
  const title = titleLine(lines.slice(first, end === -1 ? undefined : end).map((l) => l.text).join("\n"));
  const words = title.match(/\p{L}{2,}/gu) ?? [];
  return words.length >= 2 && title.length <= MAX_TITLE_CHARS ? title : undefined;
}

/**
 * A page's last paragraph that is not running text, though it ends without a full stop: a footnote or
 * a page number ("1 Source: Ministry of …", "12"), a list item ("1. Open the valve"), a caption.
 */
const NOT_BODY = /^(?:[\d*†‡§¹²³⁴-⁹]|(?:Figure|Fig\.|Table|Chart|Source|Sources|Note|Notes|Photo|Image|Exhibit|Map)\b)/iu;

/** A page's last line that stops mid-sentence: it ends in a letter, a digit, a comma or a hyphen. */
const OPEN_END = /[\p{L}\p{N},\-\u00AD\u2010]$/u;

/**
 * The pages as one text, a blank line between them, and the offset where each begins. A sentence
 * that runs over a page break ("The talks began in Minsk on Monday," / "and ended in Vilnius on
 * Friday.") is kept whole: cut at the break, neither half answered "When did the talks end?", and
 * a word broken at the page's end stayed broken. It ends its page's last paragraph (joined like a
 * wrapped line, see hyphenation.ts), and the next page is taken to begin after it, on a line of its
 * own, so that a passage still lies on the page it cites: the one where its first sentence begins.
 * Only a page whose running text stops mid-sentence and a next page that opens in lower case are joined.
 */
export function joinPages(pages: readonly string[], known: ReadonlySet<string>): { text: string; pageStarts: number[] } {
  let text = "";
  const pageStarts: number[] = [];
  for (const page of pages) {
    const lastLine = text.slice(text.lastIndexOf("\n") + 1);
    const blankLine = text.lastIndexOf("\n\n");
    const paragraphStart = blankLine === -1 ? 0 : blankLine + 2;
    // A word broken at its hyphen ("Soekarno-" / "Hatta") goes on whatever its case.
    if (text !== "" && OPEN_END.test(lastLine) && (/^\p{Ll}/u.test(page) || /\p{L}-$/u.test(lastLine)) && !NOT_BODY.test(text.slice(paragraphStart))) {
      const joinedAt = text.length;
      const join = brokenWordJoin(lastLine, page, known);
      text = join === undefined ? `${text}\n` : text.slice(0, -1) + join;
      const at = text.length;
      text += page;
      const firstParagraphEnd = page.includes("\n\n") ? at + page.indexOf("\n\n") : text.length;
      const straddling = sentenceSpans(text, paragraphStart, firstParagraphEnd).find((s) => s.start < at && s.end >= at);
      let begins = straddling?.end ?? at;
      if (text[begins] === " ") text = `${text.slice(0, begins)}\n${text.slice(begins + 1)}`; // same length: offsets hold
      while (/\s/.test(text[begins] ?? "")) begins++;
      // Pages between the halves (a full-page figure without text, or one the sentence ran through) begin there too.
      for (let i = 0; i < pageStarts.length; i++) if (pageStarts[i]! >= joinedAt) pageStarts[i] = begins;
      pageStarts.push(begins);
      continue;
    }
    if (text !== "" && page !== "") text += "\n\n";
    pageStarts.push(text.length);
    text += page;
  }
  return { text, pageStarts };
}

/**
 * The pages without a word of text, named for the maintainer: scanned pages, or figures, which the
 * index cannot answer from. A new user's report had 8 of 15 pages scanned and nothing said so.
 */
export function textlessPages(pages: readonly string[]): string | undefined {
  const empty = pages.flatMap((p, i) => (p.trim() === "" ? [i + 1] : []));
  if (empty.length === 0) return undefined;
  const runs: string[] = [];
  for (let i = 0; i < empty.length; i++) {
    const first = empty[i]!;
    while (empty[i + 1] === empty[i]! + 1) i++;
    runs.push(first === empty[i] ? `${first}` : `${first}–${empty[i]}`);
  }
  const which = empty.length === 1 ? `page ${runs[0]} has` : `pages ${runs.join(", ")} (${empty.length} of ${pages.length}) have`;
  return `${which} no text layer (scanned, or only images) and ${empty.length === 1 ? "is" : "are"} not indexed; run OCR on the file (e.g. ocrmypdf) if ${empty.length === 1 ? "it holds" : "they hold"} text`;
}

function openFailure(error: unknown): string {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === "PasswordException") return "skipped: encrypted (password-protected) PDF; save an unprotected copy";
  if (name === "InvalidPDFException") return "skipped: damaged, not a readable PDF; save or print it to a new PDF";
  return `skipped: damaged PDF (${firstLine(error)}); save or print it to a new PDF`;
}

/**
 * Text set across the page, not turned on its side. Turned text is a margin's stamp, not the page's
 * prose: a preprint's "arXiv:…v1 [cs.CL] 3 Jan 2020", a printer's "jbell on DSKJLSW7X2PROD with
 * PROPOSALS" beside every page of the Federal Register, a chart's axis label. Read by its baseline's
 * height, each letter of it joined a different line of the text beside it.
 */
function upright(item: TextItem): boolean {
  const [a, b] = item.transform as number[];
  return Math.abs(b!) <= Math.abs(a!);
}

/** Fewest numbers in a margin, going up line by line, that make it a column of line numbers. */
const MIN_LINE_NUMBERS = 3;

/**
 * A page's text items without its line numbers: a manuscript or a preprint numbers its lines in the
 * margin ("9", "10", "11" beside each line), and pdf.js gives each number after its line's text, so
 * it was read as part of the line's last word ("deaths10", "Abstract9" as a heading). Numbers count
 * as line numbers when they stand aligned (by left or right edge) outside the page's text, at least
 * MIN_LINE_NUMBERS of them, rising from the top of the page down.
 */
export function withoutLineNumbers(items: TextItem[]): TextItem[] {
  const isNumber = (i: TextItem) => /^\s*\d{1,5}\s*$/.test(i.str);
  const text = items.filter((i) => i.str.trim() !== "" && !isNumber(i));
  if (text.length === 0) return items;
  const left = Math.min(...text.map((i) => i.transform[4] as number));
  const right = Math.max(...text.map((i) => (i.transform[4] as number) + i.width));
  const outside = items.filter((i) => isNumber(i) && ((i.transform[4] as number) + i.width <= left + 0.5 || (i.transform[4] as number) >= right - 0.5));
  const columns = new Map<string, TextItem[]>();
  for (const item of outside) {
    const x = item.transform[4] as number;
    for (const key of [`l${Math.round(x)}`, `r${Math.round(x + item.width)}`]) columns.set(key, [...(columns.get(key) ?? []), item]);
  }
  const numbers = new Set<TextItem>();
  for (const column of columns.values()) {
    if (column.length < MIN_LINE_NUMBERS) continue;
    const values = [...column].sort((a, b) => (b.transform[5] as number) - (a.transform[5] as number)).map((i) => Number(i.str.trim()));
    const rising = values.slice(1).filter((v, k) => v > values[k]!).length;
    if (rising >= 0.8 * (values.length - 1)) for (const item of column) numbers.add(item);
  }
  return numbers.size === 0 ? items : items.filter((i) => !numbers.has(i));
}

/** A line of a page: its text, with whitespace runs made one space, and where it sits. */
export interface Line {
  text: string;
  /** Baseline, in PDF units from the page's bottom. */
  y: number;
  height: number;
  /** The font most of its letters are in, and whether all are. */
  font?: { name: string; only: boolean };
  /** A paragraph of its own: a label set in the margin beside the text (see `marginLabels`). */
  apart?: boolean;
}

/** Joins a page's text items into lines, in reading order (two columns drawn line by line across the page: one column, then the other). */
function pageLines(items: TextItem[]): Line[] {
  const lines: (Line & { items: TextItem[] })[] = [];
  let current: (Line & { items: TextItem[] }) | undefined;
  for (const item of items) {
    const y = item.transform[5] as number;
    const height = Math.abs((item.transform[3] as number) || item.height || 0);
    if (current && item.str !== "" && Math.abs(current.y - y) > Math.max(current.height, height) / 2) {
      lines.push(current);
      current = undefined;
    }
    if (item.str !== "") {
      if (!current) current = { text: "", y, height, items: [] };
      current.items.push(item);
      current.height = Math.max(current.height, height);
    }
    if (item.hasEOL && current) {
      lines.push(current);
      current = undefined;
    }
  }
  if (current) lines.push(current);
  const rows = lines.map(({ items: parts, ...l }) =>
    runs(parts, l.height)
      // Control characters are what a font without a usable character map gives for its spaces and
      // punctuation ("Related\x02studies"): read as spaces, the words around them stay words.
      .map((run) => ({ ...l, x: run.x, right: run.right, font: fontOf(run.items), text: withoutPrivateGlyphs(lineText(run.items, l.height).replace(/[\p{Cc}\s]+/gu, " ")).trim() }))
      .filter((run) => run.text !== ""),
  );
  return withTopLinesFirst(inColumnOrder(rows.filter((row) => row.length > 0)));
}

/**
 * A page's notes in small print that the file draws before the text above them (the Federal
 * Register sets a page's footnotes first) read after the page's text. Read where they were drawn, a
 * sentence running on from the page before ("… after takeoff from Soekarno-") was parted from its end
 * ("Hatta International Airport …, resulting in 189 fatalities.") by a page of footnotes.
 */
/** Notes drawn first lie this many of the text's line heights below where the text then starts, at least. */
const NOTES_BELOW = 10;
/** The text after notes drawn first starts in this top share of the page's lines. */
const TOP_SHARE = 0.25;

function withNotesLast(lines: Line[], small: number): Line[] {
  const top = lines.reduce((y, l) => Math.max(y, l.y), -Infinity);
  const bottom = lines.reduce((y, l) => Math.min(y, l.y), Infinity);
  const atTop = (l: Line) => l.y >= top - TOP_SHARE * (top - bottom);
  const notes: Line[] = [];
  const rest: Line[] = [];
  for (let i = 0; i < lines.length; ) {
    let end = i;
    // Small print that starts again at the top of the page (a table in small print atop the next column) is another run.
    while (end < lines.length && lines[end]!.height < small && (end === i || lines[end]!.y < lines[end - 1]!.y || !atTop(lines[end]!))) end++;
    const run = lines.slice(i, end);
    const next = lines[end];
    // Two lines at least, then a line well above them all, at the top of the page: the text the notes
    // belong to starts there (a form's small print between its fields stays where it is).
    if (run.length >= 2 && next && next.y - Math.max(...run.map((l) => l.y)) > NOTES_BELOW * next.height && atTop(next)) notes.push(...run);
    else rest.push(...run);
    if (next) rest.push(next);
    i = end + 1;
  }
  return notes.length === 0 ? lines : [...rest, ...notes];
}

/**
 * Lines the file draws last that stand above all the others (a title drawn after the page's text)
 * read first. Read where they were drawn, a manual's title ended page 1 and named every section of
 * pages 2 to 7 as their heading.
 */
function withTopLinesFirst(lines: Line[]): Line[] {
  let highest = -Infinity;
  const above = lines.map((l) => (highest = Math.max(highest, l.y)));
  let lowestAfter = Infinity;
  let from = lines.length;
  for (let k = lines.length - 1; k > 0; k--) {
    lowestAfter = Math.min(lowestAfter, lines[k]!.y);
    if (lowestAfter > above[k - 1]!) from = k;
  }
  return from === lines.length ? lines : [...lines.slice(from), ...lines.slice(0, from)];
}

/** A gap this many line heights wide between two runs of text on one line parts two columns. */
const COLUMN_GAP = 2.5;

type Run = Line & { x: number; right: number };

/** A line's items cut where a gap wider than COLUMN_GAP parts them (left-to-right lines only). */
function runs(items: TextItem[], height: number): { items: TextItem[]; x: number; right: number }[] {
  const out: { items: TextItem[]; x: number; right: number }[] = [];
  const rtl = items.some((i) => i.dir === "rtl");
  // Left to right as the page shows them, whatever order the file draws them in: a spread's header drew
  // its page numbers last, at both edges, and they were read glued to its end ("INTRODUCTION6 7").
  const inOrder = rtl ? items : [...items].sort((a, b) => (a.transform[4] as number) - (b.transform[4] as number));
  for (const item of inOrder) {
    const x = item.transform[4] as number;
    const last = out[out.length - 1];
    // pdf.js puts a space item across a gap: it joins the run before it but does not widen it.
    const space = item.str.trim() === "";
    if (last && (rtl || space || x - last.right <= COLUMN_GAP * Math.max(height, 1))) {
      last.items.push(item);
      if (!space) last.right = Math.max(last.right, x + item.width);
    } else out.push({ items: [item], x, right: x + item.width });
  }
  return out;
}

/**
 * A page's lines in reading order. Where at least three lines hold two runs of prose apart at the
 * same place (two columns drawn line by line across the page), the runs left of that place are read
 * first, then those right of it, until a line that spans both (a title) ends the columns. Read
 * across, each such line joined two columns' half-sentences into one, and quotes stated what
 * neither said.
 */
function inColumnOrder(rows: Run[][]): Line[] {
  const prose = (run: Run) => run.text.split(" ").length >= 3;
  const starts = rows.filter((r) => r.length === 2 && r.every(prose)).map((r) => r[1]!.x).sort((a, b) => a - b);
  const boundary = starts[Math.floor(starts.length / 2)] ?? 0;
  const joined = (runsOfLine: Run[]): Line => ({
    text: runsOfLine.map((r) => r.text).join(" "),
    y: runsOfLine[0]!.y,
    height: runsOfLine[0]!.height,
    font: runsOfLine.length === 1 ? runsOfLine[0]!.font : undefined,
  });
  const atBoundary = starts.filter((x) => Math.abs(x - boundary) <= 5).length;
  if (atBoundary < 3 || !columnsAt(boundary, rows)) return withMarginLabelsApart(rows, joined);
  const out: Line[] = [];
  let left: Line[] = [];
  let right: Line[] = [];
  for (const row of rows) {
    const spans = row.some((r) => r.x < boundary - 2 && r.right > boundary + 2);
    if (spans) {
      out.push(...left, ...right, joined(row));
      left = [];
      right = [];
      continue;
    }
    const leftRuns = row.filter((r) => r.x < boundary - 2);
    const rightRuns = row.filter((r) => r.x >= boundary - 2);
    if (leftRuns.length > 0) left.push(joined(leftRuns));
    if (rightRuns.length > 0) right.push(joined(rightRuns));
  }
  out.push(...left, ...right);
  return out;
}

/** A margin label has at most this many words. */
const MAX_LABEL_WORDS = 4;

/**
 * Rows joined into lines, a label set in the left margin beside a paragraph's first line
 * ("Introduction", "Checklist") made a line of its own, apart from the text: joined to it, the label
 * opened the first sentence ("Introduction This map shows …") and named no section. A label is a
 * short run left of the text's usual left edge (where most lines begin), the rest of its line
 * beginning at that edge.
 */
function withMarginLabelsApart(rows: Run[][], joined: (runs: Run[]) => Line): Line[] {
  const starts = new Map<number, number>();
  for (const row of rows) starts.set(Math.round(row[0]!.x), (starts.get(Math.round(row[0]!.x)) ?? 0) + 1);
  const [edge, lines] = [...starts].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
  const isLabel = (row: Run[]) =>
    row.length >= 2 && row[0]!.x < edge - 10 && Math.abs(row[1]!.x - edge) <= 3 && row[0]!.text.split(" ").length <= MAX_LABEL_WORDS && !/[.,;]$/.test(row[0]!.text);
  if (lines < 3) return rows.map(joined);
  return rows.flatMap((row) => (isLabel(row) ? [{ ...joined([row[0]!]), apart: true }, joined(row.slice(1))] : [joined(row)]));
}

/**
 * Whether runs parted at `boundary` are two columns of text, not a listing with its comments aligned
 * ("v0 := ld state[748]   // load primes") or a table: the boundary lies near the middle of the text's
 * width, and the lines left of it fill most of their column.
 */
function columnsAt(boundary: number, rows: Run[][]): boolean {
  const all = rows.flat();
  const left = Math.min(...all.map((r) => r.x));
  const right = Math.max(...all.map((r) => r.right));
  const share = (boundary - left) / Math.max(right - left, 1);
  if (share < 0.35 || share > 0.65) return false;
  const widths = rows.filter((r) => r.length === 2).map((r) => (r[0]!.right - r[0]!.x) / Math.max(boundary - left, 1)).sort((a, b) => a - b);
  return widths[Math.floor(widths.length / 2)]! >= 0.6;
}

/**
 * A line's items joined in reading order. Left to right: in the order the file draws them (pdf.js
 * puts the spaces in). Mostly right to left (Arabic, Hebrew), where files often draw each word as an
 * item, in either order: from the right edge of the page leftwards, with a space wherever the next
 * item leaves a gap (pdf.js gives each item's own letters in reading order already).
 */
function lineText(items: TextItem[], height: number): string {
  const letters = (dir: string) => items.filter((i) => i.dir === dir).reduce((n, i) => n + (i.str.match(/\p{L}/gu)?.length ?? 0), 0);
  if (letters("rtl") <= letters("ltr")) return withoutLetterSpacing(leftToRight(items, height));
  const x = (i: TextItem) => i.transform[4] as number;
  const words = items.filter((i) => i.str.trim() !== "").sort((a, b) => x(b) - x(a));
  let out = "";
  for (const [k, item] of words.entries()) {
    const right = words[k - 1]; // the item before it in reading order, to its right
    if (right && x(right) - (x(item) + item.width) > 0.15 * Math.max(height, 1)) out += " ";
    out += item.str;
  }
  return out;
}

/**
 * A symbol font's glyphs (Symbol, Wingdings) come out of pdf.js as private-use characters, which no
 * other font shows: quoted, a new user's PDF's arrow bullet (U+F0E8) was a box. One that opens
 * a line is its list item's bullet, written "•"; elsewhere it is left out.
 */
export function withoutPrivateGlyphs(line: string): string {
  return line.replace(/^\s*[\uE000-\uF8FF]+\s*(?=\S)/u, "• ").replace(/\s*[\uE000-\uF8FF]+/gu, "");
}

/** A gap narrower than this share of the line's height parts no words. */
const TOUCHING = 0.05;

/**
 * A left-to-right line's items joined, each without letter spacing (see withoutLetterSpacing), less
 * its footnote marks set as superscripts ("individuals.²" read as "individuals.2", "information1"
 * matching no "information"), and less the empty space pdf.js puts between touching items: a word in
 * small capitals, its first letter larger ("F" "OREWORD"), was read "F OREWORD". A raised number
 * against a number is its exponent, written "10^10": left out, "10^10 100-byte records" read "10 100-byte records".
 */
export function leftToRight(items: readonly TextItem[], height: number): string {
  const main = items.reduce((a, b) => (b.str.length > a.str.length ? b : a));
  const mainY = main.transform[5] as number;
  const mainHeight = Math.abs((main.transform[3] as number) || main.height || height);
  const superscript = (i: TextItem) => /^\s*[\d*†‡§]{1,3}\s*$/.test(i.str) && Math.abs((i.transform[3] as number) || i.height) <= 0.75 * mainHeight && (i.transform[5] as number) - mainY >= 0.2 * mainHeight;
  const x = (i: TextItem) => i.transform[4] as number;
  // A raised number drawn right against a number is its exponent ("10" "10" is 10^10), no footnote mark.
  const exponents = new Set(
    items.filter((i, k) => {
      if (!superscript(i)) return false;
      const base = items.slice(0, k).reverse().find((b) => b.str.trim() !== "");
      return base !== undefined && /\d$/.test(base.str) && Math.abs(x(i) - (x(base) + base.width)) < TOUCHING * mainHeight;
    }),
  );
  const kept = items.filter((i) => !superscript(i) || exponents.has(i));
  let out = "";
  kept.forEach((item, k) => {
    if (item.str.trim() === "" && item.str !== "") {
      const before = kept.slice(0, k).reverse().find((i) => i.str.trim() !== "" && !ACCENTS[i.str]);
      const after = kept.slice(k + 1).find((i) => i.str.trim() !== "");
      if (before && after && Math.abs(x(after) - (x(before) + before.width)) < TOUCHING * Math.max(height, 1) && /\p{L}$/u.test(before.str) && /^\p{L}/u.test(after.str)) return;
      if (after && /^[,.;:!?)\]}%]/.test(after.str)) return; // "DATES" in small capitals, ":" apart
      if (after && before && ACCENTS[after.str[0] ?? ""] && x(after) < x(before) + before.width) return; // "s", " ", "ˇ" drawn over the "s"
    }
    // Items drawn apart, out of order, have no space between them from pdf.js: the gap is one. Not before
    // a colon or a comma, drawn apart after a word in small capitals ("DATES : The FAA …").
    const previous = kept[k - 1];
    let str = exponents.has(item) ? `^${item.str.trim()}` : item.str;
    if (previous && x(item) - (x(previous) + previous.width) > WORD_GAP * Math.max(height, 1) && /\S$/.test(out) && /^[^\s,.;:!?)\]}%]/.test(str)) out += " ";
    // An accent drawn back over the letter before it, after it: "Age" "ˆncia" is "Agência".
    if (ACCENTS[str[0] ?? ""]) {
      const letterBefore = kept.slice(0, k).reverse().find((i) => i.str.trim() !== "");
      const accented = letterBefore && accentOnLetterBefore(out, item, letterBefore, TOUCHING * Math.max(height, 1));
      if (accented !== undefined) {
        out = accented;
        str = str.slice(1);
      }
    }
    // An accent that ends one item, set before the letter that opens the next, as TeX sets them ("Baudiˇ" "s").
    const pending = ACCENTS[out.slice(-1)];
    const onNext = pending && /^\p{L}/u.test(str) && (str[0]! + pending).normalize("NFC");
    if (onNext && onNext.length === 1) {
      out = out.slice(0, -1);
      str = onNext + str.slice(1);
    }
    out += withAccentsOnNextLetter(withoutLetterSpacing(str));
  });
  return out;
}

/** Accents a font draws as letters of their own ("ˆ", "¸", "˜"), with the marks that combine them with a letter. */
const ACCENTS: Record<string, string> = {
  "\u02C6": "\u0302", // ˆ circumflex
  "\u02DC": "\u0303", // ˜ tilde
  "\u00B8": "\u0327", // ¸ cedilla
  "\u00B4": "\u0301", // ´ acute
  "\u02CB": "\u0300", // ˋ grave
  "\u00A8": "\u0308", // ¨ diaeresis
  "\u02DA": "\u030A", // ˚ ring
  "\u02C7": "\u030C", // ˇ caron
  "\u02D8": "\u0306", // ˘ breve
  "\u02D9": "\u0307", // ˙ dot
  "\u02DD": "\u030B", // ˝ double acute
  "\u02DB": "\u0328", // ˛ ogonek
  "\u00AF": "\u0304", // ¯ macron
};
const ACCENT_THEN_LETTER = new RegExp(`([${Object.keys(ACCENTS).join("")}])(\\p{L})`, "gu");

/**
 * An accent drawn in one piece with the letter after it, as TeX sets them ("Universit´e") is that
 * letter accented ("Université"), when Unicode has the accented letter; a search for the word found
 * nothing, and quotes showed the accents apart.
 */
export function withAccentsOnNextLetter(text: string): string {
  return text.replace(ACCENT_THEN_LETTER, (both, accent: string, letter: string) => {
    const one = (letter + ACCENTS[accent]!).normalize("NFC");
    return one.length === 1 ? one : both;
  });
}

/**
 * `out` with the accent that opens `item` put on the letter it is drawn over in the item before
 * (`letterBefore`, which `out` ends with): by that letter's place in the item ("Sediv" with "ˇ" over its
 * "S"), or the last letter written when the item was itself changed ("¸a" written "a"). Undefined when the
 * accent is not drawn back over that item, or Unicode has no such accented letter.
 */
function accentOnLetterBefore(out: string, item: TextItem, letterBefore: TextItem, touching: number): string | undefined {
  const x = (i: TextItem) => i.transform[4] as number;
  if (x(item) >= x(letterBefore) + letterBefore.width - touching) return undefined;
  const span = out.endsWith(letterBefore.str) ? letterBefore.str.length : 1;
  const under = Math.min(span - 1, Math.max(0, Math.floor(((x(item) + item.width / 2 - x(letterBefore)) / (letterBefore.width || 1)) * span)));
  const at = out.length - span + under;
  const accented = (out[at]! + ACCENTS[item.str[0]!]!).normalize("NFC");
  return accented.length === 1 ? out.slice(0, at) + accented + out.slice(at + 1) : undefined;
}

/** A gap wider than this share of the line's height parts two words. */
const WORD_GAP = 0.25;

/** Letters set one by one with a space after each: "E x e c u t i v e". */
const SPACED_LETTERS = /(?<![\p{L}\p{N}])\p{L}(?: \p{L}){2,}(?![\p{L}\p{N}])/gu;

/**
 * Text without the spaces pdf.js puts between the letters of a word set letter-spaced, as headings
 * often are ("E x e c u t i v e" for "Executive"): matched against nothing, such a heading named a
 * section no question found. An English word ("T h e"), or a name of five letters or more
 * ("P e t r o v a", "M I N S K"): "A B C" options and "a b c d e" stay.
 */
export function withoutLetterSpacing(text: string): string {
  return text.replace(SPACED_LETTERS, (spaced) => {
    const word = spaced.replace(/ /g, "");
    return isEnglishWord(word.toLowerCase()) || (word.length >= 5 && /^\p{Lu}(?:\p{Ll}+|\p{Lu}+)$/u.test(word)) ? word : spaced;
  });
}

/** The font most of the items' letters are in, and whether all are in it. */
function fontOf(items: readonly TextItem[]): Line["font"] {
  const letters = new Map<string, number>();
  for (const item of items) {
    const n = item.str.replace(/\s/g, "").length;
    if (n > 0) letters.set(item.fontName, (letters.get(item.fontName) ?? 0) + n);
  }
  const [name] = [...letters].sort((a, b) => b[1] - a[1])[0] ?? [];
  return name === undefined ? undefined : { name, only: letters.size === 1 };
}

/**
 * A line all in one font over a line mostly in another that opens a sentence, the first line not
 * ending as a sentence or clause does: a heading set in bold right above its text ("How to enter
 * setting mode" / "You can enter …"), with no more space than between lines. Joined to it, the
 * heading opened the first sentence's quote.
 */
function isHeadingAbove(line: Line, next: Line): boolean {
  return line.font?.only === true && next.font !== undefined && next.font.name !== line.font.name && !/[.,;:!?\-–—]$/.test(line.text) && /^[\p{Lu}\d]/u.test(next.text);
}

/**
 * A line higher up the page than the one before it opens the next column; a paragraph goes on into it
 * only when the sentence does: after "… false-positive criterion." the right column's heading "3
 * Performance" had joined the left column's last paragraph, and its part lay under the section before.
 */
function opensColumn(line: Line, next: Line): boolean {
  return next.y - line.y > Math.max(line.height, next.height, 1) && endsSentence(line.text);
}

/** A drop cap stands this many times taller than the line it begins, at least. */
const DROP_CAP_HEIGHT = 1.5;

/**
 * A drop cap: a capital letter alone on its line, much taller than the next, which goes on in lower
 * case. A magazine's "T" / "he ORCID initiative" read as a word "T" and a line "he …" (a new user's trial, T40).
 */
function isDropCap(line: Line, next: Line): boolean {
  return /^\p{Lu}$/u.test(line.text) && line.height >= DROP_CAP_HEIGHT * next.height && /^\p{Ll}/u.test(next.text);
}

/**
 * Joins a page's lines into paragraphs by their vertical gaps, mending words a line's end broke with a
 * hyphen (see hyphenation.ts); `known` holds the document's words.
 */
function paragraphs(lines: readonly Line[], known: ReadonlySet<string>, gap = PARAGRAPH_GAP): string {
  let out = "";
  let prev: Line | undefined;
  for (const line of lines) {
    // After a drop cap the word goes on from its first letter, nothing between them.
    if (prev && !isDropCap(prev, line)) {
      if (prev.y - line.y > gap * Math.max(prev.height, line.height, 1) || isHeadingAbove(prev, line) || opensColumn(prev, line) || prev.apart || line.apart) out += "\n\n";
      else {
        const join = brokenWordJoin(prev.text, line.text, known);
        out = join === undefined ? `${out}\n` : out.slice(0, -1) + join;
      }
    }
    out += line.text;
    prev = line;
  }
  return out;
}

/** Fewest lines going on with a sentence that tell a document's step from line to line. */
const MIN_LINE_STEPS = 5;

/** A paragraph's gap is this much wider than the document's usual step from line to line, at least. */
const WIDER_THAN_LINE_STEP = 1.3;

/**
 * The gap between lines, in line heights, above which a new paragraph starts: PARAGRAPH_GAP, or more
 * in a document whose usual line step is wider than that (a manuscript double-spaced for review), where every line
 * stood that far from the next and each became a paragraph of its own, its sentence cut at every line.
 */
export function paragraphGap(pages: readonly (readonly Line[])[]): number {
  // The step to a line that goes on with a sentence (it opens in lower case): a step within a
  // paragraph, whatever the gaps between paragraphs of one line each.
  const steps = pages
    .flatMap((lines) => lines.slice(1).flatMap((line, k) => (/^\p{Ll}/u.test(line.text) ? [(lines[k]!.y - line.y) / Math.max(lines[k]!.height, line.height, 1)] : [])))
    .filter((step) => step > 0 && step < 4)
    .sort((a, b) => a - b);
  if (steps.length < MIN_LINE_STEPS) return PARAGRAPH_GAP;
  const usual = steps[Math.floor(steps.length / 2)]!;
  // Only where the usual step itself would part paragraphs: elsewhere a heading set a little apart
  // ("Subsection 2. Nondiscrimination") keeps its paragraph of its own.
  return usual > PARAGRAPH_GAP ? WIDER_THAN_LINE_STEP * usual : PARAGRAPH_GAP;
}

/** Lines this close to a page's top or bottom (in lines) are checked for running headers and footers. */
const EDGE_LINES = 2;

/** A page number as footers write it: "3", "- 3 -", "Page 3 of 40", "p. 3", "3 / 40", "Seite 3 von 40", "Стр. 3". */
const PAGE_NUMBER = /^[-–—\s]*(?:(?:page|pages|p|pg|pp|seite|s|página|pág|pag|pagina|strona|str|стр|страница|сторінка|σελίδα)\.?\s*)?(\d+)(?:\s*(?:\/|of|von|de|di|из|з|z|από)\s*\d+)?[-–—\s]*$/iu;

/** A page number in lower-case Roman numerals, as front matter numbers its pages: "iv", "- xii -". */
const ROMAN_PAGE_NUMBER = /^[-–—\s]*()([ivxlc]{1,7})[-–—\s]*$/;

function romanValue(numeral: string): number {
  const value: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };
  let total = 0;
  for (let i = 0; i < numeral.length; i++) {
    const v = value[numeral[i]!]!;
    total += v < (value[numeral[i + 1] ?? ""] ?? 0) ? -v : v;
  }
  return total;
}

/** A page number, Arabic or Roman, at a line's end after a space. */
const TRAILING_PAGE_NUMBER = /\s+(?:\d{1,4}|[ivxlc]{1,7})\s*$/i;

/**
 * Pages without their running headers and footers ("Ministry of Water – Annual report", "Page 3 of
 * 40"): among the first and last EDGE_LINES lines of each page, a line found at the same height on
 * at least half the pages, rounded down (and at least three), either word for word, or as a page number that goes
 * up with the page (from wherever the document starts counting), or, in print smaller than `small`, with
 * only its numbers changed (a printer's slug). Left in, each page
 * added a passage of the same words, which crowded real passages out of the retrieved ones.
 */
function withoutRunningLines(pages: readonly Line[][], small: number): Line[][] {
  // Half rounded down: a book's and a court opinion's headers alternate between the left and right
  // pages ("2 UNITED STATES v. COOLEY", "Cite as: 593 U. S. ____ (2021) 3"), so each is on every other page.
  const least = Math.max(3, Math.floor(pages.length / 2));
  // At most half of a page's lines but one: a page's middle line is never a header or footer. Edges
  // by height, not by the order the file draws them in: a footer drawn before the text is still one.
  const tops = pages.map((lines) => edgeLines(lines, (a, b) => b.y - a.y));
  const bottoms = pages.map((lines) => edgeLines(lines, (a, b) => a.y - b.y));
  const edges = pages.map((_, page) => new Set([...tops[page]!, ...bottoms[page]!]));
  const at = (l: Line) => Math.round(l.y / 2);
  const count = (keysOf: (l: Line, page: number) => string[]) => {
    const pagesWith = new Map<string, number>();
    edges.forEach((edge, page) => {
      for (const k of new Set([...edge].flatMap((l) => keysOf(l, page)))) pagesWith.set(k, (pagesWith.get(k) ?? 0) + 1);
    });
    return (l: Line, page: number) => keysOf(l, page).some((k) => (pagesWith.get(k) ?? 0) >= least);
  };
  const sameWords = count((l) => [`${at(l)}|${l.text}`]);
  // The number goes up with the page from wherever the document starts counting: a journal's or the
  // Federal Register's pages run on from earlier issues ("Proposed Rules 47699" on the file's page 1).
  const pageNumber = count((l, page) => {
    const n = PAGE_NUMBER.exec(l.text) ?? ROMAN_PAGE_NUMBER.exec(l.text);
    if (n) return [`${at(l)}|${(n[1] ? Number(n[1]) : romanValue(n[2]!)) - (page + 1)}|${l.text.replace(/\d+|[ivxlc]+/g, "#")}`];
    // A page number inside other words the same on every page: a browser's printed footer
    // ("file:///home/ingrid/notes.html 3/6"), "Annual report 2024 — 3".
    // Only at the line's start or end, or as "3/6", "3 of 6": "Reservoir 3 report" on page 3 is the
    // page's own heading; "2 UNITED STATES v. COOLEY" on every left-hand page is a running header.
    return [...l.text.matchAll(/^\d+(?=\s+\S)|(?<=^|\s)\d+(?=\s*(?:\/|of)\s*\d+\s*$|\s*$)/g)].map(
      // Keyed by its words wherever the number stands: a header with the number on the outer edge of
      // left and right pages ("47700 Federal Register / …", "Federal Register / … 47701") is one.
      (m) => `${at(l)}|${Number(m[0]) - (page + 1)}|${`${l.text.slice(0, m.index)} ${l.text.slice(m.index! + m[0].length)}`.trim()}`,
    );
  });
  // A printer's slug in small print, its numbers changing from page to page ("VerDate Sep<11>2014 16:21
  // Aug 05, 2020 Jkt 250001 PO 00000 Frm 00001 Fmt 4702 …"). Only in print smaller than the text's: a
  // line of the text itself may repeat with other numbers ("Total stored: 7,015 million cubic metres.").
  const slug = count((l) => (l.height < small ? [`${at(l)}|${l.text.replace(/\d+/g, "#")}`] : []));
  const pagesEndingWith = new Map<string, number>();
  for (const bottom of bottoms) for (const text of new Set([...bottom].map((l) => l.text))) pagesEndingWith.set(text, (pagesEndingWith.get(text) ?? 0) + 1);
  const continuation = (l: Line, page: number) =>
    bottoms[page]!.has(l) && l.text.split(" ").length <= MAX_NOTE_WORDS && (pagesEndingWith.get(l.text) ?? 0) >= MIN_NOTE_PAGES;
  // The same words before a page number that counts in Roman numerals in the front matter and anew from 1 after it
  // ("This publication is available free of charge from: https://doi.org/… v", then "… 1"): no one count runs through.
  const numberedFooter = count((l) => {
    const n = TRAILING_PAGE_NUMBER.exec(l.text);
    return n ? [`${at(l)}|${l.text.slice(0, n.index)}`] : [];
  });
  const spread = spreadNumbers(edges, least);
  return pages.map((lines, page) => lines.filter((l) => !((edges[page]!.has(l) && (sameWords(l, page) || pageNumber(l, page) || numberedFooter(l, page) || spread(l, page) || slug(l, page))) || continuation(l, page))));
}

/** Print smaller than this share of the text's usual height is a footer's, a note's, a caption's. */
const SMALL_PRINT = 0.85;

/** The height most of a document's letters are set in. */
function usualHeight(pages: readonly Line[][]): number {
  const letters = new Map<number, number>();
  for (const l of pages.flat()) letters.set(Math.round(l.height * 10) / 10, (letters.get(Math.round(l.height * 10) / 10) ?? 0) + l.text.length);
  return [...letters].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

/** A page's first EDGE_LINES lines in `order` (top down or bottom up): at most half of its lines but one, never its middle line. */
function edgeLines(lines: readonly Line[], order: (a: Line, b: Line) => number): Set<Line> {
  const n = Math.min(EDGE_LINES, Math.floor((lines.length - 1) / 2));
  return new Set(n > 0 ? [...lines].sort(order).slice(0, n) : []);
}

/**
 * Page numbers of a PDF whose every page holds two printed pages side by side (a spread): the left
 * one 2p + c on PDF page p, the right one 2p + c + 1, at the start or end of an edge line, whatever
 * the header's words ("6 DE-RISKING … INTRODUCTION 7", "BEST PRACTICES … 22 23", a lone "5").
 * Numbers that go up by two a page, at one height, on `least` pages: nothing else does that.
 */
function spreadNumbers(edges: readonly Set<Line>[], least: number): (l: Line, page: number) => boolean {
  const at = (l: Line) => Math.round(l.y / 2);
  const keys = (l: Line, page: number) => {
    const out: string[] = [];
    for (const m of l.text.matchAll(/^\d{1,4}(?=\s|$)|(?<=\s|^)\d{1,4}$/g)) {
      const offset = Number(m[0]) - 2 * (page + 1);
      // The left page's number (offset c) or the right one's (c + 1).
      for (const c of [offset, offset - 1]) if (Math.abs(c) <= 10) out.push(`${at(l)}|${c}`);
    }
    return out;
  };
  const pagesWith = new Map<string, number>();
  edges.forEach((edge, page) => {
    for (const k of new Set([...edge].flatMap((l) => keys(l, page)))) pagesWith.set(k, (pagesWith.get(k) ?? 0) + 1);
  });
  return (l, page) => keys(l, page).some((k) => (pagesWith.get(k) ?? 0) >= least);
}

/**
 * A short line that ends several pages word for word wherever the text stops, not at one height:
 * "Continued on next page", "(over)", "Please turn over". Left in, it ended its page as a heading,
 * and the next page's passages were filed under it. At least this many pages, of at most this many words.
 */
const MIN_NOTE_PAGES = 3;
const MAX_NOTE_WORDS = 8;

/**
 * The text that visible annotations show: filled form fields and text boxes typed onto the page
 * (a few words at least, see MIN_ANNOTATION_WORDS)
 * with a viewer's text tool, which the text layer leaves out. pdf.js reads it from each
 * annotation's appearance (`textContent`, as its own find bar does); password fields show none.
 * One paragraph each, top to bottom, then left to right, after the page's text.
 */
function annotationText(annotations: { textContent?: unknown; rect?: number[]; password?: boolean }[]): string[] {
  return annotations
    .filter((a) => Array.isArray(a.textContent) && !a.password)
    .sort((a, b) => (b.rect?.[3] ?? 0) - (a.rect?.[3] ?? 0) || (a.rect?.[0] ?? 0) - (b.rect?.[0] ?? 0))
    .map((a) =>
      (a.textContent as unknown[])
        .map((line) => String(line).replace(/\s+/g, " ").trim())
        .filter((line) => line !== "")
        .join("\n"),
    )
    .filter((text) => text.split(/\s+/).length >= MIN_ANNOTATION_WORDS || /[.!?]$/.test(text));
}

/**
 * Fewest words of an annotation's text kept, unless it ends a sentence: a form's fields also hold
 * codes, ticks and single letters ("SE", "OFF CODE", "1000"), a third of a tax form's passages, and
 * the last of a page headed the next page's text.
 */
const MIN_ANNOTATION_WORDS = 3;

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 200);
}
