import { createHmac } from "node:crypto";
import path from "node:path";
import type { Kysely } from "kysely";
import type { Backend } from "./database.ts";
import { HASH_KEY_FILE, loadHashKey, readHashKey, UnusableKeyFile } from "./pseudonym.ts";
import type { LogDatabase } from "./schema.ts";

/** The log_settings row holding the check value of the key the log's pseudonyms are made with. */
const KEY_CHECK = "hash_key_check";

/**
 * The answer log was written with another pseudonym key than the one at hand, or with one that is
 * missing here: using it would give every returning user a second pseudonym (and moderators'
 * actions would no longer be attributed), so the log is refused, not retried and not worked around.
 */
export class HashKeyRefused extends Error {
  override name = "HashKeyRefused";
}

/**
 * An HMAC of a fixed text under the key: tells whether a key is the log's without storing it,
 * and reveals nothing of it.
 */
export function keyCheckValue(key: string): string {
  return createHmac("sha256", key).update("briefing-bot answer-log key check").digest("hex");
}

export interface KeySource {
  dataDir: string;
  /** LOG_HASH_KEY, which wins over the key file. */
  configured: string | undefined;
  /** The log's location as printed (file, or DATABASE_URL without credentials). */
  where: string;
  backend: Backend;
}

/**
 * The key for `hash` mode, made sure to be the one the log's pseudonyms were made with: a log
 * copied to a new DATA_DIR without its answer-log.key, or opened with another LOG_HASH_KEY, is
 * refused with `HashKeyRefused` before anything is written, instead of silently getting a new key.
 * The first open in hash mode records the key's check value; a log from before that record, which
 * already holds pseudonyms, is refused only when no key is there at all.
 */
export async function settleHashKey(db: Kysely<LogDatabase>, source: KeySource): Promise<string> {
  const stored = await storedCheck(db);
  const found = source.configured ?? readKeyFile(source.dataDir);
  if (found === undefined && (stored !== undefined || (await holdsPseudonyms(db)))) throw new HashKeyRefused(missing(source));
  // Generated only now: a new key for a log that has none to lose.
  const key = found ?? loadHashKey(source.dataDir, undefined);
  const check = keyCheckValue(key);
  if (stored === undefined) {
    // Workers starting together on a fresh log: the first key recorded is the log's.
    await db.insertInto("log_settings").values({ name: KEY_CHECK, value: check }).onConflict((oc) => oc.column("name").doNothing()).execute();
    if ((await storedCheck(db)) !== check) throw new HashKeyRefused(mismatch(source));
  } else if (stored !== check) {
    throw new HashKeyRefused(mismatch(source));
  }
  return key;
}

/** The key file's key; a damaged one is refused like a missing one, since the log cannot be used with it. */
function readKeyFile(dataDir: string): string | undefined {
  try {
    return readHashKey(dataDir);
  } catch (error) {
    if (error instanceof UnusableKeyFile) throw new HashKeyRefused(error.message, { cause: error });
    throw error;
  }
}

async function storedCheck(db: Kysely<LogDatabase>): Promise<string | undefined> {
  const row = await db.selectFrom("log_settings").select("value").where("name", "=", KEY_CHECK).executeTakeFirst();
  return row?.value;
}

/** True when some entry holds a hash-mode pseudonym (a log written before the key check was recorded). */
async function holdsPseudonyms(db: Kysely<LogDatabase>): Promise<boolean> {
  const row = await db
    .selectFrom("answers")
    .select("id")
    .where("id_mode", "=", "hash")
    .where((eb) => eb.or([eb("user_ref", "is not", null), eb("chat_ref", "is not", null), eb("reviewer_ref", "is not", null)]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

function freshLog(source: KeySource): string {
  return source.backend === "postgres"
    ? "point DATABASE_URL at a new, empty database"
    : `move ${source.where} aside (for example to ${path.basename(source.where)}.old)`;
}

function missing(source: KeySource): string {
  const file = path.join(source.dataDir, HASH_KEY_FILE);
  return (
    `the answer log ${source.where} was written with a pseudonym key, but its key file ${file} is missing and LOG_HASH_KEY is not set ` +
    `(a log copied without its key, or a shell without the bot's settings?); copy ${HASH_KEY_FILE} from the DATA_DIR the log came from ` +
    `into ${source.dataDir}, or set LOG_HASH_KEY as the bot has it, or, to start a fresh log instead, ${freshLog(source)}; ` +
    `no key was generated and no entry was changed.`
  );
}

function mismatch(source: KeySource): string {
  const which = source.configured ? "LOG_HASH_KEY" : path.join(source.dataDir, HASH_KEY_FILE);
  const fix = source.configured
    ? "set LOG_HASH_KEY to the key the log was written with (the same on every worker)"
    : `copy the ${HASH_KEY_FILE} that came with the log into ${source.dataDir}`;
  return (
    `${which} is not the pseudonym key the answer log ${source.where} was written with, so every returning user would get a second pseudonym; ` +
    `${fix}, or, to start a fresh log instead, ${freshLog(source)}; no entry was changed. ` +
    `To change the key on purpose, follow "Rotating the answer log's pseudonym key" in README.md.`
  );
}
