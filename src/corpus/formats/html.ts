import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { blocksToText, type DomNode } from "./blocks.ts";
import { NO_TEXT, type Extraction } from "./types.ts";

/**
 * A saved web page's main text, without navigation, via Readability (Firefox's reader view) on a
 * linkedom DOM. A page too short for Readability to call it an article is taken whole.
 */
export async function extractHtml(bytes: Uint8Array): Promise<Extraction> {
  const html = new TextDecoder("utf-8").decode(bytes);
  const { document } = parseHTML(html);
  const pageTitle = document.querySelector("title")?.textContent?.trim() || undefined;
  let article: { title?: string | null; content?: string | null } | null = null;
  try {
    // Readability changes the document it reads; give it a copy so the fallback sees the page whole.
    article = new Readability(parseHTML(html).document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 200 }).parse();
  } catch {
    article = null;
  }
  const root: DomNode = article?.content ? (parseHTML(`<html><body>${article.content}</body></html>`).document.body as unknown as DomNode) : (document.body as unknown as DomNode);
  if (!root) return { problem: NO_TEXT };
  const text = blocksToText(root);
  if (text.trim() === "") return { problem: NO_TEXT };
  return { text, title: article?.title?.trim() || pageTitle };
}
