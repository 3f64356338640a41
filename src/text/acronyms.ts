import { isEnglishWord } from "./vocabulary.ts";
import { contentTerms, isStopword } from "./words.ts";

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

/** A capitalised name of two to eight words, joined by the small words names use. */
const NAME = /(?:\p{Lu}[\p{L}'’-]*\s+(?:(?:of|the|and|for|on|de|du|la|des)\s+)*){1,7}\p{Lu}[\p{L}'’-]*/gu;
/** Acronyms up to this many letters are derived from names (longer ones are rarely typed). */
const MAX_DERIVED_LETTERS = 6;
/** A name must occur this often to lend its initials: one stray mention is as likely a heading as a name. */
const MIN_NAME_COUNT = 2;

/**
 * The initials of each run of capitalised words (and of the runs it starts and ends with, so that a
 * leading "The" or "Statute of the" is dropped), with the long forms that give them and how often
 * each is written.
 */
export function nameInitials(texts: Iterable<string>): Map<string, Map<string, number>> {
  const counts = new Map<string, Map<string, number>>();
  for (const text of texts) {
    for (const m of text.matchAll(NAME)) {
      const parts = [...m[0].matchAll(/\S+/gu)];
      const capitals = parts.filter((p) => /^\p{Lu}/u.test(p[0]));
      // An acronym inside the run ("the UN Security Council") is not spelt out by it.
      if (capitals.some((p) => /^\p{Lu}{2,}$/u.test(p[0]))) continue;
      const spans = new Set<string>();
      for (let k = 2; k <= Math.min(MAX_DERIVED_LETTERS, capitals.length); k++) {
        spans.add(`0:${k}`);
        spans.add(`${capitals.length - k}:${capitals.length}`);
      }
      // Two words inside a longer run lend only a compound's initials: "Vintage Homeowners Association
      // Covenants" holds the "HOA"; its other inner pairs would make two-letter acronyms of every title.
      const inner = new Set<string>();
      for (let i = 1; i + 2 < capitals.length; i++) if (!spans.has(`${i}:${i + 2}`)) inner.add(`${i}:${i + 2}`);
      for (const span of [...spans, ...inner]) {
        const [from, to] = span.split(":").map(Number) as [number, number];
        const words = capitals.slice(from, to);
        const first = words[0]!;
        const last = words[words.length - 1]!;
        // "The Court", "Each Member": a capitalised small word opens a sentence, not a name.
        if (isStopword(first[0].toLowerCase())) continue;
        const longForm = m[0].slice(first.index!, last.index! + last[0].length);
        const acronyms = initialsOf(words.map((w) => w[0]));
        for (const acronym of inner.has(span) ? acronyms.slice(1) : acronyms) {
          const forms = counts.get(acronym) ?? new Map<string, number>();
          forms.set(longForm, (forms.get(longForm) ?? 0) + 1);
          counts.set(acronym, forms);
        }
      }
    }
  }
  return counts;
}

/**
 * The initials of a name's words; and, where one word joins two English words ("Homeowners"), also
 * with that word's second initial: "HOA" is how the "Homeowners Association" is typed.
 */
function initialsOf(words: readonly string[]): string[] {
  const plain = words.map((w) => w[0]!.toUpperCase());
  const out = [plain.join("")];
  if (words.length >= MAX_DERIVED_LETTERS) return out;
  words.forEach((word, i) => {
    const second = compoundSecondInitial(word);
    if (second) out.push([...plain.slice(0, i + 1), second, ...plain.slice(i + 1)].join(""));
  });
  return out;
}

/**
 * A compound's first part is this long at least, its second one letter longer: "Homeowners" is
 * "home" + "owners", "Season" no "sea" + "son", "Covenants" no "coven" + "ants".
 */
const MIN_COMPOUND_PART = 4;

/** The initial of a compound word's second part ("O" of "Homeowners"), when both parts are English words. */
function compoundSecondInitial(word: string): string | undefined {
  if (!compounds.has(word)) compounds.set(word, secondPartInitial(word));
  return compounds.get(word);
}
/** Words of titles and names recur across passages: each is split once per process. */
const compounds = new Map<string, string | undefined>();

function secondPartInitial(word: string): string | undefined {
  const lower = word.toLowerCase();
  if (!/^\p{Lu}\p{Ll}+$/u.test(word) || lower.length < 2 * MIN_COMPOUND_PART + 1) return undefined;
  for (let at = MIN_COMPOUND_PART; at <= lower.length - MIN_COMPOUND_PART - 1; at++) {
    if (isEnglishWord(lower.slice(0, at)) && isEnglishWord(lower.slice(at))) return lower[at]!.toUpperCase();
  }
  return undefined;
}

/**
 * Acronyms a user may type for names the corpus spells out but never abbreviates: "ILO" for
 * "International Labour Organisation", "ICJ" for "International Court of Justice" (see
 * `nameInitials`), mapped to the long form written most often. An acronym whose long forms compete
 * (the runner-up written more than half as often) is left out: a guess would mislead.
 */
export function longFormsOf(initials: ReadonlyMap<string, ReadonlyMap<string, number>>): [acronym: string, longForm: string][] {
  const out: [string, string][] = [];
  for (const [acronym, forms] of initials) {
    const [best, runnerUp] = [...forms].sort((a, b) => b[1] - a[1]);
    if (best![1] >= MIN_NAME_COUNT && (runnerUp?.[1] ?? 0) * 2 <= best![1]) out.push([acronym, best![0]]);
  }
  return out;
}

/** Shortest initials that count as a word of the corpus (two letters collide too often: "EU"). */
const MIN_SPELLED_LETTERS = 3;

/**
 * Initials the corpus spells out at least once, lower-cased: words a question may use without the
 * corpus ever writing them ("FDA" on a text that names the "Food and Drug Administration" once, "ILO"
 * where two long forms compete), so that they are not taken for names it never mentions.
 */
export function spelledInitials(initials: ReadonlyMap<string, unknown>): string[] {
  // Sorted: the same set whatever order the texts come in.
  return [...initials.keys()].filter((a) => a.length >= MIN_SPELLED_LETTERS).map((a) => a.toLowerCase()).sort();
}

/**
 * The question with each acronym the corpus never writes replaced by the name the corpus spells out
 * ("What does the ILO do?" → "What does the International Labour Organisation do?"), so that retrieval,
 * the sentence match and the unknown-name rule all see the corpus's own words. An acronym typed in
 * lower case ("icj") counts when it is no word of the corpus or of English; in a question typed
 * mostly in capitals, capitals are shouting, not acronyms.
 */
export function expandAcronyms(
  question: string,
  longForms: ReadonlyMap<string, string>,
  corpusWritesAsName: (word: string) => boolean,
  isWord: (lower: string) => boolean = () => true,
): string {
  if (longForms.size === 0) return question;
  const letters = question.match(/\p{L}/gu) ?? [];
  const capitals = question.match(/\p{Lu}/gu) ?? [];
  const shouting = capitals.length > letters.length / 2;
  return question.replace(/(?<![\p{L}\p{N}])(?:\p{Lu}{2,6}|\p{Ll}{3,6})(?![\p{L}\p{N}])/gu, (word) => {
    const lower = /^\p{Ll}/u.test(word);
    if ((shouting && !lower) || corpusWritesAsName(word)) return word;
    const longForm = longForms.get(word.toUpperCase());
    if (!longForm || (lower && isWord(word))) return word;
    return longForm;
  });
}
