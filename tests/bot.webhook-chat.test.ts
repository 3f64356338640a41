import net from "node:net";
import { PassThrough } from "node:stream";
import type { Update } from "grammy/types";
import { afterEach, describe, expect, test } from "vitest";
import { createBot } from "../src/bot/bot.ts";
import { launchBot, RESTART_NOTICE, TelegramStartError } from "../src/bot/launch.ts";
import { createLocalChat, LOCAL_BOT_INFO, LOCAL_TOKEN, runTerminalChat } from "../src/bot/localChat.ts";
import { startWebhook } from "../src/bot/webhook.ts";
import { parseConfig } from "../src/config.ts";
import { FAST_RETRY } from "./helpers/botHarness.ts";
import { FakeEngine } from "../src/fakes/fakeEngine.ts";
import { postToWebhook, startFakeTelegram, type FakeTelegram } from "../src/fakes/fakeTelegram.ts";
import { MemoryAnswerLog } from "../src/fakes/memoryAnswerLog.ts";
import { freePort } from "./helpers/ports.ts";
import { webhookEnv } from "./helpers/webhook.ts";

const SECRET = "webhook_Secret-123";
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function textUpdate(fake: FakeTelegram, text: string): Update {
  // built by the fake so that the reply target exists there; nothing polls in these tests
  return fake.userText({ text }).update;
}

describe("webhook mode", () => {
  async function setup() {
    const fake = await startFakeTelegram();
    cleanups.push(() => fake.close());
    const config = parseConfig({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot });
    const engine = new FakeEngine();
    const logs: string[] = [];
    const bot = createBot({ config, engine, answerLog: new MemoryAnswerLog(), log: (l) => logs.push(l), retry: FAST_RETRY });
    await bot.init();
    const server = await startWebhook(bot, { port: 0, host: "127.0.0.1", secret: SECRET, path: "/telegram/hook", log: (l) => logs.push(l) });
    cleanups.push(() => server.stop(1_000));
    const post = (update: unknown, secret?: string, path = "/telegram/hook") =>
      fetch(`http://127.0.0.1:${server.port}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(secret === undefined ? {} : { "x-telegram-bot-api-secret-token": secret }) },
        body: JSON.stringify(update),
      });
    return { fake, engine, post, server };
  }

  test("a missing or wrong secret gets 401 and runs no handler", async () => {
    const { fake, engine, post } = await setup();
    const update = textUpdate(fake, "What was the deficit?");
    expect((await post(update)).status).toBe(401);
    expect((await post(update, "webhook_Secret-124")).status).toBe(401);
    expect((await post(update, "")).status).toBe(401);
    expect((await post(update, SECRET, "/other")).status).toBe(404);
    expect(engine.calls).toHaveLength(0);
    expect(fake.sent).toHaveLength(0);
  });

  test("a malformed request line gets an error reply and the server keeps serving", async () => {
    const { fake, engine, post, server } = await setup();
    const net = await import("node:net");
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(server.port, "127.0.0.1", () => socket.write("GET // HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
      let data = "";
      socket.on("data", (d) => (data += d));
      socket.on("end", () => resolve(data));
      socket.on("error", reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 404/);
    expect((await post(textUpdate(fake, "What was the deficit?"), SECRET)).status).toBe(200);
    expect(engine.calls).toHaveLength(1);
  });

  test("the right secret runs the handler once; a redelivered update_id is dropped", async () => {
    const { fake, engine, post } = await setup();
    const update = textUpdate(fake, "What was the deficit?");
    const first = await post(update, SECRET);
    expect(first.status).toBe(200);
    expect(fake.sent).toHaveLength(1); // answered before Telegram got its 200
    const again = await post(update, SECRET);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe("duplicate");
    expect(engine.calls).toHaveLength(1);
    expect(fake.sent).toHaveLength(1);
  });

  test("launchBot with WEBHOOK_URL serves the hook and registers it with the secret, without polling", async () => {
    const fake = await startFakeTelegram();
    cleanups.push(() => fake.close());
    const port = await freePort();
    const config = parseConfig({
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
    });
    const bot = createBot({ config, engine: new FakeEngine(), answerLog: new MemoryAnswerLog(), log: () => undefined });
    const running = await launchBot(bot, config, { log: () => undefined, webhookHost: "127.0.0.1" });
    cleanups.push(() => running.stop(1_000));
    const setWebhook = fake.calls.find((c) => c.method === "setWebhook");
    expect(setWebhook?.payload).toMatchObject({ url: `http://127.0.0.1:${port}/hook`, secret_token: SECRET });
    expect(fake.calls.some((c) => c.method === "getUpdates")).toBe(false);
    const update = textUpdate(fake, "What was the deficit?");
    const res = await fetch(`http://127.0.0.1:${port}/hook`, { method: "POST", headers: { "x-telegram-bot-api-secret-token": SECRET }, body: JSON.stringify(update) });
    expect(res.status).toBe(200);
    expect(fake.sent).toHaveLength(1);
  });
});

