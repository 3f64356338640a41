import { afterEach, describe, expect, test } from "vitest";
import { createBot } from "../src/bot/bot.ts";
import { parseConfig } from "../src/config.ts";
import { FakeEngine } from "../src/fakes/fakeEngine.ts";
import { startFakeTelegram, type FakeTelegram } from "../src/fakes/fakeTelegram.ts";
import { MemoryAnswerLog } from "../src/fakes/memoryAnswerLog.ts";
import { FAST_RETRY, startHarness, type Harness } from "./helpers/botHarness.ts";

/**
 * A group upgraded to a supergroup gets a new chat id. Telegram says so twice: service messages
 * (`migrate_to_chat_id` in the old group, `migrate_from_chat_id` in the new one), and a 400 with
 * `migrate_to_chat_id` to a send addressed to the old id. Follow-ups asked in the supergroup must
 * still see the questions asked in the group.
 */

const OLD = { id: -4005, type: "group" as const, title: "Analysts" };
const NEW = { id: -1004005, type: "supergroup" as const, title: "Analysts" };
const USER = 7;

const fakes: FakeTelegram[] = [];
const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.stop();
  for (const f of fakes.splice(0)) await f.close();
});

/** A running bot that has answered USER's "Who did Lukashenko meet?" in the group OLD. */
async function askedInTheGroup(): Promise<{ fake: FakeTelegram; h: Harness }> {
  const fake = await startFakeTelegram();
  fakes.push(fake);
  const h = await startHarness({ fake });
  harnesses.push(h);
  fake.userText({ text: "/ask Who did Lukashenko meet?", chat: OLD, userId: USER });
  await fake.waitFor((s) => s.length === 1);
  return { fake, h };
}

describe("a group upgraded to a supergroup keeps its follow-up history", () => {
  test("told by the service messages: a follow-up in the supergroup sees the question asked in the group", async () => {
    const { fake, h } = await askedInTheGroup();
    expect(fake.sent[0]).toMatchObject({ chat_id: OLD.id, text: expect.stringContaining("met Volodymyr Saldo") });

    fake.migrate(OLD.id, NEW.id);
    fake.userText({ text: "/ask And when was that?", chat: NEW, userId: USER });
    await fake.waitFor((s) => s.length === 2);
    expect(fake.sent[1]).toMatchObject({ chat_id: NEW.id, text: expect.stringContaining("That was on 15 September") });
    expect(h.engine.calls[1]!.history.map((t) => t.question)).toEqual(["Who did Lukashenko meet?"]);
  });

  test("told only by the 400 to a send: the answer that followed the group is remembered in the supergroup", async () => {
    const fake = await startFakeTelegram();
    fakes.push(fake);
    const config = parseConfig({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot });
    const engine = new FakeEngine();
    const bot = createBot({ config, engine, answerLog: new MemoryAnswerLog(), log: () => undefined, retry: FAST_RETRY });
    await bot.init();
    // The question was asked just before the upgrade, its answer sent just after (nothing polls
    // here: the service messages the fake posts are never seen).
    const question = fake.userText({ text: "/ask Who did Lukashenko meet?", chat: OLD, userId: USER }).update;
    fake.migrate(OLD.id, NEW.id);
    await bot.handleUpdate(question);
    await bot.handleUpdate(fake.userText({ text: "/ask And when was that?", chat: NEW, userId: USER }).update);
    expect(fake.sent.map((m) => m.chat_id)).toEqual([NEW.id, NEW.id]);
    expect(fake.sent[1]!.text).toContain("That was on 15 September");
  });

  test("the group's other members keep their own history, not each other's", async () => {
    const { fake } = await askedInTheGroup();
    fake.migrate(OLD.id, NEW.id);
    fake.userText({ text: "/ask And when was that?", chat: NEW, userId: USER + 1 });
    await fake.waitFor((s) => s.length === 2);
    expect(fake.sent[1]!.text).toContain("The briefings don't say");
  });
});
