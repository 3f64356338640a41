/** HTML's inline tags, by name: "<camera>" in "No frames received from <camera>" is a placeholder, no tag. */
const INLINE_TAG = /<\/?(?:a|abbr|b|br|code|em|font|i|kbd|mark|small|span|strong|sub|sup|u)(?:\s[^<>]*)?\/?>/gi;

/**
 * A Markdown heading's text without the attribute list kramdown and Pandoc allow after it
 * ("Making the Web Accessible {#making}") and without HTML tags ("<a id=\"technical\">Technical
 * Questions</a>", a link target): markup, which citations showed in the section's name.
 */
export function headingText(raw: string): string {
  const text = raw.replace(/\s*\{\s*[#.][^{}]*\}\s*$/, "").replace(INLINE_TAG, "").replace(/\s+/g, " ").trim();
  return text || raw.trim();
}

/** A heading of a document, with its level (1 for `#`, Heading 1 or `<h1>`). */
export interface Heading {
  text: string;
  level: number;
}

/**
 * The document's title among its headings: the first, unless a later heading stands at its level or
 * above. A changelog's "# Unreleased" followed by "# v10.2.0", or a file of several "## Part" sections,
 * has no heading that names the whole, and citing it as "Unreleased" would mislead; its file name does.
 */
export function titleAmong(headings: Iterable<Heading>): string | undefined {
  let first: Heading | undefined;
  for (const h of headings) {
    if (!first) first = h;
    else if (h.level <= first.level) return undefined;
  }
  return first?.text;
}

/** A byline ("By Charles Darwin", "Edited by his Son Francis Darwin"): who wrote a text, not a part of it, so no heading. */
export function isByline(line: string): boolean {
  return /^(?:(?:written|edited|translated|compiled|illustrated|selected|arranged|revised|introduced|produced)\s+)?by\s+\S/i.test(line.trim());
}

/**
 * A title without the catalogue's name for it: a Project Gutenberg page's <title> "The Project Gutenberg
 * eBook of Archeological History of Chiriqui, by William H. Holmes" or "Soups | Project Gutenberg" names
 * the book "Archeological History of Chiriqui", "Soups"; citations showed the catalogue's words.
 */
export function withoutCatalogueName(title: string): string {
  const lead = /^\s*(?:The )?Project Gutenberg(?:'s|’s)? e-?book,?\s+(?:of\s+)?/i;
  const book = lead.test(title) ? title.replace(lead, "").replace(/,\s+by\s+[^,]+$/i, "") : title;
  const stripped = book.replace(/\s*(?:[|:–—-]|,)\s*(?:an? |the )?(?:free )?Project Gutenberg(?: e-?book)?\.?\s*$/i, "").trim();
  return stripped || title.trim();
}
