import { Bot, type Context } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { afterEach, describe, expect, test } from "vitest";
import { FAKE_BOT } from "../src/fakes/fakeTelegram.ts";
import { openAnswerLog } from "../src/logs/store.ts";
import { createDownvoteNotifier, createModerationComposer, NOT_AVAILABLE } from "../src/bot/moderation/index.ts";
import { clipSection, reviewData } from "../src/bot/moderation/format.ts";
import { abstained, answered, citation, record, tempDir, testConfig } from "./helpers/logs-fixtures.ts";

const MOD = 1001;
const STRANGER = 2002;
const MOD_CHAT = -100555;
const DAY = 86_400_000;
const BOT_ID = 42;

const botInfo: UserFromGetMe = { ...FAKE_BOT, id: BOT_ID, first_name: "Briefing", username: "briefing_bot" };

let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

interface Call {
  method: string;
  payload: Record<string, any>;
}

async function harness(env: Record<string, string> = {}) {
  const { dir, cleanup } = tempDir();
  const config = testConfig(dir, { MODERATOR_IDS: `${MOD},1002`, MODERATOR_CHAT_ID: String(MOD_CHAT), ...env });
  const log = await openAnswerLog(config, { onError: (e) => { throw e; } });
  cleanups.push(() => log.close(), cleanup);
  const engine = {
    version: "idx-1",
    next: "idx-2" as string | Error,
    reloads: 0,
    indexVersion() {
      return this.version;
    },
    async reload() {
      this.reloads++;
      if (this.next instanceof Error) throw this.next;
      const reloaded = this.next !== this.version;
      this.version = this.next;
      return { reloaded, indexVersion: this.version };
    },
  };
  const calls: Call[] = [];
  let messageId = 100;
  let failSend = false;
  const bot = new Bot<Context>("123:TEST", { botInfo });
  bot.api.config.use(async (_prev, method, payload) => {
    const p = payload as Record<string, any>;
    calls.push({ method, payload: p });
    if (failSend && method === "sendMessage") return { ok: false, error_code: 400, description: "Bad Request: chat not found" } as any;
    const message = { message_id: ++messageId, date: 0, chat: { id: p.chat_id, type: "private" }, text: p.text };
    return { ok: true, result: method.startsWith("send") || method.startsWith("edit") ? message : true } as any;
  });
  bot.use(createModerationComposer({ config, log, engine }));
  // stands in for the question handler registered after moderation
  bot.on("message:text", (ctx) => ctx.reply("QUESTION HANDLER"));

  let updateId = 1;
  const chatOf = (from: number, chat?: { id: number; type: "group" | "supergroup" }) =>
    chat ? { id: chat.id, type: chat.type, title: "A group" } : { id: from, type: "private" as const, first_name: "U" };
  const send = async (text: string, from: number, opts: { chat?: { id: number; type: "group" | "supergroup" }; replyTo?: any } = {}) => {
    const command = /^\/\w+/.exec(text)?.[0];
    const update = {
      update_id: updateId++,
      message: {
        message_id: updateId,
        date: 0,
        chat: chatOf(from, opts.chat),
        from: { id: from, is_bot: false, first_name: "U" },
        text,
        ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command.length }] } : {}),
        ...(opts.replyTo ? { reply_to_message: opts.replyTo } : {}),
      },
    } as unknown as Update;
    calls.length = 0;
    await bot.handleUpdate(update);
    return [...calls];
  };
  const press = async (data: string, from: number, chatId = from) => {
    const update = {
      update_id: updateId++,
      callback_query: {
        id: `cb${updateId}`,
        from: { id: from, is_bot: false, first_name: "U" },
        chat_instance: "ci",
        data,
        message: { message_id: 7, date: 0, chat: { id: chatId, type: chatId < 0 ? "supergroup" : "private" }, text: "item" },
      },
    } as unknown as Update;
    calls.length = 0;
    await bot.handleUpdate(update);
    return [...calls];
  };
  return { config, log, engine, bot, calls, send, press, setFailSend: (v: boolean) => (failSend = v) };
}

