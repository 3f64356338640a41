import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { startBalancer } from "../cluster/balancer.ts";
import { inspectUpdateQueue, type QueuedJob } from "../cluster/queue.ts";
import { postToWebhook, startFakeTelegram, type FakeTelegram } from "../fakes/fakeTelegram.ts";
import { countDeliveries, planBurst, type DeliveryCounts, type PostedQuestion } from "./clusterBench.ts";
import { freePort } from "./freePort.ts";

/**
 * The processes of the several-workers bench: a fake Telegram Bot API server, N `npm start`
 * webhook workers (real engine, shared DATA_DIR, PostgreSQL answer log, Redis queue) behind the
 * small Node balancer, and a burst of questions posted as Telegram posts webhook updates.
 */

export interface ClusterBenchOptions {
  /** The repository: its corpus is indexed once, its src/main.ts is each worker. */
  root: string;
  /** A PostgreSQL server URL whose user may create databases (scripts/services.sh prints one). */
  databaseUrl: string;
  redisUrl: string;
  /** Redis database number the bench owns and empties before every run. */
  redisDb: number;
  workerCounts: readonly number[];
  /** Also run the largest count with one worker SIGKILLed mid-burst. */
  kill: boolean;
  questions: readonly string[];
  chats: number;
  perChat: number;
  redeliverEvery: number;
  /** Webhook requests in flight at once (Telegram's default max_connections is 40). */
  connections: number;
  log: (line: string) => void;
}

export interface KillRecord {
  /** Answers already received by the fake Telegram when the worker was killed. */
  afterAnswers: number;
  worker: string;
  /** Jobs BullMQ still listed as active and taken by the killed worker, read right after it died. */
  heldJobs: (QueuedJob & { replies: number; finalState?: string; finalStalledCount?: number })[];
  /** The killed worker's last log lines, secrets never among them (the workers redact). */
  logTail: string[];
}

export interface ClusterRun extends DeliveryCounts {
  workers: number;
  killed: boolean;
  chats: number;
  perChat: number;
  /** Updates posted twice (the second post went to the next worker in the balancer's round). */
  redeliveries: number;
  /** Posts the balancer had to hand to another worker because the first refused the connection. */
  balancerRetries: number;
  /** CPU time of all worker processes during the burst, and of the bench process (fake Telegram, balancer); seconds. */
  workerCpuSeconds: number;
  benchCpuSeconds: number;
  /** Share of the machine's CPU time busy during the burst, whoever used it (other agents too). */
  machineBusy: number;
  kill?: KillRecord;
}

export interface ClusterBenchResult {
  runs: ClusterRun[];
  /** answers/s with the most workers (not killed) over answers/s with one. */
  scaling?: { from: number; to: number; ratio: number };
  machine: string;
}

const SECRET = "cluster-bench-webhook-secret";
const HASH_KEY = "cluster-bench-hash-key-0123456789abcdef";
const START_TIMEOUT_MS = 120_000;

interface Worker {
  name: string;
  port: number;
  child: ChildProcess;
  output: string[];
  exited: Promise<void>;
}

