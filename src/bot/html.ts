/**
 * Telegram HTML (parse_mode "HTML") helpers: escaping, splitting a long message without breaking a
 * tag or an entity, and converting to plain text. Works on HTML this bot generates (well-formed tags,
 * the five escapes below); it is not a general HTML parser.
 */

/** Telegram's limit on a message's text after entity parsing, in UTF-16 code units. */
export const MESSAGE_LIMIT = 4096;
/** Formatting entities Telegram applies per message; past this it silently drops the formatting. */
export const ENTITY_LIMIT = 100;

/**
 * `text` cut to at most `max` UTF-16 code units without splitting a surrogate pair: half an emoji
 * is not valid UTF-8, and Telegram rejects the whole message.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/** Escape any user or corpus text before it goes into an HTML message. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

type OpenTag = { kind: "open"; name: string; raw: string };
type Token =
  | OpenTag
  | { kind: "close"; name: string; raw: string }
  /** One visible character: `raw` may be an entity; `length` is UTF-16 units of the decoded text. */
  | { kind: "text"; raw: string; text: string; length: number };

function decodeEntity(raw: string): string {
  const body = raw.slice(1, -1);
  if (body.startsWith("#x") || body.startsWith("#X")) return String.fromCodePoint(parseInt(body.slice(2), 16));
  if (body.startsWith("#")) return String.fromCodePoint(parseInt(body.slice(1), 10));
  const named = NAMED[body];
  if (named === undefined) throw new Error(`unknown HTML entity ${raw}`);
  return named;
}

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < html.length) {
    const c = html[i]!;
    if (c === "<") {
      const end = html.indexOf(">", i);
      if (end < 0) throw new Error(`unterminated tag at offset ${i}`);
      const raw = html.slice(i, end + 1);
      const m = /^<(\/?)([a-zA-Z][\w-]*)/.exec(raw);
      if (!m) throw new Error(`malformed tag ${raw}`);
      tokens.push({ kind: m[1] ? "close" : "open", name: m[2]!.toLowerCase(), raw });
      i = end + 1;
    } else if (c === "&") {
      const m = /^&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);/.exec(html.slice(i, i + 12));
      if (!m) throw new Error(`bare & at offset ${i}; escape it as &amp;`);
      const text = decodeEntity(m[0]);
      tokens.push({ kind: "text", raw: m[0], text, length: text.length });
      i += m[0].length;
    } else {
      const cp = html.codePointAt(i)!;
      const ch = String.fromCodePoint(cp); // keeps a surrogate pair in one token
      tokens.push({ kind: "text", raw: ch, text: ch, length: ch.length });
      i += ch.length;
    }
  }
  return tokens;
}

/** Visible length of an HTML message as Telegram counts it (UTF-16 units after entity parsing). */
export function visibleLength(html: string): number {
  return tokenize(html).reduce((n, t) => n + (t.kind === "text" ? t.length : 0), 0);
}

/**
 * Split HTML into messages of at most `limit` visible UTF-16 units and `maxEntities` tags each.
 * Breaks at a blank line between top-level blocks when it can, then at a newline, then at a space,
 * and only then mid-word; tags open at a break are closed at the end of one part and reopened in the next.
 */
export function splitHtml(html: string, limit = MESSAGE_LIMIT, maxEntities = ENTITY_LIMIT): string[] {
  const tokens = tokenize(html);
  const parts: string[] = [];
  let start = 0;
  let openAtStart: OpenTag[] = [];
  while (start < tokens.length) {
    // skip whitespace at the start of a part: Telegram trims it and it costs room
    while (start < tokens.length && tokens[start]!.kind === "text" && /^\s$/.test((tokens[start] as { text: string }).text)) start++;
    if (start >= tokens.length) break;

    const stack: OpenTag[] = [...openAtStart];
    let length = 0;
    let end = start;
    /** Best break candidates by priority: index after which to break, and the open tags there. */
    const best: Array<{ at: number; stack: OpenTag[] } | undefined> = [undefined, undefined, undefined, undefined];
    /** The same, at any length: where to break when the tags, not the text, run out. */
    const anyBreak: Array<{ at: number; stack: OpenTag[] } | undefined> = [undefined, undefined, undefined, undefined];
    let entities = openAtStart.length;
    let overflow = false;
    let tooManyEntities = false;
    for (; end < tokens.length; end++) {
      const t = tokens[end]!;
      if (t.kind === "open") {
        if (entities >= maxEntities && end > start) {
          overflow = tooManyEntities = true;
          break;
        }
        entities++;
        stack.push(t);
      } else if (t.kind === "close") {
        const idx = stack.map((s) => s.name).lastIndexOf(t.name);
        if (idx >= 0) stack.splice(idx, 1);
      } else {
        if (length + t.length > limit) {
          overflow = true;
          break;
        }
        length += t.length;
        const priority = t.text === "\n" ? (stack.length === 0 ? 3 : 2) : t.text === " " ? 1 : 0;
        if (priority > 0 && length >= limit / 2) best[priority] = { at: end + 1, stack: [...stack] };
        if (priority > 0) anyBreak[priority] = { at: end + 1, stack: [...stack] };
      }
    }
    let cut = end;
    let openAtCut = stack;
    if (overflow) {
      const chosen = tooManyEntities ? (anyBreak[3] ?? anyBreak[2]) : (best[3] ?? best[2] ?? best[1]);
      if (chosen) {
        cut = chosen.at;
        openAtCut = chosen.stack;
      }
      if (cut === start) cut = start + 1; // a single unit larger than limit cannot happen (max 2), but never loop
    }
    const body = tokens.slice(start, cut).map((t) => t.raw).join("");
    const reopen = openAtStart.map((t) => t.raw).join("");
    const close = [...openAtCut].reverse().map((t) => `</${t.name}>`).join("");
    const part = (reopen + body + close).replace(/\s+$/, "");
    if (visibleLength(part) > 0) parts.push(part);
    start = cut;
    openAtStart = openAtCut;
  }
  return parts;
}

/** The text Telegram would show, without formatting: for resending when HTML was rejected. */
export function htmlToPlain(html: string): string {
  return tokenize(html)
    .map((t) => (t.kind === "text" ? t.text : ""))
    .join("");
}

/** A terminal rendering: blockquotes become indented "│ " lines, other tags are dropped. */
export function htmlToReadable(html: string): string {
  let depth = 0;
  let out = "";
  let atLineStart = true;
  for (const t of tokenize(html)) {
    if (t.kind === "open" && t.name === "blockquote") {
      depth++;
      if (!atLineStart) out += "\n";
      atLineStart = true;
    } else if (t.kind === "close" && t.name === "blockquote") {
      depth = Math.max(0, depth - 1);
    } else if (t.kind === "text") {
      if (atLineStart && depth > 0) out += "  │ ";
      out += t.text;
      atLineStart = t.text === "\n";
    }
  }
  return out;
}
