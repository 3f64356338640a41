import { getEventListeners } from "node:events";
import { afterEach, describe, expect, test } from "vitest";
import { launchBot, TelegramStartError } from "../src/bot/launch.ts";
import { createBot } from "../src/bot/bot.ts";
import { parseConfig } from "../src/config.ts";
import { FAST_RETRY, startHarness, type Harness } from "./helpers/botHarness.ts";
import { freePort } from "./helpers/ports.ts";
import { FakeEngine } from "../src/fakes/fakeEngine.ts";
import { startFakeTelegram, type FakeTelegram } from "../src/fakes/fakeTelegram.ts";
import { MemoryAnswerLog } from "../src/fakes/memoryAnswerLog.ts";

const GROUP = { id: -1001, type: "supergroup" as const, title: "Analysts" };
const BOT_NAME = "@briefing_test_bot";

let harnesses: Harness[] = [];
let fakes: FakeTelegram[] = [];

async function start(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness(options);
  harnesses.push(h);
  if (!options.fake) fakes.push(h.fake);
  return h;
}

afterEach(async () => {
  for (const h of harnesses) {
    await h.stop();
    // the token must never reach the log, whatever happened in the test
    for (const line of h.logs) expect(line).not.toContain(h.fake.token);
  }
  for (const f of fakes) await f.close();
  harnesses = [];
  fakes = [];
});

