import type { UserFromGetMe } from "grammy/types";
import { describe, expect, test } from "vitest";
import type { Answer, DocumentInfo } from "../../src/answer/types.ts";
import { createBot } from "../../src/bot/bot.ts";
import { renderAnswer } from "../../src/bot/render.ts";
import { parseConfig } from "../../src/config.ts";
import { FakeEngine } from "../../src/fakes/fakeEngine.ts";
import { parseTelegramHtml } from "../../src/fakes/fakeTelegram.ts";
import { MemoryAnswerLog } from "../../src/fakes/memoryAnswerLog.ts";

/** Issue 10, "Telegram limits": text Telegram would reject or show without its formatting. */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("cutting text", () => {
  test("the preview of a related passage is never cut inside an emoji", () => {
    // no spaces: the cut falls at exactly 280 units, between the two halves of the emoji
    const quote = "x".repeat(279) + "😀" + "y".repeat(60);
    const answer: Answer = {
      status: "abstained", question: "q", text: "I couldn't find that.", reason: "r", citations: [], mode: "extractive", retrieved: [], indexVersion: "v", verification: [],
      related: [{ passageId: "p", docId: "d", title: "T", section: null, file: "f.md", start: 0, end: quote.length, quote, score: 0.3 }],
    };
    const visible = parseTelegramHtml(renderAnswer(answer));
    expect(visible).toContain("x".repeat(279));
    expect(visible).not.toMatch(LONE_SURROGATE);
  });
});

describe("/sources", () => {
  test("150 documents are listed in messages of at most 100 formatting entities each, none lost", async () => {
    const docs: DocumentInfo[] = Array.from({ length: 150 }, (_, i) => ({ id: `d${i}`, title: `Briefing ${i}`, questions: [], file: `d${i}.md`, passages: 3 }));
    const engine = Object.assign(new FakeEngine(), { documents: () => docs });
    const bot = createBot({
      config: parseConfig({ TELEGRAM_BOT_TOKEN: "1:sources-test-token-long" }),
      engine,
      answerLog: new MemoryAnswerLog(),
      log: () => undefined,
      botInfo: { id: 1, is_bot: true, first_name: "B", username: "b_bot" } as UserFromGetMe,
    });
    const texts: string[] = [];
    bot.api.config.use(async (_prev, method, payload) => {
      const p = payload as { text?: string };
      if (method === "sendMessage" && p.text) texts.push(p.text);
      return { ok: true, result: (method === "sendMessage" ? { message_id: texts.length, date: 0, chat: { id: 7, type: "private" }, text: "" } : true) as never };
    });
    await bot.handleUpdate({
      update_id: 1,
      message: { message_id: 1, date: 0, chat: { id: 7, type: "private", first_name: "U" }, from: { id: 7, is_bot: false, first_name: "U" }, text: "/sources", entities: [{ type: "bot_command", offset: 0, length: 8 }] },
    });
    expect(texts.length).toBeGreaterThanOrEqual(2);
    for (const t of texts) expect((t.match(/<[a-z]/g) ?? []).length).toBeLessThanOrEqual(100);
    const visible = texts.map(parseTelegramHtml).join("\n");
    for (const d of docs) expect(visible).toContain(`${d.title} (${d.file}, 3 passages)`);
  });
});
