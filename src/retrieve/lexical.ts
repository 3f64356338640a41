import Database from "better-sqlite3";
import type { Passage } from "../corpus/types.ts";
import { TypoTrie, closestWithin } from "../text/typoTrie.ts";
import { contentTerms, typoAllowance } from "../text/words.ts";

export interface LexicalHit {
  row: number;
  /** BM25 relevance from SQLite FTS5 (the negated `bm25()`): unbounded, higher is more relevant. */
  bm25: number;
}

/** The lexical index's file inside a build folder. */
export const LEXICAL_FILE = "lexical.sqlite";

/** Column weights of `bm25()`: a match in the passage counts more than in its section or title. */
const WEIGHTS = { text: 1, section: 0.5, title: 0.25 };
/** FTS5's own BM25 constants (fts5_aux.c), which `rescore` reproduces. */
const K1 = 1.2;
const B = 0.75;
/**
 * Passages a query may make FTS5 score: the sum, over its terms, of the passages holding each. FTS5
 * scores every passage that holds any query term (about 0.6 µs each on this machine), so a question
 * made of common words at 100,000 passages would score a quarter of them. Above this, FTS5 searches
 * the rarest terms only and the best of those passages are rescored on every term (see `query`).
 */
const SCORED_PASSAGES_BUDGET = 10_000;
/** Passages found by the rarest terms that are rescored on all of them, at least. */
const RESCORE_DEPTH = 120;
/** Corpus terms a typo is expanded to, closest first. */
const MAX_TYPO_CANDIDATES = 5;
/** Typo look-ups remembered per index. */
const MEMO_SIZE = 10_000;

type Db = Database.Database;

export interface Term {
  term: string;
  /** Passages holding the term. */
  df: number;
}

/** A query term with the corpus terms its typo may stand for (only itself when the index holds it). */
interface TermGroup {
  alternatives: Term[];
  /** Passages FTS5 scores for the group. */
  cost: number;
}

/**
 * BM25 over passages on the same stemmed content words as the rest of the program, stored in SQLite
 * FTS5 so that a built index opens without rebuilding anything. Rows are passage row numbers.
 * Typo tolerance: a query term the index lacks is widened to the corpus terms within the typos its
 * length allows, found in a trie of the terms (never for terms the index holds).
 */
export class LexicalIndex {
  private readonly db: Db;
  private readonly search: Database.Statement<[string, number], { row: number; rank: number }>;
  private readonly frequencies: Database.Statement<[string], Term>;
  private readonly contents: Database.Statement<[string], { row: number; text: string; section: string; title: string }>;
  private readonly stats: { rows: number; averageTokens: number };
  /** The terms in the order of `terms()`; built on the first typo unless the index brought it. */
  private typos?: TypoTrie;
  private readonly memo = new Map<string, Term[]>();
  private readonly budget: number;

  /**
   * `source`: the passages to index in memory (tests, benchmarks), or the path of a file written by
   * `writeLexicalIndex`, opened read-only. `scoredPassagesBudget` replaces SCORED_PASSAGES_BUDGET
   * (tests of the rescoring path on small corpora; Infinity for FTS5's ranking always). `typos`: the
   * trie `writeLexicalIndex` returned for this file, stored with the index.
   */
  constructor(source: readonly Passage[] | string, options: { scoredPassagesBudget?: number; typos?: TypoTrie } = {}) {
    this.budget = options.scoredPassagesBudget ?? SCORED_PASSAGES_BUDGET;
    this.typos = options.typos;
    if (typeof source === "string") {
      this.db = new Database(source, { readonly: true, fileMustExist: true });
    } else {
      this.db = new Database(":memory:");
      fill(this.db, source);
    }
    this.search = this.db.prepare(
      `SELECT rowid AS row, bm25(fts, ${WEIGHTS.text}, ${WEIGHTS.section}, ${WEIGHTS.title}) AS rank FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT ?`,
    );
    this.frequencies = this.db.prepare("SELECT term, df FROM terms WHERE term IN (SELECT value FROM json_each(?))");
    this.contents = this.db.prepare("SELECT rowid AS row, text, section, title FROM fts WHERE rowid IN (SELECT value FROM json_each(?))");
    const { rows, tokens } = this.db.prepare("SELECT rows, tokens FROM stats").get() as { rows: number; tokens: number };
    this.stats = { rows, averageTokens: tokens / Math.max(1, rows) };
  }

