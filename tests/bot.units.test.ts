import { Bot, type Context } from "grammy";
import type { Update } from "grammy/types";
import { describe, expect, test } from "vitest";
import { createBot } from "../src/bot/bot.ts";
import { examplesFromDocuments } from "../src/bot/examples.ts";
import { createHistory } from "../src/bot/history.ts";
import { escapeHtml, htmlToPlain, splitHtml, visibleLength } from "../src/bot/html.ts";
import { createRateLimiter } from "../src/bot/rateLimit.ts";
import { createFeedbackSigner } from "../src/bot/feedbackSigning.ts";
import { renderAnswer } from "../src/bot/render.ts";
import { toReadableText } from "../src/answer/json.ts";
import type { Answer } from "../src/answer/types.ts";
import { parseConfig } from "../src/config.ts";
import { FakeEngine } from "../src/fakes/fakeEngine.ts";
import { parseTelegramHtml } from "../src/fakes/fakeTelegram.ts";
import { MemoryAnswerLog } from "../src/fakes/memoryAnswerLog.ts";

describe("/start's example questions", () => {
  test("are the maintainers' front-matter questions, at most three; a corpus without them gets none built from its titles", () => {
    // Found by a new user: a changelog's title gave the button 'What does "Unreleased" report?', which was declined.
    const doc = (title: string, questions: string[]) => ({ id: title, title, questions, file: `${title}.md`, passages: 3 });
    expect(examplesFromDocuments([doc("Unreleased", []), doc("fd", [])])).toEqual([]);
    expect(examplesFromDocuments([doc("A", ["When did Lukashenko meet Saldo?"]), doc("B", [])])).toEqual(["When did Lukashenko meet Saldo?"]);
    expect(examplesFromDocuments([doc("A", ["Q1?", "Q2?"]), doc("B", ["Q3?", "Q4?"])])).toEqual(["Q1?", "Q2?", "Q3?"]);
  });
});

describe("splitHtml", () => {
  const paragraph = (i: number) => `<b>Part ${i}</b> text with &amp; and &lt;tags&gt; and an emoji 😀 here. `.repeat(8);

  test("every part is valid Telegram HTML within the limit, and nothing is lost", () => {
    const html = Array.from({ length: 40 }, (_, i) => `${paragraph(i)}\n\n<blockquote expandable>${escapeHtml("quote & <more> ".repeat(60))}</blockquote>`).join("\n\n");
    const parts = splitHtml(html, 4096);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) {
      const visible = parseTelegramHtml(part); // throws on a broken tag or entity
      expect(visible.length).toBeLessThanOrEqual(4096);
    }
    const squash = (s: string) => s.replace(/\s+/g, "");
    expect(squash(parts.map(htmlToPlain).join(""))).toBe(squash(htmlToPlain(html)));
  });

  test("a tag open at a break is closed and reopened; entities and surrogate pairs are never cut", () => {
    const html = `<blockquote expandable>${"&amp;😀x".repeat(50)}</blockquote>`; // no spaces: forced mid-word breaks
    const parts = splitHtml(html, 7);
    expect(parts.length).toBeGreaterThan(10);
    for (const part of parts) {
      expect(part).toMatch(/^<blockquote expandable>.*<\/blockquote>$/);
      expect(visibleLength(part)).toBeLessThanOrEqual(7);
      expect(() => parseTelegramHtml(part)).not.toThrow();
      expect(parseTelegramHtml(part)).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no lone high surrogate
    }
    expect(parts.map(htmlToPlain).join("")).toBe("&😀x".repeat(50));
  });

  test("prefers breaking between blocks", () => {
    const a = "a".repeat(60);
    const b = "b".repeat(60);
    expect(splitHtml(`<i>${a}</i>\n\n<i>${b}</i>`, 100)).toEqual([`<i>${a}</i>`, `<i>${b}</i>`]);
  });

  test("short HTML is one part, unchanged", () => {
    expect(splitHtml("<b>hi</b> &amp; bye")).toEqual(["<b>hi</b> &amp; bye"]);
  });
});