export async function runClusterBench(o: ClusterBenchOptions): Promise<ClusterBenchResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cluster-bench-"));
  try {
    const redisUrl = new URL(o.redisUrl);
    redisUrl.pathname = `/${o.redisDb}`;
    const baseEnv: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: os.tmpdir(),
      CORPUS_DIR: path.join(o.root, "corpus"),
      DATA_DIR: dataDir,
      WEBHOOK_URL: "https://bot.example.org/hook",
      WEBHOOK_SECRET: SECRET,
      REDIS_URL: redisUrl.toString(),
      LOG_HASH_KEY: HASH_KEY,
      // The bench measures answering, not the flood guards: every simulated user stays under both.
      RATE_LIMIT_PER_MINUTE: "10000",
      MAX_WAITING_PER_CHAT: String(Math.max(5, o.perChat + 2)),
    };
    o.log("building the index once into a shared DATA_DIR…");
    const reindex = spawnSync(process.execPath, [...tsxArgs(), path.join(o.root, "scripts/reindex.ts")], { cwd: dataDir, env: baseEnv, encoding: "utf8", timeout: 300_000 });
    if (reindex.status !== 0) throw new Error(`npm run reindex failed for the cluster bench: ${reindex.stderr}`);

    const runs: ClusterRun[] = [];
    const scenarios = o.workerCounts.map((n) => ({ workers: n, kill: false }));
    const most = Math.max(...o.workerCounts);
    if (o.kill && most >= 2) scenarios.push({ workers: most, kill: true });
    for (const s of scenarios) {
      o.log(`${s.workers} worker(s)${s.kill ? ", one SIGKILLed mid-burst" : ""}: ${o.chats * o.perChat} questions from ${o.chats} chats…`);
      const run = await runScenario(o, baseEnv, redisUrl.toString(), s.workers, s.kill);
      o.log(
        `  ${run.answersPerSecond} answers/s, p50 ${run.p50Ms} ms, p95 ${run.p95Ms} ms; ${run.lost} lost, ${run.duplicated} duplicated, ${run.redeliveries} redelivered` +
          (run.kill ? `; killed ${run.kill.worker} after ${run.kill.afterAnswers} answers holding ${run.kill.heldJobs.length} job(s)` : ""),
      );
      runs.push(run);
    }
    const one = runs.find((r) => r.workers === 1 && !r.killed);
    const top = runs.find((r) => r.workers === most && !r.killed);
    return {
      runs,
      scaling: one && top && most > 1 ? { from: 1, to: most, ratio: Number((top.answersPerSecond / one.answersPerSecond).toFixed(2)) } : undefined,
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `node --import tsx`, as `npm start` runs: one process, so a signal reaches the worker itself. */
function tsxArgs(): string[] {
  return ["--import", import.meta.resolve("tsx")];
}

async function runScenario(o: ClusterBenchOptions, baseEnv: Record<string, string>, redisUrl: string, count: number, kill: boolean): Promise<ClusterRun> {
  const fake = await startFakeTelegram();
  const database = await createDatabase(o.databaseUrl);
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  const env = { ...baseEnv, DATABASE_URL: database.url, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot };
  const workers: Worker[] = [];
  const inspector = inspectUpdateQueue(redisUrl);
  let balancerRetries = 0;
  try {
    workers.push(...(await Promise.all(Array.from({ length: count }, () => startWorker(o.root, env)))));
    const front = await startBalancer({ port: 0, targets: workers.map((w) => w.port), log: (line) => line.includes("trying the next") && balancerRetries++ });
    try {
      await warmUp(fake, workers);
      const plan = planBurst(o);
      const chatBase = 30_000;
      const asked = plan.map((q) => ({ ...q, ...fake.userText({ text: q.text, userId: chatBase + q.chat }) }));
      const posted: PostedQuestion[] = asked.map((a) => ({ updateId: a.update.update_id, messageId: a.message.message_id, postedAt: 0 }));
      const answeredCount = () => posted.filter((p) => fake.sent.some((m) => m.reply_to === p.messageId && m.reply_markup !== undefined)).length;

      const cpuBefore = workers.map((w) => cpuSeconds(w.child.pid));
      const benchCpu = process.cpuUsage();
      const machineBefore = machineTimes();
      let redeliveries = 0;
      let cpuAtKill: number | undefined;
      let next = 0;
      const poster = async () => {
        while (next < asked.length) {
          const i = next++;
          posted[i]!.postedAt = Date.now();
          await postUpdate(front.port, asked[i]!.update);
          if (asked[i]!.redeliver) {
            redeliveries++;
            await postUpdate(front.port, asked[i]!.update);
          }
        }
      };
      const posting = Promise.all(Array.from({ length: o.connections }, poster));

      let killRecord: KillRecord | undefined;
      if (kill) {
        const victim = workers[0]!;
        killRecord = await killOneMidBurst(victim, inspector, answeredCount, Math.ceil(asked.length / 4), () => {
          cpuAtKill = cpuSeconds(victim.child.pid);
        });
      }
      await posting;
      // A killed worker's jobs wait for their lock (10 s) to expire before another worker takes them.
      const deadline = Date.now() + 90_000;
      while (answeredCount() < asked.length && Date.now() < deadline) await sleep(50);
      const cpuAfter = workers.map((w, i) => (kill && i === 0 ? cpuAtKill : cpuSeconds(w.child.pid)));
      const benchUsed = process.cpuUsage(benchCpu);
      const machineAfter = machineTimes();
      // Room for a late duplicate to show up.
      await sleep(2_000);

      const counts = countDeliveries(posted, fake.sent);
      if (killRecord) {
        for (const job of killRecord.heldJobs) {
          const q = posted.find((p) => p.updateId === job.updateId);
          job.replies = q ? fake.sent.filter((m) => m.reply_to === q.messageId).length : 0;
          const final = await inspector.job(job.updateId);
          job.finalState = final?.state;
          job.finalStalledCount = final?.stalledCount;
        }
      }
      return {
        workers: count,
        killed: kill,
        chats: o.chats,
        perChat: o.perChat,
        ...counts,
        redeliveries,
        balancerRetries,
        // The killed worker's share is read just before its death.
        workerCpuSeconds: round(cpuAfter.reduce((sum: number, c, i) => sum + (c ?? cpuBefore[i] ?? 0) - (cpuBefore[i] ?? 0), 0)),
        benchCpuSeconds: round((benchUsed.user + benchUsed.system) / 1e6),
        machineBusy: round(1 - (machineAfter.idle - machineBefore.idle) / Math.max(1, machineAfter.total - machineBefore.total)),
        kill: killRecord,
      };
    } finally {
      await front.close();
    }
  } finally {
    await Promise.all(workers.map(stopWorker));
    await inspector.close();
    redis.disconnect();
    await fake.close();
    await database.drop();
  }
}

/**
 * Waits until `afterAnswers` answers are out and the victim holds a job, then SIGKILLs it. The
 * record is read from the queue once the process is gone: a dead worker cannot finish a job, and
 * nobody else may take one before its lock expires, so every active job named for it was in its
 * hands when it died.
 */
async function killOneMidBurst(
  victim: Worker,
  inspector: ReturnType<typeof inspectUpdateQueue>,
  answered: () => number,
  afterAnswers: number,
  beforeKill: () => void,
): Promise<KillRecord> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (answered() >= afterAnswers && (await inspector.active()).some((j) => j.processedBy === victim.name)) break;
    await sleep(10);
  }
  const answersAtKill = answered();
  beforeKill();
  victim.child.kill("SIGKILL");
  await victim.exited;
  const held = (await inspector.active()).filter((j) => j.processedBy === victim.name);
  return {
    afterAnswers: answersAtKill,
    worker: victim.name,
    heldJobs: held.map((j) => ({ ...j, replies: 0 })),
    logTail: victim.output.join("").trim().split("\n").slice(-5),
  };
}

