import fs from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import { z } from "zod";

/**
 * The one place that knows the environment's shape. Every other module receives a `Config`;
 * only composition roots call `parseConfig(process.env)`.
 */

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const idList = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === "") return [] as number[];
    const ids = v.split(",").map((s) => s.trim()).filter(Boolean).map(Number);
    if (ids.some((n) => !Number.isSafeInteger(n))) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "must be comma-separated numeric Telegram ids, e.g. 12345,67890" });
      return z.NEVER;
    }
    return ids;
  });

const url = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === "") return undefined;
    try {
      return new URL(v.trim()).toString().replace(/\/$/, "");
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "must be an absolute URL such as http://127.0.0.1:8081" });
      return z.NEVER;
    }
  });

/** A connection URL of one of `protocols`; the value is kept as given (it may carry a password). */
const serviceUrl = (protocols: string[], example: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return undefined;
      let parsed: URL | undefined;
      try {
        parsed = new URL(v.trim());
      } catch {
        // reported below
      }
      if (!parsed || !protocols.includes(parsed.protocol)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a URL such as ${example}` });
        return z.NEVER;
      }
      return v.trim();
    });

const schema = z.object({
  CORPUS_DIR: z.string().default("./corpus"),
  DATA_DIR: z.string().default("./data"),
  MAX_DOCUMENT_MB: int(50, 1, 2_000),

  EMBEDDINGS: z.enum(["local", "openai"], { message: "must be local or openai" }).default("local"),
  EMBEDDINGS_MODEL: z.string().default("text-embedding-3-small"),
  EMBEDDING_WORKERS: int(0, 0, 256),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: url,
  LLM_MODEL: z.string().default("gpt-4.1-mini"),
  LLM_TIMEOUT_MS: int(20_000, 100, 600_000),
  LLM_MAX_RETRIES: int(2, 0, 10),
  LLM_MAX_PASSAGES: int(6, 1, 20),
  LLM_MAX_OUTPUT_TOKENS: int(500, 16, 8_000),

  RETRIEVAL_K: int(8, 1, 50),
  RETRIEVAL_FUSION: z.enum(["rrf", "weighted"], { message: "must be rrf or weighted" }).default("weighted"),
  HNSW_EF: int(128, 10, 5_000),
  MAX_QUESTION_CHARS: int(1_000, 20, 4_000),

  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: url,
  WEBHOOK_URL: url,
  WEBHOOK_SECRET: optionalString,
  PORT: int(8080, 1, 65_535),
  RATE_LIMIT_PER_MINUTE: int(12, 1, 10_000),
  MAX_WAITING_PER_CHAT: int(5, 1, 1_000),
  HISTORY_TURNS: int(4, 0, 20),
  HISTORY_TTL_MINUTES: int(30, 1, 24 * 60),

  LOG_USER_IDS: z.enum(["hash", "raw", "none"], { message: "must be hash, raw or none" }).default("hash"),
  LOG_HASH_KEY: optionalString,
  LOG_RETENTION_DAYS: int(0, 0, 36_500),
  LOG_TIMEOUT_MS: int(5_000, 100, 600_000),
  LOG_MIGRATION_TIMEOUT_MS: int(600_000, 100, 86_400_000),
  MODERATOR_IDS: idList,
  MODERATOR_CHAT_ID: optionalString,

  DATABASE_URL: serviceUrl(["postgres:", "postgresql:"], "postgres://user:password@host:5432/database"),
  REDIS_URL: serviceUrl(["redis:", "rediss:"], "redis://host:6379"),
  ADMIN_PORT: int(8081, 1, 65_535),
  ADMIN_HOST: z.string().default("127.0.0.1"),
  ADMIN_PUBLIC_URL: url,
});

type Raw = z.infer<typeof schema>;

/** Every variable the program reads; `.env.example` documents each one. */
export const CONFIG_KEYS = Object.keys(schema.shape) as (keyof Raw)[];

export interface Config {
  corpusDir: string;
  dataDir: string;
  /** Corpus files larger than this are reported and skipped by reindexing: bytes. */
  maxDocumentBytes: number;
  embeddings: { provider: "local" } | { provider: "openai"; model: string };
  /** Worker threads of the local model; 0 = one per core (os.availableParallelism()). */
  embeddingWorkers: number;
  openai: { apiKey?: string; baseURL?: string };
  /** Present when a chat model is configured (OPENAI_API_KEY or OPENAI_BASE_URL). */
  llm?: { model: string; timeoutMs: number; maxRetries: number; maxPassages: number; maxOutputTokens: number };
  retrieval: { k: number; ef: number; fusion: "rrf" | "weighted"; maxQuestionChars: number };
  telegram: {
    token?: string;
    apiRoot?: string;
    webhook?: { url: string; secret: string; port: number };
    rateLimitPerMinute: number;
    /** Updates of one chat admitted and not yet finished; more are dropped at once. */
    maxWaitingPerChat: number;
    historyTurns: number;
    historyTtlMs: number;
  };
  log: {
    userIds: "hash" | "raw" | "none";
    hashKey?: string;
    retentionDays: number;
    /** Longest wait for one PostgreSQL answer-log operation before it counts as failed and its connections are dropped. */
    timeoutMs: number;
    /** Longest wait for the PostgreSQL answer log's pending schema migrations at start-up (index builds on a large log). */
    migrationTimeoutMs: number;
    moderatorIds: number[];
    moderatorChatId?: string;
  };
  /** PostgreSQL for the answer log instead of DATA_DIR/answers.sqlite; shared by every worker. */
  databaseUrl?: string;
  /** Redis shared by every worker: de-duplication, rate limits, history, job queue. */
  redisUrl?: string;
  /** The moderator console; present only when MODERATOR_IDS is set (nobody could sign in otherwise). */
  console?: {
    port: number;
    host: string;
    /** Where moderators' browsers reach the console; sign-in links start with it. No trailing slash. */
    publicUrl: string;
  };
}

/** Shortest secret accepted; see parseConfig. */
export const MIN_SECRET_CHARS = 16;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Variables holding a URL, which may carry a user name, password or key. */
const URL_KEYS = new Set(["OPENAI_BASE_URL", "TELEGRAM_API_ROOT", "WEBHOOK_URL", "DATABASE_URL", "REDIS_URL", "ADMIN_PUBLIC_URL"]);

/**
 * A URL that failed to parse, safe to show: everything before its last "@" (after the scheme) and
 * its query are masked. A password with an unescaped "/" or "#" is exactly what makes a URL fail,
 * so `safeUrl` (which needs a parsable URL) cannot be used here.
 */
function maskRejectedUrl(value: string): string {
  let shown = value;
  const at = shown.lastIndexOf("@");
  if (at >= 0) {
    const scheme = /^[^@]*?:\/\//.exec(shown)?.[0] ?? "";
    // The space keeps `redact` from reading the mask as a URL's user name and dropping it.
    shown = `${scheme}[credentials hidden]${shown.slice(at)}`;
  }
  return shown.replace(/\?.*$/, "?…");
}

/** Pure: the same env always gives the same Config or the same one-sentence ConfigError. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0]);
    const raw = env[key] ?? "";
    const value = URL_KEYS.has(key) ? maskRejectedUrl(raw) : raw;
    const encode = URL_KEYS.has(key) && raw.includes("@") ? "; percent-encode / # ? @ and spaces in its user name and password (/ is %2F)" : "";
    throw new ConfigError(`${key}=${JSON.stringify(value)} is invalid: ${issue.message}${encode}; fix it in .env or the environment (see .env.example).`);
  }
  const r: Raw = parsed.data;
  if (r.EMBEDDINGS === "openai" && !r.OPENAI_API_KEY && !r.OPENAI_BASE_URL) {
    throw new ConfigError("EMBEDDINGS=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a compatible server); set it or use EMBEDDINGS=local.");
  }
  if (r.WEBHOOK_URL && !r.WEBHOOK_SECRET) {
    throw new ConfigError("WEBHOOK_URL is set but WEBHOOK_SECRET is empty; set WEBHOOK_SECRET to a random string of 1-256 characters A-Z a-z 0-9 _ -.");
  }
  if (r.WEBHOOK_SECRET && !/^[A-Za-z0-9_-]{1,256}$/.test(r.WEBHOOK_SECRET)) {
    throw new ConfigError("WEBHOOK_SECRET may only hold 1-256 characters A-Z a-z 0-9 _ -, as Telegram requires; choose another value.");
  }
  // Secrets are removed from everything printed or stored; a short one (say "title") would be
  // guessable and would also blank out ordinary words wherever they occur.
  for (const key of ["TELEGRAM_BOT_TOKEN", "OPENAI_API_KEY", "WEBHOOK_SECRET", "LOG_HASH_KEY"] as const) {
    const value = r[key];
    if (value !== undefined && value.length < MIN_SECRET_CHARS) {
      throw new ConfigError(
        `${key} is ${value.length} characters long; secrets must have at least ${MIN_SECRET_CHARS} (use a random string, e.g. from openssl rand -hex 16${key === "OPENAI_API_KEY" ? ", or leave it empty for a server that needs no key" : ""}).`,
      );
    }
  }
  if (r.DATABASE_URL && r.LOG_USER_IDS === "hash" && !r.LOG_HASH_KEY) {
    throw new ConfigError(
      "DATABASE_URL is set but LOG_HASH_KEY is empty; workers sharing a database need one pseudonym key, so set LOG_HASH_KEY to the same random string on every worker (or LOG_USER_IDS=none).",
    );
  }
  if (r.WEBHOOK_URL && r.MODERATOR_IDS.length > 0 && r.ADMIN_PORT === r.PORT) {
    throw new ConfigError(`ADMIN_PORT=${r.ADMIN_PORT} is also the webhook's PORT; give the moderator console another port.`);
  }
  if (r.OPENAI_API_KEY && r.OPENAI_BASE_URL && basicCredentials(new URL(r.OPENAI_BASE_URL))) {
    throw new ConfigError(
      "OPENAI_BASE_URL has a user name or password and OPENAI_API_KEY is set, but only one of them can go in the Authorization header; remove the credentials from OPENAI_BASE_URL or leave OPENAI_API_KEY empty.",
    );
  }
  const llmEnabled = Boolean(r.OPENAI_API_KEY || r.OPENAI_BASE_URL);
  return {
    corpusDir: path.resolve(r.CORPUS_DIR),
    dataDir: path.resolve(r.DATA_DIR),
    maxDocumentBytes: r.MAX_DOCUMENT_MB * 1024 * 1024,
    embeddings: r.EMBEDDINGS === "openai" ? { provider: "openai", model: r.EMBEDDINGS_MODEL } : { provider: "local" },
    embeddingWorkers: r.EMBEDDING_WORKERS,
    openai: { apiKey: r.OPENAI_API_KEY, baseURL: r.OPENAI_BASE_URL },
    llm: llmEnabled
      ? {
          model: r.LLM_MODEL,
          timeoutMs: r.LLM_TIMEOUT_MS,
          maxRetries: r.LLM_MAX_RETRIES,
          maxPassages: r.LLM_MAX_PASSAGES,
          maxOutputTokens: r.LLM_MAX_OUTPUT_TOKENS,
        }
      : undefined,
    retrieval: { k: r.RETRIEVAL_K, ef: r.HNSW_EF, fusion: r.RETRIEVAL_FUSION, maxQuestionChars: r.MAX_QUESTION_CHARS },
    telegram: {
      token: r.TELEGRAM_BOT_TOKEN,
      apiRoot: r.TELEGRAM_API_ROOT,
      webhook: r.WEBHOOK_URL ? { url: r.WEBHOOK_URL, secret: r.WEBHOOK_SECRET!, port: r.PORT } : undefined,
      rateLimitPerMinute: r.RATE_LIMIT_PER_MINUTE,
      maxWaitingPerChat: r.MAX_WAITING_PER_CHAT,
      historyTurns: r.HISTORY_TURNS,
      historyTtlMs: r.HISTORY_TTL_MINUTES * 60_000,
    },
    log: {
      userIds: r.LOG_USER_IDS,
      hashKey: r.LOG_HASH_KEY,
      retentionDays: r.LOG_RETENTION_DAYS,
      timeoutMs: r.LOG_TIMEOUT_MS,
      migrationTimeoutMs: r.LOG_MIGRATION_TIMEOUT_MS,
      moderatorIds: r.MODERATOR_IDS,
      moderatorChatId: r.MODERATOR_CHAT_ID,
    },
    databaseUrl: r.DATABASE_URL,
    redisUrl: r.REDIS_URL,
    console:
      r.MODERATOR_IDS.length > 0
        ? { port: r.ADMIN_PORT, host: r.ADMIN_HOST.trim() || "127.0.0.1", publicUrl: r.ADMIN_PUBLIC_URL ?? `http://127.0.0.1:${r.ADMIN_PORT}` }
        : undefined,
  };
}

