import os from "node:os";
import { DelayedError, Queue, Worker, type Job } from "bullmq";
import type { Update } from "grammy/types";
import type { Redis } from "ioredis";
import { atMostEvery, KEY_PREFIX } from "./redis.ts";

const QUEUE = "updates";
/** Completed jobs are kept this long, so a redelivered update id finds its job and is not queued again. Seconds. */
const KEEP_DONE_S = 24 * 3600;

export type Enqueued = "queued" | "duplicate" | "chat-full";

export interface UpdateQueueOptions {
  /** REDIS_URL; BullMQ opens its own connections (a blocking one per worker). */
  redisUrl: string;
  /** Plain commands (per-chat order bookkeeping). */
  redis: Redis;
  /** Updates of one chat queued and not yet finished, across all workers; more are refused. */
  maxWaitingPerChat: number;
  /** Updates this worker handles at once (different chats run side by side). */
  concurrency?: number;
  /** How long a job stays locked to a worker without a heartbeat before another may take it. Milliseconds. */
  lockMs?: number;
  /** Recorded on each job this worker takes (BullMQ's processedBy); default host:pid. */
  name?: string;
  log: (line: string) => void;
}

export interface UpdateQueue {
  /** Stored on every job this worker takes, so an operator can see who held what. */
  readonly workerName: string;
  /** Called by the webhook: after it resolves the update survives any worker's death. */
  enqueue(update: Update): Promise<Enqueued>;
  /**
   * True for the first caller while a chat's backlog lasts: the one notice that its updates over
   * MAX_WAITING_PER_CHAT were skipped, whichever worker refused them. Reset when the backlog drains.
   */
  claimFullNotice(chatId: number): Promise<boolean>;
  /** Starts taking jobs; `handle` rejects only when the update should be retried. */
  work(handle: (update: Update) => Promise<void>): void;
  /** Stops taking jobs and waits for those running; unfinished ones go to other workers. */
  close(): Promise<void>;
}

/**
 * Removes an update id from a chat's backlog and returns the chat's next one; when none is left,
 * deletes the chat's notice claim.
 */
const FINISH = `
redis.call('ZREM', KEYS[1], ARGV[1])
local next = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
if next == nil then redis.call('DEL', KEYS[2]) end
return next
`;
/** A later job of a busy chat is put aside this long unless the job before it promotes it sooner. Milliseconds. */
const PUT_ASIDE_MS = 2_000;
/** How long a pending update id may have no job before it is taken for gone. Milliseconds. */
const HEAD_GRACE_MS = 2_000;

/** BullMQ refuses job ids that look like integers. */
const jobId = (updateId: number) => `update-${updateId}`;

/** Unique among the workers sharing a Redis: machines differ by host name, processes by pid. */
export function defaultWorkerName(): string {
  return `${os.hostname()}:${process.pid}`;
}

/** The chat whose order an update must keep, or undefined for updates outside chats. */
export function chatOf(update: Update): number | undefined {
  return (update.message ?? update.edited_message ?? update.callback_query?.message)?.chat.id;
}

/**
 * Telegram updates as BullMQ jobs. The job id is the update id, so an update posted to two
 * workers is queued once. Per-chat order: each chat keeps its pending update ids in a sorted set,
 * and only the job whose id is the smallest there runs (Telegram's update ids grow with time). A
 * later job of the chat taken early goes back to the delayed set instead of waiting in its slot:
 * slots held by waiting jobs could otherwise fill every worker while the job they wait for (retried,
 * or taken back from a dead worker) sits in the queue behind them. The job that finishes promotes
 * its chat's next one. A job whose worker died is taken again by another worker once its lock expires.
 */
