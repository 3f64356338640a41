import type { Span } from "../corpus/chunk.ts";
import type { Passage } from "../corpus/types.ts";
import { acronymsOf, longFormsOf, nameInitials, spelledInitials } from "../text/acronyms.ts";
import { corpusNames, vocabularyEntries } from "../text/vocabulary.ts";
import { contentTerms } from "../text/words.ts";

/**
 * What the answerer needs of the whole index (its inverse sentence frequencies, vocabulary and
 * acronyms), computed when the index is built and stored with it, so that loading an index reads
 * these tables instead of tokenising every sentence on the thread that answers.
 */
export interface AnswerTables {
  /** Sentences in the index. */
  sentences: number;
  /** Sentences holding each content stem. */
  sentenceFrequency: [stem: string, sentences: number][];
  /** Every distinct word of the passages, their titles and sections, in first-seen order, with its stem. */
  vocabulary: [word: string, stem: string][];
  /** Lower-case words the corpus writes as names, for questions typed in lower case. */
  names: string[];
  /** Acronyms the corpus defines, with the stems of their long forms. */
  acronyms: [acronym: string, stems: string[]][];
  /** Acronyms of names the corpus spells out, with the long form (see `longFormsOf`); absent before index format 5. */
  longForms: [acronym: string, longForm: string][];
  /** Initials of the names the corpus spells out, lower-cased (see `spelledInitials`); absent before index format 6. */
  initials: string[];
}

/** The answerer's tables of a build, as JSON lines (see `tablesToLines`). */
export const TABLES_FILE = "answerer.jsonl";
/** Entries per line: a line is parsed in one go, so it bounds one slice of a load. */
const ENTRIES_PER_LINE = 2_000;

/** A sentence's text, from its absolute offsets and its passage. */
export function sentenceText(passage: Passage, sentence: Span): string {
  return passage.text.slice(sentence.start - passage.start, sentence.end - passage.start);
}

export function computeAnswerTables(passages: readonly Passage[], sentences: readonly (Span & { passage: number })[]): AnswerTables {
  const frequency = new Map<string, number>();
  for (const s of sentences) {
    for (const t of new Set(contentTerms(sentenceText(passages[s.passage]!, s)))) frequency.set(t, (frequency.get(t) ?? 0) + 1);
  }
  // Titles and headings are where names are spelt out in full: each is counted once.
  const initials = nameInitials([...new Set(passages.flatMap((p) => [p.title, p.section ?? ""])), ...passages.map((p) => p.text)]);
  return {
    sentences: sentences.length,
    sentenceFrequency: [...frequency],
    vocabulary: vocabularyEntries(passages.flatMap((p) => [p.text, p.title, p.section ?? ""])),
    names: corpusNames(passages.map((p) => p.text)),
    acronyms: [...acronymsOf(passages.map((p) => p.text))],
    longForms: longFormsOf(initials),
    initials: spelledInitials(initials),
  };
}

/** One line with the counts and acronyms, then the long lists ENTRIES_PER_LINE entries a line. */
export function tablesToLines(tables: AnswerTables): string {
  const lines = [JSON.stringify({ sentences: tables.sentences, acronyms: tables.acronyms })];
  for (const key of ["sentenceFrequency", "vocabulary", "names", "longForms", "initials"] as const) {
    for (let i = 0; i < tables[key].length; i += ENTRIES_PER_LINE) lines.push(JSON.stringify({ [key]: tables[key].slice(i, i + ENTRIES_PER_LINE) }));
  }
  return `${lines.join("\n")}\n`;
}

/** Adds one parsed line of TABLES_FILE to `tables` (start from `emptyTables()`). */
export function addTablesLine(tables: AnswerTables, line: Partial<AnswerTables>): void {
  if (line.sentences !== undefined) tables.sentences = line.sentences;
  if (line.acronyms) tables.acronyms.push(...line.acronyms);
  if (line.sentenceFrequency) for (const e of line.sentenceFrequency) tables.sentenceFrequency.push(e);
  if (line.vocabulary) for (const e of line.vocabulary) tables.vocabulary.push(e);
  if (line.names) for (const e of line.names) tables.names.push(e);
  if (line.longForms) for (const e of line.longForms) tables.longForms.push(e);
  if (line.initials) for (const e of line.initials) tables.initials.push(e);
}

export const emptyTables = (): AnswerTables => ({ sentences: 0, sentenceFrequency: [], vocabulary: [], names: [], acronyms: [], longForms: [], initials: [] });
