import fs from "node:fs";
import wordListPath from "word-list";
import { editDistance, isStopword, stem, surfaceWords, typoAllowance, words } from "../retrieve/text.ts";

let englishWords: Set<string> | undefined;

/** A general English word list (274k words, no proper names), read once on first use. */
function english(): Set<string> {
  englishWords ??= new Set(fs.readFileSync(wordListPath, "utf8").split("\n"));
  return englishWords;
}

/**
 * The words the corpus uses. A question that names a person, place, year or amount the corpus never
 * mentions cannot be answered from it, however close its other words come ("When did Lukashenko meet
 * Putin?" on a briefing that never names Putin).
 */
export class Vocabulary {
  private readonly words = new Set<string>();
  private readonly stems = new Set<string>();
  private readonly byLength = new Map<number, string[]>();

  constructor(texts: Iterable<string>) {
    for (const text of texts) {
      for (const w of words(text)) {
        if (this.words.has(w)) continue;
        this.words.add(w);
        this.stems.add(stem(w));
        const list = this.byLength.get(w.length) ?? [];
        list.push(w);
        this.byLength.set(w.length, list);
      }
    }
  }

  /** Known exactly, by stem, or within the typos its length allows. */
  knows(word: string): boolean {
    const w = word.toLowerCase();
    if (this.words.has(w) || this.stems.has(stem(w))) return true;
    const max = typoAllowance(w);
    if (max === 0) return false;
    for (let len = w.length - max; len <= w.length + max; len++) {
      for (const candidate of this.byLength.get(len) ?? []) {
        if (editDistance(w, candidate, max) <= max) return true;
      }
    }
    return false;
  }

  /**
   * The corpus word that `word` is a typo of, or undefined when the word is known, is ordinary
   * English, or is not near any corpus word.
   */
  correct(word: string): string | undefined {
    const w = word.toLowerCase();
    if (this.words.has(w) || this.stems.has(stem(w)) || english().has(w)) return undefined;
    const max = typoAllowance(w);
    let best: { word: string; distance: number } | undefined;
    for (let len = w.length - max; len <= w.length + max; len++) {
      for (const candidate of this.byLength.get(len) ?? []) {
        const d = editDistance(w, candidate, max);
        if (d <= max && (!best || d < best.distance)) best = { word: candidate, distance: d };
      }
    }
    return best?.word;
  }

  /**
   * Words of the question that look like names, years or amounts and that the corpus never uses:
   * a number of three or more digits, a word capitalised mid-sentence, or a word no English word
   * list holds (a name typed in lower case).
   */
  unknownNames(question: string): string[] {
    const out: string[] = [];
    // IN ALL CAPS, capitals say nothing about names.
    const letters = question.replace(/[^\p{L}]/gu, "");
    const casingMeaningful = letters.replace(/[^\p{Lu}]/gu, "").length <= letters.length / 2;
    for (const { word, lower, sentenceInitial } of surfaceWords(question)) {
      if (isStopword(lower) || this.knows(lower)) continue;
      if (!/^[\p{Script=Latin}\p{N}]+$/u.test(word)) continue; // other scripts: no evidence either way
      const isNumber = /^\d+$/.test(word);
      if (isNumber ? word.length >= 3 : word.length >= 3 && ((casingMeaningful && !sentenceInitial && /^\p{Lu}/u.test(word)) || !english().has(lower))) {
        out.push(word);
      }
    }
    return [...new Set(out)];
  }
}