/** Credentials and query values inside a configured URL (http://user:password@host/v1?api-key=…). */
function urlSecrets(value: string | undefined, { userIsSecret = true } = {}): string[] {
  if (!value) return [];
  try {
    const url = new URL(value);
    const user = userIsSecret ? [decodeURIComponent(url.username), url.username] : [];
    return [...user, decodeURIComponent(url.password), url.password, ...url.searchParams.values()];
  } catch {
    return [];
  }
}

/**
 * What the OpenAI client needs to reach OPENAI_BASE_URL. The client cannot take the URL whole: fetch
 * refuses a URL with a user name or password (every call failed as "Connection error."), and the
 * client appends "/chat/completions" after a query string (every call went to the wrong path). So
 * credentials become a Basic Authorization header and the query becomes the client's default query.
 */
export function openAIClientOptions(openai: Config["openai"]): { baseURL?: string; defaultQuery?: Record<string, string>; defaultHeaders?: Record<string, string> } {
  if (!openai.baseURL) return {};
  const url = new URL(openai.baseURL);
  const basic = basicCredentials(url);
  const query = Object.fromEntries(url.searchParams);
  const baseURL = `${url.protocol}//${url.host}${url.pathname}`.replace(/\/$/, "");
  return {
    baseURL,
    ...(Object.keys(query).length > 0 ? { defaultQuery: query } : {}),
    ...(basic ? { defaultHeaders: { Authorization: `Basic ${basic}` } } : {}),
  };
}

