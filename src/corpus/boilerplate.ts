/**
 * A Project Gutenberg book's own text, between its "*** START OF THE PROJECT GUTENBERG EBOOK …" and
 * "*** END OF …" lines (or an older "End of the Project Gutenberg EBook of …"). Outside them stand the
 * licence, the credits and the catalogue entry, which answered "who wrote …?" with the licence's
 * "Project Gutenberg" in a new user's trial. Undefined for any other text.
 */
export function bookBody(text: string): { start: number; end: number } | undefined {
  const opening = /^[ \t]*\*{3}[ \t]*START OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK[^\n]*$/im.exec(text);
  if (!opening) return undefined;
  const start = opening.index + opening[0].length;
  const closing = /^[ \t]*(?:\*{3}[ \t]*END OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK|End of (?:the )?Project Gutenberg(?:'s|’s)?\b)[^\n]*$/im.exec(text.slice(start));
  return { start, end: closing ? start + closing.index : text.length };
}
