import net from "node:net";
import { Bot } from "grammy";
import type { Update } from "grammy/types";
import { CONSOLE_OFF } from "../src/bot/moderation/console.ts";
import { describe, expect, test, afterEach } from "vitest";
import { ConfigError, parseConfig } from "../src/config.ts";
import { locateQuote } from "../src/console/answerPage.ts";
import { checkCsrf, createConsoleAuth, LINK_TTL_MS, SESSION_TTL_MS } from "../src/console/auth.ts";
import { dailyChart } from "../src/console/charts.ts";
import { filterQuery, parseFilters } from "../src/console/filters.ts";
import { startModeratorConsole } from "../src/console/index.ts";
import { openAnswerLog } from "../src/logs/store.ts";
import { tempDir } from "./helpers/logs-fixtures.ts";

let cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("sign-in links and sessions", () => {
  test("a link opens one session, once; a second use is named as such", () => {
    const clock = { now: 1_000_000 };
    const auth = createConsoleAuth({ now: () => clock.now });
    const token = auth.issueLink(501);
    expect(token).toMatch(/^[\w-]{43}$/);
    const first = auth.redeem(token);
    expect(first.ok).toBe(true);
    if (!first.ok) return expect.unreachable();
    expect(first.session).toMatchObject({ moderatorId: 501, expiresAt: clock.now + SESSION_TTL_MS });
    expect(auth.redeem(token)).toEqual({ ok: false, reason: "used" });
    expect(auth.redeem("not-a-token")).toEqual({ ok: false, reason: "unknown" });
    expect(auth.session(first.sessionId)?.moderatorId).toBe(501);
    expect(auth.session("forged")).toBeUndefined();
  });

  test("links expire after 10 minutes, sessions after 8 hours, and signing out ends a session", () => {
    const clock = { now: 0 };
    const auth = createConsoleAuth({ now: () => clock.now });
    const late = auth.issueLink(1);
    const onTime = auth.issueLink(1);
    clock.now = LINK_TTL_MS - 1;
    const opened = auth.redeem(onTime);
    clock.now = LINK_TTL_MS;
    expect(auth.redeem(late)).toEqual({ ok: false, reason: "expired" });
    if (!opened.ok) return expect.unreachable();
    clock.now = LINK_TTL_MS - 1 + SESSION_TTL_MS - 1;
    expect(auth.session(opened.sessionId)).toBeDefined();
    clock.now += 1;
    expect(auth.session(opened.sessionId)).toBeUndefined();

    const again = auth.redeem(auth.issueLink(1));
    if (!again.ok) return expect.unreachable();
    auth.signOut(again.sessionId);
    expect(auth.session(again.sessionId)).toBeUndefined();
  });

  test("the CSRF check accepts only the session's own token", () => {
    const auth = createConsoleAuth();
    const a = auth.redeem(auth.issueLink(1));
    const b = auth.redeem(auth.issueLink(1));
    if (!a.ok || !b.ok) return expect.unreachable();
    expect(checkCsrf(a.session, a.session.csrfToken)).toBe(true);
    expect(checkCsrf(a.session, b.session.csrfToken)).toBe(false);
    expect(checkCsrf(a.session, undefined)).toBe(false);
    expect(checkCsrf(a.session, a.session.csrfToken.slice(1))).toBe(false);
  });
});

describe("filters", () => {
  test("valid values become a log filter; bad ones are dropped with a sentence naming them", () => {
    const { filter, form, problems } = parseFilters(
      new URLSearchParams("since=2026-11-01&until=2026-11-02&feedback=down&review=flagged&outcome=abstained&mode=llm&channel=telegram&q=%20cup%20&page=3"),
    );
    expect(filter).toEqual({
      since: new Date("2026-11-01T00:00:00Z"),
      until: new Date("2026-11-03T00:00:00Z"), // "to" includes its whole day
      feedback: "down",
      review: "flagged",
      outcome: "abstained",
      mode: "llm",
      channel: "telegram",
      text: "cup",
    });
    expect(problems).toEqual([]);
    expect(filterQuery(form, { pos: 4 })).toBe("since=2026-11-01&until=2026-11-02&feedback=down&review=flagged&outcome=abstained&mode=llm&channel=telegram&q=cup&pos=4");

    const bad = parseFilters(new URLSearchParams("since=yesterday&feedback=meh&mode=llm"));
    expect(bad.filter).toEqual({ mode: "llm" });
    expect(bad.problems).toEqual([
      'From "yesterday" is not a date such as 2025-03-01; it was ignored.',
      'Feedback "meh" is not one of down, up, none; it was ignored.',
    ]);
    expect(filterQuery(bad.form)).toBe("mode=llm");
  });
});

