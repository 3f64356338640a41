import { percentile } from "./metrics.ts";

/**
 * The counting half of the several-workers bench (`npm run bench -- --workers 1,2`): which
 * questions a burst asks, and what the fake Telegram server's record says became of each.
 * Kept apart from the processes it drives (clusterRun.ts) so a test can check the arithmetic.
 */

/** Rephrasings that make a question's text, and so its query vector, new to the workers. */
const PHRASINGS = ["", "Tell me: ", "Briefly, ", "Quick question: ", "I wonder: ", "Please answer: "] as const;

export interface PlannedQuestion {
  /** Index of the simulated chat (a private chat with one user). */
  chat: number;
  text: string;
  /** Posted a second time once the first post was acknowledged, as Telegram redelivers. */
  redeliver: boolean;
}

/**
 * `chats × perChat` distinct questions in posting order: every chat's first question, then every
 * chat's second, and so on, so each chat has several queued at once. Texts are the given questions
 * in turn, rephrased once the list runs out. Every `redeliverEvery`-th question is redelivered.
 */
export function planBurst(o: { questions: readonly string[]; chats: number; perChat: number; redeliverEvery: number }): PlannedQuestion[] {
  if (o.questions.length === 0) throw new Error("planBurst needs at least one question");
  const total = o.chats * o.perChat;
  const distinct = o.questions.length * PHRASINGS.length;
  if (total > distinct) throw new Error(`${total} questions asked but only ${distinct} distinct texts can be made from ${o.questions.length}; lower --chats or --per-chat`);
  const plan: PlannedQuestion[] = [];
  for (let round = 0; round < o.perChat; round++) {
    for (let chat = 0; chat < o.chats; chat++) {
      const i = plan.length;
      const base = o.questions[i % o.questions.length]!;
      const phrasing = PHRASINGS[Math.floor(i / o.questions.length)]!;
      plan.push({ chat, text: phrasing === "" ? base : phrasing + base.charAt(0).toLowerCase() + base.slice(1), redeliver: o.redeliverEvery > 0 && (i + 1) % o.redeliverEvery === 0 });
    }
  }
  return plan;
}

/** One question as posted: its update and message ids, and when the first post started (ms since epoch). */
export interface PostedQuestion {
  updateId: number;
  messageId: number;
  postedAt: number;
}

/** A message as the fake Telegram server recorded it (sendMessage). */
export interface RecordedMessage {
  reply_to?: number;
  reply_markup?: unknown;
  /** When the server received it; ms since epoch. */
  at: number;
}

export interface DeliveryCounts {
  questions: number;
  /** Questions with a complete answer (the reply carrying the 👍/👎 buttons). */
  answered: number;
  /** Questions with no reply at all. */
  lost: number;
  /** Questions with more than one reply. */
  duplicated: number;
  /** Questions whose only reply was something other than an answer (an error or a notice). */
  otherReplies: number;
  /** Update ids of lost and duplicated questions, for the report. */
  lostUpdateIds: number[];
  duplicatedUpdateIds: number[];
  /** Answered questions per second, first post to last answer. */
  answersPerSecond: number;
  /** Update posted → answer received by the fake Telegram server; milliseconds. */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** First post to last answer; seconds. */
  seconds: number;
}

/**
 * What became of each posted question, by its update id. A reply names the question's message
 * (reply_to); the answer is the reply with buttons (a long answer's later parts do not reply).
 */
export function countDeliveries(posted: readonly PostedQuestion[], sent: readonly RecordedMessage[]): DeliveryCounts {
  const replies = new Map<number, RecordedMessage[]>();
  for (const m of sent) {
    if (m.reply_to === undefined) continue;
    const list = replies.get(m.reply_to) ?? [];
    list.push(m);
    replies.set(m.reply_to, list);
  }
  const latencies: number[] = [];
  const lostUpdateIds: number[] = [];
  const duplicatedUpdateIds: number[] = [];
  let otherReplies = 0;
  const firstPost = Math.min(...posted.map((p) => p.postedAt));
  let lastAnswer = firstPost;
  for (const q of posted) {
    const mine = replies.get(q.messageId) ?? [];
    if (mine.length === 0) lostUpdateIds.push(q.updateId);
    if (mine.length > 1) duplicatedUpdateIds.push(q.updateId);
    const answer = mine.find((m) => m.reply_markup !== undefined);
    if (!answer) {
      if (mine.length > 0) otherReplies++;
      continue;
    }
    latencies.push(answer.at - q.postedAt);
    lastAnswer = Math.max(lastAnswer, answer.at);
  }
  const seconds = posted.length === 0 ? 0 : (lastAnswer - firstPost) / 1000;
  return {
    questions: posted.length,
    answered: latencies.length,
    lost: lostUpdateIds.length,
    duplicated: duplicatedUpdateIds.length,
    otherReplies,
    lostUpdateIds,
    duplicatedUpdateIds,
    answersPerSecond: seconds > 0 ? round(latencies.length / seconds, 1) : 0,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    maxMs: percentile(latencies, 100),
    seconds: round(seconds, 2),
  };
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** The run fields the summary table shows; clusterRun.ts's ClusterRun has them and more. */
export interface ClusterRunSummary extends DeliveryCounts {
  workers: number;
  killed: boolean;
  redeliveries: number;
  workerCpuSeconds: number;
  machineBusy: number;
  kill?: { afterAnswers: number; worker: string; heldJobs: { updateId: number; replies: number; finalState?: string; finalStalledCount?: number }[]; logTail: string[] };
}

/** The markdown summary of reports/bench/cluster.json. */
export function clusterMarkdown(r: { runs: readonly ClusterRunSummary[]; scaling?: { from: number; to: number; ratio: number }; machine: string }, meta: { date: string; command: string; notes: readonly string[] }): string {
  const lines = [
    "# Several workers: webhook burst",
    "",
    `${meta.date} · \`${meta.command}\` · ${r.machine}`,
    "",
    "| workers | questions | answers/s | reply p50 | reply p95 | max | lost | duplicated | redelivered | worker CPU | machine busy |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...r.runs.map(
      (x) =>
        `| ${x.workers}${x.killed ? " (one SIGKILLed)" : ""} | ${x.questions} | ${x.answersPerSecond} | ${x.p50Ms} ms | ${x.p95Ms} ms | ${x.maxMs} ms | ${x.lost} | ${x.duplicated} | ${x.redeliveries} | ${x.workerCpuSeconds} s | ${Math.round(x.machineBusy * 100)} % |`,
    ),
    "",
  ];
  if (r.scaling) lines.push(`**Scaling ratio** (answers/s, ${r.scaling.to} workers over ${r.scaling.from}): **${r.scaling.ratio}**`, "");
  for (const x of r.runs) {
    if (!x.kill) continue;
    const held = x.kill.heldJobs;
    lines.push(
      `**Killed worker** \`${x.kill.worker}\`, SIGKILL after ${x.kill.afterAnswers} answers. Jobs it held (BullMQ active, processedBy = it, read after its death): ${held.length === 0 ? "none" : held.map((j) => `update ${j.updateId} → ${j.replies} repl${j.replies === 1 ? "y" : "ies"}, finally ${j.finalState ?? "gone"}, taken over after stalling ${j.finalStalledCount ?? "?"}×`).join("; ")}.`,
      "",
      "Its last log lines:",
      "",
      "```",
      ...x.kill.logTail,
      "```",
      "",
    );
  }
  lines.push(...meta.notes.map((n) => `- ${n}`), "");
  return lines.join("\n");
}
