import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { TextItem } from "pdfjs-dist/types/src/display/api.js";
import { NO_TEXT, type Extraction } from "./types.ts";

/** A vertical gap between lines larger than this many line heights starts a new paragraph. */
const PARAGRAPH_GAP = 1.6;

/**
 * A PDF's text layer, page by page (pdfjs-dist's legacy build, the one made for Node). Lines are
 * rebuilt from the text items' positions; pages are separated by a blank line and their starting
 * offsets kept, so a citation can name its page.
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
    const pages: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const boxes = annotationText(await page.getAnnotations());
      pages.push([pageText(content.items.filter((i): i is TextItem => "str" in i)), ...boxes].filter((p) => p !== "").join("\n\n"));
      page.cleanup();
    }
    if (pages.every((p) => p.trim() === "")) return { problem: NO_TEXT };
    const pageStarts: number[] = [];
    let text = "";
    for (const p of pages) {
      if (text !== "" && p !== "") text += "\n\n";
      pageStarts.push(text.length);
      text += p;
    }
    const info = (await pdf.getMetadata().catch(() => undefined))?.info as { Title?: unknown } | undefined;
    const title = typeof info?.Title === "string" && info.Title.trim() ? info.Title.trim() : undefined;
    return { text, title, pageStarts };
  } catch (error) {
    return { problem: `skipped: damaged PDF (${firstLine(error)}); save or print it to a new PDF` };
  } finally {
    await pdf.destroy();
  }
}

function openFailure(error: unknown): string {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === "PasswordException") return "skipped: encrypted (password-protected) PDF; save an unprotected copy";
  if (name === "InvalidPDFException") return "skipped: damaged, not a readable PDF; save or print it to a new PDF";
  return `skipped: damaged PDF (${firstLine(error)}); save or print it to a new PDF`;
}

/** Joins a page's text items into lines, and lines into paragraphs by their vertical gaps. */
function pageText(items: TextItem[]): string {
  const lines: { text: string; y: number; height: number }[] = [];
  let current: { text: string; y: number; height: number } | undefined;
  for (const item of items) {
    const y = item.transform[5] as number;
    const height = Math.abs((item.transform[3] as number) || item.height || 0);
    if (current && item.str !== "" && Math.abs(current.y - y) > Math.max(current.height, height) / 2) {
      lines.push(current);
      current = undefined;
    }
    if (item.str !== "") {
      if (!current) current = { text: "", y, height };
      current.text += item.str;
      current.height = Math.max(current.height, height);
    }
    if (item.hasEOL && current) {
      lines.push(current);
      current = undefined;
    }
  }
  if (current) lines.push(current);
  let out = "";
  let prev: (typeof lines)[number] | undefined;
  for (const line of lines) {
    const text = line.text.replace(/\s+/g, " ").trim();
    if (!text) continue;
    if (prev) out += prev.y - line.y > PARAGRAPH_GAP * Math.max(prev.height, line.height, 1) ? "\n\n" : "\n";
    out += text;
    prev = line;
  }
  return out;
}

/**
 * The text that visible annotations show: filled form fields and text boxes typed onto the page
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
    .filter((text) => text !== "");
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 200);
}
