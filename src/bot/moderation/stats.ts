import { Composer, type Context } from "grammy";
import { redact, secretsOf, type Config } from "../../config.ts";
import type { AnswerLogStore, LogStats } from "../../logs/store.ts";
import { admitModerator } from "./access.ts";
import { escapeHtml } from "../html.ts";
import { clip } from "./format.ts";

export interface StatsDeps {
  config: Config;
  log: AnswerLogStore;
}

const DEFAULT_DAYS = 7;
const MAX_DAYS = 90;

/** /stats [days]: volume, abstention rate, feedback, latency and the questions the corpus lacks. */
export function createStatsComposer<C extends Context>({ config, log }: StatsDeps): Composer<C> {
  const composer = new Composer<C>();
  composer.command("stats", async (ctx) => {
    if (!(await admitModerator(config, ctx))) return;
    const asked = Number.parseInt(ctx.match.trim(), 10);
    const days = Number.isFinite(asked) && asked > 0 ? Math.min(asked, MAX_DAYS) : DEFAULT_DAYS;
    let stats: LogStats;
    try {
      stats = await log.stats({ days, topUnanswered: 5 });
    } catch (error) {
      const message = redact((error as Error).message ?? String(error), secretsOf(config));
      await ctx.reply(`The answer log could not be read: ${escapeHtml(message)}`, { parse_mode: "HTML" });
      return;
    }
    await ctx.reply(renderStats(stats), { parse_mode: "HTML" });
  });
  return composer;
}

const percent = (x: number | null) => (x === null ? "–" : `${Math.round(x * 100)}%`);
const ms = (x: number | null) => (x === null ? "–" : `${x} ms`);

/** At most ~90 day rows of ~20 units plus 5 clipped questions: always under 4096 units. */
export function renderStats(s: LogStats): string {
  const lines = [
    `<b>Answer log, last ${s.days} day${s.days === 1 ? "" : "s"}</b> (${s.since.slice(0, 10)} – ${s.until.slice(0, 10)} UTC)`,
    "",
    `Questions: ${s.questions}`,
    `Abstained: ${s.abstained} (${percent(s.abstentionRate)}) · errors: ${s.errors}`,
    `Feedback: 👍 ${s.feedbackUp} · 👎 ${s.feedbackDown} (${percent(s.feedbackRatio)} positive)`,
    `Latency: p50 ${ms(s.latencyP50Ms)} · p95 ${ms(s.latencyP95Ms)}`,
    `Review: ${s.pendingReview} pending · ${s.flagged} flagged`,
  ];
  if (s.failures > 0) lines.push(`⚠️ Log operations failed since start: ${s.failures}`);
  lines.push("", "<b>Per day</b>", `<pre>${s.perDay.map((d) => `${d.day} ${String(d.questions).padStart(5)}`).join("\n")}</pre>`);
  lines.push("<b>Most often unanswered</b>");
  if (s.topUnanswered.length === 0) lines.push("none");
  s.topUnanswered.forEach((q, i) => lines.push(`${i + 1}. (${q.count}×) ${clip(q.question, 200)}`));
  return lines.join("\n");
}