  /**
   * The `k` best passages by BM25 on the query's content terms. Exactly FTS5's ranking when its terms
   * are held by at most SCORED_PASSAGES_BUDGET passages in all; beyond that, the passages found by its
   * rarest terms (within the budget) are rescored with every term, FTS5's formula and statistics, so
   * the scores are exact and only a passage that holds none of the rare terms can be missed.
   */
  query(text: string, k: number): LexicalHit[] {
    const terms = [...new Set(contentTerms(text).map(token).filter(Boolean))];
    if (terms.length === 0 || k <= 0) return [];
    const known = new Map(this.frequencies.all(JSON.stringify(terms)).map((t) => [t.term, t]));
    const groups: TermGroup[] = terms.map((t) => {
      const alternatives = known.has(t) ? [known.get(t)!] : [{ term: t, df: 0 }, ...this.typoCandidates(t)];
      return { alternatives, cost: alternatives.reduce((sum, a) => sum + a.df, 0) };
    });
    if (groups.reduce((sum, g) => sum + g.cost, 0) <= this.budget) return this.ranked(groups, k);

    const rarest = [...groups].sort((a, b) => a.cost - b.cost);
    const searched: TermGroup[] = [];
    let cost = 0;
    for (const g of rarest) {
      if (cost > 0 && cost + g.cost > this.budget) break; // terms no passage holds cost nothing
      searched.push(g);
      cost += g.cost;
    }
    const candidates = this.ranked(searched, Math.max(RESCORE_DEPTH, 4 * k)).map((h) => h.row);
    return this.rescore(candidates, groups.flatMap((g) => g.alternatives))
      .sort((a, b) => b.bm25 - a.bm25 || a.row - b.row)
      .slice(0, k);
  }

  close(): void {
    this.db.close();
  }

  /** Every term of the index in SQLite's order (by bytes of UTF-8): the order typo ties are broken in. */
  terms(): string[] {
    return termsOf(this.db);
  }

  private ranked(groups: readonly TermGroup[], k: number): LexicalHit[] {
    const expression = groups
      .map(({ alternatives: a }) => (a.length === 1 ? quote(a[0]!.term) : `(${a.map((t) => quote(t.term)).join(" OR ")})`))
      .join(" OR ");
    return this.search.all(expression, k).map((r) => ({ row: r.row, bm25: -r.rank }));
  }

