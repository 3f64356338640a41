import { isEnglishWord, Vocabulary } from "../text/vocabulary.ts";
import { sentenceSpans } from "../corpus/chunk.ts";
import type { Passage } from "../corpus/types.ts";
import type { Citation } from "./types.ts";

/**
 * Verification of a chat model's answer against the passages it was given. Pure and synchronous:
 * the same reply and passages always give the same result, so it is tested without a model.
 *
 * What it guarantees about an "answered" result:
 * - every sentence carries at least one `[n]` marker naming a passage that was provided;
 * - every quotation the model wrote inside the answer is found verbatim (after normalising
 *   whitespace, quote marks and dashes) in a passage that sentence cites;
 * - every citation's `quote` is `passage.text.slice(s, e)` with `start = passage.start + s`;
 * - markers are renumbered 1..k in order of first appearance, and written as `[1][2]`.
 */

/** A retrieved passage under the number the model sees it as. */
export interface NumberedPassage {
  n: number;
  passage: Passage;
  /** Retrieval relevance, higher is more relevant (0..1); becomes the citation's score. */
  relevance: number;
}

/** The exact reply the prompt asks for when the passages do not answer the question. */
export const ABSTAIN_TOKEN = "NOT_IN_SOURCES";

export type Verified =
  | { status: "answered"; text: string; citations: Citation[]; verification: string[] }
  | { status: "abstained"; verification: string[] }
  | { status: "failed"; reason: string; verification: string[] };

export interface VerifyOptions {
  /**
   * The model saw only `passage.text.slice(0, visibleChars(n))`; quotes and claims are checked
   * against that prefix, so a citation never rests on text the model was not shown.
   */
  visibleChars?: (n: number) => number;
  /** Extra words (e.g. the English search query) used to pick a supporting sentence when the
   * answer is in another language and shares no words with the passage. */
  hint?: string;
}

/** Quotes longer than this are trimmed to the best sentences instead of shown whole. */
const WHOLE_PASSAGE_CHARS = 320;
const MAX_QUOTE_CHARS = 400;

// ---------------------------------------------------------------------------------------------
// Normalisation with an index map back into the original text.

// Every quote mark folds to one: a model nesting quotes writes 'new region' for “new region”.
const QUOTE_MAP: Record<string, string> = {
  "'": '"', "\u2018": '"', "\u2019": '"', "\u201A": '"', "\u201B": '"', "\u2032": '"',
  "\u201C": '"', "\u201D": '"', "\u201E": '"', "\u201F": '"', "\u2033": '"', "\u00AB": '"', "\u00BB": '"',
  "\u2013": "-", "\u2014": "-", "\u2212": "-",
};

interface Normalised {
  text: string;
  /** `map[i]` is the index in the original text of normalised character i. */
  map: number[];
}

/** Collapse whitespace runs to one space and fold quote marks and dashes, keeping an index map. */
export function normalise(original: string): Normalised {
  let text = "";
  const map: number[] = [];
  let pendingSpace = -1;
  for (let i = 0; i < original.length; i++) {
    const ch = original[i]!;
    if (/\s/.test(ch)) {
      if (pendingSpace < 0) pendingSpace = i;
      continue;
    }
    if (pendingSpace >= 0 && text.length > 0) {
      text += " ";
      map.push(pendingSpace);
    }
    pendingSpace = -1;
    text += QUOTE_MAP[ch] ?? ch;
    map.push(i);
  }
  return { text, map };
}

/** Where `needle` occurs in `haystack` after normalising both, as a span of the original haystack. */
export function findVerbatim(haystack: string, needle: string, from = 0): { start: number; end: number } | null {
  const n = normalise(needle).text;
  if (n.length === 0) return null;
  const h = normalise(haystack);
  let fromN = 0;
  while (fromN < h.map.length && h.map[fromN]! < from) fromN++;
  const at = h.text.indexOf(n, fromN);
  if (at < 0) return null;
  return { start: h.map[at]!, end: h.map[at + n.length - 1]! + 1 };
}