describe("renderAnswer", () => {
  const base = { question: "q", mode: "extractive" as const, retrieved: [], indexVersion: "v", verification: [] };
  const cite = (n: number, quote: string) => ({ n, passageId: `p${n}`, docId: "d", title: "A & B", section: n === 1 ? "S<1>" : null, file: "f.md", start: 0, end: quote.length, quote, score: 0.5 });

  test("numbers citations like the markers, escapes corpus text, and collapses long quotes", () => {
    const answer: Answer = { ...base, status: "answered", text: "X [2] and Y [1].", citations: [cite(2, "long ".repeat(100)), cite(1, "short <q>")], confidence: 0.8 };
    const html = renderAnswer(answer);
    expect(html.indexOf("<b>[1]</b> A &amp; B § S&lt;1&gt;")).toBeLessThan(html.indexOf("<b>[2]</b> A &amp; B"));
    expect(html).toContain("<blockquote>short &lt;q&gt;</blockquote>");
    expect(html).toContain("<blockquote expandable>long long");
    expect(() => parseTelegramHtml(html)).not.toThrow();
  });

  test("a section that only repeats the title is not shown again (\"Florence § Florence\")", () => {
    const same = { ...cite(1, "The city lies on the Arno."), title: "Florence", section: "Florence" };
    const answer: Answer = { ...base, status: "answered", text: "The city lies on the Arno. [1]", citations: [same, { ...same, n: 2, section: "Florence › Geography" }], confidence: 0.8 };
    const html = renderAnswer(answer);
    expect(html).toContain("<b>[1]</b> Florence\n");
    expect(html).toContain("Florence § Florence › Geography");
    expect(toReadableText(answer)).toContain("    — Florence (f.md, characters 0–26)");
  });

  test("a quote of hard-wrapped prose is shown on one line; a model's answer keeps its lines", () => {
    const quote = "The hall opened on 12 March\n2024 by the mayor.";
    const answer: Answer = { ...base, status: "answered", text: `${quote} [1]`, citations: [cite(1, quote)], confidence: 0.8 };
    const text = parseTelegramHtml(renderAnswer(answer));
    expect(text).toContain("The hall opened on 12 March 2024 by the mayor. [1]\n\nThe hall opened on 12 March 2024 by the mayor.\n[1]");
    expect(toReadableText(answer)).toMatch(/^The hall opened on 12 March 2024 by the mayor\. \[1\]\n\n\[1\] “The hall opened on 12 March 2024 by the mayor\.”/);
    const llm = parseTelegramHtml(renderAnswer({ ...answer, mode: "llm", text: "First point [1].\nSecond point." }));
    expect(llm).toMatch(/^First point \[1\]\.\nSecond point\./);
  });

  test("Markdown's strong emphasis and inline code in a quote are shown as Telegram's, not as marks; stars between numbers stay", () => {
    const quote = "Releases are made on a best effort basis and no dates **will ever be given**; run `rg --version` to check, 5 * 3 = 15, snake_case_name.";
    const answer: Answer = { ...base, status: "answered", text: `${quote} [1]`, citations: [cite(1, quote)], confidence: 0.8 };
    const html = renderAnswer(answer);
    expect(html).toContain("no dates <b>will ever be given</b>; run <code>rg --version</code> to check, 5 * 3 = 15, snake_case_name.</blockquote>");
    expect(html.startsWith("Releases are made on a best effort basis and no dates <b>will ever be given</b>")).toBe(true);
    expect(parseTelegramHtml(html)).toContain("no dates will ever be given; run rg --version to check");
    // Inside code nothing is emphasis: Telegram nests no entity in code.
    expect(renderAnswer({ ...answer, text: "x [1]", citations: [cite(1, "Set `a**b**c` and __go__.")] })).toContain("<blockquote>Set <code>a**b**c</code> and <b>go</b>.</blockquote>");
    // A single mark around words is emphasis too (found by a new user: "*two Actions*" showed its stars); 2 * 3 * 4 is none.
    expect(renderAnswer({ ...answer, text: "x [1]", citations: [cite(1, "Each player gets *two Actions* per turn, _never_ three; 2 * 3 * 4 and a_b_c stay.")] })).toContain(
      "<blockquote>Each player gets <i>two Actions</i> per turn, <i>never</i> three; 2 * 3 * 4 and a_b_c stay.</blockquote>",
    );
  });

  test("a quote's Markdown links are Telegram links and kramdown's attribute lists are left out", () => {
    // Found by a new user: a makerspace's rules were quoted with "[#lost-and-found](https://…){: .discord-channel}" raw.
    const quote = "Tell us in [#lost-and-found](https://discord.com/channels/1/2?a=1&b=2){: .discord-channel} or see [the __init__ rules](https://x.org/__init__).";
    const answer: Answer = { ...base, status: "answered", text: `${quote} [1]`, citations: [cite(1, quote)], confidence: 0.8 };
    const html = renderAnswer(answer);
    expect(html).toContain('<blockquote>Tell us in <a href="https://discord.com/channels/1/2?a=1&amp;b=2">#lost-and-found</a> or see <a href="https://x.org/__init__">the __init__ rules</a>.</blockquote>');
    expect(parseTelegramHtml(html)).toContain("Tell us in #lost-and-found or see the __init__ rules.");
    // Only web and mail addresses become links.
    expect(renderAnswer({ ...answer, citations: [cite(1, "Run [x](javascript:alert(1)) now.")] })).toContain("Run [x](javascript:alert(1)) now.");
  });

  test("an abstention says so and offers related passages", () => {
    const { n: _n, ...related } = cite(1, "nearby passage");
    const answer: Answer = { ...base, status: "abstained", text: "", reason: "none", citations: [], related: [related] };
    const text = parseTelegramHtml(renderAnswer(answer));
    expect(text).toMatch(/^I couldn't find an answer/);
    // Not "they don't answer it": the first is the sentence the answerer would have quoted, often right.
    expect(text).toContain("The closest passages I found (check whether they answer it):");
    expect(text).toContain("nearby passage");
  });

  test("a terminal shows a decline's closest passages on one line, as it shows quotes", () => {
    const { n: _n, ...related } = cite(1, "The hall opened on 12 March\n2024 by the mayor.");
    const answer: Answer = { ...base, status: "abstained", text: "", reason: "none", citations: [], related: [related] };
    expect(toReadableText(answer)).toContain("  • “The hall opened on 12 March 2024 by the mayor.” — A & B § S<1>");
  });

  test("feedback callback data fits in 64 bytes and round-trips", () => {
    const signer = createFeedbackSigner("1:test-token");
    const chat = -1001234567890123;
    const data = signer.data(Number.MAX_SAFE_INTEGER, chat, "down");
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(signer.verify(data, chat)).toEqual({ entryId: Number.MAX_SAFE_INTEGER, rating: "down" });
    expect(signer.verify(signer.data(null, chat, "up"), chat)).toEqual({ entryId: null, rating: "up" });
    expect(signer.verify("fb:1:x", chat)).toBeUndefined();
  });
});

describe("history and rate limit", () => {
  test("history keeps the last turns and forgets idle conversations", () => {
    let now = 0;
    const h = createHistory({ maxTurns: 2, ttlMs: 1_000, now: () => now });
    for (let i = 1; i <= 3; i++) h.add("c", { question: `q${i}`, answer: "a".repeat(5_000) });
    expect(h.get("c").map((t) => t.question)).toEqual(["q2", "q3"]);
    expect(h.get("c")[0]!.answer.length).toBe(1_000);
    now = 1_001;
    expect(h.get("c")).toEqual([]);
  });

  test("history forgets the least recently used conversation beyond its capacity", () => {
    const h = createHistory({ maxTurns: 2, ttlMs: 1_000, maxConversations: 2, now: () => 0 });
    h.add("a", { question: "qa", answer: "" });
    h.add("b", { question: "qb", answer: "" });
    h.add("a", { question: "qa2", answer: "" });
    h.add("c", { question: "qc", answer: "" });
    expect(h.get("b")).toEqual([]);
    expect(h.get("a")).toHaveLength(2);
  });

  test("history of a group upgraded to a supergroup: each member's turns continue under the new chat id", () => {
    const h = createHistory({ maxTurns: 2, ttlMs: 1_000, now: () => 0 });
    h.add("-4005:user:7", { question: "q1", answer: "" });
    h.add("-4005:user:8", { question: "q8", answer: "" });
    h.moveChat(-4005, -1004005);
    expect(h.get("-1004005:user:7").map((t) => t.question)).toEqual(["q1"]);
    h.add("-1004005:user:7", { question: "q2", answer: "" });
    expect(h.get("-1004005:user:7").map((t) => t.question)).toEqual(["q1", "q2"]);
    expect(h.get("-1004005:user:8").map((t) => t.question)).toEqual(["q8"]);
    expect(h.get("-1004005:user:9")).toEqual([]);
    expect(h.get("-4006:user:7")).toEqual([]);
  });

  test("rate limiter: a sliding minute per user, one notice per refusal streak", () => {
    let now = 0;
    const r = createRateLimiter(2, () => now);
    expect(r.take("user:1").allowed).toBe(true);
    expect(r.take("user:1").allowed).toBe(true);
    expect(r.take("user:1")).toEqual({ allowed: false, retryAfterSeconds: 60, notify: true });
    expect(r.take("user:1")).toMatchObject({ allowed: false, notify: false });
    expect(r.take("user:2").allowed).toBe(true);
    now = 60_000;
    expect(r.take("user:1").allowed).toBe(true);
  });
});

describe("handlers through bot.handleUpdate with a recording transformer", () => {
  function setup() {
    const calls: Array<{ method: string; payload: Record<string, unknown> }> = [];
    const config = parseConfig({ TELEGRAM_BOT_TOKEN: "1:handler-test-token-long", HISTORY_TTL_MINUTES: "1" });
    let now = 0;
    const engine = new FakeEngine();
    const answerLog = new MemoryAnswerLog();
    const bot: Bot<Context> = createBot({
      config,
      engine,
      answerLog,
      clock: () => now,
      log: () => undefined,
      botInfo: { id: 1, is_bot: true, first_name: "B", username: "b_bot", can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false, has_topics_enabled: false, allows_users_to_create_topics: false, can_manage_bots: false, supports_join_request_queries: false },
    });
    let id = 0;
    bot.api.config.use(async (_prev, method, payload) => {
      calls.push({ method, payload: payload as Record<string, unknown> });
      return { ok: true, result: (method === "sendMessage" ? { message_id: ++id, date: 0, chat: { id: 7, type: "private" }, text: "" } : true) as never };
    });
    const message = (updateId: number, text: string): Update => ({
      update_id: updateId,
      message: { message_id: updateId, date: 0, chat: { id: 7, type: "private", first_name: "U" }, from: { id: 7, is_bot: false, first_name: "U" }, text },
    });
    return { bot, calls, engine, answerLog, message, advance: (ms: number) => (now += ms) };
  }

  test("follow-up context expires after HISTORY_TTL_MINUTES", async () => {
    const { bot, engine, message, advance } = setup();
    await bot.handleUpdate(message(1, "Who did Lukashenko meet?"));
    await bot.handleUpdate(message(2, "and when was that?"));
    expect(engine.calls[1]!.history).toHaveLength(1);
    advance(61_000);
    await bot.handleUpdate(message(3, "and when was that?"));
    expect(engine.calls[2]!.history).toEqual([]);
  });

  test("a failed log write still answers, with buttons that say the rating could not be saved", async () => {
    const { bot, calls, answerLog, message } = setup();
    answerLog.failWrites = true;
    await bot.handleUpdate(message(1, "What was the deficit?"));
    const send = calls.find((c) => c.method === "sendMessage")!;
    expect(JSON.stringify(send.payload.reply_markup)).toContain("fb:x:u");
  });

  test("edited messages and unknown chatter types are ignored", async () => {
    const { bot, calls } = setup();
    await bot.handleUpdate({ update_id: 9, edited_message: { message_id: 1, date: 0, edit_date: 1, chat: { id: 7, type: "private", first_name: "U" }, from: { id: 7, is_bot: false, first_name: "U" }, text: "deficit?" } });
    expect(calls).toEqual([]);
  });
});
