import type { Answer, AskOptions, Citation, DocumentInfo, Engine, Turn } from "../answer/types.ts";

/**
 * A deterministic Engine for bot tests. Answers by keyword from three fixed passages whose titles
 * and quotes hold HTML-special characters; resolves a follow-up from `history`; abstains
 * otherwise. Trigger words: "explode" throws, "long" answers with a reply too long for one message.
 */

const PASSAGES = {
  deficit: {
    passageId: "trade#1",
    docId: "trade",
    title: "Trade & Sanctions <2025>",
    section: "Deficit",
    file: "trade.md",
    quote: "In January–July, the foreign trade deficit reached $3.5 billion, \"almost 1.5 times\" higher than last year & <still> rising.",
  },
  meeting: {
    passageId: "kherson#1",
    docId: "kherson",
    title: "Belarus and Kherson",
    section: "Meeting",
    file: "kherson.md",
    quote: "On 15 September, Alexander Lukashenko met with Volodymyr Saldo, head of the occupation administration of Kherson Oblast.",
  },
  reaction: {
    passageId: "kherson#2",
    docId: "kherson",
    title: "Belarus and Kherson",
    section: "Reaction",
    file: "kherson.md",
    quote: "The Ukrainian Ministry of Foreign Affairs called the meeting a display of disregard for Ukraine's sovereignty.",
  },
} as const;

type Key = keyof typeof PASSAGES;

const KEYWORDS: Array<{ re: RegExp; key: Key; text: string; followUp?: true }> = [
  { re: /deficit/i, key: "deficit", text: "The trade deficit reached $3.5 billion [1]." },
  { re: /\b(met|meet|meeting|saldo)\b/i, key: "meeting", text: "Lukashenko met Volodymyr Saldo [1]." },
  // answerable only as a follow-up to a question about the meeting
  { re: /\bwhen\b/i, key: "meeting", text: "That was on 15 September [1].", followUp: true },
  { re: /(reaction|criticism|react)/i, key: "reaction", text: "Ukraine's foreign ministry condemned it [1]." },
];

function citation(key: Key, n: number, quote?: string): Citation {
  const p = PASSAGES[key];
  const q = quote ?? p.quote;
  return { n, ...p, quote: q, start: 0, end: q.length, score: 0.9 };
}

export interface FakeEngineOptions {
  /** Time each answer takes. Milliseconds. */
  delayMs?: number;
}

export class FakeEngine implements Engine {
  readonly calls: Array<{ question: string; history: readonly Turn[] }> = [];
  constructor(private readonly options: FakeEngineOptions = {}) {}

  async ask(question: string, options: AskOptions = {}): Promise<Answer> {
    const history = options.history ?? [];
    this.calls.push({ question, history: [...history] });
    if (this.options.delayMs) await new Promise((r) => setTimeout(r, this.options.delayMs));
    if (/explode/i.test(question)) throw new Error("fake engine failure: the index exploded");
    const base = { question, mode: "extractive" as const, retrieved: [], indexVersion: "fake-1", verification: [] };
    // The answer repeats the question, so user markup reaches the rendered reply and must be escaped.
    const echo = `You asked: "${question}". `;

    if (/\blong\b/i.test(question)) {
      const filler = "This sentence is part of a very long verbatim quote & it contains <angle> brackets. ";
      const citations = Array.from({ length: 10 }, (_, i) => citation("deficit", i + 1, filler.repeat(12) + `End of quote ${i + 1}.`));
      return { ...base, status: "answered", text: `${echo}Here is a long answer ${citations.map((c) => `[${c.n}]`).join("")}.`, citations, confidence: 0.9 };
    }

    let found = KEYWORDS.find((k) => k.re.test(question));
    let rewrittenQuery: string | undefined;
    if (found?.followUp) {
      // a follow-up ("and when was that?") borrows the subject of the previous question
      const previous = history[history.length - 1]?.question ?? "";
      if (/\b(met|meet|meeting|saldo)\b/i.test(previous)) rewrittenQuery = `${previous} ${question}`;
      else found = undefined;
    }
    if (!found) {
      return { ...base, status: "abstained", text: `${echo}The briefings don't say.`, reason: "no passage matched", citations: [], related: [{ ...PASSAGES.reaction, start: 0, end: PASSAGES.reaction.quote.length, score: 0.3 }] };
    }
    return { ...base, rewrittenQuery, status: "answered", text: echo + found.text, citations: [citation(found.key, 1)], confidence: 0.9 };
  }

  documents(): readonly DocumentInfo[] {
    return [
      { id: "trade", title: PASSAGES.deficit.title, questions: ["How large is the trade deficit?"], file: "trade.md", passages: 4 },
      { id: "kherson", title: PASSAGES.meeting.title, questions: ["Whom did Lukashenko meet?"], file: "kherson.md", passages: 6 },
    ];
  }

  indexVersion(): string {
    return "fake-1";
  }

  async reload() {
    return { reloaded: false, indexVersion: "fake-1" };
  }
}
