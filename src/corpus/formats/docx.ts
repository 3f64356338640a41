import mammoth from "mammoth";
import { parseHTML } from "linkedom";
import { blocksToText, type DomNode } from "./blocks.ts";
import { NO_TEXT, type Extraction } from "./types.ts";
import { titleAmong } from "../title.ts";

/** Office files saved with a password are OLE compound files, not the zip a .docx is. */
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_SIGNATURE = [0x50, 0x4b];

/** Word's Title style is the document's title: a heading, so that it names the document and its first section. */
const STYLE_MAP = ["p[style-name='Title'] => h1.title:fresh"];

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
  // Read before the notes' heading joins the others: the Title style, else the one heading above the rest.
  const headings = Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6") as ArrayLike<{ tagName: string; textContent: string | null; className?: string }>);
  const title = headings.find((h) => h.className === "title")?.textContent?.trim() || titleAmong(headings.map((h) => ({ text: h.textContent?.trim() ?? "", level: Number(h.tagName.slice(1)) })).filter((h) => h.text !== ""));
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

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 200);
}
