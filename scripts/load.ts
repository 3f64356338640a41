/**
 * `npm run load`: many users asking at once through the fake Telegram Bot API, with the real bot
 * (runner, sequentialize, retries). Checks every question gets exactly one answer and reports
 * throughput and reply latency to the console and reports/load.json.
 *
 *   npm run load                       # fake engine (20 ms per answer)
 *   npm run load -- --engine real      # the real engine on CORPUS_DIR / DATA_DIR
 *   npm run load -- --users 50 --questions 4 --engine-ms 20 --out reports/load.json
 *   npm run load -- --flood 200 --users 20   # one user floods their chat with 200 messages while 20
 *                                            # others ask; compares their p95 with a run without it
 */
import fs from "node:fs";
import path from "node:path";
import type { Engine } from "../src/answer/types.ts";
import { createBot } from "../src/bot/bot.ts";
import { launchBot } from "../src/bot/launch.ts";
import { parseConfig, readEnvironment } from "../src/config.ts";
import { exitAfterOutput, parseCommandLine, usageError } from "../src/cli.ts";
import { FakeEngine } from "../src/fakes/fakeEngine.ts";
import { startFakeTelegram } from "../src/fakes/fakeTelegram.ts";
import { MemoryAnswerLog } from "../src/fakes/memoryAnswerLog.ts";
import { makeFolder } from "../src/folders.ts";

const USAGE =
  "usage: npm run load [-- --engine fake|real] [--users N (50)] [--questions N per user (4)] [--engine-ms N (20, fake engine)]\n" +
  "                    [--timeout-s N (120)] [--flood N (messages from one more user, run with and without them)] [--out FILE (reports/load.json)]";
const { values } = await parseCommandLine(
  {
    options: {
      engine: { type: "string", default: "fake" },
      users: { type: "string", default: "50" },
      questions: { type: "string", default: "4" },
      "engine-ms": { type: "string", default: "20" },
      "timeout-s": { type: "string", default: "120" },
      flood: { type: "string" },
      out: { type: "string", default: "reports/load.json" },
      help: { type: "boolean", short: "h" },
    },
  },
  USAGE,
);
if (values.engine !== "fake" && values.engine !== "real") await usageError(`--engine must be fake or real, not "${values.engine}"`, USAGE);
for (const flag of ["users", "questions", "engine-ms", "timeout-s", "flood"] as const) {
  const value = values[flag];
  const least = flag === "engine-ms" ? 0 : 1;
  if (value !== undefined && !(/^\d+$/.test(value) && Number(value) >= least)) await usageError(`--${flag} must be a whole number of at least ${least}, not "${value}"`, USAGE);
}

const QUESTIONS = [
  "Who did Lukashenko meet?",
  "and when was that?",
  "How large was the foreign trade deficit?",
  "What was the reaction of Ukraine's foreign ministry?",
];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface ScenarioOptions {
  engineKind: "fake" | "real";
  users: number;
  perUser: number;
  engineMs: number;
  timeoutS: number;
  /** Messages one extra user sends into their own chat just before everyone else asks; 0: none. */
  flood: number;
}

