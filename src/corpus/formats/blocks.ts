/**
 * Turns an HTML tree (a web page's article, or a Word file converted by mammoth) into text with one
 * paragraph per block, separated by blank lines, and headings as Markdown `#` lines, so that the
 * chunker cuts it like a Markdown briefing and sections keep their headings.
 */
import { isByline } from "../title.ts";

/** The few DOM members the walk needs; linkedom's nodes have them. */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  parentNode?: DomNode | null;
  /** Elements only. */
  getAttribute?(name: string): string | null;
}

/**
 * The DOM members the extractors' own passes over a page or a Word file need (finding an article's region,
 * marking bold headings); linkedom's elements have them.
 */
export interface DomElement extends DomNode {
  childNodes: ArrayLike<DomElement>;
  parentNode: DomElement | null;
  parentElement: DomElement | null;
  closest(selector: string): DomElement | null;
  contains(other: DomElement): boolean;
  cloneNode(deep: boolean): DomElement;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  remove(): void;
  replaceWith(node: DomElement): void;
  append(...nodes: DomElement[]): void;
  getAttribute(name: string): string | null;
  removeAttribute(name: string): void;
}

/** A parsed document, as those passes use it. */
export interface DomDocument {
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  createElement(name: string): DomElement;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
const HEADING = /^H([1-6])$/;
const BLOCKS = new Set([
  "ADDRESS", "ARTICLE", "ASIDE", "BLOCKQUOTE", "CAPTION", "DIV", "DL", "FIELDSET", "FIGCAPTION", "FIGURE",
  "FOOTER", "HEADER", "HR", "LI", "MAIN", "OL", "P", "PRE", "SECTION", "TABLE", "TBODY", "THEAD", "TFOOT", "TR", "UL",
]);
const SKIPPED = new Set(["SCRIPT", "STYLE", "TITLE", "NOSCRIPT", "TEMPLATE", "SVG", "NAV", "FORM", "BUTTON", "HEAD", "IFRAME", "CANVAS"]);
const CELLS = new Set(["TD", "TH"]);

export function blocksToText(root: DomNode): string {
  const out: string[] = [];
  let line = "";
  // Inside a table row, blocks (Word puts a <p> in every cell) are text of the row: a row is one
  // line, so that a value stays in the passage of the thing it belongs to. A row used for layout
  // is read like the rest of the page.
  let rows = 0;
  let pre = 0; // inside <pre>, whose line breaks are the text's
  let afterTerm = false; // the line ends with a definition list's term (<dt>), awaiting its <dd>
  // Each open table (innermost last): its column headings and how many of its rows were read; and
  // the column the next cell of the row being read is in.
  const tables: { headings: string[]; rowsRead: number }[] = [];
  let column = 0;
  let inHeadingRow = false;
  const flush = (prefix = "") => {
    const text = line.replace(/[ \t\u00a0]+/g, " ").replace(/ *\n */g, "\n").trim();
    // A paragraph, or a line of one (after a <br>), that happens to start with "#" is not a heading:
    // keep it from reading as one.
    if (text) out.push(prefix ? `${prefix} ${text.replace(/\n/g, " ")}` : text.replace(/^#/gm, "\\#"));
    line = "";
    afterTerm = false;
  };
  const walk = (node: DomNode) => {
    if (node.nodeType === TEXT_NODE) {
      // U+00AD (&shy;) only marks where a browser may hyphenate; inside a word it would split it.
      const text = (node.textContent ?? "").replace(/\u00ad/g, "");
      // Elements a page's style sets apart ("<span>(1)</span><span>No person …", "therewith;</span><span>"council"")
      // ran together: text that starts a word right after a sentence mark or a closing bracket is apart.
      if (pre === 0 && /[.;:!?)\]]$/.test(line) && /^[\p{L}"“‘(]/u.test(text)) line += " ";
      line += pre > 0 ? text.replace(/\r\n?/g, "\n") : text.replace(/\s+/g, " ");
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const name = node.nodeName.toUpperCase();
    if (SKIPPED.has(name)) return;
    if (name === "BR") {
      line += "\n";
      return;
    }
    if ((name === "SUP" && isBareNoteMark(node)) || (name === "A" && isNoteLink(node))) return;
    if ((name === "TR" && !isLayoutRow(node)) || rows > 0) {
      if (name === "TR" && rows === 0) {
        flush();
        column = 0;
        const table = tables.at(-1);
        inHeadingRow = isHeadingRow(node) || (table?.rowsRead === 0 && isBoldHeadingRow(node));
        if (table) {
          table.rowsRead++;
          if (inHeadingRow) table.headings = cellTexts(node);
        }
      }
      if (name === "TR") rows++;
      else if (CELLS.has(name)) {
        if (line.trim() !== "") line += " | ";
        // A row quoted alone says what its values are: "Year: 2019 | Output: 4.2 million".
        const heading = rows === 1 && !inHeadingRow ? tables.at(-1)?.headings[column] : undefined;
        if (heading && (node.textContent ?? "").trim() !== "") line += `${heading}: `;
        if (rows === 1) column += span(node);
      } else if ((BLOCKS.has(name) || HEADING.test(name)) && !/[\s|]$/.test(line)) line += " ";
      for (const child of Array.from(node.childNodes)) walk(child);
      if (name === "TR" && --rows === 0) flush();
      return;
    }
    const heading = HEADING.exec(name);
    if (heading) {
      flush();
      for (const child of Array.from(node.childNodes)) walk(child);
      // A magazine sets its byline as a heading ("<h6>By Joshua Sokol</h6>"): it heads no section.
      flush(isByline(line) ? "" : "#".repeat(Number(heading[1])));
      return;
    }
    if (name === "DT" || name === "DD") {
      // A term and its definitions are one paragraph, "term: definition", so that a definition keeps
      // what it defines. Several terms of one entry are joined by commas, several definitions by spaces.
      const term = name === "DT";
      if (term && !afterTerm) flush();
      else if (term) line = line.replace(/: $/, ", ");
      else if (!afterTerm && line.trim() !== "") line += " ";
      for (const child of Array.from(node.childNodes)) walk(child);
      if (term) line = `${line.trimEnd()}: `;
      afterTerm = term;
      return;
    }
    const block = BLOCKS.has(name);
    // A definition's first paragraph ("<dd><p>How full …") stays on its term's line.
    if (block && !afterTerm) flush();
    if (name === "TABLE") tables.push({ headings: [], rowsRead: 0 });
    if (CELLS.has(name) && line.trim() !== "") line += " | ";
    if (name === "PRE") pre++;
    for (const child of Array.from(node.childNodes)) walk(child);
    if (name === "PRE") pre--;
    if (name === "TABLE") tables.pop();
    if (block) flush();
  };
  walk(root);
  flush();
  return out.join("\n\n");
}

const cellsOf = (row: DomNode) => Array.from(row.childNodes).filter((c) => c.nodeType === ELEMENT_NODE && CELLS.has(c.nodeName.toUpperCase()));

/** How many columns a cell covers (`colspan`). */
function span(cell: DomNode): number {
  const n = Number(cell.getAttribute?.("colspan") ?? 1);
  return Number.isInteger(n) && n > 0 && n <= 100 ? n : 1;
}

/** A row of column headings: in a <thead>, or of <th> cells only. */
function isHeadingRow(row: DomNode): boolean {
  const cells = cellsOf(row);
  return row.parentNode?.nodeName.toUpperCase() === "THEAD" || (cells.length > 1 && cells.every((c) => c.nodeName.toUpperCase() === "TH"));
}

/**
 * A table's first row in bold over a row that is not: the column headings of a Word table not marked
 * as repeating on every page (mammoth writes its cells as <td>), or of a page that styles them so.
 */
function isBoldHeadingRow(row: DomNode): boolean {
  const siblings = Array.from(row.parentNode?.childNodes ?? []);
  const next = siblings.slice(siblings.indexOf(row) + 1).find((n) => n.nodeName.toUpperCase() === "TR");
  return next !== undefined && isBoldRow(row, true) && !isBoldRow(next);
}

/** Two or more cells, every one that holds text all in <strong> or <b>; for headings, without digits ("42 m" is data). */
function isBoldRow(row: DomNode, headings = false): boolean {
  const cells = cellsOf(row).filter((c) => withoutSpaces(c.textContent) !== "");
  const boldText = (n: DomNode): string =>
    /^(?:STRONG|B)$/i.test(n.nodeName) ? (n.textContent ?? "") : Array.from(n.childNodes).map(boldText).join("");
  return cells.length > 1 && cells.every((c) => withoutSpaces(boldText(c)) === withoutSpaces(c.textContent) && !(headings && /\d/.test(c.textContent ?? "")));
}

const withoutSpaces = (text: string | null) => (text ?? "").replace(/\s+/g, "");

/** A heading row's texts, one per column it covers; an empty or over-long heading names nothing. */
function cellTexts(row: DomNode): string[] {
  return cellsOf(row).flatMap((cell) => {
    const text = (cell.textContent ?? "").replace(/\s+/g, " ").trim();
    return Array<string>(span(cell)).fill(text.length <= MAX_HEADING_CHARS ? text : "");
  });
}

/** Longer than a column heading (characters): a row of text, not names of columns. */
const MAX_HEADING_CHARS = 60;

/** A footnote's mark without brackets: "1", "a", "*", "†". */
const BARE_MARK = /^\s*[\p{L}\p{N}*†‡§]{1,4}\s*$/u;

/**
 * A footnote's mark written as a raised link without brackets ("2024<sup><a href="#fn1">1</a></sup>"):
 * read as text it joined the word before ("in 20241", "double.1"). Marks in brackets ("[1]") stay,
 * apart from their word already, and so do raised characters that are no link ("m<sup>2</sup>").
 */
function isBareNoteMark(sup: DomNode): boolean {
  const hasLink = (n: DomNode): boolean => n.nodeName.toUpperCase() === "A" || Array.from(n.childNodes).some(hasLink);
  return hasLink(sup) && BARE_MARK.test(sup.textContent ?? "");
}

/**
 * A footnote's mark as a link that a stylesheet raises, no <sup> around it: Project Gutenberg's
 * `<a href="#Footnote_6" class="fnanchor">6</a>`, pandoc's `<a href="#fn1" class="footnote-ref"><sup>1</sup></a>`.
 * Read as text it joined the sentence after ("science.6 Mr. Holmes"). Known by where it points or what
 * it is called, so a link to a chapter ("<a href="#ch2">2</a>") stays.
 */
function isNoteLink(a: DomNode): boolean {
  const attribute = (name: string) => a.getAttribute?.(name) ?? "";
  const named = /^#(?:fn|foot|note)/i.test(attribute("href")) || /fnanchor|footnote|noteref/i.test(`${attribute("class")} ${attribute("role")}`);
  return named && BARE_MARK.test(a.textContent ?? "");
}

/** Longer than a passage (characters): a row this long holds text laid out in a table, not data. */
const MAX_ROW_CHARS = 700;

/** A row of a table used for layout (a page's columns, a Word form's boxes): a heading, a table, or much text inside. */
function isLayoutRow(row: DomNode): boolean {
  // Counted without the page's indentation: a saved page's table row, each cell's <p> indented by 50
  // spaces, was "long" with 160 characters of text and read cell by cell, one passage a cell.
  if ((row.textContent ?? "").replace(/\s+/g, " ").trim().length > MAX_ROW_CHARS) return true;
  const holdsLayout = (node: DomNode): boolean =>
    Array.from(node.childNodes).some((child) => child.nodeType === ELEMENT_NODE && (HEADING.test(child.nodeName.toUpperCase()) || child.nodeName.toUpperCase() === "TABLE" || holdsLayout(child)));
  return holdsLayout(row);
}

/** A bold line that names what follows: short, and not ending as a sentence or clause does. */
export const isLabel = (text: string) => text.length >= 2 && text.length <= 100 && /\p{L}/u.test(text) && !/[.;,]$/.test(text);

/** Every letter of the element is inside bold. */
export function allBold(element: DomElement): boolean {
  const walk = (node: DomElement, bold: boolean): boolean => {
    if (node.nodeType === 3) return bold || (node.textContent ?? "").trim() === "";
    const isBold = bold || /^(?:STRONG|B)$/i.test(node.nodeName);
    return Array.from(node.childNodes).every((c) => walk(c, isBold));
  };
  return walk(element, false);
}

/**
 * Paragraphs all in bold that read as labels, outside tables and lists, as headings of `level`: a Word
 * file or a web page written without heading styles sets its headings so ("Definitions", a news
 * article's "Whole Foods future"), and without them every passage had no section.
 */
export function boldParagraphsAsHeadings(root: DomElement, document: DomDocument, level = 2): void {
  for (const p of Array.from(root.querySelectorAll("p"))) {
    if (!p.closest("table, li") && isLabel((p.textContent ?? "").trim()) && allBold(p)) retagged(document, p, `h${level}`);
  }
}

/** Puts `element`'s content in a new element named `tag` (a paragraph made a heading, a heading made deeper) in its place. */
export function retagged(document: DomDocument, element: DomElement, tag: string): DomElement {
  const other = document.createElement(tag);
  other.append(...Array.from(element.childNodes));
  element.replaceWith(other);
  return other;
}