/** A review button's data for entry `id` as the bot sends it: the entry's number and creation time. */
async function modData(log: { get(id: number): Promise<{ id: number; time: string } | undefined> }, action: "approve" | "flag" | "note", id: number): Promise<string> {
  return reviewData(action, (await log.get(id))!);
}

const texts = (calls: Call[]) => calls.filter((c) => c.method === "sendMessage").map((c) => c.payload.text as string);
const buttons = (call: Call) => (call.payload.reply_markup?.inline_keyboard ?? []).flat() as { text: string; callback_data: string }[];

describe("moderator permissions", () => {
  test("anyone else is told the command is not available and the log is untouched", async () => {
    const h = await harness();
    const id = (await h.log.record(record({ question: "secret question?" })))!;
    for (const command of ["/review", "/review 5", "/stats", "/reload", `/approve ${id}`, `/flag ${id} bad`]) {
      const calls = await h.send(command, STRANGER);
      expect(calls, command).toEqual([{ method: "sendMessage", payload: { chat_id: STRANGER, text: NOT_AVAILABLE } }]);
    }
    // the same in the moderator chat itself
    expect(texts(await h.send("/review", STRANGER, { chat: { id: MOD_CHAT, type: "supergroup" } }))).toEqual([NOT_AVAILABLE]);

    const pressed = await h.press(await modData(h.log, "approve", id), STRANGER, MOD_CHAT);
    expect(pressed).toEqual([{ method: "answerCallbackQuery", payload: { callback_query_id: expect.any(String), text: NOT_AVAILABLE } }]);
    const prompt = { message_id: 9, date: 0, chat: { id: MOD_CHAT, type: "supergroup" }, from: botInfo, text: `Flag #${id}: reply to this message with your note.` };
    expect(texts(await h.send("sneaky note", STRANGER, { chat: { id: MOD_CHAT, type: "supergroup" }, replyTo: prompt }))).toEqual([NOT_AVAILABLE]);

    expect(await h.log.get(id)).toMatchObject({ review: "pending", reviewNote: null });
    expect(h.engine.reloads).toBe(0);
  });

  test("a moderator in a public group gets no log content there", async () => {
    const h = await harness();
    await h.log.record(record({ question: "private matter?" }));
    const out = texts(await h.send("/review", MOD, { chat: { id: -100777, type: "supergroup" } }));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/only in a private chat/);
    expect(out[0]).not.toContain("private matter");
  });

  test("ordinary messages pass through to the question handler", async () => {
    const h = await harness();
    expect(texts(await h.send("What is the budget?", STRANGER))).toEqual(["QUESTION HANDLER"]);
    expect(texts(await h.send("What is the budget?", MOD))).toEqual(["QUESTION HANDLER"]);
  });
});