// ---------------------------------------------------------------------------------------------
// Splitting the answer into lines and sentences.

const MARKER = /\[(\d+(?:\s*[,;]\s*\d+)*)\]/g;
const LEADING_MARKERS = /^(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+/;
const LIST_PREFIX = /^(\s*(?:[-*•]|\d{1,2}[.)])\s+)/;

/** Split a line into sentences; markers written after the full stop stay with their sentence. */
export function splitSentences(line: string): string[] {
  const parts: string[] = [];
  // A boundary is sentence-final punctuation (optionally closed by a quote or bracket) followed by
  // whitespace and then something that starts a sentence. A lone capital before the full stop
  // ("U.S.", "J. Smith") is an abbreviation, not an ending.
  const boundary = /([.!?…]["'”’»)]*)(\s+)(?=["'“‘«(\[]?[\p{Lu}\p{N}\[])/gu;
  let last = 0;
  for (const m of line.matchAll(boundary)) {
    const end = m.index + m[1]!.length;
    const before = line.slice(Math.max(0, m.index - 3), m.index + 1);
    // A lone letter before the full stop is an initial or an abbreviation ("U.S.", "J. Smith", "2025 г.").
    if (/(?:^|[\s.])\p{L}\.$/u.test(before) || /(?:^|[^\p{L}])(?:e\.g|i\.e|etc|vs|Mr|Mrs|Ms|Dr|No|St|т\.е|т\.д|им|ул|млн|млрд|тыс|тис)\.$/iu.test(line.slice(last, end))) continue;
    parts.push(line.slice(last, end));
    last = end + m[2]!.length;
  }
  parts.push(line.slice(last));
  const out: string[] = [];
  for (const raw of parts) {
    let s = raw.trim();
    if (out.length > 0) {
      const lead = LEADING_MARKERS.exec(s);
      if (lead) {
        out[out.length - 1] += " " + lead[0].trim();
        s = s.slice(lead[0].length).trim();
      }
    }
    if (s.length > 0) out.push(s);
  }
  return out;
}

/** Quotations the model wrote: text in double quotes of any style, or in typographic single quotes. */
function quotationsIn(sentence: string): string[] {
  const found: string[] = [];
  const patterns = [
    /"([^"\n]{2,}?)"/g,
    /“([^“”\n]{2,}?)”/g,
    /„([^„“”\n]{2,}?)[“”]/g,
    /«([^«»\n]{2,}?)»/g,
    /(?<![\p{L}\p{N}])‘([^‘’\n]{2,}?)’(?![\p{L}\p{N}])/gu,
  ];
  for (const p of patterns) for (const m of sentence.matchAll(p)) found.push(m[1]!);
  return found;
}

