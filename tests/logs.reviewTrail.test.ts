import { afterEach, describe, expect, test } from "vitest";
import { runLogsCli } from "../src/logs/cli.ts";
import { openAnswerLog } from "../src/logs/store.ts";
import { abstained, answered, freshLogConfig, LOG_BACKENDS, record } from "./helpers/logs-fixtures.ts";

/** The store methods the moderator console adds: the review trail, corrected answers, daily figures. */

const DAY = 86_400_000;
let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A fresh log on `backend` with a clock the test moves. */
async function setupOn(backend: "sqlite" | "postgres", env: Record<string, string> = {}, start = Date.UTC(2025, 2, 10, 12)) {
  const { config } = await freshLogConfig(backend, env, cleanups);
  const clock = { now: start };
  const log = await openAnswerLog(config, { now: () => clock.now, onError: () => {} });
  cleanups.push(() => log.close());
  return { config, clock, log };
}

for (const { backend, skip } of LOG_BACKENDS) {
  describe.skipIf(skip !== undefined)(`console queries on ${backend}${skip ? ` (skipped: ${skip})` : ""}`, () => {
    const setup = (env: Record<string, string> = {}, start?: number) => setupOn(backend, env, start);

    describe("review trail and corrections", () => {
      test("every approve, flag and correction is kept with its reviewer and time, oldest first", async () => {
        const { log, clock } = await setup({ LOG_USER_IDS: "raw" });
        const id = (await log.record(record()))!;
        const t0 = clock.now;
        await log.review(id, { decision: "flag", note: "says 4%, source says 3%", reviewerId: 501 });
        clock.now += 60_000;
        const corrected = await log.correct(id, { answer: "  Capital spending rises by 3% [1].  ", reviewerId: 502 });
        clock.now += 60_000;
        await log.review(id, { decision: "approve", reviewerId: null });

        expect(corrected).toMatchObject({ review: "flagged", correctedAnswer: "Capital spending rises by 3% [1]." });
        expect(await log.get(id)).toMatchObject({ review: "approved", reviewNote: null, correctedAnswer: "Capital spending rises by 3% [1]." });
        expect(await log.reviewTrail(id)).toEqual([
          { at: new Date(t0).toISOString(), action: "flag", reviewer: "501", note: "says 4%, source says 3%", correctedAnswer: null },
          { at: new Date(t0 + 60_000).toISOString(), action: "correct", reviewer: "502", note: null, correctedAnswer: "Capital spending rises by 3% [1]." },
          { at: new Date(t0 + 120_000).toISOString(), action: "approve", reviewer: null, note: null, correctedAnswer: null },
        ]);
      });

      test("reviewers are pseudonymised like users, unknown entries change nothing, empty corrections are refused", async () => {
        const { log } = await setup();
        const id = (await log.record(record()))!;
        await log.review(id, { decision: "approve", reviewerId: 501 });
        const [event] = await log.reviewTrail(id);
        // A 64-hex HMAC, not the id (a check for the digits "501" inside the hex would fail by chance
        // about once in 70 runs); the same reviewer keeps one pseudonym, another gets another.
        expect(event!.reviewer).toMatch(/^[0-9a-f]{64}$/);
        await log.review(id, { decision: "flag", reviewerId: 501 });
        await log.review(id, { decision: "approve", reviewerId: 502 });
        const [, again, other] = await log.reviewTrail(id);
        expect(again!.reviewer).toBe(event!.reviewer);
        expect(other!.reviewer).toMatch(/^[0-9a-f]{64}$/);
        expect(other!.reviewer).not.toBe(event!.reviewer);
        expect(await log.correct(9999, { answer: "x" })).toBeUndefined();
        expect(await log.review(9999, { decision: "flag" })).toBeUndefined();
        expect(await log.reviewTrail(9999)).toEqual([]);
        await expect(log.correct(id, { answer: "   " })).rejects.toThrow(/cannot be empty/);
        expect(await log.reviewTrail(id)).toHaveLength(3);
      });

      test("npm run logs -- show prints the corrected answer and the trail; export carries the correction", async () => {
        const { log, config } = await setup();
        const id = (await log.record(record()))!;
        await log.review(id, { decision: "flag", note: "wrong figure" });
        await log.correct(id, { answer: "It rises by 3%." });
        await log.close();
        const out: string[] = [];
        const io = { config, stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t) };
        expect(await runLogsCli(["show", String(id)], io)).toBe(0);
        const shown = out.join("");
        expect(shown).toContain("Corrected answer:\n  It rises by 3%.");
        expect(shown).toMatch(/Trail:\n  \S+ flag — wrong figure\n  \S+ correct — It rises by 3%\./);
        out.length = 0;
        expect(await runLogsCli(["export", "--format", "csv"], io)).toBe(0);
        const [header, row] = out.join("").replace("\uFEFF", "").split("\r\n");
        expect(header!.split(",").at(-1)).toBe("correctedAnswer");
        expect(row!.endsWith(",It rises by 3%.")).toBe(true);
      });
    });

    describe("mode filter", () => {
      test("picks entries by how the answer was written", async () => {
        const { log } = await setup();
        const extractive = (await log.record(record()))!;
        const llm = (await log.record(record({ answer: answered({ mode: "llm", model: "gpt-test" }) })))!;
        expect((await log.query({ mode: "llm" })).map((e) => e.id)).toEqual([llm]);
        expect((await log.query({ mode: "extractive" })).map((e) => e.id)).toEqual([extractive]);
        expect(await log.count({ mode: "llm" })).toBe(1);
      });
    });

    describe("daily figures", () => {
      test("one row per UTC day with volume, abstentions, errors, ratings and latency percentiles", async () => {
        const { log, clock } = await setup();
        const start = clock.now; // 2025-03-10 12:00 UTC
        for (const ms of [100, 200, 300, 400]) await log.record(record({ latencyMs: ms }));
        const disliked = (await log.record(record({ latencyMs: 1000 })))!;
        await log.feedback(disliked, "down", 1);
        await log.feedback(disliked, "up", 2);
        clock.now += 2 * DAY;
        await log.record(record({ answer: abstained(), latencyMs: 50 }));
        await log.record(record({ answer: null, error: "engine failed", latencyMs: 70 }));

        const days = await log.daily({ since: new Date(start - DAY), until: new Date(clock.now + 1) });
        expect(days.map((d) => d.day)).toEqual(["2025-03-09", "2025-03-10", "2025-03-11", "2025-03-12"]);
        expect(days[0]).toEqual({ day: "2025-03-09", questions: 0, abstained: 0, errors: 0, feedbackUp: 0, feedbackDown: 0, latencyP50Ms: null, latencyP95Ms: null });
        expect(days[1]).toEqual({ day: "2025-03-10", questions: 5, abstained: 0, errors: 0, feedbackUp: 1, feedbackDown: 1, latencyP50Ms: 300, latencyP95Ms: 1000 });
        expect(days[3]).toMatchObject({ questions: 2, abstained: 1, errors: 1, latencyP50Ms: 50, latencyP95Ms: 70 });
      });

      test("a window longer than a year is cut to 366 days", async () => {
        const { log } = await setup();
        expect(await log.daily({ since: new Date(Date.UTC(2020, 0, 1)), until: new Date(Date.UTC(2025, 0, 1)) })).toHaveLength(366);
      });
    });
  });
}
