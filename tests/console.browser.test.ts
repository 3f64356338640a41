import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createBot } from "../src/bot/bot.ts";
import { launchBot } from "../src/bot/launch.ts";
import type { BotProcess } from "../src/bot/polling.ts";
import { NOT_AVAILABLE } from "../src/bot/moderation/index.ts";
import { PRIVATE_ONLY } from "../src/bot/moderation/console.ts";
import { parseConfig } from "../src/config.ts";
import { LINK_TTL_MS, SESSION_TTL_MS } from "../src/console/auth.ts";
import { startModeratorConsole, type ModeratorConsole } from "../src/console/index.ts";
import type { Passage } from "../src/corpus/types.ts";
import { openAnswerLog, type AnswerLogStore } from "../src/logs/store.ts";
import { FAST_RETRY } from "./helpers/botHarness.ts";
import { launchChromium, NO_CHROMIUM } from "./helpers/chromium.ts";
import { FakeEngine } from "../src/fakes/fakeEngine.ts";
import { freePort } from "./helpers/ports.ts";
import { startFakeTelegram, type FakeTelegram } from "../src/fakes/fakeTelegram.ts";
import { abstained, answered, citation, record, tempDir } from "./helpers/logs-fixtures.ts";

/**
 * The moderator console in real headless Chromium, signed in through the real bot talking to the
 * fake Bot API server, reading and writing a real SQLite answer log. One fake clock drives the log,
 * sign-in links and sessions, so expiry is tested without waiting.
 */

const ROOT = path.resolve(import.meta.dirname, "..");
const MODERATOR = 501;
const STRANGER = 777;
const DAY = 86_400_000;
/** Screenshots go to docs/console (shown in the README) with UPDATE_SCREENSHOTS=1, else to a temp dir. */
const SHOTS = process.env.UPDATE_SCREENSHOTS === "1" ? path.join(ROOT, "docs", "console") : fs.mkdtempSync(path.join(os.tmpdir(), "console-shots-"));

const PASSAGE_TEXT =
  "Public finances. The 2024 budget keeps the deficit near 3% of GDP. Capital spending rises by 4% in real terms. Most of it goes to roads and rail, the rest to schools.";
const QUOTE = "Capital spending rises by 4% in real terms.";
const passages = new Map<string, Passage>([
  ["budget-2024#3", { id: "budget-2024#3", docId: "budget-2024", title: "Budget 2024", section: "Spending", file: "budget-2024.md", start: 100, end: 100 + PASSAGE_TEXT.length, text: PASSAGE_TEXT }],
  ["budget-2024#7", { id: "budget-2024#7", docId: "budget-2024", title: "Budget 2024", section: "Revenue", file: "budget-2024.md", start: 900, end: 960, text: "Revenue from VAT grew by 6%, helped by higher consumer prices." }],
  ["trade#1", { id: "trade#1", docId: "trade", title: "Trade & Sanctions <2025>", section: "Deficit", file: "trade.md", start: 0, end: 300, text: "Exports fell in spring. In January–July, the foreign trade deficit reached $3.5 billion, \"almost 1.5 times\" higher than last year & <still> rising. Imports held steady." }],
]);

