import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { clusterMarkdown, countDeliveries, planBurst, type PostedQuestion } from "../src/eval/clusterBench.ts";
import { startFakeTelegram, type FakeTelegram } from "./helpers/fakeTelegram.ts";

/**
 * The several-workers bench's counting, on a tiny burst: questions asked through the fake Telegram
 * server and replies sent to it over HTTP, as the workers send them, so the counts are read from
 * the same record the bench reads.
 */

let fake: FakeTelegram;
beforeAll(async () => {
  fake = await startFakeTelegram();
});
afterAll(() => fake.close());

async function send(payload: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload) });
  expect(res.status).toBe(200);
}
const keyboard = { inline_keyboard: [[{ text: "👍", callback_data: "fb:1" }]] };

describe("cluster bench plan", () => {
  test("every chat's first question comes before any chat's second; texts are distinct; every nth is redelivered", () => {
    const plan = planBurst({ questions: ["What was the deficit?", "Who met Saldo?"], chats: 3, perChat: 2, redeliverEvery: 4 });
    expect(plan.map((q) => q.chat)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(new Set(plan.map((q) => q.text)).size).toBe(6);
    expect(plan[2]!.text).toBe("Tell me: what was the deficit?");
    expect(plan.map((q) => q.redeliver)).toEqual([false, false, false, true, false, false]);
    expect(() => planBurst({ questions: ["Only one?"], chats: 10, perChat: 1, redeliverEvery: 0 })).toThrow(/only 6 distinct texts/);
  });
});

describe("cluster bench counting", () => {
  test("answered, lost, duplicated and other replies by update id, latency from post to answer", async () => {
    const asked = ["q one", "q two", "q three", "q four"].map((text, i) => fake.userText({ text, userId: 500 + i }));
    const postedAt = Date.now();
    const posted: PostedQuestion[] = asked.map(({ update, message }) => ({ updateId: update.update_id, messageId: message.message_id, postedAt }));
    const reply = (i: number, extra: Record<string, unknown> = {}) =>
      send({ chat_id: 500 + i, text: `answer ${i}`, reply_parameters: { message_id: asked[i]!.message.message_id }, ...extra });
    // 0: answered once; 1: answered twice (two workers); 2: nothing; 3: only an error notice.
    await reply(0, { reply_markup: keyboard });
    await new Promise((r) => setTimeout(r, 30));
    await reply(1, { reply_markup: keyboard });
    await reply(1, { reply_markup: keyboard });
    await reply(3);
    // A message that replies to nothing (the later part of a split answer) counts for no question.
    await send({ chat_id: 500, text: "part two" });

    const counts = countDeliveries(posted, fake.sent);
    expect(counts).toMatchObject({ questions: 4, answered: 2, lost: 1, duplicated: 1, otherReplies: 1 });
    expect(counts.lostUpdateIds).toEqual([asked[2]!.update.update_id]);
    expect(counts.duplicatedUpdateIds).toEqual([asked[1]!.update.update_id]);
    const answerAt = (i: number) => fake.sent.find((m) => m.reply_to === asked[i]!.message.message_id)!.at;
    expect(counts.p50Ms).toBe(answerAt(0) - postedAt);
    expect(counts.maxMs).toBe(answerAt(1) - postedAt);
    expect(counts.maxMs).toBeGreaterThanOrEqual(30);
    expect(counts.answersPerSecond).toBeCloseTo(2 / ((answerAt(1) - postedAt) / 1000), 0);

    const md = clusterMarkdown(
      { runs: [{ ...counts, workers: 2, killed: true, redeliveries: 1, workerCpuSeconds: 1.5, machineBusy: 0.5, kill: { afterAnswers: 1, worker: "host:42", heldJobs: [{ updateId: 7, replies: 1, finalState: "completed", finalStalledCount: 1 }], logTail: ["listening"] } }], machine: "test" },
      { date: "today", command: "npm run bench -- --workers 2", notes: ["a note"] },
    );
    expect(md).toContain("| 2 (one SIGKILLed) | 4 |");
    expect(md).toContain("update 7 → 1 reply, finally completed, taken over after stalling 1×");
  });
});
