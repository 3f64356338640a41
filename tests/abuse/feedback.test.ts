import { afterEach, describe, expect, test } from "vitest";
import { createDownvoteNotifier, NOTICES_PER_RATER_PER_HOUR } from "../../src/bot/moderation/notify.ts";
import { parseConfig } from "../../src/config.ts";
import { openAnswerLog, type AnswerLogStore } from "../../src/logs/store.ts";
import { startHarness, type Harness } from "../helpers/botHarness.ts";
import { startFakeTelegram, type SentMessage } from "../../src/fakes/fakeTelegram.ts";
import { tempDir } from "../helpers/logs-fixtures.ts";

/** Who may rate an answer, and what a 👎 may cost the moderators. Issue 10, "Abuse". */

const ASKER = 8101;
const STRANGER = 8102;
const GROUP = { id: -100999, type: "supergroup" as const, title: "Analysts" };
const MOD_CHAT = -100123;

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(env: Record<string, string> = {}, now?: () => number): Promise<Harness & { store: AnswerLogStore }> {
  const { dir, cleanup } = tempDir("abuse-feedback-");
  cleanups.push(cleanup);
  const fake = await startFakeTelegram();
  cleanups.push(() => fake.close());
  const config = { DATA_DIR: dir, CORPUS_DIR: dir, MODERATOR_CHAT_ID: String(MOD_CHAT), RATE_LIMIT_PER_MINUTE: "1000", ...env };
  const store = await openAnswerLog(parseConfig({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, ...config }), { now });
  cleanups.push(() => store.close());
  const h = await startHarness({ fake, env: config, deps: { answerLog: store } });
  cleanups.push(() => h.stop());
  const notifier = createDownvoteNotifier({ config: h.config, log: store, api: h.bot.api });
  cleanups.push(() => notifier.stop());
  return { ...h, store };
}

const buttons = (m: SentMessage) => m.reply_markup!.inline_keyboard.flat().map((b) => ("callback_data" in b ? b.callback_data : ""));

async function answerIn(h: Harness, options: { userId: number; chat?: typeof GROUP; text?: string }): Promise<SentMessage> {
  const before = h.fake.sent.length;
  const text = options.text ?? "What was the deficit?";
  h.fake.userText({ text: options.chat ? `/ask ${text}` : text, userId: options.userId, chat: options.chat });
  await h.fake.waitFor((s) => s.length > before && s.at(-1)!.reply_markup !== undefined);
  return h.fake.sent.at(-1)!;
}

async function press(h: Harness, message: SentMessage, data: string, userId: number): Promise<string | undefined> {
  const before = h.fake.callbackAnswers.length;
  h.fake.pressButton({ message, data, userId });
  await h.fake.waitFor(() => h.fake.callbackAnswers.length > before);
  return h.fake.callbackAnswers.at(-1)!.text;
}

describe("rating answers", () => {
  test("a 👎 forged for an answer of another chat is refused: not recorded, no moderator notice", async () => {
    const h = await start();
    const victim = await answerIn(h, { userId: ASKER });
    const own = await answerIn(h, { userId: STRANGER });
    const victimEntry = (await h.store.query({ order: "oldest" }))[0]!.id;
    // the stranger sends data naming the victim's entry, on a message of their own chat
    for (const data of [`fb:${victimEntry}:d`, buttons(victim)[1]!, buttons(own)[1]!.replace(/^fb:\d+/, `fb:${victimEntry}`)]) {
      expect(await press(h, own, data, STRANGER)).toMatch(/does not belong/);
    }
    expect(await h.store.get(victimEntry)).toMatchObject({ feedbackDown: 0, feedbackUp: 0 });
    expect(h.fake.sent.filter((m) => m.chat_id === MOD_CHAT)).toHaveLength(0);
    // the real button works
    expect(await press(h, own, buttons(own)[1]!, STRANGER)).toMatch(/Thanks, noted/);
  });

  test("in a group only its members may rate; Telegram is asked who they are", async () => {
    const h = await start();
    const answer = await answerIn(h, { userId: ASKER, chat: GROUP });
    const entry = (await h.store.query())[0]!.id;
    expect(await press(h, answer, buttons(answer)[1]!, STRANGER)).toMatch(/Only members/);
    expect(await h.store.get(entry)).toMatchObject({ feedbackDown: 0 });
    h.fake.addMember(GROUP.id, STRANGER);
    expect(await press(h, answer, buttons(answer)[1]!, STRANGER)).toMatch(/Thanks, noted/);
    expect(await h.store.get(entry)).toMatchObject({ feedbackDown: 1 });
    expect(h.fake.calls.filter((c) => c.method === "getChatMember")).toHaveLength(2);
  });

  test("👎 notices to the moderators are limited per user; the votes themselves all count", async () => {
    const h = await start();
    const answers: SentMessage[] = [];
    for (let i = 0; i < NOTICES_PER_RATER_PER_HOUR + 3; i++) answers.push(await answerIn(h, { userId: ASKER, text: `What was the deficit? (${i})` }));
    for (const a of answers) await press(h, a, buttons(a)[1]!, ASKER);
    const other = await answerIn(h, { userId: STRANGER });
    await press(h, other, buttons(other)[1]!, STRANGER);
    await h.fake.waitFor((s) => s.filter((m) => m.chat_id === MOD_CHAT).length >= NOTICES_PER_RATER_PER_HOUR + 1);
    await new Promise((r) => setTimeout(r, 300));
    const notices = h.fake.sent.filter((m) => m.chat_id === MOD_CHAT);
    expect(notices).toHaveLength(NOTICES_PER_RATER_PER_HOUR + 1);
    expect(notices.some((m) => m.text.includes("What was the deficit?") && !m.text.includes("("))).toBe(true);
    expect(await h.store.count({ feedback: "down" })).toBe(NOTICES_PER_RATER_PER_HOUR + 4);
  });

  test("with LOG_USER_IDS=none two people's votes on one answer do not overwrite each other", async () => {
    const h = await start({ LOG_USER_IDS: "none" });
    const answer = await answerIn(h, { userId: ASKER, chat: GROUP });
    h.fake.addMember(GROUP.id, STRANGER);
    await press(h, answer, buttons(answer)[0]!, ASKER);
    await press(h, answer, buttons(answer)[1]!, STRANGER);
    const entry = (await h.store.query())[0]!;
    expect(entry).toMatchObject({ feedbackUp: 1, feedbackDown: 1, user: null });
    // a second press by the same person changes their vote rather than adding one
    await press(h, answer, buttons(answer)[1]!, ASKER);
    expect(await h.store.get(entry.id)).toMatchObject({ feedbackUp: 0, feedbackDown: 2 });
  });

  test("rating an answer that LOG_RETENTION_DAYS purged says it is too old to rate, not to try again", async () => {
    let clock = Date.now();
    const h = await start({ LOG_RETENTION_DAYS: "30" }, () => clock);
    const answer = await answerIn(h, { userId: ASKER });
    expect(await h.store.count()).toBe(1);
    clock += 31 * 24 * 3_600_000; // milliseconds: 31 days later
    expect(await h.store.purge()).toBe(1);
    const reply = await press(h, answer, buttons(answer)[1]!, ASKER);
    expect(reply).toMatch(/too old to rate: answers are kept for 30 days \(LOG_RETENTION_DAYS\)/);
    expect(reply).not.toMatch(/could not be saved/);
    expect(reply!.length).toBeLessThanOrEqual(200); // Telegram's limit for a callback answer
  });
});
