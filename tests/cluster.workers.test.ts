import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Update } from "grammy/types";
import { inspectUpdateQueue } from "../src/cluster/queue.ts";
import { postToWebhook } from "../src/fakes/fakeTelegram.ts";
import { startFakeTelegram, type FakeTelegram } from "./helpers/fakeTelegram.ts";
import { freePort } from "./helpers/ports.ts";
import { createTestDatabase, NO_POSTGRES, NO_REDIS, emptyRedisDatabase } from "./helpers/services.ts";
import { webhookEnv } from "./helpers/webhook.ts";

/**
 * Two `npm start` workers in webhook mode sharing PostgreSQL, Redis and a DATA_DIR, as the issue's
 * contract describes them, with the real engine on the repository's corpus. Updates are posted to
 * the workers' webhook ports the way Telegram (or a load balancer) would.
 */

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const SECRET = "cluster-test-secret";
const HASH_KEY = "cluster-test-hash-key-0123456789abcdef0123";
const PER_MINUTE = 3;
/** Redis database of this file, so its keys never meet another test file's. */
const REDIS_DB = 3;
const SKIP = NO_POSTGRES ?? NO_REDIS;

interface Worker {
  /** Its name in the job queue (BullMQ's processedBy). */
  name: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

let fake: FakeTelegram;
let dataDir: string;
let env: Record<string, string>;
let dropDatabase: () => Promise<void>;
let redisUrl: string;
const workers: Worker[] = [];

async function startWorker(): Promise<Worker> {
  const port = await freePort();
  // As `npm start` runs it: one process. The tsx command would run the bot in a child process of
  // its own, which a SIGKILL to tsx leaves running.
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), path.join(ROOT, "src/main.ts")], {
    cwd: dataDir,
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const deadline = Date.now() + 90_000;
  let name: string | undefined;
  while (!(name = /answering from the shared job queue as worker (\S+)/.exec(output)?.[1])) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`worker did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(name).toBe(`${os.hostname()}:${child.pid}`);
  const worker = { name, port, child, output: () => output, exited };
  workers.push(worker);
  return worker;
}

/** Posts an update as Telegram does; resolves to the HTTP status, or 0 when the worker is gone. */
const post = (worker: Worker, update: Update) => postToWebhook(`http://127.0.0.1:${worker.port}/hook`, SECRET, update);

/** Answers carry the 👍/👎 keyboard; notices and errors do not. */
const answersTo = (messageId: number) => fake.repliesTo(messageId).filter((m) => m.reply_markup);

beforeAll(async () => {
  if (SKIP) return;
  fake = await startFakeTelegram();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cluster-workers-"));
  const database = await createTestDatabase();
  dropDatabase = database.drop;
  redisUrl = await emptyRedisDatabase(REDIS_DB);
  env = {
    PATH: process.env.PATH ?? "",
    HOME: os.tmpdir(),
    CORPUS_DIR: path.join(ROOT, "corpus"),
    DATA_DIR: dataDir,
    ...webhookEnv(fake, SECRET),
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    LOG_HASH_KEY: HASH_KEY,
    RATE_LIMIT_PER_MINUTE: String(PER_MINUTE),
    MAX_WAITING_PER_CHAT: "20",
  };
  // The index is built once, before the workers, which only read it.
  const reindex = spawnSync(TSX, [path.join(ROOT, "scripts/reindex.ts")], { cwd: dataDir, env, encoding: "utf8", timeout: 180_000 });
  if (reindex.status !== 0) throw new Error(`reindex failed: ${reindex.stderr}`);
  const started = await Promise.all([startWorker(), startWorker()]);
  // The first question on a worker loads the query model; time that is not the system under test.
  await Promise.all(
    started.map(async (worker, i) => {
      const { update, message } = fake.userText({ text: "Who did Lukashenko meet?", userId: 7900 + i });
      if ((await post(worker, update)) !== 200) throw new Error(`warm-up question refused:\n${worker.output()}`);
      await fake.waitFor(() => answersTo(message.message_id).length > 0, 180_000);
    }),
  );
}, 400_000);

afterAll(async () => {
  if (SKIP) return;
  for (const w of workers) w.child.kill("SIGKILL");
  await Promise.all(workers.map((w) => w.exited));
  await fake.close();
  await dropDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(SKIP !== undefined)(`webhook workers sharing PostgreSQL and Redis${SKIP ? ` (skipped: ${SKIP})` : ""}`, () => {
  test("the same update posted to both workers is answered once", async () => {
    const [a, b] = workers;
    const { update, message } = fake.userText({ text: "Who did Lukashenko meet?", userId: 7001 });
    expect(await Promise.all([post(a!, update), post(b!, update)])).toEqual([200, 200]);
    await fake.waitFor(() => answersTo(message.message_id).length > 0, 60_000);
    // Time for a second answer to show up if one were coming.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(answersTo(message.message_id)).toHaveLength(1);
    expect(answersTo(message.message_id)[0]!.text).toContain("Saldo");
  }, 90_000);

  test("a follow-up asked through the other worker is resolved with the first question", async () => {
    const [a, b] = workers;
    const first = fake.userText({ text: "Who did Lukashenko meet?", userId: 7002 });
    expect(await post(a!, first.update)).toBe(200);
    await fake.waitFor(() => answersTo(first.message.message_id).length > 0, 60_000);
    const followUp = fake.userText({ text: "and when was that?", userId: 7002 });
    expect(await post(b!, followUp.update)).toBe(200);
    await fake.waitFor(() => answersTo(followUp.message.message_id).length > 0, 60_000);
    expect(answersTo(followUp.message.message_id)[0]!.text).toContain("15 September");

    // Another user's chat has no such turn, so the same words find nothing there.
    const stranger = fake.userText({ text: "and when was that?", userId: 7003 });
    expect(await post(b!, stranger.update)).toBe(200);
    await fake.waitFor(() => fake.repliesTo(stranger.message.message_id).length > 0, 60_000);
    expect(fake.repliesTo(stranger.message.message_id)[0]!.text).not.toContain("15 September");
  }, 120_000);

  test("a user's rate limit holds across workers", async () => {
    const asked: number[] = [];
    for (let i = 0; i < PER_MINUTE + 2; i++) {
      const { update, message } = fake.userText({ text: `What did the briefings say about trade, part ${i}?`, userId: 7004 });
      expect(await post(workers[i % 2]!, update)).toBe(200);
      asked.push(message.message_id);
    }
    await fake.waitFor(() => fake.sent.some((m) => m.text.includes("You're asking faster")), 60_000);
    await fake.waitFor(() => asked.filter((id) => answersTo(id).length > 0).length >= PER_MINUTE, 60_000);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(asked.filter((id) => answersTo(id).length > 0)).toHaveLength(PER_MINUTE);
    expect(fake.sent.filter((m) => m.chat_id === 7004 && m.text.includes("You're asking faster"))).toHaveLength(1);
  }, 90_000);

  test("a worker killed with SIGKILL during a burst loses no question and duplicates no answer", async () => {
    const [a, b] = workers;
    const questions = ["Who did Lukashenko meet?", "What was the deficit?", "What did the briefings say about trade?"];
    const asked: { update: Update; messageId: number }[] = [];
    // Six chats, two questions each, alternating between the workers.
    for (let round = 0; round < 2; round++) {
      for (let user = 0; user < 6; user++) {
        const { update, message } = fake.userText({ text: questions[(user + round) % questions.length]!, userId: 7100 + user });
        asked.push({ update, messageId: message.message_id });
      }
    }
    const statuses = await Promise.all(asked.map(({ update }, i) => post(i % 2 === 0 ? a! : b!, update)));
    expect(statuses.every((s) => s === 200)).toBe(true);
    // Kill A while the burst is being answered: some answers are out, others are in its hands.
    const queue = inspectUpdateQueue(redisUrl);
    try {
      await fake.waitFor(() => asked.some(({ messageId }) => answersTo(messageId).length > 0), 60_000);
      const deadline = Date.now() + 30_000;
      while (!(await queue.active()).some((job) => job.processedBy === a!.name) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      const answeredBeforeKill = asked.filter(({ messageId }) => answersTo(messageId).length > 0).length;
      a!.child.kill("SIGKILL");
      await a!.exited;
      expect(answeredBeforeKill).toBeLessThan(asked.length);
      // Read after its death: a dead worker finishes nothing, and nobody else may take its jobs
      // before their locks expire, so these were in its hands when it died.
      const held = (await queue.active()).filter((job) => job.processedBy === a!.name).map((job) => job.updateId);
      expect(held.length).toBeGreaterThan(0);
      expect(held.every((id) => asked.some((q) => q.update.update_id === id))).toBe(true);
      await fake.waitFor(() => asked.every(({ messageId }) => answersTo(messageId).length > 0), 120_000);
      for (const id of held) {
        // Finished by the other worker after being found abandoned. The answer reaches Telegram a
        // moment before the job is marked completed.
        const until = Date.now() + 10_000;
        while ((await queue.job(id))?.state === "active" && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
        expect(await queue.job(id)).toMatchObject({ state: "completed", processedBy: b!.name });
        expect((await queue.job(id))!.stalledCount).toBeGreaterThanOrEqual(1);
      }
    } finally {
      await queue.close();
    }

    await fake.waitFor(() => asked.every(({ messageId }) => answersTo(messageId).length > 0), 120_000);
    await new Promise((r) => setTimeout(r, 3_000));
    const counts = asked.map(({ messageId }) => answersTo(messageId).length);
    expect(counts).toEqual(asked.map(() => 1));
    // Per-chat order: each chat's second question was answered after its first.
    for (let user = 0; user < 6; user++) {
      const [first, second] = [asked[user]!, asked[6 + user]!].map(({ messageId }) => answersTo(messageId)[0]!.message_id);
      expect(first!).toBeLessThan(second!);
    }

    // npm run logs with DATABASE_URL: each of these questions once.
    const logs = spawnSync(TSX, [path.join(ROOT, "scripts/logs.ts"), "list", "--json", "--limit", "1000"], { cwd: dataDir, env, encoding: "utf8", timeout: 60_000 });
    expect(logs.status).toBe(0);
    const logged = (JSON.parse(logs.stdout) as { updateId: number; indexVersion: string | null }[]).filter((e) => asked.some((q) => q.update.update_id === e.updateId));
    expect(logged.map((e) => e.updateId).sort()).toEqual(asked.map((q) => q.update.update_id).sort());
    expect(logged.every((e) => typeof e.indexVersion === "string" && e.indexVersion.length > 0)).toBe(true);
  }, 240_000);
});
