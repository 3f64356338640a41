/**
 * One source behind an answer. `quote` is verbatim: the file's text (for PDF, HTML and DOCX, the text
 * extracted from it and stored with the index) sliced at [start, end).
 */
export interface Citation {
  /** The number used by the `[n]` marker in the answer text, from 1. */
  n: number;
  passageId: string;
  docId: string;
  title: string;
  section: string | null;
  /** Path relative to CORPUS_DIR. */
  file: string;
  start: number;
  end: number;
  quote: string;
  /** Relevance of the quote to the question, higher is more relevant (0..1). */
  score: number;
  /** The PDF page the quote is on, from 1; null for other formats. Set by the engine's last gate. */
  page?: number | null;
}

/** A passage offered beside an abstention; not a citation, the answer does not rest on it. */
export type RelatedPassage = Omit<Citation, "n">;

export interface RetrievedPassage {
  passageId: string;
  /** Fused retrieval relevance, higher is more relevant. */
  relevance: number;
}

interface AnswerBase {
  question: string;
  mode: "extractive" | "llm";
  /** The chat model that wrote the answer, in llm mode. */
  model?: string;
  /** The query actually retrieved with, when it differs from the question (follow-ups). */
  rewrittenQuery?: string;
  retrieved: RetrievedPassage[];
  indexVersion: string;
  /** What verification removed or changed, for the answer log. Empty when nothing. */
  verification: string[];
}

export type Answer =
  | (AnswerBase & { status: "answered"; text: string; citations: Citation[]; confidence: number })
  | (AnswerBase & { status: "abstained"; text: string; reason: string; citations: []; related: RelatedPassage[] });

/** A previous exchange in the same conversation, oldest first. */
export interface Turn {
  question: string;
  answer: string;
}

export interface AskOptions {
  /** Earlier turns, used to resolve follow-ups such as "and when was that?". */
  history?: readonly Turn[];
}

export interface DocumentInfo {
  id: string;
  title: string;
  /** Example questions the maintainer wrote in the document's front matter. */
  questions: string[];
  file: string;
  passages: number;
}

/** What the bot, the CLI and the evaluator need from the question-answering core. */
export interface Engine {
  ask(question: string, options?: AskOptions): Promise<Answer>;
  documents(): readonly DocumentInfo[];
  /** Identifies the index build that answers now; recorded with every logged answer. */
  indexVersion(): string;
  /** Load a freshly rebuilt index if there is one; answers in flight finish on the old one. */
  reload(): Promise<{ reloaded: boolean; indexVersion: string }>;
}
