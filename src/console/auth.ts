import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Redis } from "ioredis";

/**
 * Sign-in for the moderator console: one-time links handed out by the bot's /console command, and
 * the sessions they open. Kept in memory (a restart signs everyone out), or with several workers in
 * Redis; nothing secret is written to disk. Only hashes of link tokens and session ids are kept, so a heap dump cannot replay them.
 */

/** A sign-in link works this long after /console; milliseconds. */
export const LINK_TTL_MS = 10 * 60_000;
/** A session ends this long after sign-in, however active; milliseconds. */
export const SESSION_TTL_MS = 8 * 3_600_000;

export interface Session {
  moderatorId: number;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** Goes in every form that changes something; compared with `checkCsrf`. */
  csrfToken: string;
}

export type Redeemed =
  | { ok: true; sessionId: string; session: Session }
  | { ok: false; reason: "unknown" | "used" | "expired" };

export interface ConsoleAuth {
  /** A fresh single-use token for `moderatorId`, valid LINK_TTL_MS. */
  issueLink(moderatorId: number): Promise<string>;
  /** Spends a link token and opens a session, or says why not. */
  redeem(token: string): Promise<Redeemed>;
  /** The live session for a cookie value, or undefined (unknown, expired or signed out). */
  session(sessionId: string | undefined): Promise<Session | undefined>;
  signOut(sessionId: string): Promise<void>;
  /**
   * True when every worker sees the same links and sessions (REDIS_URL): a worker whose console
   * could not start still hands out links, which the worker serving ADMIN_PUBLIC_URL accepts.
   */
  readonly shared: boolean;
}

export interface ConsoleAuthOptions {
  /** Milliseconds since the epoch; tests pass a fake clock to expire links and sessions. */
  now?: () => number;
  linkTtlMs?: number;
  sessionTtlMs?: number;
}

const token = () => randomBytes(32).toString("base64url");
const digest = (value: string) => createHash("sha256").update(value).digest("base64url");

export function createConsoleAuth(options: ConsoleAuthOptions = {}): ConsoleAuth {
  const now = options.now ?? Date.now;
  const linkTtl = options.linkTtlMs ?? LINK_TTL_MS;
  const sessionTtl = options.sessionTtlMs ?? SESSION_TTL_MS;
  /** By token digest. Used links stay until they would have expired, so a reuse is named as such. */
  const links = new Map<string, { moderatorId: number; expiresAt: number; used: boolean }>();
  /** By session id digest. */
  const sessions = new Map<string, Session>();

  const sweep = () => {
    const t = now();
    for (const [k, link] of links) if (link.expiresAt <= t) links.delete(k);
    for (const [k, s] of sessions) if (s.expiresAt <= t) sessions.delete(k);
  };

  return {
    shared: false,
    async issueLink(moderatorId) {
      sweep();
      const value = token();
      links.set(digest(value), { moderatorId, expiresAt: now() + linkTtl, used: false });
      return value;
    },
    async redeem(value) {
      const link = links.get(digest(value));
      if (!link) return { ok: false, reason: "unknown" };
      if (link.used) return { ok: false, reason: "used" };
      if (link.expiresAt <= now()) {
        links.delete(digest(value));
        return { ok: false, reason: "expired" };
      }
      link.used = true;
      sweep();
      const sessionId = token();
      const session = { moderatorId: link.moderatorId, expiresAt: now() + sessionTtl, csrfToken: token() };
      sessions.set(digest(sessionId), session);
      return { ok: true, sessionId, session };
    },
    async session(sessionId) {
      if (!sessionId) return undefined;
      const s = sessions.get(digest(sessionId));
      if (!s) return undefined;
      if (s.expiresAt <= now()) {
        sessions.delete(digest(sessionId));
        return undefined;
      }
      return s;
    },
    async signOut(sessionId) {
      sessions.delete(digest(sessionId));
    },
  };
}

const REDEEM = `
local v = redis.call('GET', KEYS[1])
if not v then return false end
if string.sub(v, 1, 1) == 'u' then return v end
redis.call('SET', KEYS[1], 'u' .. v, 'KEEPTTL')
return v`;

/**
 * Links and sessions in Redis, for several workers (REDIS_URL): the /console command may run on any
 * worker, and the browser reaches whichever worker serves ADMIN_PUBLIC_URL. Keys hold digests only,
 * like the in-memory version. A link is spent atomically (one Lua script), so two workers cannot
 * both redeem it. Rejects when Redis cannot be reached; the console says so.
 */
export function createRedisConsoleAuth(redis: Redis, options: ConsoleAuthOptions & { prefix: string }): ConsoleAuth {
  const now = options.now ?? Date.now;
  const linkTtl = options.linkTtlMs ?? LINK_TTL_MS;
  const sessionTtl = options.sessionTtlMs ?? SESSION_TTL_MS;
  const linkKey = (value: string) => `${options.prefix}console:link:${digest(value)}`;
  const sessionKey = (value: string) => `${options.prefix}console:session:${digest(value)}`;
  return {
    shared: true,
    async issueLink(moderatorId) {
      const value = token();
      // Kept past its expiry (by Redis's clock) so that a late click is told "expired", not "not valid".
      await redis.set(linkKey(value), `${moderatorId}:${now() + linkTtl}`, "PX", 2 * linkTtl);
      return value;
    },
    async redeem(value) {
      const stored = (await redis.eval(REDEEM, 1, linkKey(value))) as string | null;
      if (!stored) return { ok: false, reason: "unknown" };
      if (stored.startsWith("u")) return { ok: false, reason: "used" };
      const [moderatorId, expiresAt] = stored.split(":").map(Number) as [number, number];
      if (expiresAt <= now()) return { ok: false, reason: "expired" };
      const sessionId = token();
      const session = { moderatorId, expiresAt: now() + sessionTtl, csrfToken: token() };
      await redis.set(sessionKey(sessionId), JSON.stringify(session), "PX", sessionTtl);
      return { ok: true, sessionId, session };
    },
    async session(sessionId) {
      if (!sessionId) return undefined;
      const stored = await redis.get(sessionKey(sessionId));
      const s = stored ? (JSON.parse(stored) as Session) : undefined;
      return s && s.expiresAt > now() ? s : undefined;
    },
    async signOut(sessionId) {
      await redis.del(sessionKey(sessionId));
    },
  };
}

/** Constant-time comparison of a submitted CSRF token with the session's. */
export function checkCsrf(session: Session, submitted: unknown): boolean {
  if (typeof submitted !== "string") return false;
  const a = Buffer.from(submitted);
  const b = Buffer.from(session.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}
