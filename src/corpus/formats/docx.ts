import mammoth from "mammoth";
import { parseHTML } from "linkedom";
import { allBold, blocksToText, boldParagraphsAsHeadings, isLabel, retagged, type DomDocument, type DomElement, type DomNode } from "./blocks.ts";
import { NO_TEXT, type Extraction } from "./types.ts";
import { titleAmong } from "../title.ts";

/** Office files saved with a password are OLE compound files, not the zip a .docx is. */
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_SIGNATURE = [0x50, 0x4b];

/** Word's Title style is the document's title: a heading, so that it names the document and its first section. */
// A page break inside a paragraph, which mammoth renders as nothing, parts the text: "… Joe Nicora." and the
// next chapter's "Requirements" had run together.
const STYLE_MAP = ["p[style-name='Title'] => h1.title:fresh", "br[type='page'] => hr"];

/** The section of a Word file's footnotes and endnotes. */
const NOTES_HEADING = "Notes";

/** A Word file's text via mammoth's HTML, so that its headings become sections. */
export async function extractDocx(bytes: Uint8Array): Promise<Extraction> {
  if (OLE_SIGNATURE.every((b, i) => bytes[i] === b)) {
    return { problem: "skipped: encrypted (password-protected) or an old binary .doc; save an unprotected .docx copy" };
  }
  if (!ZIP_SIGNATURE.every((b, i) => bytes[i] === b)) return { problem: "skipped: damaged, not a Word .docx file (no zip container)" };
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }, { styleMap: STYLE_MAP })).value;
  } catch (error) {
    return { problem: `skipped: damaged .docx (${firstLine(error)}); open and save it again in Word` };
  }
  const { document } = parseHTML(`<html><body>${html}</body></html>`);
  // mammoth ends each footnote and endnote with a "↑" link back to its mark: no text of the note.
  for (const back of Array.from(document.querySelectorAll('a[href^="#footnote-ref-"], a[href^="#endnote-ref-"]') as ArrayLike<{ remove(): void }>)) back.remove();
  withSentencesAsText(document as unknown as DomDocument);
  withTitledParts(document as unknown as DomDocument);
  // Read before the notes' heading joins the others: the Title style above every heading, else a bold first line above every
  // heading ("SAMPLE RENTAL AGREEMENT" over a lone "(Basic / Beginning)" styled Heading 1), else the one
  // heading above the rest.
  const headings = Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6") as ArrayLike<DomElement & { tagName: string; className?: string }>);
  // A Title-style paragraph below other headings ("Drugs and alcohol policy", two thirds into a
  // handbook) titles its part, not the file.
  const title =
    (headings[0]?.className === "title" && !isPlaceholder(headings[0].textContent ?? "") ? headings[0].textContent?.trim() : undefined) ||
    boldFirstLine(document as unknown as DomDocument) ||
    titleAmong(headings.map((h) => ({ text: h.textContent?.trim() ?? "", level: Number(h.tagName.slice(1)) })).filter((h) => h.text !== ""));
  // A file with a heading style or two beside many bold labels ("RENT:", "PETS:") has its sections in bold.
  if (headings.filter((h) => h.className !== "title").length < FEW_STYLED_HEADINGS) markBoldHeadings(document as unknown as DomDocument);
  // The notes come last, after the last heading: under a "Notes" heading of their own a note is cited
  // as a note, not as part of the document's last section. A document without headings has no
  // sections to mix them up with, and "Notes" would become its title.
  const firstNote = document.querySelector('li[id^="footnote-"], li[id^="endnote-"]') as { parentNode: { before(node: unknown): void } | null } | null;
  if (firstNote?.parentNode && document.querySelector("h1, h2, h3, h4, h5, h6")) {
    const heading = document.createElement("h1");
    heading.textContent = NOTES_HEADING;
    firstNote.parentNode.before(heading);
  }
  const text = blocksToText(document.body as unknown as DomNode);
  if (text.trim() === "") return { problem: NO_TEXT };
  return title ? { text, title } : { text };
}

