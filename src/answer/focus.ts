import { foldPunctuation, isStopword, words } from "../text/words.ts";

/** Verbs and attribute nouns that say nothing of which fact is asked for. */
const GENERIC_WORDS = new Set([
  "name", "names", "kind", "type", "sort", "role", "part", "point", "meaning", "purpose", "reason", "result", "size", "number", "amount", "date", "time", "title",
  "do", "does", "did", "done", "doing", "say", "said", "says", "happen", "happened", "mean", "means", "think", "want",
  "know", "get", "got", "make", "made", "have", "has", "had", "become", "became", "go", "going", "went", "like", "look", "see",
  "call", "called", "consider", "claim", "report", "reported", "plan", "expect", "propose", "offer", "need", "try",
  "hold", "holds", "take", "takes", "took", "give", "gives", "gave", "use", "uses", "used", "play", "plays", "put", "keep", "come", "came",
]);
// Not the copulas: "what are the dangers for …" has no verb to ground.
const AUX = "did|do|does|has|have|had|will|would|can|could|should|might|must";
const PREPOSITION = "to|with|for|in|on|from|about|at|during|before|after|since|into|onto|against|over|under|between|by|through|of";

/**
 * The word a question turns on, where its shape makes that plain: the verb of "What did Lukashenko
 * and Saldo sign?", the attribute of "What is the population of Kherson?". A corpus that never uses
 * the word answers only the question's neighbourhood.
 *
 * Looser rules ("Which officials…", any clause-final word) were tried and dropped: on held-out
 * questions they turned away more paraphrases than near misses.
 */
export function focusWords(question: string): string[] {
  const q = foldPunctuation(question).replace(/\s+/g, " ").trim().replace(/\bwhat\b/gi, "what");
  // A question in two parts has no single focus.
  if ((q.toLowerCase().match(/\b(what|when|where|which|who|whom|how|why)\b/g) ?? []).length !== 1) return [];
  // "what [noun] aux NAME [and NAME] VERB [preposition …|?]": the verb after a named subject. With
  // other subjects the clause's last word is as often an object ("call the occupied area") as a verb.
  const verb = new RegExp(
    `\\bwhat\\s+(?:[\\w-]+\\s+){0,2}?(?:${AUX})\\s+\\p{Lu}[\\w'-]*(?:\\s+(?:and\\s+)?\\p{Lu}[\\w'-]*)*\\s+(\\p{Ll}[\\w-]*)\\s*(?:\\b(?:${PREPOSITION})\\b|\\p{Lu}|[?.!]|$)`,
    "u",
  ).exec(q);
  // "what is the ATTRIBUTE of X": the attribute asked for ("the population of Kherson").
  const attribute = /\bwhat(?:'s|\s+(?:is|are|was|were))\s+the\s+([\p{Ll}-]+)\s+of\b/u.exec(q);
  const found = [verb?.[1], attribute?.[1]].filter((w): w is string => w !== undefined).map((w) => w.toLowerCase());
  return found.filter((w) => w.length > 2 && !isStopword(w) && !GENERIC_WORDS.has(w) && words(w).length === 1);
}
