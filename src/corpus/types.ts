/** How a file's text was obtained: read as it is, or extracted from a PDF, web page or Word file. */
export type DocumentFormat = "markdown" | "text" | "pdf" | "html" | "docx";

/**
 * A file of the corpus as read from disk. `text` is the whole file (Markdown, plain text) or the text
 * extracted from it (PDF, HTML, DOCX, stored with the index); offsets index into it.
 */
export interface SourceDocument {
  /** Stable id derived from the file path relative to CORPUS_DIR. */
  id: string;
  /** Path relative to CORPUS_DIR, with forward slashes. */
  file: string;
  title: string;
  /** Example questions from the front matter's `questions:` list, shown to newcomers. */
  questions: string[];
  text: string;
  /** sha256 of `text`, hex. */
  hash: string;
  /** sha256 of the file's bytes, hex: whether a file touched since the build still holds what was indexed. */
  fileHash?: string;
  format: DocumentFormat;
  /** PDF only: the offset in `text` at which each page begins, page 1 first. */
  pageStarts?: number[];
  /** What its extraction could not read, for the maintainer (see ExtractedText.notice). */
  notice?: string;
  /** Extracted text to be read as a plain-text file (see ExtractedText.plainText). */
  plainText?: boolean;
}

/** A retrievable span of a document: `document.text.slice(start, end) === text`. */
export interface Passage {
  id: string;
  docId: string;
  title: string;
  /**
   * The nearest heading above the passage, after the headings it is nested in (joined by
   * SECTION_SEPARATOR), or null before the first heading.
   */
  section: string | null;
  file: string;
  /** UTF-16 code unit offsets into the file's text (or its extracted text), end exclusive. */
  start: number;
  end: number;
  text: string;
  /** PDF only: the page the passage is on, from 1 (passages never cross a page break). */
  page?: number;
}

/** Between a nested heading and the headings above it in `Passage.section`. */
export const SECTION_SEPARATOR = " › ";
