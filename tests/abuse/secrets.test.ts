import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { Update, UserFromGetMe } from "grammy/types";
import { afterEach, describe, expect, test } from "vitest";
import { verifyGenerated } from "../../src/answer/verifyGenerated.ts";
import { createBot } from "../../src/bot/bot.ts";
import { createModerationComposer } from "../../src/bot/moderation/index.ts";
import { ConfigError, parseConfig, redactJson } from "../../src/config.ts";
import { createEngine } from "../../src/engine.ts";
import { openAnswerLog } from "../../src/logs/store.ts";
import { BRIEFING, tempProject } from "../helpers/corpus.ts";
import { fakeEmbedder } from "../helpers/fakeEmbeddings.ts";
import { answered } from "../helpers/logs-fixtures.ts";

/** Issue 10, "Secrets and generated text". */

const PASSWORD = "hunter2-password";
const QUERY_KEY = "qs-secret-value-123";
const TOKEN = "123456:TEST-token-for-secrets";
const MOD = 4242;
const botInfo = { id: 42, is_bot: true, first_name: "B", username: "briefing_bot" } as UserFromGetMe;

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

const message = (updateId: number, from: number, text: string): Update =>
  ({
    update_id: updateId,
    message: {
      message_id: updateId,
      date: 0,
      chat: { id: from, type: "private", first_name: "U" },
      from: { id: from, is_bot: false, first_name: "U" },
      text,
      ...(text.startsWith("/") ? { entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }] } : {}),
    },
  }) as unknown as Update;

describe("credentials in URLs", () => {
  test("OPENAI_BASE_URL's password and query string reach neither the failure reason, the answer log, /review nor the log lines", async () => {
    const p = tempProject({ "briefing.md": BRIEFING });
    cleanups.push(p.cleanup);
    const base = `http://user:${PASSWORD}@127.0.0.1:${await closedPort()}/v1?api-key=${QUERY_KEY}`;
    const config = parseConfig({
      CORPUS_DIR: p.corpusDir,
      DATA_DIR: p.dataDir,
      OPENAI_BASE_URL: base,
      LLM_MAX_RETRIES: "0",
      LLM_TIMEOUT_MS: "5000",
      TELEGRAM_BOT_TOKEN: TOKEN,
      MODERATOR_IDS: String(MOD),
    });
    const lines: string[] = [];
    const engine = await createEngine(config, { embedder: fakeEmbedder(), log: (l) => lines.push(l) });
    cleanups.push(() => engine.close());
    const answerLog = await openAnswerLog(config, { onError: (e) => lines.push(e.message) });
    cleanups.push(() => answerLog.close());
    const bot = createBot({
      config,
      engine,
      answerLog,
      botInfo,
      log: (l) => lines.push(l),
      retry: { maxAttempts: 1 },
      typingIntervalMs: 60_000,
      extraComposers: [createModerationComposer({ config, log: answerLog, engine })],
    });
    const sent: string[] = [];
    bot.api.config.use(async (_prev, method, payload: any) => {
      if (typeof payload.text === "string") sent.push(payload.text);
      return { ok: true, result: method === "sendMessage" ? { message_id: 1, date: 0, chat: { id: payload.chat_id, type: "private" }, text: payload.text } : true } as any;
    });

    await bot.handleUpdate(message(1, 777, "When did Lukashenko meet Saldo?"));
    const entry = (await answerLog.query())[0]!;
    // the model could not be reached, and the log says so, naming the server without its secrets
    expect(entry.verification.join(" ")).toMatch(/fell back to the extractive answer: .*127\.0\.0\.1/);
    await bot.handleUpdate(message(2, MOD, "/review"));
    expect(sent.some((t) => t.includes("fell back"))).toBe(true);

    const everything = [JSON.stringify(await answerLog.query()), ...sent, ...lines].join("\n");
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(QUERY_KEY);
    await answerLog.close();
    const bytes = fs.readdirSync(p.dataDir).filter((f) => f.startsWith("answers.sqlite")).map((f) => fs.readFileSync(path.join(p.dataDir, f)).toString("latin1")).join("");
    expect(bytes).not.toContain(PASSWORD);
    expect(bytes).not.toContain(QUERY_KEY);
  });
});

describe("secrets at start-up and in the log's JSON", () => {
  test.each(["TELEGRAM_BOT_TOKEN", "OPENAI_API_KEY", "WEBHOOK_SECRET", "LOG_HASH_KEY"])("a short %s is refused at start-up, naming the variable", (key) => {
    const env = { WEBHOOK_URL: "https://example.org/hook", WEBHOOK_SECRET: "a-long-enough-webhook-secret", [key]: "title" };
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(new RegExp(`^${key} is 5 characters long; secrets must have at least 16`));
  });

  test("secrets are removed from JSON values, never from its syntax", async () => {
    const value = { title: "the title of a title", section: null, n: 1 };
    const json = redactJson(value, ["title"]);
    expect(JSON.parse(json)).toEqual({ title: "the [redacted] of a [redacted]", section: null, n: 1 });
  });

  test("a URL password equal to a field name of the stored JSON leaves the answer log readable", async () => {
    const p = tempProject({});
    cleanups.push(p.cleanup);
    const config = parseConfig({ DATA_DIR: p.dataDir, OPENAI_BASE_URL: "http://user:section@127.0.0.1:9/v1" });
    const log = await openAnswerLog(config, { onError: (e) => { throw e; } });
    cleanups.push(() => log.close());
    const id = (await log.record({ channel: "cli", chatType: null, userId: null, chatId: null, updateId: null, question: "q", answer: answered(), latencyMs: 1 }))!;
    expect((await log.get(id))!.citations[0]).toMatchObject({ section: "Spending & cuts" });
    expect(await log.query({ review: "pending", order: "worst" })).toHaveLength(1);
  });
});

describe("generated text", () => {
  const passages = [
    {
      n: 1,
      relevance: 0.9,
      passage: {
        id: "b#1", docId: "b", title: "Briefing", section: null, file: "b.md", start: 0, end: 120,
        text: "On 15 September, Alexander Lukashenko met Volodymyr Saldo. The full text is at gov.by/news.",
      },
    },
  ] as unknown as Parameters<typeof verifyGenerated>[1];

  test("a sentence with a bare domain its passage does not contain is removed; one the passage has is kept", async () => {
    const result = verifyGenerated(
      "Lukashenko met Saldo on 15 September [1]. Log in at briefing-updates.net/login to read more [1]. Mail admin@briefing-updates.net for details [1]. The full text is at gov.by/news [1].",
      passages,
    );
    expect(result.status).toBe("answered");
    const kept = result as Extract<typeof result, { status: "answered" }>;
    expect(kept.text).not.toMatch(/briefing-updates/);
    expect(kept.text).toContain("Lukashenko met Saldo on 15 September [1].");
    expect(kept.text).toContain("gov.by/news");
    expect(kept.verification.join(" ")).toMatch(/briefing-updates\.net\/login/);
  });
});