const TITLE = "moderator console in Chromium" + (NO_CHROMIUM ? " (skipped: /usr/bin/chromium is not installed; .ci/run installs it)" : "");
describe.skipIf(NO_CHROMIUM)(TITLE, () => {
  const clock = { now: Date.UTC(2026, 10, 27, 15, 0) };
  let dir: string;
  let cleanup: () => void;
  let fake: FakeTelegram;
  let log: AnswerLogStore;
  let moderatorConsole: ModeratorConsole;
  let bot: BotProcess;
  let browser: Browser;
  let base: string;
  const ids = ids_;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir("console-browser-"));
    fake = await startFakeTelegram();
    const port = await freePort();
    const config = parseConfig({
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      DATA_DIR: dir,
      CORPUS_DIR: dir,
      MODERATOR_IDS: String(MODERATOR),
      ADMIN_PORT: String(port),
    });
    base = config.console!.publicUrl;
    log = await openAnswerLog(config, { now: () => clock.now, onError: () => {} });
    await seed(log, clock);
    const lines: string[] = [];
    moderatorConsole = await startModeratorConsole({
      config,
      log,
      passages: (id) => passages.get(id),
      indexVersion: () => "idx-1",
      now: () => clock.now,
      report: (line) => lines.push(line),
    });
    expect(lines).toEqual([`moderator console listening on 127.0.0.1:${port}; moderators sign in with /console`]);
    const engine = new FakeEngine();
    const b = createBot({ config, engine, answerLog: log, log: () => {}, retry: FAST_RETRY, extraComposers: [moderatorConsole.command] });
    bot = await launchBot(b, config, { log: () => {}, polling: { pollTimeoutSeconds: 2, retryIntervalMs: 10 } });

    // One answer goes through the bot and gets a 👎 from its button, as users give them.
    const { message } = fake.userText({ text: "What was the trade deficit?", userId: 42 });
    await fake.waitFor((sent) => sent.some((s) => s.reply_to === message.message_id && s.reply_markup));
    const reply = fake.repliesTo(message.message_id).find((s) => s.reply_markup)!;
    const down = reply.reply_markup!.inline_keyboard.flat().find((k) => k.text.includes("👎"))!;
    fake.pressButton({ userId: 42, message: reply, data: (down as { callback_data: string }).callback_data });
    await fake.waitFor(() => fake.callbackAnswers.length > 0);
    ids.viaBot = (await log.query({ text: "trade deficit" }))[0]!.id;
    expect(await log.get(ids.viaBot)).toMatchObject({ feedbackDown: 1, question: "What was the trade deficit?" });

    browser = await launchChromium();
  }, 120_000); // a bot, a web server and Chromium start here: slow on a busy machine

  afterAll(async () => {
    await browser?.close();
    await bot?.stop(2_000);
    await moderatorConsole?.close();
    await log?.close();
    await fake?.close();
    cleanup?.();
  });

  /** Sends /console and returns the bot's reply. */
  async function signInLink(userId = MODERATOR, chat?: { id: number; type: "group"; title: string }): Promise<string> {
    const { message } = fake.userText({ text: "/console", userId, chat });
    const isReply = (s: { chat_id: number; message_id: number }) => s.chat_id === (chat?.id ?? userId) && s.message_id > message.message_id;
    await fake.waitFor((sent) => sent.some(isReply));
    return fake.sent.find(isReply)!.text;
  }
  const linkIn = (text: string) => /https?:\/\/\S+/.exec(text)?.[0];

  async function signedInPage(context: BrowserContext): Promise<{ page: Page; link: string }> {
    const text = await signInLink();
    const link = linkIn(text)!;
    expect(link.startsWith(`${base}/login?token=`)).toBe(true);
    const page = await context.newPage();
    await page.goto(link);
    await page.waitForURL(`${base}/`);
    return { page, link };
  }

  test("only moderators get a link, and only in a private chat", async () => {
    expect(await signInLink(STRANGER)).toBe(NOT_AVAILABLE);
    expect(await signInLink(MODERATOR, { id: -100200, type: "group", title: "Mods" })).toBe(PRIVATE_ONLY);
    expect(linkIn(await signInLink(MODERATOR))).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/login\?token=[\w-]{43}$/);
  });

  test("without JavaScript: sign in, filter 👎, open an answer, flag it with a note; npm run logs shows the note", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });
    const { page, link } = await signedInPage(context);
    expect(page.url()).not.toContain("token");
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: "console_session", httpOnly: true, sameSite: "Strict" });
    expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000); // a dated cookie, not one that lives as long as the browser

    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Review queue");
    await page.screenshot({ path: path.join(SHOTS, "queue.png") });

    await page.getByLabel("Feedback").selectOption("down");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/feedback=down/);
    const items = page.locator("ol.queue > li");
    const downIds = (await log.query({ feedback: "down", order: "worst" })).map((e) => e.id);
    expect(downIds).toEqual([ids.disliked, ids.viaBot]);
    await expect(items.count()).resolves.toBe(downIds.length);
    for (const text of await items.allTextContents()) expect(text).toContain("👎");

    await items.first().getByRole("link").click();
    await page.waitForURL(new RegExp(`/answers/${ids.disliked}\\?`));
    // the quote, highlighted inside its passage
    const mark = page.locator("#cite-1 blockquote mark");
    await expect(mark.textContent()).resolves.toBe(QUOTE);
    await expect(page.locator("#cite-1 blockquote").textContent()).resolves.toBe(PASSAGE_TEXT);
    // every retrieved passage with its rank and relevance
    const rows = await page.locator("#h-retrieved ~ .table-wrap tbody tr, section[aria-labelledby=h-retrieved] tbody tr").allTextContents();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^1budget-2024#3[\s\S]*0\.910\[1\]/);
    expect(rows[2]).toContain("not in the index answering now");
    await expect(page.locator("a.mark").first().getAttribute("href")).resolves.toBe("#cite-1");
    await page.screenshot({ path: path.join(SHOTS, "answer.png"), fullPage: true });

    const note = "Quote [1] says 4% in real terms; the answer said nominal.";
    clock.now += 60_000;
    await page.getByLabel("Note (why it is flagged)").fill(note);
    await page.getByRole("button", { name: "Flag with note" }).click();
    await page.waitForURL(/done=flagged/);
    expect(page.url()).toContain("feedback=down"); // back in the same filtered view
    await expect(page.getByRole("status").first().textContent()).resolves.toBe("Flagged.");
    const trail = await page.locator("section[aria-labelledby=h-trail] li").allTextContents();
    expect(trail).toEqual([`${new Date(clock.now).toISOString().replace("T", " ").slice(0, 19)} UTC — flagged by moderator ${MODERATOR}: ${note}`]);

    const shown = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/logs.ts", "show", String(ids.disliked)], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dir, CORPUS_DIR: dir },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(shown.stderr).toBe("");
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain(`review: flagged`);
    expect(shown.stdout).toContain(note);

    // next in the 👎 view is the answer that came through the bot
    await page.getByRole("link", { name: "Next" }).click();
    await page.waitForURL(new RegExp(`/answers/${ids.viaBot}\\?`));
    await expect(page.locator("#cite-1 mark").textContent()).resolves.toContain("the foreign trade deficit reached $3.5 billion");

    // the link was spent
    const again = await page.goto(link);
    expect(again!.status()).toBe(403);
    await expect(page.locator("main").textContent()).resolves.toContain("already been used");
    await context.close();
  }, 90_000); // runs npm run logs as a child process besides the browser

  test("a POST without the session's CSRF token is refused and changes nothing", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const { page } = await signedInPage(context);
    const target = ids.unsure!;
    await page.goto(`${base}/answers/${target}`);
    const before = (await log.get(target))!.review;
    // what a forged form from elsewhere would carry: the cookie (if the browser sent it) but no token
    await page.setContent(
      `<form method="post" action="${base}/answers/${target}/review"><input name="decision" value="approve"><button>go</button></form>`,
    );
    const [response] = await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "go" }).click()]);
    expect(response!.status()).toBeGreaterThanOrEqual(401);
    expect(response!.status()).toBeLessThanOrEqual(403);
    // and the same form from the console's own page, with the token field removed
    const js = await browser.newContext();
    const cookies = await context.cookies();
    await js.addCookies(cookies);
    const p2 = await js.newPage();
    await p2.goto(`${base}/answers/${target}`);
    await p2.evaluate(`document.querySelectorAll("input[name=_csrf]").forEach((e) => e.remove())`);
    const [refused] = await Promise.all([p2.waitForNavigation(), p2.locator("#approve").click()]);
    expect(refused!.status()).toBe(403);
    await expect(p2.locator("main").textContent()).resolves.toContain("security token");
    await expect(p2.locator("#kept").count()).resolves.toBe(0); // nothing was typed, so nothing is kept
    expect((await log.get(target))!.review).toBe(before);
    expect(await log.reviewTrail(target)).toEqual([]);
    await js.close();
    await context.close();
  });

  test("keyboard shortcuts move through the queue and approve", async () => {
    const context = await browser.newContext();
    const { page } = await signedInPage(context);
    await page.getByRole("link", { name: /^#\d+/ }).first().click();
    await page.waitForURL(/\/answers\/\d+\?pos=0/);
    const first = Number(/answers\/(\d+)/.exec(page.url())![1]);
    await page.keyboard.press("j");
    await page.waitForURL(/pos=1/);
    const second = Number(/answers\/(\d+)/.exec(page.url())![1]);
    expect(second).not.toBe(first);
    await page.keyboard.press("k");
    await page.waitForURL(/pos=0/);
    expect(page.url()).toContain(`/answers/${first}?`);
    await page.keyboard.press("a");
    await page.waitForURL(/done=approved/);
    expect((await log.get(first))!.review).toBe("approved");
    await page.keyboard.press("f");
    await expect(page.evaluate("document.activeElement?.id")).resolves.toBe("flag-note");
    await context.close();
  });

  test("insights: charts, the most asked unanswered questions, and an export of the filtered view", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });
    const { page } = await signedInPage(context);
    await page.getByRole("link", { name: "Insights" }).click();
    await page.waitForURL(`${base}/insights`);
    const charts = page.getByRole("img");
    await expect(charts.count()).resolves.toBe(4);
    const names = await page.locator("svg.chart > title").allTextContents();
    expect(names).toEqual(["Questions per day", "Declined rate per day", "Feedback per day", "Latency per day, p50 and p95"]);
    const unanswered = await page.locator("section[aria-labelledby=h-unanswered] li").allTextContents();
    // three wordings of one question, shown in its latest wording
    expect(unanswered[0]).toMatch(/^Who won the 1998 cup\s*asked 3×/);
    expect(unanswered[1]).toMatch(/^What is the inflation target\?\s*asked 1×/);
    await page.screenshot({ path: path.join(SHOTS, "insights.png"), fullPage: true });
    // "asked 3×" leads to the three answers, whatever their wording
    await page.locator("section[aria-labelledby=h-unanswered] li a").first().click();
    await expect(page.getByRole("status").textContent()).resolves.toMatch(/^3 answers match/);
    await expect(page.getByLabel("Same question as (any wording)").inputValue()).resolves.toBe("Who won the 1998 cup");

    const csv = await context.request.get(`${base}/export?format=csv&feedback=down`);
    expect(csv.headers()["content-disposition"]).toMatch(/attachment; filename="answers-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = (await csv.text()).replace("\uFEFF", "").trim().split("\r\n");
    expect(lines).toHaveLength(1 + (await log.count({ feedback: "down" })));
    const jsonl = await context.request.get(`${base}/export?format=jsonl&outcome=abstained`);
    const rows = (await jsonl.text()).trim().split("\n").map((l) => JSON.parse(l) as { outcome: string });
    expect(rows).toHaveLength(await log.count({ outcome: "abstained" }));
    expect(rows.every((r) => r.outcome === "abstained")).toBe(true);
    await context.close();
  });

  test("on a phone's width nothing scrolls sideways, and every field has a label", async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    const { page } = await signedInPage(context);
    for (const url of [`${base}/`, `${base}/answers/${ids.disliked}`, `${base}/insights`]) {
      await page.goto(url);
      const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
      expect(overflow, url).toBeLessThanOrEqual(0);
      const unlabelled = await page.evaluate<string[]>(
        `[...document.querySelectorAll("input:not([type=hidden]), select, textarea")].filter((e) => e.labels.length === 0).map((e) => e.outerHTML)`,
      );
      expect(unlabelled, url).toEqual([]);
    }
    // the first Tab reaches the skip link, which leads to the content
    await page.goto(`${base}/`);
    await page.keyboard.press("Tab");
    await expect(page.evaluate("document.activeElement?.textContent")).resolves.toBe("Skip to content");
    await context.close();
  });

  test("links expire after 10 minutes and sessions after 8 hours (fake clock)", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const stale = linkIn(await signInLink())!;
    clock.now += LINK_TTL_MS + 1;
    const page = await context.newPage();
    const refused = await page.goto(stale);
    expect(refused!.status()).toBe(403);
    await expect(page.locator("main").textContent()).resolves.toContain("expired");

    const { page: live } = await signedInPage(context);
    await expect(live.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Review queue");
    // A note typed while the session runs out is refused but not lost (found by the console red team).
    await live.goto(`${base}/answers/${ids.unsure}`);
    const note = "Long note written over lunch <b>not markup</b>";
    await live.getByLabel("Note (why it is flagged)").fill(note);
    clock.now += SESSION_TTL_MS + 1;
    const [refused2] = await Promise.all([live.waitForNavigation(), live.getByRole("button", { name: "Flag with note" }).click()]);
    expect(refused2!.status()).toBe(401);
    await expect(live.locator("main p").first().textContent()).resolves.toContain("your session has ended (after 8 hours, or when the bot restarts)");
    await expect(live.getByLabel("What you typed was not saved; copy it before leaving this page:").inputValue()).resolves.toBe(note);
    expect((await log.get(ids.unsure!))!.reviewNote).toBeNull();
    const expired = await live.goto(`${base}/`);
    expect(expired!.status()).toBe(401);
    await context.close();
  });
});