async function runScenario(o: ScenarioOptions) {
  const fake = await startFakeTelegram();
  // The token and API root are the fake's; everything else (corpus, index, limits) as configured.
  const config = parseConfig({ ...(o.engineKind === "real" ? readEnvironment() : {}), TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, WEBHOOK_URL: "" });
  let engine: Engine & { close?: () => void };
  if (o.engineKind === "real") {
    const { createEngine } = await import("../src/engine.ts");
    engine = await createEngine(config, { log: (l) => console.error(l) });
  } else engine = new FakeEngine({ delayMs: o.engineMs });

  const logs: string[] = [];
  const bot = createBot({ config, engine, answerLog: new MemoryAnswerLog(), log: (l) => logs.push(l) });
  const running = await launchBot(bot, config, { log: (l) => logs.push(l), polling: { pollTimeoutSeconds: 5 } });

  // The flood goes first, so that it is ahead of everyone in the updates the bot fetches.
  const flooder = 9_999;
  const floodIds: number[] = [];
  for (let i = 0; i < o.flood; i++) floodIds.push(fake.userText({ text: `${QUESTIONS[i % QUESTIONS.length]} (${i})`, userId: flooder }).message.message_id);
  // Everyone asks at once: all updates are queued before the bot's next getUpdates.
  const asked: Array<{ messageId: number; chatId: number; at: number }> = [];
  for (let q = 0; q < o.perUser; q++) {
    for (let u = 0; u < o.users; u++) {
      const userId = 10_000 + u;
      const { message } = fake.userText({ text: QUESTIONS[q % QUESTIONS.length]!, userId });
      asked.push({ messageId: message.message_id, chatId: userId, at: Date.now() });
    }
  }
  const started = asked[0]!.at;
  const questionIds = new Set(asked.map((a) => a.messageId));
  const isComplete = () => asked.every((a) => fake.repliesTo(a.messageId).some((m) => m.reply_markup));
  try {
    await fake.waitFor(isComplete, o.timeoutS * 1_000);
  } catch {
    // reported below as lost
  }
  await new Promise((r) => setTimeout(r, 300)); // room for late duplicates to show up
  const stoppedLeft = await running.stop(8_000);
  engine.close?.();
  await fake.close();

  const latencies: number[] = [];
  let lost = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  let lastAnswerAt = started;
  for (const a of asked) {
    const starts = fake.sent.filter((m) => m.reply_to === a.messageId);
    if (starts.length === 0) lost++;
    if (starts.length > 1) duplicated++;
    const complete = fake.repliesTo(a.messageId).find((m) => m.reply_markup);
    if (complete) {
      latencies.push(complete.at - a.at);
      lastAnswerAt = Math.max(lastAnswerAt, complete.at);
    }
  }
  // per chat, answers must come in the order the questions were asked
  for (let u = 0; u < o.users; u++) {
    const order = fake.sent.filter((m) => m.chat_id === 10_000 + u && m.reply_to !== undefined && questionIds.has(m.reply_to)).map((m) => m.reply_to!);
    if (order.some((id, i) => i > 0 && id < order[i - 1]!)) outOfOrder++;
  }
  // The flooder's excess messages are dropped on purpose; none may be answered twice.
  const toFlooder = fake.sent.filter((m) => m.chat_id === flooder);
  const floodAnswered = floodIds.filter((id) => fake.sent.some((m) => m.reply_to === id && m.reply_markup)).length;
  const floodDuplicated = floodIds.filter((id) => fake.sent.filter((m) => m.reply_to === id).length > 1).length;
  latencies.sort((x, y) => x - y);
  const seconds = (lastAnswerAt - started) / 1000;
  return {
    engine: o.engineKind,
    engineDelayMs: o.engineKind === "fake" ? o.engineMs : undefined,
    users: o.users,
    questionsPerUser: o.perUser,
    questions: asked.length,
    answered: latencies.length,
    lost,
    duplicated: duplicated + floodDuplicated,
    chatsOutOfOrder: outOfOrder,
    flood: o.flood > 0 ? { messages: o.flood, answered: floodAnswered, repliesToFlooder: toFlooder.length } : undefined,
    messagesSent: fake.sent.length,
    apiCalls: fake.calls.length,
    seconds: Number(seconds.toFixed(3)),
    messagesPerSecond: Number((latencies.length / seconds).toFixed(1)),
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies[latencies.length - 1] ?? NaN },
    unfinishedAtShutdown: stoppedLeft,
    errorsLogged: logs.filter((l) => /failed|error/i.test(l)).length,
  };
}

type Run = Awaited<ReturnType<typeof runScenario>>;

function summary(r: Run): string {
  const flood = r.flood ? `; flood of ${r.flood.messages}: ${r.flood.answered} answered, ${r.flood.repliesToFlooder} replies to the flooder` : "";
  return (
    `${r.engine} engine: ${r.questions} questions from ${r.users} users → ${r.answered} answered, ${r.lost} lost, ${r.duplicated} duplicated, ${r.chatsOutOfOrder} chats out of order${flood}\n` +
    `${r.messagesPerSecond} answers/s over ${r.seconds} s; reply latency p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, max ${r.latencyMs.max} ms`
  );
}

async function main(): Promise<number> {
  const options: ScenarioOptions = {
    engineKind: values.engine === "real" ? "real" : "fake",
    users: Number(values.users),
    perUser: Number(values.questions),
    engineMs: Number(values["engine-ms"]),
    timeoutS: Number(values["timeout-s"]),
    flood: 0,
  };
  const ok = (r: Run) => r.lost === 0 && r.duplicated === 0 && r.chatsOutOfOrder === 0;
  let report: object;
  let passed: boolean;
  if (values.flood !== undefined) {
    // The same run twice in one process, after a discarded one that warms up the JIT and sockets:
    // without the flood, then with it.
    await runScenario(options);
    const baseline = await runScenario(options);
    const flooded = await runScenario({ ...options, flood: Number(values.flood) });
    const ratio = Number((flooded.latencyMs.p95 / baseline.latencyMs.p95).toFixed(2));
    passed = ok(baseline) && ok(flooded) && ratio <= 2;
    report = { date: new Date().toISOString(), baseline, flooded, p95Ratio: ratio, goal: "others' p95 within 2x of the run without the flood; 0 lost, 0 duplicated" };
    console.log(`without the flood: ${summary(baseline)}\nwith the flood:    ${summary(flooded)}\nothers' p95 with / without the flood: ${ratio}× (goal ≤ 2×)`);
  } else {
    const run = await runScenario(options);
    passed = ok(run);
    report = { date: new Date().toISOString(), ...run };
    console.log(summary(run));
  }
  makeFolder(path.dirname(path.resolve(values.out)));
  fs.writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`report written to ${values.out}`);
  return passed ? 0 : 1;
}

main().then(
  (code) => exitAfterOutput(code),
  (error: unknown) => {
    console.error(`load test failed: ${error instanceof Error ? error.message : String(error)}`);
    return exitAfterOutput(1);
  },
);
