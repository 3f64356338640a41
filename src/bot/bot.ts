import { sequentialize } from "@grammyjs/runner";
import { Bot, Composer, type Context, type MiddlewareFn } from "grammy";
import type { InlineKeyboardMarkup, UserFromGetMe } from "grammy/types";
import type { Engine } from "../answer/types.ts";
import { redact, secretsOf, type Config } from "../config.ts";
import type { AnswerLog, Channel } from "../logs/types.ts";
import { createAsker, createAskComposer } from "./ask.ts";
import { createErrorBoundary } from "./errors.ts";
import { examplesFromDocuments } from "./examples.ts";
import { createChatMigrationComposer } from "./chatMigration.ts";
import { createFeedbackComposer } from "./feedback.ts";
import { createHistory, type History } from "./history.ts";
import { createMediaComposer } from "./media.ts";
import { createAdmission } from "./admission.ts";
import { createFeedbackSigner, rebindFeedbackButtons } from "./feedbackSigning.ts";
import { createRateLimiter, type RateLimiter } from "./rateLimit.ts";
import type { BotServices } from "./services.ts";
import { createSourcesComposer } from "./sources.ts";
import { createStaleButtonComposer } from "./staleButtons.ts";
import { createStartComposer } from "./start.ts";
import { DEFAULT_RETRY, installFaultHandling, type RetryOptions } from "./transformers.ts";

export interface BotDeps {
  config: Config;
  engine: Engine;
  answerLog: AnswerLog;
  /** Milliseconds since the epoch; inject a fake one to test history expiry and rate limits. */
  clock?: () => number;
  /** Skips getMe at start (tests, local chat). */
  botInfo?: UserFromGetMe;
  /** Token to use when config has none (the local chat, which never reaches Telegram). */
  token?: string;
  /** Feature composers of other modules (moderation…), registered before the catch-all question handler. */
  extraComposers?: readonly Composer<Context>[];
  channel?: Channel;
  /** False turns the per-user rate limit off (the local chat has one user); an object replaces the in-memory one. */
  rateLimit?: boolean | RateLimiter;
  retry?: Partial<RetryOptions>;
  typingIntervalMs?: number;
  examples?: string[];
  /** Follow-up history shared by workers (Redis); default: in this process's memory. */
  history?: History;
  /**
   * Replaces the answer log's replay check: workers retry a job whose worker died, and the retry
   * must run even though the first attempt may have logged it; this guard sends at most once.
   */
  replayGuard?: MiddlewareFn<Context>;
  /**
   * Abort it when the process begins to stop: a send waiting out a long 429 (retry_after beyond
   * the retry limit) gives up then, and its answer is logged as not delivered.
   */
  stopping?: AbortSignal;
  /** Where diagnostic lines go; every line is redacted of secrets first. Defaults to stderr. */
  log?: (line: string) => void;
}

/** Conversations are ordered per chat: a follow-up is never answered before the question it follows. */
function chatKey(ctx: Context): string | undefined {
  return ctx.chat?.id.toString();
}

/**
 * The bot with every feature registered and Telegram's faults handled, not yet started: run it
 * with `startPolling`/`startWebhook`, or drive it with `bot.handleUpdate` (tests, local chat).
 */
export function createBot(deps: BotDeps): Bot<Context> {
  const { config } = deps;
  const token = config.telegram.token ?? deps.token;
  if (!token) throw new Error("createBot needs TELEGRAM_BOT_TOKEN (or deps.token for a local chat); get a token from @BotFather.");
  const secrets = secretsOf(config);
  const sink = deps.log ?? ((line: string) => console.error(line));
  const log = (line: string) => sink(redact(line, secrets));
  const now = deps.clock ?? Date.now;

  const bot = new Bot<Context>(token, {
    botInfo: deps.botInfo,
    client: { apiRoot: config.telegram.apiRoot },
  });
  const feedbackSigner = createFeedbackSigner(token);
  const history = deps.history ?? createHistory({ maxTurns: config.telegram.historyTurns, ttlMs: config.telegram.historyTtlMs, now });
  installFaultHandling(bot.api, { ...DEFAULT_RETRY, ...deps.retry }, log, {
    stopping: deps.stopping,
    onChatMoved: (from, to) => history.moveChat(from, to),
    rebind: (payload, from, to) =>
      payload.reply_markup && typeof payload.reply_markup === "object" && "inline_keyboard" in payload.reply_markup
        ? { ...payload, reply_markup: rebindFeedbackButtons(feedbackSigner, payload.reply_markup as InlineKeyboardMarkup, from, to) }
        : payload,
  });

  const services: BotServices = {
    engine: deps.engine,
    answerLog: deps.answerLog,
    history,
    feedbackSigner,
    channel: deps.channel ?? "telegram",
    maxQuestionChars: config.retrieval.maxQuestionChars,
    retentionDays: config.log.retentionDays,
    typingIntervalMs: deps.typingIntervalMs ?? 4_500,
    examples: () => deps.examples ?? examplesFromDocuments(deps.engine.documents()),
    log,
    now,
  };
  const ask = createAsker(services);

  bot.catch(createErrorBoundary(log));

  const limiter =
    deps.rateLimit === false ? undefined : typeof deps.rateLimit === "object" ? deps.rateLimit : createRateLimiter(config.telegram.rateLimitPerMinute, now);
  const admission = createAdmission({
    limiter,
    maxWaitingPerChat: config.telegram.maxWaitingPerChat,
    isExempt: (ctx) => ctx.from !== undefined && !ctx.msg?.sender_chat && config.log.moderatorIds.includes(ctx.from.id),
    // 👍/👎 cost one callback answer; they have their own limit on moderator notices.
    isFree: (ctx) => ctx.callbackQuery?.data?.startsWith("fb:") === true,
    log,
  });

  // Order matters from here on.
  // 1. Before sequentialize: an update refused for the rate limit or a full chat backlog finishes
  //    at once instead of holding a runner slot (or webhook connection) while its chat's queue drains.
  bot.use(admission.middleware);
  // 2. One chat at a time, so follow-ups see the turn before them and replies keep their order.
  bot.use(sequentialize(chatKey));
  // 3. After sequentialize: a replayed update waits for its original to be logged, then is dropped
  //    (workers: the replay guard lets it run and stops it before it sends anything twice).
  if (services.channel === "telegram") {
    bot.use(deps.replayGuard ?? (async (ctx, next) => ((await deps.answerLog.hasUpdate(ctx.update.update_id)) ? undefined : next())));
  }
  // 4. Commands and buttons, before anything that treats text as a question.
  bot.use(createChatMigrationComposer(services));
  bot.use(createStartComposer(services, ask));
  bot.use(createSourcesComposer(services));
  bot.use(createFeedbackComposer(services));
  for (const composer of deps.extraComposers ?? []) bot.use(composer);
  bot.use(createMediaComposer());
  // 5. Every remaining text message may be a question.
  bot.use(createAskComposer(ask));
  // 6. Must be last: every button press still unhandled.
  bot.use(createStaleButtonComposer());

  return bot;
}
