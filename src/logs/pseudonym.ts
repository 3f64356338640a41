import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export type IdMode = "hash" | "raw" | "none";

/** Turns a Telegram id into what the log stores for it: a keyed hash, the id itself, or nothing. */
export type Pseudonymise = (id: number | null) => string | null;

/** Name of the generated key file in DATA_DIR, used when LOG_HASH_KEY is not set. */
export const HASH_KEY_FILE = "answer-log.key";

/**
 * The HMAC key for `hash` mode: LOG_HASH_KEY if set, otherwise a random key generated once and
 * kept in DATA_DIR with mode 0600 so pseudonyms stay stable across restarts. Never printed.
 * Throws when the key file can neither be read nor created. The answer log generates it only
 * through `settleHashKey` (keyCheck.ts), which first makes sure the log was not written with a lost key.
 */
export function loadHashKey(dataDir: string, configured: string | undefined): string {
  if (configured) return configured;
  const file = path.join(dataDir, HASH_KEY_FILE);
  try {
    // "wx": fail if it exists, so two processes starting together cannot overwrite each other's key.
    fs.writeFileSync(file, randomBytes(32).toString("hex") + "\n", { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readHashKey(dataDir)!;
}

/** DATA_DIR/answer-log.key is there but holds no key (truncated, emptied, overwritten). */
export class UnusableKeyFile extends Error {
  override name = "UnusableKeyFile";
}

/** The key in DATA_DIR/answer-log.key, or undefined when there is no such file; never creates it. */
export function readHashKey(dataDir: string): string | undefined {
  const file = path.join(dataDir, HASH_KEY_FILE);
  let key: string;
  try {
    key = fs.readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  if (key.length < 32) {
    throw new UnusableKeyFile(`${file} holds no usable key (expected 64 hex characters); restore it from a backup of DATA_DIR, or, if there is none, delete it and move the answer log aside to start a fresh one`);
  }
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  return key;
}

/**
 * Who rated an entry, as stored: each rater must hold their own slot per entry (a second press
 * changes their vote; another person's press adds one). Hash and raw modes use the rater's
 * pseudonym. "none" keeps no stable id: an HMAC of entry and user under a key that lives only in
 * this process, so it links neither a user's ratings of different answers nor anything across
 * restarts (after a restart, a changed vote counts as a new one).
 */
export function createRaterRef(mode: IdMode, pseudonymise: Pseudonymise): (entryId: number, userId: number | null) => string {
  if (mode !== "none") return (_entryId, userId) => pseudonymise(userId) ?? "anonymous";
  const processKey = randomBytes(32);
  return (entryId, userId) =>
    userId === null ? "anonymous" : createHmac("sha256", processKey).update(`${entryId}:${userId}`).digest("hex");
}

/**
 * Hash mode uses HMAC-SHA256 over the decimal id, so a private chat (whose id equals the user's)
 * gets the same pseudonym as its user and neither is stored raw.
 */
export function createPseudonymiser(mode: IdMode, key: string | undefined): Pseudonymise {
  if (mode === "none") return () => null;
  if (mode === "raw") return (id) => (id === null ? null : String(id));
  if (!key) throw new Error("LOG_USER_IDS=hash needs a key; none was loaded");
  return (id) => (id === null ? null : createHmac("sha256", key).update(String(id)).digest("hex"));
}