describe("quotes inside passages", () => {
  const passage = { id: "p#1", docId: "p", title: "P", section: null, file: "p.md", start: 100, end: 150, text: "First sentence here. The quoted words. Last one." };
  test("by the logged offsets, else by searching, else not at all", () => {
    expect(locateQuote({ quote: "The quoted words.", file: "p.md", start: 121, end: 138 }, passage)).toEqual({
      before: "First sentence here. ",
      quote: "The quoted words.",
      after: " Last one.",
    });
    // offsets from an older build of the index: found by its text
    expect(locateQuote({ quote: "Last one.", file: "p.md", start: 0, end: 9 }, passage)?.before).toBe("First sentence here. The quoted words. ");
    expect(locateQuote({ quote: "Not in it.", file: "p.md", start: 121, end: 131 }, passage)).toBeUndefined();
    expect(locateQuote({ quote: "The quoted words.", file: "p.md", start: 121, end: 138 }, undefined)).toBeUndefined();
  });
});

describe("charts", () => {
  test("an SVG named for screen readers, one bar per non-zero value, gaps for days without data", () => {
    const svg = dailyChart({
      id: "c",
      title: "Questions & <answers>",
      summary: "3 questions.",
      days: ["2026-11-01", "2026-11-02", "2026-11-03"],
      kind: "bars",
      series: [{ name: "answered", color: "#000", values: [1, 0, 2] }],
    });
    expect(svg).toMatch(/^<svg class="chart" role="img" aria-labelledby="c-t c-d"/);
    expect(svg).toContain('<title id="c-t">Questions &amp; &lt;answers&gt;</title>');
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(2);
    const line = dailyChart({ id: "l", title: "t", summary: "s", days: ["a", "b", "c"], kind: "lines", series: [{ name: "p50", color: "#000", values: [5, null, 7] }] });
    expect(line).toMatch(/<path d="M[\d.]+,[\d.]+ M[\d.]+,[\d.]+"/); // two separate points, no line across the gap
  });
});

describe("configuration and start-up", () => {
  test("the console exists only with MODERATOR_IDS; links use ADMIN_PUBLIC_URL; it may not share the webhook's port", () => {
    expect(parseConfig({}).console).toBeUndefined();
    expect(parseConfig({ MODERATOR_IDS: "1" }).console).toEqual({ port: 8081, host: "127.0.0.1", publicUrl: "http://127.0.0.1:8081" });
    expect(parseConfig({ MODERATOR_IDS: "1", ADMIN_PORT: "9000", ADMIN_PUBLIC_URL: "https://mod.example.org/" }).console).toEqual({
      port: 9000,
      host: "127.0.0.1",
      publicUrl: "https://mod.example.org",
    });
    expect(() => parseConfig({ MODERATOR_IDS: "1", ADMIN_PORT: "80000" })).toThrow(/^ADMIN_PORT="80000" is invalid/);
    expect(() => parseConfig({ MODERATOR_IDS: "1", WEBHOOK_URL: "https://x.org/hook", WEBHOOK_SECRET: "webhook-secret-0123456789", PORT: "8081" })).toThrow(
      new ConfigError("ADMIN_PORT=8081 is also the webhook's PORT; give the moderator console another port."),
    );
  });

  test("a taken port is reported with the fix, and /console then says the console is not running", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as net.AddressInfo).port;
    const { dir, cleanup } = tempDir("console-port-");
    const config = parseConfig({ DATA_DIR: dir, MODERATOR_IDS: "501", ADMIN_PORT: String(port) });
    const log = await openAnswerLog(config, { onError: () => {} });
    cleanups.push(cleanup, () => log.close());
    const lines: string[] = [];
    const c = await startModeratorConsole({ config, log, report: (l) => lines.push(l) });
    cleanups.push(() => c.close());
    expect(c.server).toBeUndefined();

    const bot = new Bot("1:test", { botInfo: { id: 1, is_bot: true, first_name: "B", username: "b_bot" } as never });
    const replies: unknown[] = [];
    bot.api.config.use(async (_prev, method, payload) => {
      if (method === "sendMessage") replies.push((payload as { text: string }).text);
      return { ok: true, result: true } as never;
    });
    bot.use(c.command);
    const message = { message_id: 1, date: 0, chat: { id: 501, type: "private", first_name: "M" }, from: { id: 501, is_bot: false, first_name: "M" }, text: "/console", entities: [{ type: "bot_command", offset: 0, length: 8 }] };
    await bot.handleUpdate({ update_id: 1, message } as unknown as Update);
    expect(replies).toEqual([CONSOLE_OFF]);
    expect(lines).toEqual([`the moderator console could not listen on 127.0.0.1:${port}: port ${port} is in use; set ADMIN_PORT (and ADMIN_HOST) to a free port and address`]);
  });
});