export function createUpdateQueue(options: UpdateQueueOptions): UpdateQueue {
  const { redis, log } = options;
  const queue = new Queue<Update>(QUEUE, { connection: redisOptions(options.redisUrl, { failFast: true }), prefix: `${KEY_PREFIX}bull` });
  // One line per 10 s per connection at most: each reconnect attempt during an outage is an error.
  queue.on("error", atMostEvery(10_000, (error: Error) => log(`job queue: ${error.message}`)));
  const pendingKey = (chatId: number) => `${KEY_PREFIX}chat:${chatId}:pending`;
  const noticedKey = (chatId: number) => `${KEY_PREFIX}chat:${chatId}:full-noticed`;
  let worker: Worker<Update> | undefined;
  let closing: Promise<void> | undefined;
  const workerName = options.name ?? defaultWorkerName();

  /**
   * Takes an update off its chat's backlog and wakes the chat's next job if it was put aside. The
   * last one out lets the next over-cap update be noticed again.
   */
  async function finish(chatId: number, updateId: string): Promise<void> {
    const next = (await redis.eval(FINISH, 2, pendingKey(chatId), noticedKey(chatId), updateId)) as string | null;
    if (next === null) return;
    const job = await queue.getJob(jobId(Number(next)));
    // Not delayed: already waiting, running, or about to put itself aside (then it checks again).
    if (job && (await job.isDelayed())) await job.promote().catch(() => undefined);
  }

  /** True when no earlier update of the chat is pending; clears earlier ones whose jobs are gone. */
  async function isTurn(chatId: number, updateId: number, queuedAt: number): Promise<boolean> {
    for (;;) {
      const [head] = await redis.zrange(pendingKey(chatId), 0, 0);
      if (head === undefined || Number(head) >= updateId) return true;
      // A head whose job is gone (finished elsewhere, failed for good) would block the chat forever.
      // "unknown" also describes a head between its ZADD and its job's creation (milliseconds), so
      // only a job queued a while ago treats it as gone.
      const state = await queue.getJobState(jobId(Number(head)));
      const gone = state === "completed" || state === "failed" || (state === "unknown" && Date.now() - queuedAt > HEAD_GRACE_MS);
      if (!gone) return false;
      await finish(chatId, head);
    }
  }

  return {
    workerName,
    async enqueue(update) {
      const chatId = chatOf(update);
      const id = String(update.update_id);
      // Queued, running or done within the last day: Telegram's redelivery, or a second worker's copy.
      if (await queue.getJob(jobId(update.update_id))) return "duplicate";
      if (chatId !== undefined) {
        const key = pendingKey(chatId);
        const added = await redis.zadd(key, "NX", update.update_id, id);
        if (added === 1) {
          await redis.expire(key, KEEP_DONE_S);
          if ((await redis.zcard(key)) > options.maxWaitingPerChat) {
            await redis.zrem(key, id);
            return "chat-full";
          }
        }
      }
      await queue.add("update", update, {
        jobId: jobId(update.update_id),
        attempts: 3,
        backoff: { type: "exponential", delay: 1_000 },
        removeOnComplete: { age: KEEP_DONE_S },
        removeOnFail: { age: 7 * KEEP_DONE_S },
      });
      return "queued";
    },

    async claimFullNotice(chatId) {
      return (await redis.set(noticedKey(chatId), "1", "EX", KEEP_DONE_S, "NX")) === "OK";
    },

    work(handle) {
      worker = new Worker<Update>(
        QUEUE,
        async (job: Job<Update>, token?: string) => {
          const update = job.data;
          const chatId = chatOf(update);
          if (chatId !== undefined && !(await isTurn(chatId, update.update_id, job.timestamp))) {
            await job.moveToDelayed(Date.now() + PUT_ASIDE_MS, token);
            // The earlier job may have finished meanwhile and found this one not yet delayed.
            if (await isTurn(chatId, update.update_id, job.timestamp)) await job.promote().catch(() => undefined);
            throw new DelayedError();
          }
          await handle(update);
          if (chatId !== undefined) await finish(chatId, String(update.update_id));
        },
        {
          name: workerName,
          connection: redisOptions(options.redisUrl),
          prefix: `${KEY_PREFIX}bull`,
          concurrency: options.concurrency ?? 8,
          lockDuration: options.lockMs ?? 10_000,
          // Check for jobs of dead workers this often; milliseconds.
          stalledInterval: Math.max(1_000, Math.floor((options.lockMs ?? 10_000) / 2)),
          maxStalledCount: 5,
        },
      );
      worker.on("error", atMostEvery(10_000, (error: Error) => log(`job worker: ${error.message}`)));
      worker.on("failed", (job, error) => {
        if (!job) return;
        log(`update ${job.id}: attempt ${job.attemptsMade} failed: ${error.message}`);
        const chatId = chatOf(job.data);
        // Out of attempts: let the chat's later updates go ahead.
        if (chatId !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1)) void finish(chatId, String(job.data.update_id)).catch(() => undefined);
      });
    },

    close() {
      closing ??= (async () => {
        await worker?.close();
        await queue.close();
      })();
      return closing;
    },
  };
}

/** A job as the queue holds it, for diagnostics (which worker holds which update) and benchmarks. */
export interface QueuedJob {
  updateId: number;
  /** Worker name (see defaultWorkerName) of the last worker that took the job. */
  processedBy?: string;
  /** Times the job was found abandoned by a dead or stuck worker and handed on. */
  stalledCount: number;
  state: string;
}

/** Read-only view of the update queue: what is running, and what became of one update. */
export interface QueueInspector {
  active(): Promise<QueuedJob[]>;
  job(updateId: number): Promise<QueuedJob | undefined>;
  close(): Promise<void>;
}

export function inspectUpdateQueue(redisUrl: string): QueueInspector {
  const queue = new Queue<Update>(QUEUE, { connection: redisOptions(redisUrl), prefix: `${KEY_PREFIX}bull` });
  const view = async (job: Job<Update>, state?: string): Promise<QueuedJob> => ({
    updateId: job.data.update_id,
    processedBy: job.processedBy,
    stalledCount: job.stalledCounter ?? 0,
    state: state ?? (await job.getState()),
  });
  return {
    active: async () => Promise.all((await queue.getActive()).map((job) => view(job, "active"))),
    job: async (updateId) => {
      const job = await queue.getJob(jobId(updateId));
      return job ? view(job) : undefined;
    },
    close: () => queue.close(),
  };
}

/**
 * BullMQ's workers block on Redis, so each needs maxRetriesPerRequest null. The queue itself answers
 * a webhook request: there a command must fail fast when Redis is down or paused, so the request
 * gets its 500 (and Telegram delivers the update again) instead of waiting for as long as Redis is away.
 */
function redisOptions(url: string, { failFast = false } = {}) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === "rediss:" ? {} : undefined,
    ...(failFast
      ? { maxRetriesPerRequest: 2, commandTimeout: QUEUE_COMMAND_TIMEOUT_MS, retryStrategy: (times: number) => Math.min(times * 200, 2_000) }
      : { maxRetriesPerRequest: null }),
  };
}

/** Longest wait for one job-queue command when queueing an update: ms (as in connectRedis). */
const QUEUE_COMMAND_TIMEOUT_MS = 2_000;