describe("bot against a fake Telegram Bot API over HTTP", () => {
  test("/start lists the corpus titles, offers example questions as buttons, and the command menu is set", async () => {
    const { fake } = await start();
    expect(fake.commands.map((c) => (c as { command: string }).command)).toEqual(["start", "ask", "sources", "help"]);
    fake.userText({ text: "/start" });
    await fake.waitFor((s) => s.length === 1);
    const [reply] = fake.sent;
    expect(reply!.text).toContain("Trade & Sanctions <2025>");
    expect(reply!.text).toContain("Belarus and Kherson");
    // The questions the documents' front matter offers, and no others.
    const buttons = reply!.reply_markup!.inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toEqual(["How large is the trade deficit?", "Whom did Lukashenko meet?"]);

    // pressing an example asks it
    fake.pressButton({ message: reply!, data: (buttons[0] as { callback_data: string }).callback_data });
    await fake.waitFor((s) => s.some((m) => m.reply_markup?.inline_keyboard.flat().some((b) => "callback_data" in b && b.callback_data.startsWith("fb:"))));
    expect(fake.callbackAnswers).toHaveLength(1);
  });

  test("/sources and /help answer", async () => {
    const { fake } = await start();
    fake.userText({ text: "/sources" });
    await fake.waitFor((s) => s.length === 1);
    expect(fake.sent[0]!.text).toMatch(/2 documents:[\s\S]*Trade & Sanctions <2025> \(trade\.md, 4 passages\)/);
    fake.userText({ text: "/help" });
    await fake.waitFor((s) => s.length === 2);
    expect(fake.sent[1]!.text).toContain("/sources");
  });

  test("a question is answered as a reply, with quoted, numbered citations, typing shown, logged, and rated", async () => {
    const { fake, answerLog } = await start();
    const { update, message } = fake.userText({ text: "What was the trade deficit?" });
    await fake.waitFor((s) => s.length === 1);
    const reply = fake.sent[0]!;
    expect(reply.reply_to).toBe(message.message_id);
    expect(reply.parse_mode).toBe("HTML");
    expect(reply.text).toContain("The trade deficit reached $3.5 billion [1].");
    expect(reply.raw).toContain("<blockquote>In January–July, the foreign trade deficit reached $3.5 billion, &quot;almost 1.5 times&quot; higher than last year &amp; &lt;still&gt; rising.</blockquote>");
    expect(reply.text).toContain("[1] Trade & Sanctions <2025> § Deficit");
    const typing = fake.calls.findIndex((c) => c.method === "sendChatAction" && c.payload.action === "typing");
    const sentAt = fake.calls.findIndex((c) => c.method === "sendMessage");
    expect(typing).toBeGreaterThanOrEqual(0);
    expect(typing).toBeLessThan(sentAt);

    expect(answerLog.entries).toHaveLength(1);
    expect(answerLog.entries[0]).toMatchObject({ channel: "telegram", chatType: "private", updateId: update.update_id, question: "What was the trade deficit?" });
    const data = reply.reply_markup!.inline_keyboard.flat().map((b) => ("callback_data" in b ? b.callback_data : ""));
    expect(data).toEqual([expect.stringMatching(/^fb:1:u:/), expect.stringMatching(/^fb:1:d:/)]);

    fake.pressButton({ message: reply, data: data[1]!, userId: 1001 });
    await fake.waitFor(() => fake.callbackAnswers.length === 1);
    expect(fake.callbackAnswers[0]!.text).toContain("Thanks");
    expect(answerLog.ratings).toEqual([{ entryId: 1, rating: "down", userId: 1001 }]);
  });

  test("a follow-up is resolved with the previous turn of the same chat", async () => {
    const { fake, engine } = await start();
    fake.userText({ text: "Who did Lukashenko meet?" });
    fake.userText({ text: "and when was that?" });
    await fake.waitFor((s) => s.length === 2);
    // sequentialized per chat: the follow-up saw the first turn
    expect(engine.calls[1]!.history).toEqual([{ question: "Who did Lukashenko meet?", answer: expect.stringContaining("Saldo") }]);
    expect(fake.sent[1]!.text).toContain("15 September");

    // another user's chat has no such history, so the same follow-up is not answerable there
    fake.userText({ text: "and when was that?", userId: 2002 });
    await fake.waitFor((s) => s.length === 3);
    expect(fake.sent[2]!.text).toContain("The briefings don't say.");
  });

  test("after a decline, the next turn sees the closest passages the reply showed", async () => {
    const { fake, engine } = await start();
    fake.userText({ text: "What about the weather?" });
    fake.userText({ text: "and in what year was that?" });
    await fake.waitFor((s) => s.length === 2);
    expect(engine.calls[1]!.history).toEqual([
      { question: "What about the weather?", answer: expect.stringContaining("The Ukrainian Ministry of Foreign Affairs called the meeting") },
    ]);
  });

  test("in a group: a mention, a reply to the bot and /ask are answered; chatter is ignored; context is per user", async () => {
    const { fake, engine } = await start();
    fake.userText({ text: "lunch anyone? the deficit of coffee is real", chat: GROUP, userId: 1 });
    const mention = `${BOT_NAME} who did Lukashenko meet?`;
    const asked = fake.userText({ text: mention, chat: GROUP, userId: 1, entities: [{ type: "mention", offset: 0, length: BOT_NAME.length }] });
    await fake.waitFor((s) => s.length === 1);
    expect(fake.sent[0]!.reply_to).toBe(asked.message.message_id);
    expect(engine.calls.map((c) => c.question)).toEqual(["who did Lukashenko meet?"]);

    // user 2 follows up with /ask: no context from user 1
    fake.userText({ text: "/ask and when was that?", chat: GROUP, userId: 2 });
    await fake.waitFor((s) => s.length === 2);
    expect(fake.sent[1]!.text).toContain("The briefings don't say.");

    // user 1 replies to the bot's answer: their own context applies
    const botMessage = { message_id: fake.sent[0]!.message_id, date: 0, chat: GROUP, from: { id: fake.botInfo.id, is_bot: true, first_name: "Bot" }, text: fake.sent[0]!.text };
    fake.userText({ text: "and when was that?", chat: GROUP, userId: 1, replyTo: botMessage as never });
    await fake.waitFor((s) => s.length === 3);
    expect(fake.sent[2]!.text).toContain("15 September");

    fake.userText({ text: "ok thanks all", chat: GROUP, userId: 3 });
    fake.userText({ text: "/ask@briefing_test_bot what was the deficit?", chat: GROUP, userId: 3 });
    await fake.waitFor((s) => s.length === 4);
    expect(engine.calls).toHaveLength(4);
    expect(fake.sent.every((m) => m.chat_id === GROUP.id)).toBe(true);
  });

  test("a sticker gets a short note that the bot answers text questions", async () => {
    const { fake, engine } = await start();
    const { message } = fake.userSticker({});
    await fake.waitFor((s) => s.length === 1);
    expect(fake.sent[0]!.text).toMatch(/text questions/);
    expect(fake.sent[0]!.reply_to).toBe(message.message_id);
    expect(engine.calls).toHaveLength(0);
  });

  test("markup in a question is escaped: Telegram accepts the reply and shows the characters", async () => {
    const { fake } = await start();
    const question = 'What about <b>deficit</b> & "trade" &amp; <script>?';
    fake.userText({ text: question });
    await fake.waitFor((s) => s.length === 1);
    expect(fake.calls.filter((c) => c.method === "sendMessage").map((c) => c.status)).toEqual([200]);
    expect(fake.sent[0]!.parse_mode).toBe("HTML");
    expect(fake.sent[0]!.text).toContain(`You asked: "${question}"`);
  });

  test("a long answer is split into messages Telegram accepts, without breaking tags", async () => {
    const { fake } = await start();
    const { message } = fake.userText({ text: "give me the long answer" });
    await fake.waitFor((s) => s.some((m) => m.reply_markup !== undefined));
    const parts = fake.repliesTo(message.message_id);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    expect(fake.calls.filter((c) => c.method === "sendMessage").every((c) => c.status === 200)).toBe(true);
    for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(4096);
    expect(parts.slice(0, -1).every((p) => p.reply_markup === undefined)).toBe(true);
    expect(parts.slice(1).every((p) => p.reply_to === undefined)).toBe(true);
    const all = parts.map((p) => p.text).join("\n");
    for (let n = 1; n <= 10; n++) expect(all).toContain(`End of quote ${n}.`);
    expect(parts.some((p) => p.raw.startsWith("<blockquote expandable>"))).toBe(true);
  });

  test("a 429 waits retry_after and the answer is delivered once", async () => {
    const { fake } = await start();
    fake.fail("sendMessage", { status: 429, retryAfter: 0.2 });
    fake.userText({ text: "What was the deficit?" });
    await fake.waitFor((s) => s.length === 1);
    await new Promise((r) => setTimeout(r, 100)); // room for a wrong second delivery
    const sends = fake.calls.filter((c) => c.method === "sendMessage");
    expect(sends.map((c) => c.status)).toEqual([429, 200]);
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(190);
    expect(fake.sent).toHaveLength(1);
  });

  test("5xx and network failures of sendMessage are retried; 403 (blocked) is not", async () => {
    const { fake, logs } = await start();
    fake.fail("sendMessage", { status: 502 }, { network: true });
    fake.userText({ text: "What was the deficit?" });
    await fake.waitFor((s) => s.length === 1);
    expect(fake.calls.filter((c) => c.method === "sendMessage").map((c) => c.status)).toEqual([502, 0, 200]);

    fake.block(3003);
    fake.userText({ text: "What was the deficit?", userId: 3003 });
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === 3003).map((c) => c.status)).toEqual([403]);
    expect(logs.some((l) => l.includes("403"))).toBe(true);
  });

  test("an answer Telegram refused to deliver (blocked, retries spent) is marked in the answer log, not left looking delivered", async () => {
    const { fake, answerLog } = await start();
    fake.block(3003);
    fake.userText({ text: "What was the deficit?", userId: 3003 });
    const deadline = Date.now() + 3_000;
    while (answerLog.entries[0]?.error === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    fake.fail("sendMessage", { status: 502 }, { status: 502 }, { status: 502 }, { status: 502 });
    fake.userText({ text: "What was the deficit?", userId: 3004 });
    await fake.waitFor((s) => s.some((m) => m.chat_id === 3004)); // the apology
    expect(answerLog.entries.map((e) => [e.userId, e.answer?.status, e.error])).toEqual([
      [3003, "answered", expect.stringMatching(/^not delivered: GrammyError: sendMessage answered 403/)],
      [3004, "answered", expect.stringMatching(/^not delivered: GrammyError: sendMessage answered 502/)],
    ]);
  });

  test("a 429 asking to wait longer than the retry limit is waited out in its chat while other chats are answered, then delivered", async () => {
    // The limit is 60 s in production; here 0.1 s, so a retry_after of 0.4 s is "too long" for autoRetry.
    const { fake, answerLog, logs } = await start({ deps: { retry: { ...FAST_RETRY, maxRetryAfterSeconds: 0.1 } } });
    fake.fail("sendMessage", { status: 429, retryAfter: 0.4 });
    const { message } = fake.userText({ text: "What was the deficit?", userId: 3005 });
    const deadline = Date.now() + 3_000;
    while (!fake.calls.some((c) => c.method === "sendMessage" && c.status === 429) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    fake.userText({ text: "Who did Lukashenko meet?", userId: 3006 });
    await fake.waitFor((s) => s.some((m) => m.chat_id === 3005));
    expect(fake.sent.map((m) => m.chat_id)).toEqual([3006, 3005]); // the other chat did not wait
    expect(fake.sent[1]!.reply_to).toBe(message.message_id);
    expect(fake.sent[1]!.text).toContain("$3.5 billion");
    const sends = fake.calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === 3005);
    expect(sends.map((c) => c.status)).toEqual([429, 200]);
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(390);
    expect(answerLog.entries.find((e) => e.userId === 3005)?.error).toBeUndefined();
    expect(logs.some((l) => /429.*waiting 0\.4 s/.test(l))).toBe(true);
  });

  test("shutdown does not wait out a long 429: the answer is logged as not delivered and the bot stops at once", async () => {
    const fake = await startFakeTelegram();
    fakes.push(fake);
    const h = await startHarness({ fake, deps: { retry: { ...FAST_RETRY, maxRetryAfterSeconds: 0.1 } } });
    fake.fail("sendMessage", { status: 429, retryAfter: 30 });
    fake.userText({ text: "What was the deficit?" });
    const deadline = Date.now() + 3_000;
    while (!fake.calls.some((c) => c.method === "sendMessage" && c.status === 429) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50)); // now waiting the 30 s out
    const stoppedAt = Date.now();
    expect(await h.stop()).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(1_500);
    expect(h.answerLog.entries.map((e) => e.error)).toEqual([expect.stringMatching(/^not delivered: GrammyError: sendMessage answered 429/)]);
    expect(h.logs.some((l) => /gave up waiting out a 429 \(the bot is stopping/.test(l))).toBe(true);
  });

  test("a group upgraded to a supergroup: the answer goes to the new chat id, and its 👍 button works there", async () => {
    const { fake, answerLog } = await start();
    const OLD = { id: -4004, type: "group" as const, title: "Analysts" };
    const NEW_ID = -1004004;
    // The question was asked just before the upgrade; the answer is sent after it.
    fake.migrate(OLD.id, NEW_ID);
    fake.userText({ text: "/ask What was the deficit?", chat: OLD, userId: 7 });
    await fake.waitFor((s) => s.length === 1);
    const answer = fake.sent[0]!;
    expect(answer.chat_id).toBe(NEW_ID);
    expect(answer.text).toContain("$3.5 billion");
    expect(answerLog.entries[0]?.error).toBeUndefined();

    const up = answer.reply_markup!.inline_keyboard.flat().find((b) => "callback_data" in b && b.callback_data.includes(":u:")) as { callback_data: string };
    fake.pressButton({ message: answer, data: up.callback_data, userId: 7 });
    const pressedBy = Date.now() + 3_000;
    while (fake.callbackAnswers.length === 0 && Date.now() < pressedBy) await new Promise((r) => setTimeout(r, 5));
    expect(fake.callbackAnswers[0]?.text).toBe("Thanks, noted 👍");
  });

  test("a 400 \"can't parse entities\" is resent as plain text", async () => {
    const { fake } = await start();
    fake.fail("sendMessage", { status: 400, description: "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 3" });
    fake.userText({ text: "What was the deficit?" });
    await fake.waitFor((s) => s.length === 1);
    const sends = fake.calls.filter((c) => c.method === "sendMessage");
    expect(sends.map((c) => [c.status, c.payload.parse_mode])).toEqual([
      [400, "HTML"],
      [200, undefined],
    ]);
    expect(fake.sent[0]!.raw).not.toContain("<blockquote>");
    expect(fake.sent[0]!.text).toContain("Trade & Sanctions <2025> § Deficit");
  });

  test("5xx and network errors from getUpdates are retried and updates still arrive", async () => {
    const fake = await startFakeTelegram();
    fakes.push(fake);
    fake.fail("getUpdates", { status: 502 }, { network: true }, { status: 500 });
    fake.userText({ text: "What was the deficit?" });
    await start({ fake });
    await fake.waitFor((s) => s.length === 1);
    expect(fake.calls.filter((c) => c.method === "getUpdates").slice(0, 4).map((c) => c.status)).toEqual([502, 0, 500, 200]);
  });

  test("an error in a handler gets an apology, is logged, and the bot keeps answering", async () => {
    const { fake, logs, answerLog } = await start();
    const { message } = fake.userText({ text: "please explode" });
    await fake.waitFor((s) => s.length === 1);
    expect(fake.sent[0]!.text).toMatch(/^Sorry, something went wrong/);
    expect(fake.sent[0]!.reply_to).toBe(message.message_id);
    expect(logs.some((l) => l.includes("the index exploded"))).toBe(true);
    expect(answerLog.entries[0]).toMatchObject({ answer: null, error: expect.stringContaining("exploded") });
    fake.userText({ text: "What was the deficit?" });
    await fake.waitFor((s) => s.length === 2);
    expect(fake.sent[1]!.text).toContain("$3.5 billion");
  });

  test("in a forum topic, the answer and the apology both go to the question's topic", async () => {
    const { fake } = await start();
    const FORUM = { id: -1002, type: "supergroup" as const, title: "Desk", is_forum: true };
    const from = { id: 7, is_bot: false, first_name: "User7" };
    const topicMessage = (message_id: number, text: string) => ({
      message: { message_id, date: 0, chat: FORUM, from, text: `/ask ${text}`, entities: [{ type: "bot_command", offset: 0, length: 4 }], is_topic_message: true, message_thread_id: 77 },
    });
    fake.pushUpdate(topicMessage(601, "What was the deficit?") as never);
    fake.pushUpdate(topicMessage(602, "please explode") as never);
    await fake.waitFor((s) => s.length === 2);
    expect(fake.sent[1]!.text).toMatch(/^Sorry, something went wrong/);
    expect(fake.calls.filter((c) => c.method === "sendMessage").map((c) => c.payload.message_thread_id)).toEqual([77, 77]);
  });

  test("rate limit per user: a friendly reply once, then silence, other users unaffected", async () => {
    const { fake, engine } = await start({ env: { RATE_LIMIT_PER_MINUTE: "2" } });
    for (let i = 0; i < 4; i++) fake.userText({ text: `What was the deficit? (${i})` });
    fake.userText({ text: "What was the deficit?", userId: 5005 });
    await fake.waitFor((s) => s.length === 4);
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.sent).toHaveLength(4);
    expect(fake.sent.filter((m) => /faster than I can answer/.test(m.text))).toHaveLength(1);
    expect(engine.calls).toHaveLength(3);
  });

  test("a very long message is declined politely without asking the engine", async () => {
    const { fake, engine } = await start({ env: { MAX_QUESTION_CHARS: "50" } });
    fake.userText({ text: "deficit ".repeat(100) });
    await fake.waitFor((s) => s.length === 1);
    expect(fake.sent[0]!.text).toMatch(/up to 50 characters/);
    expect(engine.calls).toHaveLength(0);
  });

  test("shutdown finishes the answer in flight and confirms the offset, so a restart answers nothing twice", async () => {
    const fake = await startFakeTelegram();
    fakes.push(fake);
    const answerLog = new MemoryAnswerLog();
    const first = await startHarness({ fake, answerLog, engine: { delayMs: 300 } });
    const { update } = fake.userText({ text: "What was the deficit?" });
    const deadline = Date.now() + 2_000;
    while (first.engine.calls.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(fake.sent).toHaveLength(0); // still in flight

    const stoppedAt = Date.now();
    expect(await first.stop()).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(2_000);
    expect(fake.sent).toHaveLength(1);
    expect(fake.confirmedOffset()).toBe(update.update_id + 1);
    expect(fake.pending()).toHaveLength(0);

    const second = await start({ fake, answerLog });
    fake.userText({ text: "Who did Lukashenko meet?" });
    await fake.waitFor((s) => s.length === 2);
    expect(second.engine.calls.map((c) => c.question)).toEqual(["Who did Lukashenko meet?"]);
  });

  test("an answer still unfinished when the grace ends: Telegram has already forgotten the update, so its sender is asked to send it again", async () => {
    const fake = await startFakeTelegram();
    fakes.push(fake);
    const h = await startHarness({ fake, engine: { delayMs: 5_000 } }); // a slow generated answer
    const { message } = fake.userText({ text: "What was the deficit?" });
    const deadline = Date.now() + 2_000;
    while (h.engine.calls.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));

    expect(await h.process.stop(300)).toBe(1);
    // The runner's next getUpdates confirmed the update: a restart would never see it again.
    expect(fake.pending()).toHaveLength(0);
    expect(fake.sent.map((m) => [m.chat_id, m.reply_to, m.text])).toEqual([[message.chat.id, message.message_id, expect.stringMatching(/restart.*send it again/i)]]);
  });

  test("an update delivered again (same update_id) is not answered twice", async () => {
    const { fake, bot, answerLog } = await start();
    const { update } = fake.userText({ text: "What was the deficit?" });
    await fake.waitFor((s) => s.length === 1);
    await bot.handleUpdate(update); // as after a crash before the offset was confirmed
    expect(fake.sent).toHaveLength(1);
    expect(answerLog.entries).toHaveLength(1);
  });

  test("a wrong token fails at start with a sentence that does not contain the token", async () => {
    const fake = await startFakeTelegram();
    fakes.push(fake);
    const wrong = "999999:WRONG-token-must-not-leak";
    const config = parseConfig({ TELEGRAM_BOT_TOKEN: wrong, TELEGRAM_API_ROOT: fake.apiRoot });
    const logs: string[] = [];
    const bot = createBot({ config, engine: new FakeEngine(), answerLog: new MemoryAnswerLog(), log: (l) => logs.push(l) });
    const error = await launchBot(bot, config, { log: (l) => logs.push(l) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelegramStartError);
    expect((error as Error).message).toMatch(/401 Unauthorized.*@BotFather/);
    expect(JSON.stringify([(error as Error).message, logs])).not.toContain(wrong);
    expect(fake.calls.map((c) => c.method)).toEqual(["getMe"]);
  });
});

