import { Hono, type Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { secureHeaders } from "hono/secure-headers";
import { redact, secretsOf, type Config } from "../config.ts";
import { csvHeader, csvRow, jsonlRow } from "../logs/export.ts";
import { createPseudonymiser, readHashKey } from "../logs/pseudonym.ts";
import { ExportStopped, type AnswerLogStore, type LogFilter } from "../logs/store.ts";
import { answerPage, type PassageLookup } from "./answerPage.ts";
import { checkCsrf, type ConsoleAuth, type Redeemed, type Session } from "./auth.ts";
import { filterQuery, intParam, parseFilters } from "./filters.ts";
import { insightsPage, WINDOWS } from "./insightsPage.ts";
import { CSS, html, layout, messagePage, retryForm, SHORTCUTS_JS, type Html, type RetryForm } from "./layout.ts";
import { PAGE_SIZE, queuePage } from "./queuePage.ts";

export const SESSION_COOKIE = "console_session";

export interface ConsoleAppDeps {
  config: Config;
  log: AnswerLogStore;
  auth: ConsoleAuth;
  /** Passages of the index answering now, to show each quote inside its passage. */
  passages?: PassageLookup;
  indexVersion?: () => string;
  /** Milliseconds since the epoch (the insights window ends now). */
  now?: () => number;
}

type Env = { Variables: { session: Session; sessionId: string } };

const NOT_SIGNED_IN = "You are not signed in, or your session has ended (after 8 hours, or when the bot restarts). Send /console to the bot in a private chat for a new sign-in link.";
const LINK_REFUSED = {
  unknown: "This sign-in link is not valid. Send /console to the bot in a private chat for a new one.",
  used: "This sign-in link has already been used; each link works once. Send /console to the bot for a new one.",
  expired: "This sign-in link has expired (links work for 10 minutes). Send /console to the bot for a new one.",
} as const;
/** Sessions and links outlive a change of MODERATOR_IDS (in Redis, even a restart): each use checks it again. */
const NO_LONGER_MODERATOR = (id: number) =>
  `Your Telegram id ${id} is no longer in MODERATOR_IDS, so your console session has ended. Nothing was changed. If that is a mistake, ask the bot's operator to add it back.`;
const FORM_UNREADABLE = "This form was refused: its contents could not be read (it was not sent as a web form). Go back, reload the page and try again.";
const CSRF_REFUSED = "This form was refused: it did not carry this session's security token (it may come from another site or an old page). Go back, reload the page and try again.";

/**
 * The moderator console as a Hono app: every page server-rendered, every action a plain form, so it
 * works without JavaScript. Reads and writes the answer log through the store's public methods.
 */
export function createConsoleApp(deps: ConsoleAppDeps): Hono<Env> {
  const { config, log, auth } = deps;
  const now = deps.now ?? Date.now;
  const passages: PassageLookup = deps.passages ?? (() => undefined);
  const secure = config.console?.publicUrl.startsWith("https:") ?? false;
  const reviewerLabel = reviewerLabels(config);
  const isModerator = (id: number) => config.log.moderatorIds.includes(id);
  const secrets = secretsOf(config);
  /** An error's message, without secrets, to go inside a sentence. */
  const reasonOf = (error: unknown) => sentence(redact(error instanceof Error ? error.message : String(error), secrets));
  /** Links and sessions could not be read or written (Redis away, with several workers). */
  const authDown = (error: unknown) => `Sign-ins could not be checked: Redis (REDIS_URL) failed: ${reasonOf(error)}.`;
  const app = new Hono<Env>();

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: "no-referrer",
    }),
  );
  app.use(async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });

  const page = (c: Context<Env>, body: Html, status: 200 | 400 | 401 | 403 | 404 | 503 = 200) => c.html(body, status);
  const signedIn = (c: Context<Env>) => ({ moderatorId: c.get("session").moderatorId, csrfToken: c.get("session").csrfToken });

  app.get("/console.css", (c) => c.body(CSS, 200, { "Content-Type": "text/css; charset=utf-8" }));
  app.get("/console.js", (c) => c.body(SHORTCUTS_JS, 200, { "Content-Type": "text/javascript; charset=utf-8" }));

  app.get("/login", async (c) => {
    let result: Redeemed;
    try {
      result = await auth.redeem(c.req.query("token") ?? "");
    } catch (error) {
      return page(c, messagePage("Sign-in unavailable", `${authDown(error)} Open the link again in a moment.`), 503);
    }
    if (!result.ok) return page(c, messagePage("Sign-in refused", LINK_REFUSED[result.reason]), 403);
    if (!isModerator(result.session.moderatorId)) {
      await auth.signOut(result.sessionId).catch(() => undefined); // it expires anyway
      const id = result.session.moderatorId;
      return page(c, messagePage("Sign-in refused", `This sign-in link is for Telegram id ${id}, which is no longer in MODERATOR_IDS. If that is a mistake, ask the bot's operator to add it back.`), 403);
    }
    setCookie(c, SESSION_COOKIE, result.sessionId, {
      httpOnly: true,
      sameSite: "Strict",
      secure,
      path: "/",
      maxAge: Math.max(1, Math.floor((result.session.expiresAt - now()) / 1000)),
    });
    // A page that moves on by itself rather than a 302: the address bar drops the token, and the
    // next request starts from this site, so browsers send the SameSite=Strict cookie with it even
    // when the link was opened from a web client on another site.
    return c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=/"><title>Signed in</title></head><body><p>Signed in. <a href="/">Open the console</a>.</p></body></html>`,
    );
  });

  // Everything below needs a session.
  app.use(async (c, next) => {
    const sessionId = getCookie(c, SESSION_COOKIE);
    // A refused form hands back what was typed.
    const typedText = async () => (c.req.method === "POST" ? keptText(await c.req.parseBody().catch(() => ({}))) : undefined);
    let session: Session | undefined;
    try {
      session = await auth.session(sessionId);
    } catch (error) {
      return page(c, messagePage("Sign-in unavailable", `${authDown(error)} Nothing was changed; try again in a moment.`, undefined, await typedText()), 503);
    }
    if (!session || !sessionId) {
      if (sessionId) deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return page(c, messagePage("Sign in", NOT_SIGNED_IN, undefined, await typedText()), 401);
    }
    if (!isModerator(session.moderatorId)) {
      await auth.signOut(sessionId).catch(() => undefined); // refused either way; it expires anyway
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return page(c, messagePage("Signed out", NO_LONGER_MODERATOR(session.moderatorId), undefined, await typedText()), 403);
    }
    c.set("session", session);
    c.set("sessionId", sessionId);
    if (c.req.method === "POST") {
      let body: Record<string, unknown>;
      try {
        body = await c.req.parseBody();
      } catch {
        return page(c, messagePage("Form refused", FORM_UNREADABLE, signedIn(c)), 400);
      }
      if (!checkCsrf(session, body["_csrf"])) return page(c, messagePage("Form refused", CSRF_REFUSED, signedIn(c), keptText(body)), 403);
    }
    await next();
  });

  app.get("/", async (c) => {
    const { form, filter, problems } = parseFilters(new URL(c.req.url).searchParams);
    const total = await log.count(filter);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const pageNo = Math.min(intParam(c.req.query("page"), 1, 1), pages);
    const entries = await log.query({ ...filter, order: "worst", limit: PAGE_SIZE, offset: (pageNo - 1) * PAGE_SIZE });
    return page(c, layout({ title: "Queue", current: "queue", signedIn: signedIn(c) }, queuePage({ form, problems, entries, total, page: pageNo })));
  });

  app.get("/answers/:id", async (c) => {
    const id = intParam(c.req.param("id"), 0, 1);
    const entry = id > 0 ? await log.get(id) : undefined;
    if (!entry) return page(c, messagePage("Not found", `There is no answer #${c.req.param("id")} in the log.`, signedIn(c)), 404);
    const { form, filter } = parseFilters(new URL(c.req.url).searchParams);
    const pos = intParam(c.req.query("pos"), -1, 0);
    // Neighbours in the filtered queue. After a review the entry may have left the view (say, the
    // pending filter): then the one that took its place is next.
    let prevHref: string | undefined;
    let nextHref: string | undefined;
    if (pos >= 0) {
      const start = Math.max(0, pos - 1);
      const around = await log.query({ ...filter, order: "worst", offset: start, limit: 3 });
      const here = around.findIndex((e) => e.id === id);
      const at = (i: number, p: number) => (around[i] && around[i]!.id !== id ? `/answers/${around[i]!.id}?${filterQuery(form, { pos: p })}` : undefined);
      if (here >= 0) {
        prevHref = at(here - 1, start + here - 1);
        nextHref = at(here + 1, start + here + 1);
      } else {
        prevHref = pos > 0 ? at(0, start) : undefined;
        nextHref = at(pos - start, pos);
      }
    }
    const queuePage = pos >= 0 ? Math.floor(pos / PAGE_SIZE) + 1 : 1;
    return page(
      c,
      layout(
        { title: `Answer #${id}`, current: "queue", signedIn: signedIn(c), shortcuts: true },
        answerPage({
          entry,
          trail: await log.reviewTrail(id),
          passages,
          currentIndexVersion: deps.indexVersion?.(),
          prevHref,
          nextHref,
          queueHref: `/?${filterQuery(form, queuePage > 1 ? { page: queuePage } : {})}`,
          back: filterQuery(form, pos >= 0 ? { pos } : {}),
          csrfToken: c.get("session").csrfToken,
          done: c.req.query("done"),
          reviewerLabel,
        }),
      ),
    );
  });

  /** Where a form returns to: the answer page with the same filters and position. */
  const backTo = (id: number, back: unknown, done: string) => {
    const params = new URLSearchParams(typeof back === "string" ? back : "");
    const { form } = parseFilters(params);
    const pos = intParam(params.get("pos"), -1, 0);
    return `/answers/${id}?${filterQuery(form, { ...(pos >= 0 ? { pos } : {}), done })}`;
  };

  app.post("/answers/:id/review", async (c) => {
    const body = await c.req.parseBody();
    const id = intParam(c.req.param("id"), 0, 1);
    const decision = body["decision"];
    if (decision !== "approve" && decision !== "flag") {
      return page(c, messagePage("Form refused", `The decision must be approve or flag, not "${String(decision)}".`, signedIn(c)), 400);
    }
    const note = typeof body["note"] === "string" ? body["note"] : undefined;
    let entry;
    try {
      entry = await log.review(id, { decision, note, reviewerId: c.get("session").moderatorId });
    } catch (error) {
      const what = decision === "approve" ? "Approving" : "Flagging";
      const text = note === undefined ? undefined : { name: "note", label: "Note (why it is flagged)", value: note, maxLength: 2000 };
      return notSaved(c, `${what} answer #${id}`, error, { action: `/answers/${id}/review`, hidden: { back: body["back"], decision }, text });
    }
    if (!entry) return page(c, messagePage("Not found", `There is no answer #${c.req.param("id")} in the log.`, signedIn(c)), 404);
    return c.redirect(backTo(id, body["back"], decision === "approve" ? "approved" : "flagged"), 303);
  });

  app.post("/answers/:id/correct", async (c) => {
    const body = await c.req.parseBody();
    const id = intParam(c.req.param("id"), 0, 1);
    const answer = typeof body["answer"] === "string" ? body["answer"] : "";
    if (answer.trim() === "") {
      return page(c, messagePage("Form refused", "The corrected answer is empty; go back and write the answer the bot should have given.", signedIn(c)), 400);
    }
    let entry;
    try {
      entry = await log.correct(id, { answer, reviewerId: c.get("session").moderatorId });
    } catch (error) {
      const text = { name: "answer", label: "Corrected answer", value: answer, maxLength: 20000 };
      return notSaved(c, `The corrected answer to #${id}`, error, { action: `/answers/${id}/correct`, hidden: { back: body["back"] }, text });
    }
    if (!entry) return page(c, messagePage("Not found", `There is no answer #${c.req.param("id")} in the log.`, signedIn(c)), 404);
    return c.redirect(backTo(id, body["back"], "corrected"), 303);
  });

  /**
   * A review or correction the answer log refused (the database away, say): nothing changed, so the
   * page says so and hands the typed text back in a form that sends it again.
   */
  const notSaved = (c: Context<Env>, what: string, error: unknown, form: Omit<RetryForm, "csrfToken">) =>
    page(
      c,
      messagePage(
        "Not saved",
        `${what} was not saved: ${reasonOf(error)}. Nothing was changed.${form.text ? " Your text is kept below." : ""} Send it again once the answer log is back.`,
        signedIn(c),
        retryForm({ ...form, csrfToken: c.get("session").csrfToken }),
      ),
      503,
    );

  app.get("/insights", async (c) => {
    const asked = intParam(c.req.query("days"), 30);
    const days = (WINDOWS as readonly number[]).includes(asked) ? asked : 30;
    const stats = await log.stats({ days, topUnanswered: 10 });
    const daily = await log.daily({ since: new Date(stats.since), until: new Date(now() + 1) });
    return page(c, layout({ title: "Insights", current: "insights", signedIn: signedIn(c) }, insightsPage({ days, stats, daily })));
  });

  app.get("/export", async (c) => {
    const format = c.req.query("format");
    if (format !== "csv" && format !== "jsonl") return page(c, messagePage("Export", `Choose format=csv or format=jsonl, not "${format ?? ""}".`, signedIn(c)), 400);
    const { filter } = parseFilters(new URL(c.req.url).searchParams);
    const rows = await streamExport(log, filter, format);
    const stamp = new Date(now()).toISOString().slice(0, 10);
    return c.body(rows, 200, {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "Content-Disposition": `attachment; filename="answers-${stamp}.${format}"`,
    });
  });

  app.post("/logout", async (c) => {
    try {
      await auth.signOut(c.get("sessionId"));
    } catch (error) {
      return page(c, messagePage("Not signed out", `${authDown(error)} You are still signed in; try again in a moment.`, signedIn(c)), 503);
    }
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return page(c, messagePage("Signed out", "You are signed out. Send /console to the bot to sign in again."));
  });

  app.notFound((c) => page(c, messagePage("Not found", "There is no such page in the console."), 404));
  app.onError((error, c) => {
    return page(c, messagePage("The answer log could not be read", `${reasonOf(error)}. Try again; if it persists, see the bot's log.`), 503);
  });
  return app;
}

