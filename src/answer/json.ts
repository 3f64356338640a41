import type { Answer, RelatedPassage } from "./types.ts";

/** A quote without its internal passage id, its page null outside PDFs. */
type LocatedQuote = Omit<RelatedPassage, "passageId" | "page"> & { page: number | null };

/** The `ask --json` record: one stable, documented shape for scripts. */
export interface AnswerJson {
  question: string;
  answer: string;
  abstained: boolean;
  mode: "extractive" | "llm";
  citations: ({ n: number } & LocatedQuote)[];
  /**
   * Beside a decline, the closest passages found (the readable output's "Closest passages": check whether
   * they answer it); the answer does not rest on them. Empty for an answer.
   */
  related: LocatedQuote[];
  latencyMs: number;
}

export function toAnswerJson(answer: Answer, latencyMs: number): AnswerJson {
  return {
    question: answer.question,
    answer: answer.text,
    abstained: answer.status === "abstained",
    mode: answer.mode,
    citations: answer.citations.map((c) => ({ n: c.n, ...located(c) })),
    related: answer.status === "abstained" ? answer.related.map(located) : [],
    latencyMs: Math.round(latencyMs * 10) / 10,
  };
}

/** Where a quote is, in the documented order of the JSON fields. */
function located(c: RelatedPassage): LocatedQuote {
  return { docId: c.docId, title: c.title, section: c.section, file: c.file, start: c.start, end: c.end, quote: c.quote, page: c.page ?? null, score: c.score };
}

/**
 * A quote's line breaks as spaces: a sentence holds a line break only where its source wraps prose
 * at a width (see corpus/lineBreaks.ts), which read as a broken line in a chat. The words are the
 * quote's, in order; its offsets in the JSON output still slice the file exactly.
 */
export function unwrapped(text: string): string {
  return text.replace(/[ \t]*\r?\n[ \t]*/g, " ");
}

/** An answer's text as shown to a reader: an extractive answer is made of quotes, a model's keeps the lines it wrote. */
export function shownAnswerText(answer: Answer): string {
  return answer.mode === "extractive" ? unwrapped(answer.text) : answer.text;
}

/**
 * The section to show after a source's title: none when it only repeats the title (a document whose
 * one top heading is its title: "Florence § Florence").
 */
export function shownSection(source: { title: string; section: string | null }): string | null {
  return source.section && source.section !== source.title ? source.section : null;
}

/** "Title § Section" as a reader sees a source (terminal, logs, console). */
export function sourceName(source: { title: string; section: string | null }): string {
  const section = shownSection(source);
  return section ? `${source.title} § ${section}` : source.title;
}

/** The answer for a terminal: text, then each quote with its source. */
export function toReadableText(answer: Answer): string {
  const lines = [shownAnswerText(answer)];
  for (const c of answer.citations) {
    lines.push("", `[${c.n}] “${unwrapped(c.quote)}”`, `    — ${sourceName(c)} (${c.file}${c.page ? `, p. ${c.page}` : ""}, characters ${c.start}–${c.end})`);
  }
  if (answer.status === "abstained" && answer.related.length > 0) {
    lines.push("", "Closest passages (check whether they answer it):");
    for (const r of answer.related) lines.push(`  • “${unwrapped(r.quote)}” — ${sourceName(r)}${r.page ? `, p. ${r.page}` : ""}`);
  }
  return lines.join("\n");
}
