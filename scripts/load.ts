/**
 * `npm run load`: many users asking at once through the fake Telegram Bot API, with the real bot
 * (runner, sequentialize, retries). Checks every question gets exactly one answer and reports
 * throughput and reply latency to the console and reports/load.json.
 *
 *   npm run load                       # fake engine (20 ms per answer)
 *   npm run load -- --engine real      # the real engine on CORPUS_DIR / DATA_DIR
 *   npm run load -- --users 50 --questions 4 --engine-ms 20 --out reports/load.json
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Engine } from "../src/answer/types.ts";
import { createBot } from "../src/bot/bot.ts";
import { launchBot } from "../src/bot/launch.ts";
import { parseConfig, readEnvironment } from "../src/config.ts";
import { exitAfterOutput } from "../src/cli.ts";
import { FakeEngine } from "../tests/helpers/fakeEngine.ts";
import { startFakeTelegram } from "../tests/helpers/fakeTelegram.ts";
import { MemoryAnswerLog } from "../tests/helpers/memoryAnswerLog.ts";

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

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      engine: { type: "string", default: "fake" },
      users: { type: "string", default: "50" },
      questions: { type: "string", default: "4" },
      "engine-ms": { type: "string", default: "20" },
      "timeout-s": { type: "string", default: "120" },
      out: { type: "string", default: "reports/load.json" },
    },
  });
  const users = Number(values.users);
  const perUser = Number(values.questions);
  const engineKind = values.engine === "real" ? "real" : "fake";

  const fake = await startFakeTelegram();
  // The token and API root are the fake's; everything else (corpus, index, limits) as configured.
  const config = parseConfig({ ...(engineKind === "real" ? readEnvironment() : {}), TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, WEBHOOK_URL: "" });
  let engine: Engine & { close?: () => void };
  if (engineKind === "real") {
    const { createEngine } = await import("../src/engine.ts");
    engine = await createEngine(config, { log: (l) => console.error(l) });
  } else engine = new FakeEngine({ delayMs: Number(values["engine-ms"]) });

  const logs: string[] = [];
  const bot = createBot({ config, engine, answerLog: new MemoryAnswerLog(), log: (l) => logs.push(l) });
  const running = await launchBot(bot, config, { log: (l) => logs.push(l), polling: { pollTimeoutSeconds: 5 } });

  // Everyone asks at once: all updates are queued before the bot's next getUpdates.
  const asked: Array<{ messageId: number; chatId: number; at: number }> = [];
  for (let q = 0; q < perUser; q++) {
    for (let u = 0; u < users; u++) {
      const userId = 10_000 + u;
      const { message } = fake.userText({ text: QUESTIONS[q % QUESTIONS.length]!, userId });
      asked.push({ messageId: message.message_id, chatId: userId, at: Date.now() });
    }
  }
  const started = asked[0]!.at;
  const questionIds = new Set(asked.map((a) => a.messageId));
  const isComplete = () => asked.every((a) => fake.repliesTo(a.messageId).some((m) => m.reply_markup));
  try {
    await fake.waitFor(isComplete, Number(values["timeout-s"]) * 1_000);
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
  for (let u = 0; u < users; u++) {
    const order = fake.sent.filter((m) => m.chat_id === 10_000 + u && m.reply_to !== undefined && questionIds.has(m.reply_to)).map((m) => m.reply_to!);
    if (order.some((id, i) => i > 0 && id < order[i - 1]!)) outOfOrder++;
  }
  latencies.sort((x, y) => x - y);
  const seconds = (lastAnswerAt - started) / 1000;
  const report = {
    date: new Date().toISOString(),
    engine: engineKind,
    engineDelayMs: engineKind === "fake" ? Number(values["engine-ms"]) : undefined,
    users,
    questionsPerUser: perUser,
    questions: asked.length,
    answered: latencies.length,
    lost,
    duplicated,
    chatsOutOfOrder: outOfOrder,
    messagesSent: fake.sent.length,
    apiCalls: fake.calls.length,
    seconds: Number(seconds.toFixed(3)),
    messagesPerSecond: Number((latencies.length / seconds).toFixed(1)),
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies[latencies.length - 1] ?? NaN },
    unfinishedAtShutdown: stoppedLeft,
    errorsLogged: logs.filter((l) => /failed|error/i.test(l)).length,
  };
  fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
  fs.writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `${report.engine} engine: ${report.questions} questions from ${users} users → ${report.answered} answered, ${lost} lost, ${duplicated} duplicated, ${outOfOrder} chats out of order\n` +
      `${report.messagesPerSecond} answers/s over ${report.seconds} s; reply latency p50 ${report.latencyMs.p50} ms, p95 ${report.latencyMs.p95} ms, max ${report.latencyMs.max} ms\n` +
      `report written to ${values.out}`,
  );
  return lost === 0 && duplicated === 0 && outOfOrder === 0 ? 0 : 1;
}

main().then(
  (code) => exitAfterOutput(code),
  (error: unknown) => {
    console.error(`load test failed: ${error instanceof Error ? error.message : String(error)}`);
    return exitAfterOutput(1);
  },
);