/**
 * The export as a stream, row by row as the reader takes them: a log of a few hundred thousand
 * entries joined into one string outgrew V8's longest string (or the bot's heap, and the bot serves
 * the console). Resolves once the first row is read, so a log that cannot be read at all still gets
 * the error page; a failure after that cuts the download off (the browser reports it failed) rather
 * than ending it as if it were complete.
 */
async function streamExport(log: AnswerLogStore, filter: LogFilter, format: "csv" | "jsonl"): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  // Up to 64 rows wait for the reader; the log is read no further until it takes some.
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>(undefined, new CountQueuingStrategy({ highWaterMark: 64 }));
  const writer = writable.getWriter();
  const send = (text: string) => void writer.write(encoder.encode(text)).catch(() => undefined);
  let firstRow!: () => void;
  const first = new Promise<void>((resolve) => (firstRow = resolve));
  const reading = (async () => {
    if (format === "csv") send("\uFEFF" + csvHeader());
    await log.each(filter, (e) => {
      firstRow();
      send(format === "csv" ? csvRow(e) : jsonlRow(e));
      return writer.ready.catch(() => {
        throw new ExportStopped("the download was cancelled");
      });
    });
  })();
  // Not awaited here: closing waits for the reader, who gets the stream only once this returns.
  reading.then(
    () => writer.close().catch(() => undefined),
    (error: unknown) => writer.abort(error).catch(() => undefined),
  );
  // Rejects when the log failed before its first row: then the error page, not a download.
  await Promise.race([first, reading]);
  return readable;
}

