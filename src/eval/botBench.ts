import { percentile } from "./metrics.ts";

/**
 * The part of a fake Telegram Bot API server the bot benchmark drives: users' messages in, the
 * bot's messages as the server recorded them out. `src/fakes/fakeTelegram.ts` provides it.
 */
export interface SimulatedTelegram {
  userText(options: { text: string; userId: number }): { message: { message_id: number } };
  readonly sent: readonly { chat_id: number; reply_to?: number; reply_markup?: unknown; at: number }[];
  /** Messages replying to `messageId`, with the split parts that follow them. */
  repliesTo(messageId: number): readonly { reply_markup?: unknown; at: number }[];
}

export interface BotLoadOptions {
  questions: readonly string[];
  users: number;
  messages: number;
  /** Messages per second offered in total, spread evenly; Infinity queues them all at once (burst). */
  offeredPerSecond: number;
  timeoutMs: number;
}

/** The issue's `bot` shape first, then what it takes to read it. */
export interface BotLoadResult {
  messages: number;
  /** Answered messages per second, first question to last complete answer. */
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  /** Questions with no reply at all when the run ended. */
  lost: number;
  /** Questions answered more than once. */
  duplicated: number;
  users: number;
  offeredPerSecond: number | "burst";
  answered: number;
  maxMs: number;
  /** Reply latency of questions asked for the first time in the run (query embedding not cached). */
  firstAskP95Ms: number;
  /** Reply latency of questions asked before in the run: the query vector is cached. */
  repeatP95Ms: number;
  distinctQuestions: number;
  seconds: number;
  burst?: Omit<BotLoadResult, "burst">;
}

/**
 * Simulated users ask through the fake server while the bot runs against it; user u asks
 * questions u, u + users, … of the list (wrapping), so conversations differ between users.
 * A question is answered when a reply to it carries the feedback buttons (the final part).
 */
export async function runBotLoad(telegram: SimulatedTelegram, o: BotLoadOptions): Promise<BotLoadResult> {
  const asked: { messageId: number; at: number; first: boolean }[] = [];
  const seen = new Set<string>();
  const started = Date.now();
  for (let i = 0; i < o.messages; i++) {
    const user = i % o.users;
    const round = Math.floor(i / o.users);
    const text = o.questions[(user + round * o.users) % o.questions.length]!;
    if (Number.isFinite(o.offeredPerSecond)) {
      const due = started + (i * 1000) / o.offeredPerSecond;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const { message } = telegram.userText({ text, userId: 20_000 + user });
    asked.push({ messageId: message.message_id, at: Date.now(), first: !seen.has(text) });
    seen.add(text);
  }

  const complete = (id: number) => telegram.repliesTo(id).find((m) => m.reply_markup !== undefined);
  const deadline = Date.now() + o.timeoutMs;
  while (Date.now() < deadline && !asked.every((a) => complete(a.messageId))) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 300)); // room for late duplicates to show up

  const latencies: number[] = [];
  const firstLatencies: number[] = [];
  const repeatLatencies: number[] = [];
  let lost = 0;
  let duplicated = 0;
  let lastAnswerAt = started;
  for (const a of asked) {
    const replies = telegram.sent.filter((m) => m.reply_to === a.messageId).length;
    if (replies === 0) lost++;
    if (replies > 1) duplicated++;
    const done = complete(a.messageId);
    if (!done) continue;
    latencies.push(done.at - a.at);
    (a.first ? firstLatencies : repeatLatencies).push(done.at - a.at);
    lastAnswerAt = Math.max(lastAnswerAt, done.at);
  }
  const seconds = Math.max(0.001, (lastAnswerAt - asked[0]!.at) / 1000);
  return {
    messages: asked.length,
    perSecond: Number((latencies.length / seconds).toFixed(1)),
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    lost,
    duplicated,
    users: o.users,
    offeredPerSecond: Number.isFinite(o.offeredPerSecond) ? o.offeredPerSecond : "burst",
    answered: latencies.length,
    maxMs: percentile(latencies, 100),
    firstAskP95Ms: percentile(firstLatencies, 95),
    repeatP95Ms: percentile(repeatLatencies, 95),
    distinctQuestions: seen.size,
    seconds: Number(seconds.toFixed(3)),
  };
}