describe("webhook mode: start-up", () => {
  test("a PORT already in use stops the start with one sentence naming PORT, not node's bare EADDRINUSE", async () => {
    const fake = await startFakeTelegram();
    cleanups.push(() => fake.close());
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", () => r()));
    cleanups.push(() => new Promise((r) => taken.close(r)));
    const port = (taken.address() as net.AddressInfo).port;
    const config = parseConfig(webhookEnv(fake, SECRET, port));
    const bot = createBot({ config, engine: new FakeEngine(), answerLog: new MemoryAnswerLog(), log: () => undefined });
    const error = await launchBot(bot, config, { log: () => undefined, webhookHost: "127.0.0.1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelegramStartError);
    expect((error as Error).message).toBe(
      `The webhook server could not listen on 127.0.0.1:${port}: port ${port} is in use; set PORT to a free port (the one your proxy forwards WEBHOOK_URL to).`,
    );
    expect(fake.calls.some((c) => c.method === "setWebhook")).toBe(false);
  });
});

describe("webhook mode: an update is never acknowledged without being taken", () => {
  /** Answers a question ending in "(held by X)" only once `release("X")` is called. */
  class HeldEngine extends FakeEngine {
    readonly asked: string[] = [];
    private readonly gates = new Map<string, { opened: Promise<void>; open: () => void }>();
    private gate(name: string) {
      let gate = this.gates.get(name);
      if (!gate) {
        let open!: () => void;
        gate = { opened: new Promise<void>((r) => (open = r)), open };
        this.gates.set(name, gate);
      }
      return gate;
    }
    release(...names: string[]) {
      for (const name of names) this.gate(name).open();
    }
    override async ask(question: string, options?: Parameters<FakeEngine["ask"]>[1]) {
      this.asked.push(question);
      const held = /\(held by (\w+)\)/.exec(question);
      if (held) await this.gate(held[1]!).opened;
      return super.ask(question, options);
    }
  }
  async function waitUntil(condition: () => boolean) {
    while (!condition()) await new Promise((r) => setTimeout(r, 5));
  }
  /** One keep-alive connection that sends raw POSTs and collects the status of each response. */
  async function rawConnection(port: number) {
    const socket = net.connect(port, "127.0.0.1");
    await new Promise((r) => socket.once("connect", r));
    let data = "";
    let closed = false;
    socket.on("data", (d) => (data += d));
    socket.on("close", () => (closed = true));
    return {
      post(update: unknown) {
        const body = JSON.stringify(update);
        socket.write(`POST /hook HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\nx-telegram-bot-api-secret-token: ${SECRET}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      },
      statuses: () => [...data.matchAll(/^HTTP\/1\.1 (\d+)/gm)].map((m) => Number(m[1])),
      closed: () => closed,
      destroy: () => socket.destroy(),
    };
  }
  async function setup(dispatch?: (update: Update) => Promise<void>) {
    const fake = await startFakeTelegram();
    cleanups.push(() => fake.close());
    const config = parseConfig({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot });
    const engine = new HeldEngine();
    cleanups.push(async () => engine.release("A", "B", "C"));
    const bot = createBot({ config, engine, answerLog: new MemoryAnswerLog(), log: () => undefined, retry: FAST_RETRY });
    await bot.init();
    const server = await startWebhook(bot, { port: 0, host: "127.0.0.1", secret: SECRET, path: "/hook", dispatch, log: () => undefined });
    cleanups.push(() => server.stop(1_000));
    return { fake, engine, server, url: `http://127.0.0.1:${server.port}/hook` };
  }

  test("a redelivery that comes while the first delivery is still being handled is not acknowledged before it", async () => {
    // Workers: the first delivery is still being queued when Telegram, tired of waiting, sends it again.
    let failQueueing: ((error: Error) => void) | undefined;
    const { fake, url } = await setup(() =>
      failQueueing ? Promise.reject(new Error("Redis is gone")) : new Promise<void>((_resolve, reject) => (failQueueing = reject)),
    );
    const update = textUpdate(fake, "What was the deficit?");
    const first = postToWebhook(url, SECRET, update);
    await waitUntil(() => failQueueing !== undefined);
    const redelivery = postToWebhook(url, SECRET, update);
    await new Promise((r) => setTimeout(r, 50)); // let the redelivery reach the server
    failQueueing!(new Error("Redis went away"));
    expect(await first).toBe(500);
    // Answered 200 "duplicate" at once, it made Telegram forget an update nobody took.
    expect(await redelivery).toBe(500);
  });

  test("a redelivery of an update cut off at shutdown is not acknowledged either", async () => {
    const { fake, engine, server, url } = await setup();
    const update = textUpdate(fake, "What was the deficit (held by A)?");
    const first = postToWebhook(url, SECRET, update);
    await waitUntil(() => engine.asked.length === 1);
    const redelivery = postToWebhook(url, SECRET, update);
    await new Promise((r) => setTimeout(r, 50)); // let the redelivery reach the server
    expect(await server.stop(100)).toBe(1);
    expect(await first).toBe(0); // cut off: Telegram delivers it again to the next process
    expect(await redelivery).not.toBe(200);
    expect(fake.sent).toHaveLength(0);
  });

  test("an answer logged but still being sent when the grace ends: its sender is asked to send the question again", async () => {
    // Telegram delivers the cut-off update again, but the next process drops it as a replay (it is
    // in the answer log): without the notice, nobody would ever answer it.
    const fake = await startFakeTelegram();
    cleanups.push(() => fake.close());
    const port = await freePort();
    const config = parseConfig({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, WEBHOOK_URL: `http://127.0.0.1:${port}/hook`, WEBHOOK_SECRET: SECRET, PORT: String(port) });
    const answerLog = new MemoryAnswerLog();
    const retry = { baseDelayMs: 5_000, maxDelayMs: 5_000, maxAttempts: 2 }; // the answer waits to be sent again
    const bot = createBot({ config, engine: new FakeEngine(), answerLog, log: () => undefined, retry });
    const running = await launchBot(bot, config, { log: () => undefined, webhookHost: "127.0.0.1" });
    cleanups.push(() => running.stop(100));
    fake.fail("sendMessage", { status: 502 });
    const { update, message } = fake.userText({ text: "What was the deficit?", userId: 4001 });
    const delivery = postToWebhook(`http://127.0.0.1:${port}/hook`, SECRET, update);
    await waitUntil(() => fake.calls.some((c) => c.method === "sendMessage" && c.status === 502));
    expect(await answerLog.hasUpdate(update.update_id)).toBe(true);
    expect(await running.stop(100)).toBe(1);
    expect(await delivery).toBe(0);
    expect(fake.sent.map((m) => [m.chat_id, m.text, m.reply_to])).toEqual([[4001, RESTART_NOTICE, message.message_id]]);
  });

  test("an update sent on a kept-alive connection while stopping is refused, not handled after the wait", async () => {
    const { fake, engine, server } = await setup();
    const slow = await rawConnection(server.port);
    const kept = await rawConnection(server.port);
    cleanups.push(async () => (slow.destroy(), kept.destroy()));
    slow.post(textUpdate(fake, "What was the deficit (held by A)?"));
    kept.post(fake.userText({ text: "Who met Saldo (held by B)?", chat: { id: 501, type: "private" }, userId: 501 }).update);
    await waitUntil(() => engine.asked.length === 2);
    const stopped = server.stop(5_000);
    engine.release("B");
    await waitUntil(() => kept.statuses().length === 1);
    // `kept` is idle and still open while the server waits for the answer held by A.
    kept.post(fake.userText({ text: "And the reaction (held by C)?", chat: { id: 502, type: "private" }, userId: 502 }).update);
    await waitUntil(() => kept.statuses().length === 2 || kept.closed());
    engine.release("A");
    // Before: it was handled but not waited for, stop reported nothing left, and its connection
    // was closed unanswered while it ran on against an engine about to close.
    expect(await stopped).toBe(0);
    expect(kept.statuses()).toEqual([200, 503]);
    expect(engine.asked).not.toContain("And the reaction (held by C)?");
  });
});

describe("local chat", () => {
  test("runs the same handlers from piped lines and prints readable answers; #n presses a button", async () => {
    const config = parseConfig({});
    const answerLog = new MemoryAnswerLog();
    const bot = createBot({ config, engine: new FakeEngine(), answerLog, botInfo: LOCAL_BOT_INFO, token: LOCAL_TOKEN, channel: "chat", rateLimit: false, log: () => undefined });
    const printed: string[] = [];
    const chat = createLocalChat(bot, (t) => printed.push(t), () => undefined);
    const input = new PassThrough();
    const output = new PassThrough();
    const done = runTerminalChat(chat, { input, output, interactive: false });
    input.end("What was the deficit?\n#2\nand when was that?\n/sources\nplease explode\n");
    await done;

    const all = printed.join("\n---\n");
    expect(all).not.toMatch(/<\/?(b|i|blockquote)[ >]/); // HTML rendered as text
    expect(all).toContain("  │ In January–July, the foreign trade deficit reached $3.5 billion, \"almost 1.5 times\" higher than last year & <still> rising.");
    expect(all).toContain("[1] Trade & Sanctions <2025> § Deficit");
    expect(all).toContain("[#1 👍] [#2 👎]");
    expect(all).toContain("(Thanks, noted 👎)");
    expect(all).toContain("2 documents:");
    expect(all).toContain("Sorry, something went wrong");
    expect(answerLog.ratings).toEqual([{ entryId: 1, rating: "down", userId: 1000 }]);
    expect(answerLog.entries.map((e) => [e.channel, e.updateId, e.chatType])).toEqual([
      ["chat", null, null],
      ["chat", null, null],
      ["chat", null, null],
    ]);
  });

  test("a command naming another bot is read as Telegram reads it: an unknown command, not a question", async () => {
    const engine = new FakeEngine();
    const bot = createBot({ config: parseConfig({}), engine, answerLog: new MemoryAnswerLog(), botInfo: LOCAL_BOT_INFO, token: LOCAL_TOKEN, channel: "chat", rateLimit: false, log: () => undefined });
    const printed: string[] = [];
    const chat = createLocalChat(bot, (t) => printed.push(t), () => undefined);
    await chat.send("/ask@otherbot what was the deficit?");
    await chat.send(`/ask@${LOCAL_BOT_INFO.username} what was the deficit?`);
    expect(printed[0]).toMatch(/don't know that command/);
    expect(engine.calls.map((c) => c.question)).toEqual(["what was the deficit?"]);
  });
});
