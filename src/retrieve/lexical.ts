import Database from "better-sqlite3";
import type { Passage } from "../corpus/types.ts";
import { contentTerms, editDistance, typoAllowance } from "../text/words.ts";

export interface LexicalHit {
  row: number;
  /** BM25 relevance from SQLite FTS5 (the negated `bm25()`): unbounded, higher is more relevant. */
  bm25: number;
}

/** The lexical index's file inside a build folder. */
export const LEXICAL_FILE = "lexical.sqlite";

/** Column weights of `bm25()`: a match in the passage counts more than in its section or title. */
const WEIGHTS = { text: 1, section: 0.5, title: 0.25 };
/** Corpus terms a typo is expanded to, closest first. */
const MAX_TYPO_CANDIDATES = 5;
/** Typo look-ups remembered per index. */
const MEMO_SIZE = 10_000;

type Db = Database.Database;

/**
 * BM25 over passages on the same stemmed content words as the rest of the program, stored in SQLite
 * FTS5 so that a built index opens without rebuilding anything. Rows are passage row numbers.
 * Typo tolerance: a query term the index lacks is widened to the corpus terms within the typos its
 * length allows (never for terms the index holds: that would cost a vocabulary scan per term).
 */
export class LexicalIndex {
  private readonly db: Db;
  private readonly search: Database.Statement<[string, number], { row: number; rank: number }>;
  private readonly known: Database.Statement<[string], { found: number }>;
  private byLength?: Map<number, string[]>;
  private readonly memo = new Map<string, string[]>();

  /**
   * `source`: the passages to index in memory (tests, benchmarks), or the path of a file written by
   * `writeLexicalIndex`, opened read-only.
   */
  constructor(source: readonly Passage[] | string) {
    if (typeof source === "string") {
      this.db = new Database(source, { readonly: true, fileMustExist: true });
    } else {
      this.db = new Database(":memory:");
      fill(this.db, source);
    }
    this.search = this.db.prepare(
      `SELECT rowid AS row, bm25(fts, ${WEIGHTS.text}, ${WEIGHTS.section}, ${WEIGHTS.title}) AS rank FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT ?`,
    );
    this.known = this.db.prepare("SELECT 1 AS found FROM vocab WHERE term = ?");
  }

  query(text: string, k: number): LexicalHit[] {
    const terms = [...new Set(contentTerms(text).map(token).filter(Boolean))];
    if (terms.length === 0 || k <= 0) return [];
    const expression = terms
      .map((t) => {
        const alternatives = this.known.get(t) ? [t] : [t, ...this.typoCandidates(t)];
        return alternatives.length === 1 ? quote(t) : `(${alternatives.map(quote).join(" OR ")})`;
      })
      .join(" OR ");
    return this.search.all(expression, k).map((r) => ({ row: r.row, bm25: -r.rank }));
  }

  close(): void {
    this.db.close();
  }

  /** Corpus terms within the typos `term` may carry, closest first; the vocabulary is read on first need. */
  private typoCandidates(term: string): string[] {
    const max = typoAllowance(term);
    if (max === 0) return [];
    const hit = this.memo.get(term);
    if (hit) return hit;
    this.byLength ??= groupByLength(this.db.prepare("SELECT term FROM vocab").pluck().all() as string[]);
    const found: { term: string; distance: number }[] = [];
    for (let len = term.length - max; len <= term.length + max; len++) {
      for (const candidate of this.byLength.get(len) ?? []) {
        const d = editDistance(term, candidate, max);
        if (d <= max) found.push({ term: candidate, distance: d });
      }
    }
    const out = found.sort((a, b) => a.distance - b.distance).slice(0, MAX_TYPO_CANDIDATES).map((f) => f.term);
    if (this.memo.size >= MEMO_SIZE) this.memo.delete(this.memo.keys().next().value!);
    this.memo.set(term, out);
    return out;
  }
}

/** Writes the lexical index of `passages` to `file` (a new SQLite database), for `new LexicalIndex(file)`. */
export function writeLexicalIndex(file: string, passages: readonly Passage[]): void {
  const db = new Database(file);
  try {
    fill(db, passages);
  } finally {
    db.close();
  }
}

function fill(db: Db, passages: readonly Passage[]): void {
  // Terms arrive already stemmed and joined by spaces; unicode61 keeps "3.5" whole with "." as a token character.
  db.exec(`
    CREATE VIRTUAL TABLE fts USING fts5(text, section, title, tokenize = "unicode61 remove_diacritics 0 tokenchars '.'");
    CREATE VIRTUAL TABLE vocab USING fts5vocab(fts, 'row');
  `);
  const insert = db.prepare("INSERT INTO fts (rowid, text, section, title) VALUES (?, ?, ?, ?)");
  const terms = (text: string) => contentTerms(text).map(token).join(" ");
  db.transaction(() => {
    passages.forEach((p, row) => insert.run(row, terms(p.text), terms(p.section ?? ""), terms(p.title)));
  })();
  db.exec("INSERT INTO fts (fts) VALUES ('optimize')");
}

/** A content term as FTS5 stores it: apostrophes ("o'brien") are dropped on both sides. */
const token = (term: string) => term.replace(/'/g, "");
const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;

function groupByLength(terms: readonly string[]): Map<number, string[]> {
  const byLength = new Map<number, string[]>();
  for (const t of terms) {
    const list = byLength.get(t.length) ?? [];
    list.push(t);
    byLength.set(t.length, list);
  }
  return byLength;
}
