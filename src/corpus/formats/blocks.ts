/**
 * Turns an HTML tree (a web page's article, or a Word file converted by mammoth) into text with one
 * paragraph per block, separated by blank lines, and headings as Markdown `#` lines, so that the
 * chunker cuts it like a Markdown briefing and sections keep their headings.
 */

/** The few DOM members the walk needs; linkedom's nodes have them. */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
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
    if (name === "SUP" && isBareNoteMark(node)) return;
    if ((name === "TR" && !isLayoutRow(node)) || rows > 0) {
      if (name === "TR" && rows === 0) flush();
      if (name === "TR") rows++;
      else if (CELLS.has(name) && line.trim() !== "") line += " | ";
      else if ((BLOCKS.has(name) || HEADING.test(name)) && !/[\s|]$/.test(line)) line += " ";
      for (const child of Array.from(node.childNodes)) walk(child);
      if (name === "TR" && --rows === 0) flush();
      return;
    }
    const heading = HEADING.exec(name);
    if (heading) {
      flush();
      for (const child of Array.from(node.childNodes)) walk(child);
      flush("#".repeat(Number(heading[1])));
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
      if (term) line += ": ";
      afterTerm = term;
      return;
    }
    const block = BLOCKS.has(name);
    if (block) flush();
    if (CELLS.has(name) && line.trim() !== "") line += " | ";
    if (name === "PRE") pre++;
    for (const child of Array.from(node.childNodes)) walk(child);
    if (name === "PRE") pre--;
    if (block) flush();
  };
  walk(root);
  flush();
  return out.join("\n\n");
}

/**
 * A footnote's mark written as a raised link without brackets ("2024<sup><a href="#fn1">1</a></sup>"):
 * read as text it joined the word before ("in 20241", "double.1"). Marks in brackets ("[1]") stay,
 * apart from their word already, and so do raised characters that are no link ("m<sup>2</sup>").
 */
function isBareNoteMark(sup: DomNode): boolean {
  const hasLink = (n: DomNode): boolean => n.nodeName.toUpperCase() === "A" || Array.from(n.childNodes).some(hasLink);
  return hasLink(sup) && /^\s*[\p{L}\p{N}*†‡§]{1,4}\s*$/u.test(sup.textContent ?? "");
}

/** Longer than a passage (characters): a row this long holds text laid out in a table, not data. */
const MAX_ROW_CHARS = 700;

/** A row of a table used for layout (a page's columns, a Word form's boxes): a heading, a table, or much text inside. */
function isLayoutRow(row: DomNode): boolean {
  if ((row.textContent ?? "").trim().length > MAX_ROW_CHARS) return true;
  const holdsLayout = (node: DomNode): boolean =>
    Array.from(node.childNodes).some((child) => child.nodeType === ELEMENT_NODE && (HEADING.test(child.nodeName.toUpperCase()) || child.nodeName.toUpperCase() === "TABLE" || holdsLayout(child)));
  return holdsLayout(row);
}