/** An error message to go inside a sentence: without its own closing full stop. */
const sentence = (message: string) => message.replace(/\.+$/, "");

/**
 * What a refused form held that the moderator typed (a flag note, a corrected answer): a session
 * that ended meanwhile (8 hours, or a restart of the bot) or an old tab's security token must not
 * take it with the refusal. Shown escaped and read-only, never saved.
 */
function keptText(body: Record<string, unknown>): Html | undefined {
  const typed = [body["note"], body["answer"]].find((v): v is string => typeof v === "string" && v.trim() !== "");
  return typed === undefined
    ? undefined
    : html`<label for="kept">What you typed was not saved; copy it before leaving this page:</label>
<textarea id="kept" readonly rows="6">${typed}</textarea>`;
}

/**
 * Names reviewers in the audit trail: the log stores them pseudonymised like any user, so the
 * pseudonyms of MODERATOR_IDS are worked out once to show "moderator 123" instead of a hash.
 */
function reviewerLabels(config: Config): (reviewer: string | null) => string {
  const known = new Map<string, number>();
  try {
    const mode = config.log.userIds;
    const pseudonymise = createPseudonymiser(mode, mode === "hash" ? (config.log.hashKey ?? readHashKey(config.dataDir)) : undefined);
    for (const id of config.log.moderatorIds) {
      const ref = pseudonymise(id);
      if (ref !== null) known.set(ref, id);
    }
  } catch {
    // Without the key, reviewers show as their stored pseudonyms; nothing else depends on it.
  }
  return (reviewer) => {
    if (reviewer === null) return "an unrecorded reviewer (command line, or LOG_USER_IDS=none)";
    const id = known.get(reviewer);
    return id !== undefined ? `moderator ${id}` : `reviewer ${reviewer.slice(0, 12)}`;
  };
}