/** The spans of a quotation in a passage; "…" or "..." inside it separates fragments that must appear in order. */
function locateQuotation(text: string, quotation: string): { start: number; end: number } | null {
  const fragments = quotation
    .split(/\s*(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*/)
    .map((f) => f.replace(/^[\s,.;:!?'"“”‘’«»]+|[\s,.;:!?'"“”‘’«»]+$/g, ""))
    .filter((f) => f.length > 0);
  if (fragments.length === 0) return null;
  let from = 0;
  let first: { start: number; end: number } | null = null;
  let lastSpan: { start: number; end: number } | null = null;
  for (const f of fragments) {
    const span = findVerbatim(text, f, from);
    if (!span) return null;
    first ??= span;
    lastSpan = span;
    from = span.end;
  }
  // A quote with omissions is shown as its first fragment: one contiguous verbatim span.
  return fragments.length === 1 ? lastSpan : first;
}

// ---------------------------------------------------------------------------------------------
// Picking the quote shown for a citation when the model wrote none.

const STOPWORDS = new Set(
  "a an and are as at be been but by for from had has have he her his how in into is it its of on or our she so that the their them then there these they this to was we were what when where which who why will with would not no did does do than also after before about over under more most said says".split(" "),
);

function contentWords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(words.filter((w) => (w.length > 2 || /\d/.test(w)) && !STOPWORDS.has(w)).map((w) => (w.length > 5 ? w.slice(0, 5) : w)));
}

function bestSupport(text: string, claims: string): { start: number; end: number } {
  const trimmedStart = text.length - text.trimStart().length;
  const whole = { start: trimmedStart, end: text.trimEnd().length };
  if (whole.end - whole.start <= WHOLE_PASSAGE_CHARS) return whole;
  // The chunker's own sentence rules, so quotes split where the index splits.
  const sentences = sentenceSpans(text);
  if (sentences.length === 0) return { start: whole.start, end: Math.min(whole.end, whole.start + MAX_QUOTE_CHARS) };
  const want = contentWords(claims);
  const scores = sentences.map((s) => {
    const words = contentWords(text.slice(s.start, s.end));
    let hit = 0;
    for (const w of words) if (want.has(w)) hit++;
    return hit;
  });
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[best]!) best = i;
  let span = sentences[best]!;
  // Add the better neighbour when it also supports the claim and the quote stays short.
  const neighbours = [best - 1, best + 1].filter((i) => i >= 0 && i < sentences.length && scores[i]! > 0);
  neighbours.sort((a, b) => scores[b]! - scores[a]!);
  const nb = neighbours[0];
  if (nb !== undefined) {
    const merged = { start: Math.min(span.start, sentences[nb]!.start), end: Math.max(span.end, sentences[nb]!.end) };
    if (merged.end - merged.start <= MAX_QUOTE_CHARS) span = merged;
  }
  return span;
}

// ---------------------------------------------------------------------------------------------

interface KeptSentence {
  text: string;
  /** Valid passage numbers cited, in order of appearance. */
  cites: number[];
  /** Verified quotations: passage number and the span in that passage's text. */
  quotes: { n: number; start: number; end: number }[];
}

const clip = (s: string, max = 80) => (s.length > max ? s.slice(0, max - 1) + "…" : s);

/**
 * Check a model reply against the passages it was given and build the citations shown to users.
 * Use on every generated answer before it reaches anyone; what changed is listed in `verification`.
 */
interface Grounds {
  haystack: string;
  /** First five letters of every word: "Ukraine" is grounded by "Ukrainian". */
  words: Set<string>;
  /** The passages' words with their stems, typos and countries' other names ("Washington" for "the US"). */
  vocabulary: Vocabulary;
}

function groundsOf(passagesText: string): Grounds {
  const haystack = passagesText.toLowerCase();
  return {
    haystack,
    words: new Set((haystack.match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => w.slice(0, 5))),
    vocabulary: new Vocabulary([passagesText]),
  };
}

/**
 * A domain name outside a URL, with an optional path: labels joined by dots ending in a lower-case
 * top-level domain, not inside a word or a longer URL (an e-mail address's domain counts). Trailing punctuation is not part of it.
 */
const BARE_DOMAIN = /(?<![\p{L}\p{N}.\/:-])(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[a-z]{2,24}(?![\p{L}\p{N}-])(?:\/[^\s]*[^\s.,;:!?)\]"'»])?/gu;

/**
 * Names, figures and links in a generated sentence that its cited passages never mention: a
 * sentence may rephrase its sources, but not bring in a person, a number or a URL of its own.
 * Names are capitalised words (at a sentence's start, only those no word list holds), in Latin
 * script only (a Ukrainian answer spells English names its own way);
 * "Ukraine" is grounded by "Ukrainian", by a shared first five letters.
 */
export function ungrounded(sentence: string, passagesText: string, grounds = groundsOf(passagesText)): string[] {
  const { haystack, words, vocabulary } = grounds;
  const out: string[] = [];
  for (const link of sentence.match(/\b(?:https?:\/\/|www\.|t\.me\/)\S+|(?<![\p{L}\p{N}])@[A-Za-z0-9_]{3,}/gu) ?? []) {
    if (!haystack.includes(link.toLowerCase())) out.push(link);
  }
  // Telegram turns a bare domain ("briefing-updates.net/login") into a link as well.
  for (const domain of sentence.match(BARE_DOMAIN) ?? []) {
    if (!haystack.includes(domain.toLowerCase())) out.push(domain);
  }
  for (const figure of sentence.match(/\d+(?:[.,]\d+)*/g) ?? []) {
    if (figure.length >= 2 && !haystack.includes(figure)) out.push(figure);
  }
  const tokens = [...sentence.matchAll(/[\p{L}][\p{L}'’-]*/gu)];
  tokens.forEach((m, i) => {
    const word = m[0].replace(/['’]s$/, "");
    const initial = i === 0 || /[.!?:"“«(]\s*$/.test(sentence.slice(0, m.index));
    if (!/^\p{Lu}/u.test(word) || !/^\p{Script=Latin}+/u.test(word)) return;
    // A capital at the start of a sentence marks a name only if the word is no ordinary word.
    if (initial && isEnglishWord(word.toLowerCase())) return;
    if (!words.has(word.toLowerCase().slice(0, 5)) && !vocabulary.knows(word)) out.push(word);
  });
  return [...new Set(out)];
}

export function verifyGenerated(reply: string, passages: readonly NumberedPassage[], options: VerifyOptions = {}): Verified {
  const verification: string[] = [];
  const byN = new Map(passages.map((p) => [p.n, p]));
  const groundsByText = new Map<string, Grounds>();
  const visible = (n: number): string => {
    const p = byN.get(n)!;
    const limit = options.visibleChars?.(n) ?? p.passage.text.length;
    return p.passage.text.slice(0, limit);
  };

  // Smaller local models write [Passage 2] or 【2】 despite the prompt; read those as [2].
  const trimmed = reply
    .replace(/【\s*(\d+)\s*】/g, "[$1]")
    .replace(/\[(?:passage|source|p)\s*#?\s*(\d+)\]/gi, "[$1]")
    // Markers alone on a line belong to the line above.
    .replace(/\n[ \t]*((?:\[\d+(?:\s*[,;]\s*\d+)*\][ \t]*)+)(?=\n|$)/g, " $1")
    .trim();
  if (trimmed.length === 0) return { status: "failed", reason: "the model returned an empty reply", verification };
  if (trimmed.replace(/^[\s"'`*]+/, "").startsWith(ABSTAIN_TOKEN)) return { status: "abstained", verification };

  const lines = trimmed.split(/\r?\n/);
  const outLines: { prefix: string; sentences: KeptSentence[] }[] = [];
  let hadBlank = false;

  for (const rawLine of lines) {
    if (rawLine.trim() === "") {
      hadBlank = true;
      continue;
    }
    const prefixMatch = LIST_PREFIX.exec(rawLine);
    const prefix = prefixMatch ? prefixMatch[1]!.trimStart() : "";
    const body = prefixMatch ? rawLine.slice(prefixMatch[0].length) : rawLine;
    const kept: KeptSentence[] = [];

    for (const sentence of splitSentences(body.trim())) {
      if (sentence.includes(ABSTAIN_TOKEN)) {
        verification.push(`removed a sentence containing the abstain token: "${clip(sentence)}"`);
        continue;
      }
      if (!/[\p{L}\p{N}]/u.test(sentence.replace(MARKER, ""))) {
        verification.push(`removed citation markers that follow no claim: "${clip(sentence)}"`);
        continue;
      }
      const cites: number[] = [];
      const invalid: number[] = [];
      let markerCount = 0;
      for (const m of sentence.matchAll(MARKER)) {
        markerCount++;
        for (const part of m[1]!.split(/[,;]/)) {
          const n = Number(part.trim());
          if (byN.has(n)) {
            if (!cites.includes(n)) cites.push(n);
          } else if (!invalid.includes(n)) invalid.push(n);
        }
      }
      for (const n of invalid) verification.push(`removed citation [${n}]: no passage ${n} was provided`);
      if (cites.length === 0) {
        verification.push(
          markerCount === 0
            ? `removed a sentence without a citation: "${clip(sentence)}"`
            : `removed a sentence resting only on invalid citation ${invalid.map((n) => `[${n}]`).join("")}: "${clip(sentence)}"`,
        );
        continue;
      }

      const quotes: KeptSentence["quotes"] = [];
      let badQuote: string | null = null;
      const withoutMarkers = sentence.replace(MARKER, "");
      for (const q of quotationsIn(withoutMarkers)) {
        let located: KeptSentence["quotes"][number] | null = null;
        for (const n of cites) {
          const span = locateQuotation(visible(n), q);
          if (span) {
            located = { n, ...span };
            break;
          }
        }
        if (!located) {
          badQuote = q;
          break;
        }
        quotes.push(located);
      }
      if (badQuote !== null) {
        verification.push(`removed a sentence whose quotation is not verbatim in ${cites.map((n) => `[${n}]`).join("")}: "${clip(badQuote, 60)}"`);
        continue;
      }

      const citedText = cites.map(visible).join("\n");
      // Sentences citing the same passages share one vocabulary.
      const grounds = groundsByText.get(citedText) ?? groundsOf(citedText);
      groundsByText.set(citedText, grounds);
      const unsupported = ungrounded(withoutMarkers, citedText, grounds);
      if (unsupported.length > 0) {
        verification.push(`removed a sentence naming what ${cites.map((n) => `[${n}]`).join("")} never mention: ${unsupported.map((w) => `"${clip(w, 30)}"`).join(", ")}`);
        continue;
      }

      // Rewrite markers: keep only valid numbers; they are renumbered once the order is known.
      const text = sentence
        .replace(MARKER, (_all, list: string) => {
          const ok = list.split(/[,;]/).map((s) => Number(s.trim())).filter((n) => byN.has(n));
          return ok.length > 0 ? `[${ok.join(",")}]` : "";
        })
        .replace(/\s+([.,;:!?])/g, "$1")
        .replace(/\s{2,}/g, " ")
        .trim();
      kept.push({ text, cites, quotes });
    }
    if (kept.length > 0) {
      outLines.push({ prefix: hadBlank && outLines.length > 0 ? "\n" + prefix : prefix, sentences: kept });
    }
    hadBlank = false;
  }

  const allKept = outLines.flatMap((l) => l.sentences);
  if (allKept.length === 0) {
    return { status: "failed", reason: "no sentence with a valid citation remained after verification", verification };
  }

  // Renumber in order of first appearance.
  const order: number[] = [];
  for (const s of allKept) for (const n of s.cites) if (!order.includes(n)) order.push(n);
  const renumber = new Map(order.map((n, i) => [n, i + 1]));

  const textLines = outLines.map(
    (l) =>
      l.prefix +
      l.sentences
        .map((s) =>
          s.text.replace(/\[(\d+(?:,\d+)*)\]/g, (_all, list: string) =>
            list
              .split(",")
              .map((x) => `[${renumber.get(Number(x))}]`)
              .join(""),
          ),
        )
        .join(" "),
  );
  const text = textLines.join("\n");

  const citations: Citation[] = order.map((n) => {
    const np = byN.get(n)!;
    const p = np.passage;
    const own = allKept.flatMap((s) => s.quotes).find((q) => q.n === n);
    const claims = allKept.filter((s) => s.cites.includes(n)).map((s) => s.text.replace(MARKER, ""));
    const span = own ?? bestSupport(visible(n), claims.join(" ") + " " + (options.hint ?? ""));
    const quote = p.text.slice(span.start, span.end);
    return {
      n: renumber.get(n)!,
      passageId: p.id,
      docId: p.docId,
      title: p.title,
      section: p.section,
      file: p.file,
      start: p.start + span.start,
      end: p.start + span.end,
      quote,
      score: np.relevance,
    };
  });

  for (const c of citations) {
    const p = passages.find((x) => x.passage.id === c.passageId)!.passage;
    if (c.quote.length === 0 || p.text.slice(c.start - p.start, c.end - p.start) !== c.quote || !p.text.includes(c.quote)) {
      throw new Error(`verifyGenerated: citation [${c.n}] quote is not a span of passage ${c.passageId}; this is a bug`);
    }
  }
  return { status: "answered", text, citations, verification };
}
