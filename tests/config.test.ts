import { describe, expect, test } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CONFIG_KEYS, ConfigError, parseConfig, parseEnvFile, readEnvironment, redact, safeUrl, secretsOf } from "../src/config.ts";

describe("parseConfig", () => {
  test("defaults run offline with local embeddings and no chat model", () => {
    const config = parseConfig({});
    expect(config.embeddings).toEqual({ provider: "local" });
    expect(config.llm).toBeUndefined();
    expect(config.corpusDir.endsWith("/corpus")).toBe(true);
    expect(config.dataDir.endsWith("/data")).toBe(true);
    expect(config.retrieval).toEqual({ k: 8, ef: 128, fusion: "weighted", maxQuestionChars: 1000 });
  });

  test("a bad value fails with one sentence naming the variable and the fix", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ EMBEDDINGS: "bert" }, /^EMBEDDINGS="bert" is invalid: must be local or openai; fix it/],
      [{ HNSW_EF: "fast" }, /^HNSW_EF="fast" is invalid: must be a whole number from 10 to 5000/],
      [{ MODERATOR_IDS: "12,abc" }, /^MODERATOR_IDS=.*comma-separated numeric Telegram ids/],
      [{ OPENAI_BASE_URL: "not a url" }, /^OPENAI_BASE_URL=.*absolute URL/],
      [{ EMBEDDINGS: "openai" }, /^EMBEDDINGS=openai needs OPENAI_API_KEY/],
      [{ WEBHOOK_URL: "https://example.org/hook" }, /^WEBHOOK_URL is set but WEBHOOK_SECRET is empty/],
      [{ WEBHOOK_URL: "https://example.org/hook", WEBHOOK_SECRET: "has spaces" }, /^WEBHOOK_SECRET may only hold/],
      [{ DATABASE_URL: "mysql://db/x" }, /^DATABASE_URL="mysql:\/\/db\/x" is invalid: must be a URL such as postgres:\/\//],
      [{ REDIS_URL: "localhost:6379" }, /^REDIS_URL=.*must be a URL such as redis:\/\//],
      [{ DATABASE_URL: "postgres://db/x" }, /^DATABASE_URL is set but LOG_HASH_KEY is empty; .*set LOG_HASH_KEY to the same random string/],
    ];
    for (const [env, message] of cases) {
      let error: unknown;
      try {
        parseConfig(env);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message.split(/[.;] /).length).toBeLessThanOrEqual(3);
    }
  });

  test("a URL rejected for its shape is shown without the password or query it holds", () => {
    // An unescaped "/" or "#" in a password makes the URL unparseable; the message must still not print it.
    const cases: Record<string, string>[] = [
      { DATABASE_URL: "postgres://bot:se/cr#et-pw@db:5432/bot", LOG_USER_IDS: "none" },
      { WEBHOOK_URL: "https://u:se/cr#et-pw@hooks.example.org/bot" },
      { REDIS_URL: "redis://:se/cr#et-pw@cache:6379" },
      { OPENAI_BASE_URL: "http://user:se/cr#et-pw@127.0.0.1:1/v1" },
      { TELEGRAM_API_ROOT: "https://x:se/cr#et-pw@api.example.org" },
      { REDIS_URL: "cache:6379/?password=se-cr-et-pw" },
    ];
    for (const env of cases) {
      const message = (() => {
        try {
          parseConfig(env);
        } catch (e) {
          return (e as Error).message;
        }
        return "accepted";
      })();
      const key = Object.keys(env)[0]!;
      expect(message).toMatch(new RegExp(`^${key}=".*(\\[credentials hidden\\]|\\?…).*" is invalid: `));
      expect(message).not.toMatch(/se.?cr.?et-pw/);
      // What an operator actually sees: runMain redacts URLs once more before printing.
      expect(redact(message, [])).not.toMatch(/se.?cr.?et-pw/);
    }
  });

  test("a key or base URL turns on the chat model; secrets can be redacted", () => {
    const config = parseConfig({ OPENAI_API_KEY: "sk-test-secret-123", TELEGRAM_BOT_TOKEN: "123:ABCdef-long-enough-token", LLM_MODEL: "m" });
    expect(config.llm?.model).toBe("m");
    expect(parseConfig({ OPENAI_BASE_URL: "http://127.0.0.1:11434/v1/" }).openai.baseURL).toBe("http://127.0.0.1:11434/v1");
    const text = redact("token 123:ABCdef-long-enough-token and key sk-test-secret-123", secretsOf(config));
    expect(text).toBe("token [redacted] and key [redacted]");
  });

  test("passwords in DATABASE_URL and REDIS_URL are secrets, as written and percent-decoded", () => {
    const config = parseConfig({
      DATABASE_URL: "postgres://bot:pg%2Fsecret@db:5432/bot",
      LOG_HASH_KEY: "k".repeat(40),
      REDIS_URL: "redis://:redis-secret@cache:6379",
    });
    expect(config.databaseUrl).toBe("postgres://bot:pg%2Fsecret@db:5432/bot");
    expect(redact("a pg%2Fsecret b pg/secret c redis-secret", secretsOf(config))).toBe("a [redacted] b [redacted] c [redacted]");
    expect(safeUrl(config.databaseUrl!)).toBe("postgres://db:5432/bot");
  });

  // Found by the console red team: with the usual DATABASE_URL=postgres://postgres@…, every logged
  // question mentioning postgres was stored as "[redacted]", and the console's errors read "[redacted]://…".
  test("user names in DATABASE_URL and REDIS_URL are not secrets: ordinary words stay in logged text", () => {
    const config = parseConfig({
      DATABASE_URL: "postgres://postgres:pg-secret-pass@db:5432/postgres",
      LOG_HASH_KEY: "k".repeat(40),
      REDIS_URL: "redis://default:redis-secret-pass@cache:6379",
    });
    expect(redact("Is postgres the default? pg-secret-pass redis-secret-pass", secretsOf(config))).toBe("Is postgres the default? [redacted] [redacted]");
  });
});