/** user:password of a URL, base64-encoded as HTTP Basic auth sends it; undefined without credentials. */
function basicCredentials(url: URL): string | undefined {
  if (!url.username && !url.password) return undefined;
  return Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString("base64");
}

/** Secrets that must never reach output, logs or the answer log. */
export function secretsOf(config: Config): string[] {
  const all = [
    config.telegram.token,
    config.openai.apiKey,
    config.telegram.webhook?.secret,
    config.log.hashKey,
    ...urlSecrets(config.openai.baseURL),
    // As sent in the Authorization header: a server echoing its request must not show it either.
    config.openai.baseURL ? basicCredentials(new URL(config.openai.baseURL)) : undefined,
    ...urlSecrets(config.telegram.apiRoot),
    ...urlSecrets(config.telegram.webhook?.url),
    // A database's user name is an ordinary word more often than not ("postgres", Redis's
    // "default"): as a secret it blanked that word out of every logged question and every message.
    ...urlSecrets(config.databaseUrl, { userIsSecret: false }),
    ...urlSecrets(config.redisUrl, { userIsSecret: false }),
  ];
  // Pieces of URLs are not length-checked at start-up; shorter ones would blank out ordinary words.
  return [...new Set(all.filter((s): s is string => typeof s === "string" && s.length >= 6))].sort((a, b) => b.length - a.length);
}

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>"'`]+/gi;