describe("buttons and captions people really send", () => {
  const firstExample = (m: { reply_markup?: { inline_keyboard: unknown[][] } }) => (m.reply_markup!.inline_keyboard.flat()[0] as { callback_data: string }).callback_data;

  test("an example button pressed while the bot was busy is still answered when Telegram refuses the late acknowledgement", async () => {
    const { fake, engine } = await start();
    fake.userText({ text: "/start" });
    await fake.waitFor((s) => s.length === 1);
    // Telegram refuses to acknowledge a press handled late (a backlog, a restart): the question must still be answered.
    fake.fail("answerCallbackQuery", { status: 400, description: "Bad Request: query is too old and response timeout expired or query ID is invalid" });
    fake.pressButton({ message: fake.sent[0]!, data: firstExample(fake.sent[0]!) });
    await fake.waitFor((s) => s.some((m) => m.reply_markup?.inline_keyboard.flat().some((b) => "callback_data" in b && b.callback_data.startsWith("fb:"))));
    expect(engine.calls).toHaveLength(1);
    expect(fake.sent.some((m) => /^Sorry, something went wrong/.test(m.text))).toBe(false);
  });

  test("an example button asks the question written on it, even after the index (and its examples) changed", async () => {
    const examples = ["When did Lukashenko meet Saldo?", "What was the deficit?"];
    const { fake, engine } = await start({ deps: { examples } });
    fake.userText({ text: "/start" });
    await fake.waitFor((s) => s.length === 1);
    const welcome = fake.sent[0]!;
    examples.splice(0, examples.length, "Who is Saldo?"); // a reindex brought other documents
    fake.pressButton({ message: welcome, data: "ex:0" });
    fake.pressButton({ message: welcome, data: "ex:1" });
    await fake.waitFor((s) => s.filter((m) => m.reply_markup?.inline_keyboard.flat().some((b) => "callback_data" in b && b.callback_data.startsWith("fb:"))).length === 2);
    expect(engine.calls.map((c) => c.question)).toEqual(["When did Lukashenko meet Saldo?", "What was the deficit?"]);
  });

  test("in a group, an unknown command addressed to this bot by name gets the hint; bare or another bot's commands get nothing", async () => {
    const { fake, engine } = await start();
    fake.userText({ text: "/foo", chat: GROUP });
    fake.userText({ text: "/ask@otherbot what was the deficit?", chat: GROUP });
    const { message } = fake.userText({ text: `/foo${BOT_NAME}`, chat: GROUP });
    await fake.waitFor((s) => s.length === 1);
    await new Promise((r) => setTimeout(r, 100)); // room for a wrong reply to the others
    expect(fake.sent.map((m) => [m.reply_to, m.text])).toEqual([[message.message_id, expect.stringMatching(/don't know that command/)]]);
    expect(engine.calls).toHaveLength(0);
  });

  test("a button with data this bot does not know (an older version's) is acknowledged with what to do, not left spinning", async () => {
    const { fake, engine } = await start();
    fake.userText({ text: "What was the deficit?" });
    await fake.waitFor((s) => s.length === 1);
    fake.pressButton({ message: fake.sent[0]!, data: "ask:deficit" });
    const deadline = Date.now() + 3_000;
    while (fake.callbackAnswers.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(fake.callbackAnswers.map((a) => a.text)).toEqual([expect.stringMatching(/no longer works.*ask/i)]);
    expect(engine.calls).toHaveLength(1);
  });

  test("in a group, a photo whose caption mentions the bot gets the note, like a reply to it does", async () => {
    const { fake, engine } = await start();
    const caption = `${BOT_NAME} what was the deficit?`;
    const from = { id: 1, is_bot: false, first_name: "User1" };
    const photo = [{ file_id: "p1", file_unique_id: "p1", width: 90, height: 90 }];
    fake.pushUpdate({ message: { message_id: 501, date: 0, chat: GROUP, from, photo, caption: "look at this chart" } } as never);
    fake.pushUpdate({
      message: { message_id: 502, date: 0, chat: GROUP, from, photo, caption, caption_entities: [{ type: "mention", offset: 0, length: BOT_NAME.length }] },
    } as never);
    await fake.waitFor((s) => s.length === 1);
    await new Promise((r) => setTimeout(r, 100)); // room for a wrong reply to the chatter
    expect(fake.sent.map((m) => [m.reply_to, m.text])).toEqual([[502, expect.stringMatching(/text questions/)]]);
    expect(engine.calls).toHaveLength(0);
  });
});

describe("Telegram out of reach", () => {
  test("at start-up: the message gives the address without credentials and the network error, never grammY's 'Aborted delay' or the token", async () => {
    const root = `http://operator:hunter2-password@127.0.0.1:${await freePort()}/?key=topsecret`; // nothing listens there
    const token = "999999:UNREACHABLE-token-must-not-leak";
    const config = parseConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: root });
    const logs: string[] = [];
    const log = (l: string) => logs.push(l);
    const bot = createBot({ config, engine: new FakeEngine(), answerLog: new MemoryAnswerLog(), log, retry: FAST_RETRY });
    const error = await launchBot(bot, config, { log, startupTimeoutMs: 400 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelegramStartError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Could not reach the Telegram Bot API at http:\/\/127\.0\.0\.1:\d+\/ \(no answer within 0\.4 s.*TELEGRAM_API_ROOT\.$/);
    expect(logs.some((l) => /telegram getMe failed .*\(ECONNREFUSED\)/.test(l))).toBe(true);
    const everything = JSON.stringify([message, logs]);
    for (const secret of [token, "hunter2-password", "topsecret", "Aborted delay"]) expect(everything).not.toContain(secret);
  });

  test("retries waited out on one AbortSignal leave no listener behind on it (Node warned of a leak at every unreachable start)", async () => {
    const fake = await startFakeTelegram();
    fakes.push(fake);
    const config = parseConfig({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot });
    const bot = createBot({ config, engine: new FakeEngine(), answerLog: new MemoryAnswerLog(), log: () => {}, retry: FAST_RETRY });
    const signal = new AbortController().signal;
    fake.fail("getMe", { network: true }, { status: 502 }, { network: true });
    await bot.api.getMe(signal as Parameters<typeof bot.api.getMe>[0]);
    expect(fake.calls.map((c) => c.status)).toEqual([0, 502, 0, 200]);
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  });
});
