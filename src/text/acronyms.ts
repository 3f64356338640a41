import { contentTerms } from "./words.ts";

/** "European Economic Area (EEA)": a capitalised name of two to eight words, then its initials in brackets. */
const DEFINITION = /((?:\p{Lu}[\p{L}'-]*\s+(?:(?:of|the|and|for|on|de)\s+)*){1,7}\p{Lu}[\p{L}'-]*)\s+\((\p{Lu}{2,8})\)/gu;

/**
 * Acronyms the corpus defines, with the content stems of their long forms: `eea` → [europ, econom,
 * area]. Only where the initials match the long form's capitalised words, so that "(EU)" after an
 * unrelated name is not taken for a definition.
 */
export function acronymsOf(texts: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const text of texts) {
    for (const m of text.matchAll(DEFINITION)) {
      const acronym = m[2]!;
      const capitals = m[1]!.split(/\s+/).filter((w) => /^\p{Lu}/u.test(w));
      // The acronym's letters are the initials of the long form's last capitalised words.
      const tail = capitals.slice(-acronym.length);
      if (tail.length !== acronym.length || tail.map((w) => w[0]).join("") !== acronym) continue;
      const stems = contentTerms(tail.join(" "));
      if (stems.length >= 2) out.set(acronym.toLowerCase(), stems);
    }
  }
  return out;
}

/**
 * A sentence's stems with the acronyms it spells out and the long forms of the acronyms it uses, so
 * that "EEA" in a question matches "European Economic Area" in a sentence, and the other way round.
 */
export function withAcronyms(terms: ReadonlySet<string>, acronyms: ReadonlyMap<string, readonly string[]>): Set<string> {
  const out = new Set(terms);
  for (const [acronym, stems] of acronyms) {
    if (terms.has(acronym)) for (const s of stems) out.add(s);
    else if (stems.every((s) => terms.has(s))) out.add(acronym);
  }
  return out;
}