/** A week of answers: good, disliked, declined (one question asked three times), unsure, generated, failed. */
async function seed(log: AnswerLogStore, clock: { now: number }) {
  const start = clock.now;
  clock.now = start - 6 * DAY;
  const at = (dayOffset: number, hour: number) => (clock.now = start - dayOffset * DAY + (hour - 15) * 3_600_000);
  const budget = citation({ passageId: "budget-2024#3", title: "Budget 2024", section: "Spending", file: "budget-2024.md", start: 166, end: 166 + QUOTE.length, quote: QUOTE, score: 0.87 });
  const retrieved = [
    { passageId: "budget-2024#3", relevance: 0.91 },
    { passageId: "budget-2024#7", relevance: 0.44 },
    { passageId: "tax-2023#2", relevance: 0.21 },
  ];
  for (let d = 6; d >= 1; d--) {
    for (let i = 0; i < 2 + (d % 3); i++) {
      at(d, 9 + i);
      const id = (await log.record(record({ question: `How much does capital spending rise? (${d}/${i})`, latencyMs: 80 + d * 20 + i * 35, answer: answered({ retrieved, citations: [budget] }) })))!;
      if (i === 0) await log.feedback(id, "up", 1000 + d);
    }
  }
  for (const [d, q] of [[5, "Who won the 1998 cup?"], [3, "who won the 1998 Cup"], [1, "Who won the 1998 cup"], [2, "What is the inflation target?"]] as const) {
    at(d, 14);
    await log.record(record({ question: q, answer: abstained(q), latencyMs: 60 }));
  }
  at(1, 16);
  ids_.unsure = (await log.record(record({ question: "Is rail spending cut?", latencyMs: 240, answer: answered({ confidence: 0.31, question: "Is rail spending cut?", text: "Most capital spending goes to roads and rail [1].", retrieved, citations: [budget] }) })))!;
  at(0, 10);
  ids_.disliked = (await log.record(
    record({
      question: "By how much does capital spending rise, and is that nominal?",
      latencyMs: 1_850,
      answer: answered({
        mode: "llm",
        model: "gpt-4.1-mini",
        question: "By how much does capital spending rise, and is that nominal?",
        text: "Capital spending rises by 4% in nominal terms [1].",
        retrieved,
        citations: [budget],
        confidence: 0.74,
        verification: ["kept: sentence 1 is supported by [1]"],
      }),
    }),
  ))!;
  await log.feedback(ids_.disliked, "down", 2001);
  await log.feedback(ids_.disliked, "down", 2002);
  at(0, 11);
  await log.record(record({ question: "What did the minister say?", answer: null, error: "engine failure: the index exploded", latencyMs: 12 }));
  clock.now = start;
}
const ids_: Record<string, number> = {};