describe("/review", () => {
  test("a nested section too long to show keeps its own heading, cut from the front", () => {
    expect(clipSection("Installing on Linux and other Unix-like systems › Debian and Ubuntu", 40)).toBe("… › Debian and Ubuntu");
    expect(clipSection("Setup › Ports", 40)).toBe("Setup › Ports");
    expect(clipSection("A very long heading that has no parent at all & more", 20)).toBe("A very long heading…");
  });

  test("lists pending entries worst first with escaped question, answer, quotes and buttons", async () => {
    const h = await harness();
    const fine = (await h.log.record(record({ answer: answered({ confidence: 0.95 }), question: "fine?" })))!;
    const gap = (await h.log.record(record({ answer: abstained("what about <b>mars</b> & venus?"), question: "what about <b>mars</b> & venus?" })))!;
    const bad = (await h.log.record(
      record({ answer: answered({ text: "Spending rises 4% [1].", citations: [citation({ quote: "rises by <4%> & more" })] }), question: "rise?" }),
    ))!;
    await h.log.feedback(bad, "down", 77);

    const calls = await h.send("/review", MOD);
    const out = texts(calls);
    expect(out[0]).toBe("3 of 3 pending, worst first (👎, abstentions, low confidence, the rest):");
    expect(out.slice(1).map((t) => Number(/^<b>#(\d+)<\/b>/.exec(t)?.[1]))).toEqual([bad, gap, fine]);
    expect(out[1]).toContain("<blockquote>rises by &lt;4%&gt; &amp; more</blockquote>");
    expect(out[1]).toContain("Budget 2024 &lt;briefing&gt; § Spending &amp; cuts");
    expect(out[1]).toContain("👎 1");
    expect(out[2]).toContain("what about &lt;b&gt;mars&lt;/b&gt; &amp; venus?");
    expect(out[2]).toContain("🤷 abstained");
    const items = calls.filter((c) => c.method === "sendMessage").slice(1);
    for (const c of items) expect(c.payload.parse_mode).toBe("HTML");
    expect(buttons(items[0]!).map((b) => b.callback_data)).toEqual([await modData(h.log, "approve", bad), await modData(h.log, "flag", bad), await modData(h.log, "note", bad)]);

    expect(texts(await h.send("/review 1", MOD))).toHaveLength(2);
  });

  test("a section that only repeats the title is not shown again", async () => {
    const h = await harness();
    await h.log.record(record({ answer: answered({ citations: [citation({ section: "Budget 2024 <briefing>" })] }), question: "titled?" }));
    const out = texts(await h.send("/review", MOD));
    expect(out[1]).toContain("<b>[1]</b> Budget 2024 &lt;briefing&gt; <code>");
    expect(out[1]).not.toContain("§");
  });

  test("an enormous entry still fits one message and short callback data", async () => {
    const h = await harness();
    const huge = "&<".repeat(5000);
    await h.log.record(
      record({
        question: huge,
        answer: answered({ text: huge, rewrittenQuery: huge, verification: [huge], citations: [1, 2, 3, 4, 5, 6].map((n) => citation({ n, quote: huge, title: huge, section: huge })) }),
        error: huge,
      }),
    );
    const [, item] = (await h.send("/review", MOD)).filter((c) => c.method === "sendMessage");
    expect(item!.payload.text.length).toBeLessThanOrEqual(4096);
    expect(item!.payload.text).toContain("<blockquote>&amp;&lt;");
    expect(item!.payload.text).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
    for (const b of buttons(item!)) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
  });

  test("approve and flag by button, flag with a note by replying to the prompt or by /flag", async () => {
    const h = await harness();
    const a = (await h.log.record(record({ question: "a?" })))!;
    const b = (await h.log.record(record({ question: "b?" })))!;
    const c = (await h.log.record(record({ question: "c?" })))!;

    const approved = await h.press(await modData(h.log, "approve", a), MOD);
    expect(approved.map((x) => x.method)).toEqual(["answerCallbackQuery", "editMessageText"]);
    expect(approved[0]!.payload.text).toBe(`✅ Approved #${a}.`);
    expect(approved[1]!.payload.text).toContain("✅ approved");
    expect((await h.log.get(a))!.review).toBe("approved");

    const noted = await h.press(await modData(h.log, "note", b), MOD, MOD_CHAT);
    const prompt = noted.find((x) => x.method === "sendMessage")!;
    expect(prompt.payload.reply_markup).toMatchObject({ force_reply: true });
    expect((await h.log.get(b))!.review).toBe("pending");
    const reply = { message_id: 9, date: 0, chat: { id: MOD_CHAT, type: "supergroup" }, from: botInfo, text: prompt.payload.text };
    const done = texts(await h.send("Quote [1] says 3%, not 4%.", MOD, { chat: { id: MOD_CHAT, type: "supergroup" }, replyTo: reply }));
    expect(done).toEqual([`🚩 Flagged #${b} with your note.`]);
    expect(await h.log.get(b)).toMatchObject({ review: "flagged", reviewNote: "Quote [1] says 3%, not 4%." });
    expect((await h.log.get(b))!.reviewedAt).not.toBeNull();

    expect(texts(await h.send(`/flag ${c} wrong document cited`, MOD))).toEqual([`🚩 Flagged #${c} with your note.`]);
    expect(await h.log.get(c)).toMatchObject({ review: "flagged", reviewNote: "wrong document cited" });
    expect(texts(await h.send(`/approve ${c}`, MOD))).toEqual([`✅ Approved #${c}.`]);
    expect(await h.log.get(c)).toMatchObject({ review: "approved", reviewNote: null }); // the flag's reason no longer applies
    // Found by red team session 10: a note longer than the log keeps was cut without a word.
    const long = "The quote is from the 2023 edition. ".repeat(70).trim();
    expect(texts(await h.send(`/flag ${c} ${long}`, MOD))).toEqual([`🚩 Flagged #${c} with the first 2,000 characters of your note; the rest was not kept.`]);
    expect((await h.log.get(c))!.reviewNote).toBe(long.slice(0, 2_000));
    expect(texts(await h.send("/approve 999", MOD))).toEqual(["No entry #999."]);
    expect(texts(await h.send("/flag", MOD))).toEqual(["Usage: /flag ID optional note"]);
    expect(texts(await h.send("/review", MOD))).toEqual(["Nothing to review."]);
  });
});

describe("review buttons of an older log", () => {
  // Found by the red team: the buttons named only the entry's number, and numbers start again in a
  // new log (a rotated key, a log moved aside, a new database) and on SQLite once retention purged
  // every entry: Approve on an old /review message approved someone else's new answer.
  test("a press on an old /review message whose entry number a new entry took is refused, and nothing is reviewed", async () => {
    const clock = { now: Date.UTC(2025, 0, 1) };
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const config = testConfig(dir, { MODERATOR_IDS: String(MOD), LOG_RETENTION_DAYS: "30" });
    const log = await openAnswerLog(config, { now: () => clock.now, onError: (e) => { throw e; } });
    cleanups.push(() => log.close());
    const calls: Call[] = [];
    const bot = new Bot<Context>("123:TEST", { botInfo });
    bot.api.config.use(async (_prev, method, payload) => {
      calls.push({ method, payload: payload as Record<string, any> });
      return { ok: true, result: method.startsWith("send") || method.startsWith("edit") ? { message_id: 1, date: 0, chat: { id: MOD, type: "private" } } : true } as any;
    });
    bot.use(createModerationComposer({ config, log, engine: { indexVersion: () => "idx", reload: async () => ({ reloaded: false, indexVersion: "idx" }) } }));
    let updateId = 1;
    const press = async (data: string) => {
      calls.length = 0;
      await bot.handleUpdate({
        update_id: updateId++,
        callback_query: { id: `cb${updateId}`, from: { id: MOD, is_bot: false, first_name: "M" }, chat_instance: "ci", data, message: { message_id: 7, date: 0, chat: { id: MOD, type: "private" }, text: "item" } },
      } as unknown as Update);
      return calls.filter((c) => c.method === "answerCallbackQuery").map((c) => c.payload.text as string);
    };

    const old = (await log.record(record({ question: "old question?" })))!;
    const oldButtons = [await modData(log, "approve", old), await modData(log, "flag", old), await modData(log, "note", old)];
    clock.now += 60 * DAY;
    expect(await log.purge()).toBe(1);
    const fresh = (await log.record(record({ question: "someone else's new question?" })))!;
    expect(fresh).toBe(old); // SQLite numbers it after the highest left: none

    for (const data of oldButtons) expect(await press(data)).toEqual(["This review message is from an older log; run /review again."]);
    expect(await press(`mod:a:${old}`)).toEqual(["This review message is from an older log; run /review again."]); // a button sent before the time was in its data
    expect(calls.some((c) => c.method === "sendMessage")).toBe(false); // no note prompt
    expect(await log.get(fresh)).toMatchObject({ review: "pending", reviewNote: null });
    expect(await log.reviewTrail(fresh)).toEqual([]);

    expect(await press(await modData(log, "approve", fresh))).toEqual([`✅ Approved #${fresh}.`]);
    expect((await log.get(fresh))!.review).toBe("approved");
  });
});

describe("/stats and /reload", () => {
  test("/stats reports volume, abstention rate, feedback, latency and unanswered questions", async () => {
    const h = await harness();
    await h.log.record(record({ latencyMs: 100 }));
    const up = (await h.log.record(record({ latencyMs: 200 })))!;
    await h.log.feedback(up, "up", 5);
    await h.log.record(record({ answer: abstained("Who <owns> Mars?"), question: "Who <owns> Mars?", latencyMs: 300 }));
    const [out] = texts(await h.send("/stats", MOD));
    expect(out).toContain("<b>Answer log, last 7 days</b>");
    expect(out).toContain("Questions: 3");
    expect(out).toContain("Abstained: 1 (33%)");
    expect(out).toContain("Feedback: 👍 1 · 👎 0 (100% positive)");
    expect(out).toContain("Latency: p50 200 ms · p95 300 ms");
    expect(out).toContain("1. (1×) Who &lt;owns&gt; Mars?");
    expect(out!.match(/\d{4}-\d{2}-\d{2} +\d+/g)).toHaveLength(7);
  });

  test("/reload reports the new version, no change, or the failure", async () => {
    const h = await harness();
    expect(texts(await h.send("/reload", MOD))).toEqual(["Reloaded: now answering with index <code>idx-2</code>."]);
    expect(texts(await h.send("/reload", MOD))).toEqual(["No newer index; still answering with <code>idx-2</code>."]);
    h.engine.next = new Error("manifest <broken>");
    expect(texts(await h.send("/reload", MOD))).toEqual(["Reload failed; still answering with index <code>idx-2</code>: manifest &lt;broken&gt;"]);
    expect(h.engine.reloads).toBe(3);
  });
});

describe("👎 notifier", () => {
  test("posts an answer's first 👎 to MODERATOR_CHAT_ID with review buttons", async () => {
    const h = await harness();
    const notifier = createDownvoteNotifier({ config: h.config, log: h.log, api: h.bot.api });
    cleanups.push(() => notifier.stop());
    const id = (await h.log.record(record({ question: "Why <so> slow?" })))!;
    h.calls.length = 0;
    expect(await h.log.feedback(id, "down", 31)).toBe("saved");
    await h.log.feedback(id, "down", 32); // not the first: no second notice
    await notifier.idle();
    expect(h.calls).toHaveLength(1);
    const [post] = h.calls;
    expect(post!.method).toBe("sendMessage");
    expect(post!.payload.chat_id).toBe(String(MOD_CHAT));
    expect(post!.payload.text).toMatch(/^👎 <b>Rated down<\/b>\n<b>#\d+<\/b>/);
    expect(post!.payload.text).toContain("Why &lt;so&gt; slow?");
    expect(buttons(post!).map((b) => b.callback_data)).toContain(await modData(h.log, "flag", id));
  });

  test("a failed post is reported and the 👎 is still recorded; without MODERATOR_CHAT_ID nothing is posted", async () => {
    const h = await harness();
    const errors: Error[] = [];
    const notifier = createDownvoteNotifier({ config: h.config, log: h.log, api: h.bot.api, onError: (e) => errors.push(e) });
    cleanups.push(() => notifier.stop());
    h.setFailSend(true);
    const id = (await h.log.record(record()))!;
    expect(await h.log.feedback(id, "down", 1)).toBe("saved");
    await notifier.idle();
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining("chat not found")]);
    expect((await h.log.get(id))!.feedbackDown).toBe(1);

    const quiet = await harness({ MODERATOR_CHAT_ID: "" });
    const none = createDownvoteNotifier({ config: quiet.config, log: quiet.log, api: quiet.bot.api });
    const other = (await quiet.log.record(record()))!;
    quiet.calls.length = 0;
    await quiet.log.feedback(other, "down", 1);
    await none.idle();
    expect(quiet.calls).toEqual([]);
  });
});
