import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { blocksToText, boldParagraphsAsHeadings, type DomDocument, type DomElement, type DomNode } from "./blocks.ts";
import type { Extraction } from "./types.ts";

const NO_PAGE_TEXT = "skipped: no text to index (the page holds only scripts, images or nothing; save it from the browser once it has loaded, or print it to PDF)";

/**
 * A saved web page's main text, without navigation, via Readability (Firefox's reader view) on a
 * linkedom DOM. A page too short for Readability to call it an article is taken whole.
 */
export async function extractHtml(bytes: Uint8Array): Promise<Extraction> {
  const html = decodeHtml(bytes);
  if (html === undefined) return { problem: 'skipped: not valid UTF-8 and no other charset declared; save it as UTF-8 or declare its encoding with <meta charset="…">' };
  const page = wholePage(html);
  const { document } = parseHTML(page);
  withoutWikiFurniture(document as unknown as DomDocument);
  const pageTitle = document.querySelector("title")?.textContent?.trim() || undefined;
  let article: { title?: string | null; content?: string | null } | null = null;
  try {
    // Readability changes the document it reads; give it a copy so the fallback sees the page whole.
    const copy = parseHTML(page).document;
    withoutWikiFurniture(copy as unknown as DomDocument);
    // It drops what its class or id calls a header: a book's `<h2 class="subheaders">` and `<dt
    // class="subheaders">` ("Saturation") went with it. A heading or a term is the article's own text.
    for (const label of Array.from(copy.querySelectorAll("h1, h2, h3, h4, h5, h6, dt")) as DomElement[]) {
      label.removeAttribute("class");
      label.removeAttribute("id");
    }
    article = new Readability(copy as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 200 }).parse();
  } catch {
    article = null;
  }
  const keptDocument = article?.content ? parseHTML(`<html><body>${article.content}</body></html>`).document : undefined;
  const kept = keptDocument?.body as unknown as DomNode | undefined;
  const region = kept ? articleRegionIfCut(document as unknown as DomDocument, kept) : undefined;
  const root: DomNode | undefined = kept ? (region ?? kept) : (document.body as unknown as DomNode);
  if (root) withBoldSubheads(root as unknown as DomElement, (root === kept ? keptDocument : document) as unknown as DomDocument);
  const text = root ? blocksToText(root) : "";
  if (text.trim() === "") return { problem: redirectProblem(document) ?? NO_PAGE_TEXT };
  return { text, title: article?.title?.trim() || pageTitle, ...(isPreformatted(root!) ? { plainText: true } : {}) };
}

/** Fewer headings than this leave a page's bold paragraphs to name its sections. */
const FEW_HEADINGS = 3;

/**
 * A news article's subheads set as bold paragraphs ("<p><strong>Whole Foods future</strong></p>") are
 * its sections when the page has few headings of its own: a new user's article (T40) had all 53 passages without one.
 */
function withBoldSubheads(root: DomElement, document: DomDocument): void {
  if (root.querySelectorAll("h1, h2, h3, h4, h5, h6").length < FEW_HEADINGS) boldParagraphsAsHeadings(root, document);
}

/**
 * What a saved wiki page (MediaWiki: Wikipedia and its kin) shows around its text: "[edit]" links in
 * every heading, the contents box, "Main article: …" notes, navigation boxes, the citation marks
 * ("[27]") and the list of references they point to. Left in, "History[edit] › [edit]" named sections,
 * and the references, a third of an article's passages, crowded its text out of the retrieved ones.
 */
const WIKI_FURNITURE = ".mw-editsection, .mw-jump-link, #toc, .toc, .hatnote, .navbox, .vertical-navbox, sup.reference, .mw-cite-backlink, .reflist, ol.references, .mw-references-wrap, .catlinks, .sistersitebox, .noprint";

function withoutWikiFurniture(document: DomDocument): void {
  for (const e of Array.from(document.querySelectorAll(WIKI_FURNITURE))) (e as DomElement).remove();
}