/**
 * A paragraph in a heading style that holds sentences ("Preheat the oven to 425F.  Spray a large baking
 * dish …", set in the Title style on a recipe card) is text: as a heading it was either a section named
 * by a paragraph or, too long for one, a passage quoted with its "#".
 */
function withSentencesAsText(document: DomDocument): void {
  for (const h of Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6"))) {
    if (/[.!?]["'”’)]*\s+["'“‘(]?\p{Lu}/u.test((h.textContent ?? "").trim())) retagged(document, h, "p");
  }
}

/**
 * A file of parts each titled in the Title style (a recipe collection's cards, each recipe's name over
 * its "Ingredients:" and "Directions:" in Heading 1) nests its headings under each part's title: at one
 * level, "Ingredients:" replaced the recipe's name, which no section then held. One Title-style
 * paragraph lower down (a handbook's "Drugs and alcohol policy") is a chapter beside the others.
 */
function withTitledParts(document: DomDocument): void {
  const titles = Array.from(document.querySelectorAll("h1.title")).filter((t) => (t.textContent ?? "").trim() !== "");
  if (titles.length < TITLED_PARTS) return;
  for (const h of Array.from(document.querySelectorAll("h1, h2, h3, h4, h5"))) {
    if ((h as DomElement & { className?: string }).className !== "title") retagged(document, h, `h${Number(h.nodeName.slice(1)) + 1}`);
  }
}

/** Title-style paragraphs that make a file a collection of titled parts. */
const TITLED_PARTS = 3;

/** A template's placeholder, all in square brackets ("[Recipe Title]", "[Type the document title]"): no title. */
const isPlaceholder = (text: string) => /^\[[^\]]*\]$/.test(text.trim());

/** Fewer styled headings than this leave a file's bold labels to name its sections. */
const FEW_STYLED_HEADINGS = 3;

/** The text of the document's first block when it is a bold label standing before every heading. */
function boldFirstLine(document: DomDocument): string | undefined {
  const first = document.querySelectorAll("body > *")[0];
  const text = first?.textContent?.trim() ?? "";
  return first && first.nodeName.toUpperCase() === "P" && isLabel(text) && allBold(first) ? text : undefined;
}

/**
 * A Word file written without heading styles still has its headings, in bold: a paragraph all in bold
 * ("Definitions"), or a numbered item that is only a bold label, over its sub-items ("1. **Definitions**" /
 * "1.1 …") or alone in its list before the section's paragraphs, as an IP policy had them. Read as headings (a list item's one level deeper per
 * list it is nested in), they name the sections its quotes are cited under; without them every quote of
 * the file had no section.
 */
function markBoldHeadings(document: DomDocument): void {
  boldParagraphsAsHeadings(document.querySelectorAll("body")[0]!, document);
  for (const li of Array.from(document.querySelectorAll("li"))) {
    const own = Array.from(li.childNodes).filter((n) => !(n.nodeType === 3 && (n.textContent ?? "").trim() === ""));
    const [label, ...rest] = own;
    if (!label || label.nodeName.toUpperCase() !== "STRONG" || !isLabel((label.textContent ?? "").trim())) continue;
    // Over its own sub-items, or alone in its list with the section's paragraphs after it.
    const alone = rest.length === 0 && Array.from(li.parentNode?.childNodes ?? []).filter((n) => n.nodeName.toUpperCase() === "LI").length === 1;
    if (!alone && (rest.length === 0 || !rest.every((n) => /^(?:OL|UL)$/i.test(n.nodeName)))) continue;
    let depth = 0;
    for (let e: DomElement | null = li; e; e = e.parentNode) if (/^(?:OL|UL)$/i.test(e.nodeName)) depth++;
    retagged(document, label, `h${Math.min(6, 1 + depth)}`);
  }
}


function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 200);
}
