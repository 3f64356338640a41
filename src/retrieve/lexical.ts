import MiniSearch from "minisearch";
import type { Passage } from "../corpus/types.ts";
import { contentTerms, typoAllowance } from "./text.ts";

export interface LexicalHit {
  row: number;
  /** BM25+ score from MiniSearch: unbounded, higher is more relevant. */
  bm25: number;
}

/** BM25 over passages (MiniSearch's BM25+), on stemmed content words, tolerant of typos. */
export class LexicalIndex {
  private readonly search: MiniSearch<{ id: number; text: string; section: string; title: string }>;

  constructor(passages: readonly Passage[]) {
    this.search = new MiniSearch({
      fields: ["text", "section", "title"],
      tokenize: (text) => contentTerms(text),
      // Terms are already stemmed content words; keep them as they are.
      processTerm: (term) => term,
      searchOptions: {
        boost: { text: 1, section: 0.5, title: 0.25 },
        fuzzy: (term) => (typoAllowance(term) > 0 ? typoAllowance(term) : false),
        prefix: false,
        combineWith: "OR",
      },
    });
    this.search.addAll(passages.map((p, row) => ({ id: row, text: p.text, section: p.section ?? "", title: p.title })));
  }

  query(text: string, k: number): LexicalHit[] {
    return this.search
      .search(text)
      .slice(0, k)
      .map((r) => ({ row: r.id as number, bm25: r.score }));
  }
}
