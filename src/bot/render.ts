import type { Answer, Citation, RelatedPassage } from "../answer/types.ts";
import type { FeedbackSigner } from "./feedbackSigning.ts";
import { cutText, escapeHtml } from "./html.ts";
import { shownAnswerText, shownSection, unwrapped } from "../answer/json.ts";

/** Quotes longer than this (characters) or with more lines are sent collapsed. */
const EXPANDABLE_CHARS = 300;
const EXPANDABLE_LINES = 4;
/** Related passages beside an abstention are previews, not evidence: keep them short. */
const RELATED_PREVIEW_CHARS = 280;
const RELATED_MAX = 3;

function sourceLine(p: { title: string; section: string | null; page?: number | null }): string {
  const section = shownSection(p);
  const where = section ? `${escapeHtml(p.title)} § ${escapeHtml(section)}` : escapeHtml(p.title);
  return p.page ? `${where}, p. ${p.page}` : where;
}

function blockquote(text: string): string {
  const long = text.length > EXPANDABLE_CHARS || text.split("\n").length > EXPANDABLE_LINES;
  return `<blockquote${long ? " expandable" : ""}>${withMarkdownShown(escapeHtml(text.trim()))}</blockquote>`;
}

/** Inline code, or a Markdown link to a web or mail address: "[the rules](https://…)". */
const CODE_OR_LINK = /(`[^`\n]+`|\[[^\]\n]+\]\((?:https?:\/\/|mailto:)[^\s()]+\))/;
/** "*two Actions*" or "_never_": a single mark on each side of words, not inside a word or before a space. */
const SINGLE_EMPHASIS = /(?<![\p{L}\p{N}*_])([*_])(?=[^\s*_])([^*_\n]*?[^\s*_])\1(?![\p{L}\p{N}*_])/gu;
/** A kramdown attribute list ("{: .discord-channel}"): markup for a site's style, no words. */
const ATTRIBUTE_LIST = /\s?\{:[^}\n]*\}/g;

/**
 * Corpus text quoted from Markdown, in escaped HTML, with its strong emphasis ("**never**", "__never__"),
 * inline code ("`--force`") and links ("[the rules](https://…)") shown as Telegram shows them rather
 * than as the marks, and kramdown's attribute lists left out: the words are the quote's, in order.
 * A single "*" or "_" is emphasis only around words ("*two Actions*"): "5 * 3" and snake_case_name stay.
 */
function withMarkdownShown(html: string): string {
  // Telegram nests nothing inside code, and a link's address is no text: emphasis is read between them only.
  return html
    .replace(ATTRIBUTE_LIST, "")
    .split(CODE_OR_LINK)
    .map((part, i) => {
      if (i % 2 === 0) return part.replace(/(\*\*|__)(?=\S)([^*_\n]*?\S)\1/g, "<b>$2</b>").replace(SINGLE_EMPHASIS, "<i>$2</i>");
      if (part.startsWith("`")) return `<code>${part.slice(1, -1)}</code>`;
      const [, text, href] = /^\[([^\]]+)\]\((.+)\)$/.exec(part)!;
      return `<a href="${href}">${text}</a>`;
    })
    .join("");
}

function citationBlock(c: Citation): string {
  return `${blockquote(unwrapped(c.quote))}\n<b>[${c.n}]</b> ${sourceLine(c)}`;
}

function preview(text: string): string {
  const t = text.trim().replace(/\s+/g, " ");
  if (t.length <= RELATED_PREVIEW_CHARS) return t;
  const cut = t.lastIndexOf(" ", RELATED_PREVIEW_CHARS);
  return `${cutText(t, cut > RELATED_PREVIEW_CHARS / 2 ? cut : RELATED_PREVIEW_CHARS)}…`;
}

function relatedBlock(p: RelatedPassage): string {
  return `${blockquote(preview(p.quote))}\n<i>${sourceLine(p)}</i>`;
}

/**
 * One answer as Telegram HTML: the answer with its [n] markers, then for each citation the
 * verbatim quote in a blockquote and its source line, numbered like the markers. Blocks are
 * separated by blank lines so `splitHtml` prefers to break between them.
 */
export function renderAnswer(answer: Answer): string {
  if (answer.status === "answered") {
    const citations = [...answer.citations].sort((a, b) => a.n - b.n).map(citationBlock);
    // Markdown marks come from the corpus: a model's answer is shown as it wrote it.
    const text = escapeHtml(shownAnswerText(answer).trim());
    return [answer.mode === "extractive" ? withMarkdownShown(text) : text, ...citations].join("\n\n");
  }
  const lead = answer.text.trim() || "I couldn't find an answer to that in the documents.";
  const blocks = [escapeHtml(lead)];
  const related = answer.related.slice(0, RELATED_MAX);
  if (related.length > 0) {
    blocks.push("<i>The closest passages I found (check whether they answer it):</i>");
    blocks.push(...related.map(relatedBlock));
  }
  return blocks.join("\n\n");
}

/** The 👍/👎 buttons under an answer, signed for the chat it is sent to. */
export function feedbackKeyboard(signer: FeedbackSigner, entryId: number | null, chatId: number) {
  return {
    inline_keyboard: [
      [
        { text: "👍", callback_data: signer.data(entryId, chatId, "up") },
        { text: "👎", callback_data: signer.data(entryId, chatId, "down") },
      ],
    ],
  };
}