test(".env.example lists every variable the program reads, and parses as it stands", () => {
  const text = fs.readFileSync(new URL("../.env.example", import.meta.url), "utf8");
  const entries = Object.fromEntries(
    text.split("\n").filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  expect(Object.keys(entries).sort()).toEqual([...CONFIG_KEYS].sort());
  expect(() => parseConfig(entries)).not.toThrow();
});

describe(".env", () => {
  test("a stray line is refused by its number, without printing it, instead of hiding the next setting", () => {
    const text = "# the bot\nCORPUS_DIR=./corpus\n123456:pasted-token-without-a-name\nDATABASE_URL=postgres://db/bot\n";
    expect(() => parseEnvFile(text)).toThrow(ConfigError);
    expect(() => parseEnvFile(text)).toThrow(/^\.env line 3 is not NAME=value and hides the setting after it .*put # before it/);
    expect(() => parseEnvFile(text)).not.toThrow(/pasted-token/);
    expect(parseEnvFile("A=1\n# note\nexport B=two words # comment\nC = 3\nD=\"quoted # kept\"\n")).toEqual({ A: "1", B: "two words", C: "3", D: "quoted # kept" });
  });

  test("values from the file fill in what the environment leaves unset, and a missing file is no error", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "env-file-"));
    try {
      const file = path.join(dir, ".env");
      fs.writeFileSync(file, "RETRIEVAL_K=5\nHNSW_EF=64\n");
      expect(readEnvironment(file, { HNSW_EF: "200" })).toEqual({ RETRIEVAL_K: "5", HNSW_EF: "200" });
      expect(readEnvironment(path.join(dir, "missing.env"), { A: "1" })).toEqual({ A: "1" });
      fs.writeFileSync(file, "note to self\nRETRIEVAL_K=5\n");
      expect(() => readEnvironment(file, {})).toThrow(/line 1 is not NAME=value/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