async function startWorker(root: string, env: Record<string, string>): Promise<Worker> {
  const port = await freePort();
  const child = spawn(process.execPath, [...tsxArgs(), path.join(root, "src/main.ts")], { cwd: env.DATA_DIR, env: { ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  child.stdout!.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const name = /answering from the shared job queue as worker (\S+)/.exec(output.join(""))?.[1];
    if (name) return { name, port, child, output, exited };
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill("SIGKILL");
      throw new Error(`a cluster bench worker did not start:\n${output.join("").slice(-2_000)}`);
    }
    await sleep(100);
  }
}

async function stopWorker(w: Worker): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return;
  w.child.kill("SIGTERM");
  const late = setTimeout(() => w.child.kill("SIGKILL"), 12_000);
  await w.exited;
  clearTimeout(late);
}

/** One question on each worker first: loading the query model is start-up, not answering. */
async function warmUp(fake: FakeTelegram, workers: Worker[]): Promise<void> {
  await Promise.all(
    workers.map(async (w, i) => {
      const { update, message } = fake.userText({ text: "Who met whom, according to the briefing?", userId: 29_000 + i });
      const status = await postUpdate(w.port, update);
      if (status !== 200) throw new Error(`warm-up question refused with ${status}:\n${w.output.join("").slice(-2_000)}`);
      await fake.waitFor(() => fake.repliesTo(message.message_id).some((m) => m.reply_markup), START_TIMEOUT_MS);
    }),
  );
}

const postUpdate = (port: number, update: unknown) => postToWebhook(`http://127.0.0.1:${port}/hook`, SECRET, update);

async function createDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const name = `cluster_bench_${process.pid}_${Date.now().toString(36)}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** User + system CPU of a process from /proc (Linux); seconds, undefined once it is gone. */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second on Linux)
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

function machineTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    idle += cpu.times.idle;
    total += cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.idle + cpu.times.irq;
  }
  return { idle, total };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number) => Number(x.toFixed(2));