/** The share of a page's text in `<pre>` that makes it a plain-text document. */
const PREFORMATTED_SHARE = 0.8;

/**
 * A plain-text document put on the web in a `<pre>`: an IETF draft or RFC, a README. Read as one,
 * its headings ("Abstract", "3.  Requests"), page footers ("de Jong [Page 4]") and running heads
 * ("Internet-Draft  remoteStorage  December 2014") are told as in a .txt file; read as a web page,
 * none of its 253 passages had a section and a fifth of them were footers and running heads.
 */
function isPreformatted(root: DomNode): boolean {
  const all = normalised(root.textContent).length;
  const pre = Array.from((root as unknown as DomElement).querySelectorAll?.("pre") ?? []).reduce((sum, p) => sum + normalised((p as DomElement).textContent).length, 0);
  return all > 0 && pre >= PREFORMATTED_SHARE * all;
}

/** Where a paragraph is page furniture, never the article's text. */
const FURNITURE = "nav, header, footer, aside, form, script, style, noscript, template, [role=navigation], [role=banner], [role=contentinfo], [role=complementary], [hidden], [aria-hidden=true]";
/** Readability's own signs of what is not the article (its "unlikely candidates"), for class and id. */
const NOT_ARTICLE = /comment|related|share|social|sidebar|footer|promo|sponsor|advert|\bads?\b|banner|newsletter|subscribe|cookie|popup|breadcrumb|menu/i;
/** A paragraph this long is prose; shorter ones are captions, bylines and buttons. */
const PROSE_CHARS = 60;
/** Prose Readability cut from inside the article's region that makes the region worth taking whole. */
const CUT_PROSE_CHARS = 200;

const normalised = (text: string | null) => (text ?? "").replace(/\s+/g, " ").trim();

/**
 * Readability drops short sections of an article when it cleans it: a page rendered from R Markdown
 * or pandoc, whose sections are each a `<div class="section">`, lost "DA Japan Talk", "Subgroups" and
 * "Containers" (a few lines each, one with long link texts), and a new user's question about them was
 * declined. When prose paragraphs of the page, outside its furniture, lie inside the region that holds
 * the paragraphs Readability kept but are missing from its article, that region is read whole instead
 * (without its furniture and what its class or id marks as comments, sharing, related links or ads).
 */
function articleRegionIfCut(document: DomDocument, kept: DomNode): DomNode | undefined {
  const keptText = normalised(kept.textContent);
  // Most kept paragraphs are kept whole; a search of the whole text is for the few Readability changed.
  const keptParagraphs = new Set(Array.from((kept as unknown as DomElement).querySelectorAll("p")).map((p) => normalised(p.textContent)));
  const prose = Array.from(document.querySelectorAll("p")).filter((p) => normalised(p.textContent).length >= PROSE_CHARS && !p.closest(FURNITURE));
  const inArticle = prose.filter((p) => keptParagraphs.has(normalised(p.textContent)) || keptText.includes(normalised(p.textContent)));
  if (inArticle.length === 0 || inArticle.length === prose.length) return undefined;
  // The region spans what Readability kept, its headings too: a kept section's heading may stand above
  // the one sub-section whose paragraphs it kept.
  const keptHeadings = new Set(Array.from((kept as unknown as DomElement).querySelectorAll("h1, h2, h3, h4, h5, h6")).map((h) => normalised(h.textContent)));
  const headings = Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6")).filter((h) => keptHeadings.has(normalised(h.textContent)) && !h.closest(FURNITURE));
  const anchors = [...inArticle, ...headings];
  let region: DomElement | null = inArticle[0]!;
  while (region && !anchors.every((e) => region!.contains(e))) region = region.parentElement;
  if (!region) return undefined;
  const markedOut = (p: DomElement) => {
    for (let e: DomElement | null = p; e && e !== region; e = e.parentElement) if (marksNoArticle(e)) return true;
    return false;
  };
  const cut = prose.filter((p) => !inArticle.includes(p) && region!.contains(p) && !markedOut(p) && linkShare(p) < 0.5);
  if (cut.reduce((sum, p) => sum + normalised(p.textContent).length, 0) < CUT_PROSE_CHARS) return undefined;
  const whole = region.cloneNode(true);
  for (const e of Array.from(whole.querySelectorAll(FURNITURE))) e.remove();
  for (const e of Array.from(whole.querySelectorAll("[class], [id]"))) if (marksNoArticle(e)) e.remove();
  return whole;
}

