/** Text taken out of a PDF, web page or Word file; offsets of passages and quotes index into `text`. */
export interface ExtractedText {
  text: string;
  /** A title the file itself declares (PDF metadata, HTML <title>), if any. */
  title?: string;
  /** PDF only: the offset in `text` at which each page begins, page 1 first. */
  pageStarts?: number[];
  /** What was read but is not indexed, for the maintainer: "pages 7–14 have no text …". */
  notice?: string;
  /** The text is a plain-text document (a web page that is one `<pre>`): read as a text file is. */
  plainText?: boolean;
}

/** A file that cannot be indexed, with the reason and what to do about it. */
export interface ExtractionProblem {
  problem: string;
}

export type Extraction = ExtractedText | ExtractionProblem;

export type Extractor = (bytes: Uint8Array) => Promise<Extraction>;

export const NO_TEXT = "skipped: no text to index (an image-only or empty file; run OCR or save it with its text)";