/**
 * A URL safe to show: without user name, password, query string and fragment (where API keys and
 * tokens travel). Text that does not parse as a URL is returned unchanged.
 */
export function safeUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  if (!url.username && !url.password && !url.search && !url.hash) return text;
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * Replace every secret in `text` with a marker, and strip credentials and query strings from every
 * URL in it; use on anything printed or stored.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text.replace(URL_IN_TEXT, safeUrl);
  for (const s of secrets) out = out.split(s).join("[redacted]");
  return out;
}

/**
 * `value` as JSON with every string in it redacted. Redacting the JSON text instead could cut into
 * its syntax (a secret equal to a key such as "title" would break every stored row).
 */
export function redactJson(value: unknown, secrets: readonly string[]): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "string" ? redact(v, secrets) : v));
}

/**
 * The process environment, after loading `.env` from the working directory if there is one
 * (variables already set in the environment win). Only composition roots call this.
 */
export function readEnvironment(file = ".env", env: Record<string, string | undefined> = process.env): Record<string, string | undefined> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return env;
    throw new ConfigError(`${file} could not be read (${(error as Error).message}); fix or remove it.`);
  }
  for (const [key, value] of Object.entries(parseEnvFile(text, file))) env[key] ??= value;
  return env;
}

/**
 * Pure: the variables a `.env` text sets, as `process.loadEnvFile` reads them. Node's parser takes
 * a line without "=" as the start of the next line's name, so one stray line would silently drop
 * the setting after it (DATABASE_URL, say, and the workers fall back to SQLite each on its own);
 * that is refused here, naming the line but not printing it (it may be a pasted secret).
 */
export function parseEnvFile(text: string, file = ".env"): Record<string, string> {
  const values = parseEnv(text);
  for (const key of Object.keys(values)) {
    if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) continue;
    const first = key.split("\n")[0]!.trim();
    const line = text.split(/\r?\n/).findIndex((l) => l.trim() === first) + 1;
    throw new ConfigError(
      `${file} line ${line || "?"} is not NAME=value and hides the setting after it from the program; put # before it to make it a comment, or remove it.`,
    );
  }
  return values as Record<string, string>;
}