/** The element's class or id says it is no part of the article (comments, sharing, ads). */
const marksNoArticle = (e: DomElement) => NOT_ARTICLE.test(`${e.getAttribute("class") ?? ""} ${e.getAttribute("id") ?? ""}`);

/** The share of a paragraph's text that is link text. */
function linkShare(p: DomElement): number {
  const all = normalised(p.textContent).length;
  const linked = Array.from(p.querySelectorAll("a")).reduce((sum, a) => sum + normalised(a.textContent).length, 0);
  return all === 0 ? 0 : linked / all;
}

/**
 * A page with no text of its own that sends the browser on (`<meta http-equiv="refresh">`): a
 * bookmark saved instead of the page. Named with its target, without query or fragment.
 */
function redirectProblem(document: { querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }> }): string | undefined {
  const refresh = Array.from(document.querySelectorAll("meta")).find((m) => m.getAttribute("http-equiv")?.trim().toLowerCase() === "refresh");
  const target = /url\s*=\s*["']?([^"'\s]+)/i.exec(refresh?.getAttribute("content") ?? "")?.[1];
  if (!target) return undefined;
  return `skipped: only a redirect to ${target.replace(/[?#].*$/, "")}; save the page it points to instead`;
}

/**
 * linkedom builds no <html> and <body> around a page saved without them (a fragment, plain text, an
 * empty file): its text would be lost, and an empty document has no body at all. Wrap such a page.
 */
function wholePage(html: string): string {
  if (/<html[\s>]/i.test(html)) return html;
  const rest = html.replace(/^\s*<!doctype[^>]*>/i, "");
  return /<body[\s>]/i.test(rest) ? `<html>${rest}</html>` : `<html><head></head><body>${rest}</body></html>`;
}

/** Byte-order marks, which browsers trust over any <meta charset> (WHATWG encoding sniffing). */
const BOMS: [number[], string][] = [
  [[0xef, 0xbb, 0xbf], "utf-8"],
  [[0xff, 0xfe], "utf-16le"],
  [[0xfe, 0xff], "utf-16be"],
];

/**
 * The page in the encoding its byte-order mark says, else the one it declares in its first 1024
 * bytes (`<meta charset>` or the http-equiv form, where browsers look), else UTF-8; undefined when
 * the bytes are not valid in it. Old saved pages are often windows-1252 or windows-1251: read as
 * UTF-8 they would be indexed, and quoted, with U+FFFD in place of every accented letter.
 */
function decodeHtml(bytes: Uint8Array): string | undefined {
  const bom = BOMS.find(([mark]) => mark.every((b, i) => bytes[i] === b));
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  const declared = /<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
  const known = (label: string) => {
    try {
      return new TextDecoder(label, { fatal: true });
    } catch {
      return undefined; // a label TextDecoder does not know
    }
  };
  // A page converted to UTF-8 often keeps its old <meta charset="windows-1252">; the mark is right.
  // Found in bytes read as ASCII, a declared UTF-16 ("utf-16", "unicode", …) is wrong: browsers then
  // read UTF-8 (WHATWG prescan).
  const meta = declared ? known(declared) : undefined;
  const decoder = bom ? known(bom[1])! : meta && !meta.encoding.startsWith("utf-16") ? meta : known("utf-8")!;
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}