  /**
   * FTS5's `bm25()` (fts5_aux.c) of `rows` for a query of these terms (one phrase each, repeats
   * included, as FTS5 counts them), computed from the stored term lists: the same sums in the same
   * order, so the same numbers. Stored columns hold content terms joined by single spaces: one token each.
   */
  private rescore(rows: readonly number[], phrases: readonly Term[]): LexicalHit[] {
    const { rows: n, averageTokens } = this.stats;
    const idf = phrases.map((p) => {
      const value = Math.log((n - p.df + 0.5) / (p.df + 0.5));
      return value <= 0 ? 1e-6 : value;
    });
    return this.contents.all(JSON.stringify(rows)).map((r) => {
      const frequency = new Map<string, number>(phrases.map((p) => [p.term, 0]));
      let tokens = 0;
      for (const [column, weight] of [[r.text, WEIGHTS.text], [r.section, WEIGHTS.section], [r.title, WEIGHTS.title]] as const) {
        if (column === "") continue;
        const split = column.split(" ");
        tokens += split.length;
        for (const t of split) {
          const f = frequency.get(t);
          if (f !== undefined) frequency.set(t, f + weight);
        }
      }
      let score = 0;
      phrases.forEach((p, i) => {
        const f = frequency.get(p.term)!;
        score += idf[i]! * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + (B * tokens) / averageTokens)));
      });
      return { row: r.row, bm25: score };
    });
  }

  /**
   * Corpus terms within the typos `term` may carry: the closest, then the shortest, then in the order
   * of `terms()`, at most MAX_TYPO_CANDIDATES.
   */
  typoCandidates(term: string): Term[] {
    const max = typoAllowance(term);
    if (max === 0) return [];
    const hit = this.memo.get(term);
    if (hit) return hit;
    this.typos ??= TypoTrie.build(termsOf(this.db));
    const chosen = closestWithin(this.typos, term, max, MAX_TYPO_CANDIDATES)
      .sort((a, b) => a.distance - b.distance || a.word.length - b.word.length || a.position - b.position)
      .slice(0, MAX_TYPO_CANDIDATES);
    const df = new Map(this.frequencies.all(JSON.stringify(chosen.map((c) => c.word))).map((t) => [t.term, t.df]));
    const out = chosen.map((c) => ({ term: c.word, df: df.get(c.word) ?? 0 }));
    if (this.memo.size >= MEMO_SIZE) this.memo.delete(this.memo.keys().next().value!);
    this.memo.set(term, out);
    return out;
  }
}

/** Whether `error` came from SQLite reading the stored index (a file damaged or cut short under a running process), not from a bug. */
export function isLexicalStorageError(error: unknown): error is Error {
  return error instanceof Database.SqliteError;
}

/**
 * Writes the lexical index of `passages` to `file` (a new SQLite database), for `new LexicalIndex(file)`;
 * returns the trie of its terms for typo look-ups, to be stored beside it.
 */
export function writeLexicalIndex(file: string, passages: readonly Passage[]): TypoTrie {
  const db = new Database(file);
  try {
    fill(db, passages);
    return TypoTrie.build(termsOf(db));
  } finally {
    db.close();
  }
}

const termsOf = (db: Db) => (db.prepare("SELECT term FROM terms ORDER BY term").pluck().all() as string[]);

function fill(db: Db, passages: readonly Passage[]): void {
  // Terms arrive already stemmed and joined by spaces; unicode61 keeps "3.5" whole with "." as a token character.
  db.exec(`
    CREATE VIRTUAL TABLE fts USING fts5(text, section, title, tokenize = "unicode61 remove_diacritics 0 tokenchars '.'");
    CREATE VIRTUAL TABLE vocab USING fts5vocab(fts, 'row');
  `);
  const insert = db.prepare("INSERT INTO fts (rowid, text, section, title) VALUES (?, ?, ?, ?)");
  const terms = (text: string) => contentTerms(text).map(token).filter(Boolean);
  let tokens = 0;
  db.transaction(() => {
    passages.forEach((p, row) => {
      const columns = [terms(p.text), terms(p.section ?? ""), terms(p.title)];
      tokens += columns.reduce((sum, c) => sum + c.length, 0);
      insert.run(row, ...columns.map((c) => c.join(" ")));
    });
  })();
  db.exec("INSERT INTO fts (fts) VALUES ('optimize')");
  // Passages per term, looked up by key (the fts5vocab table scans), and what `rescore` needs of FTS5's statistics.
  db.exec(`
    CREATE TABLE terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO terms SELECT term, doc FROM vocab;
    CREATE TABLE stats (rows INTEGER NOT NULL, tokens INTEGER NOT NULL);
  `);
  db.prepare("INSERT INTO stats VALUES (?, ?)").run(passages.length, tokens);
}

/** A content term as FTS5 stores it: apostrophes ("o'brien") are dropped on both sides. */
const token = (term: string) => term.replace(/'/g, "");
const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;
