import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startFakeTelegram, type FakeTelegram } from "../src/fakes/fakeTelegram.ts";

/**
 * `npm start` and `npm run chat` as processes, with the real engine on the repository's corpus and
 * a fresh DATA_DIR (the first start builds the index: these take a few seconds, not milliseconds).
 */

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

let dataDir: string;
beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-process-"));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function launch(script: string, env: Record<string, string>, stdin?: string, args: string[] = []) {
  const child = spawn(TSX, [path.join(ROOT, script), ...args], {
    // outside the repository, so a developer's .env there cannot change the outcome
    cwd: dataDir,
    // a clean environment: nothing from the developer's shell decides the outcome
    env: { PATH: process.env.PATH ?? "", HOME: os.tmpdir(), CORPUS_DIR: path.join(ROOT, "corpus"), DATA_DIR: dataDir, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  if (stdin !== undefined) child.stdin.end(stdin);
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on("exit", (code) => resolve({ code, at: Date.now() })));
  return { child, exited, out: () => ({ stdout, stderr }) };
}

describe("processes", () => {
  test("npm start without a token and without a terminal exits 1 with one sentence on how to get one", async () => {
    const p = launch("src/main.ts", {}, "");
    const { code } = await p.exited;
    expect(code).toBe(1);
    const { stdout, stderr } = p.out();
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/TELEGRAM_BOT_TOKEN.*@BotFather.*\/newbot/);
    // Piped questions are not lost without a word: it says where they can go.
    expect(stderr).toMatch(/terminal chat needs a terminal \(npm run chat reads questions piped to it\)/);
  }, 20_000);

  test("npm start -- --help prints the usage; an argument it does not take is a usage error (exit 2), not ignored", async () => {
    const help = launch("src/main.ts", {}, "", ["--help"]);
    expect((await help.exited).code).toBe(0);
    expect(help.out().stdout).toMatch(/^usage: npm start .*\.env/);
    // With a token the bot would have started, ignoring what the user asked for.
    for (const [args, reason] of [
      [["--pollng"], /^Unknown option '--pollng'/],
      [["webhook"], /^Unexpected argument 'webhook'/],
    ] as const) {
      const p = launch("src/main.ts", { TELEGRAM_BOT_TOKEN: "123456:not-a-real-token", TELEGRAM_API_ROOT: "http://127.0.0.1:1" }, "", [...args]);
      expect((await p.exited).code).toBe(2);
      const { stdout, stderr } = p.out();
      expect(stderr).toMatch(reason);
      expect(stderr).toMatch(/\nusage: npm start .*\.env\.example/);
      expect(stdout).toBe("");
    }
  }, 120_000); // three child processes, each loading the whole bot

  describe("with a local Bot API server", () => {
    let fake: FakeTelegram;
    beforeAll(async () => {
      fake = await startFakeTelegram();
    });
    afterAll(() => fake.close());

    test("npm start answers over TELEGRAM_API_ROOT, then SIGTERM exits 0 within 10 s with the offset confirmed and no token printed", async () => {
      const p = launch("src/main.ts", { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot });
      const polling = Date.now() + 30_000;
      while (!fake.calls.some((c) => c.method === "getUpdates") && Date.now() < polling) await new Promise((r) => setTimeout(r, 20));
      const { update, message } = fake.userText({ text: "Who did Lukashenko meet?" });
      await fake.waitFor(() => fake.repliesTo(message.message_id).some((m) => m.reply_markup), 15_000);

      const signalledAt = Date.now();
      p.child.kill("SIGTERM");
      const { code, at } = await p.exited;
      expect(code).toBe(0);
      expect(at - signalledAt).toBeLessThan(10_000);
      expect(fake.confirmedOffset()).toBeGreaterThan(update.update_id);
      const { stdout, stderr } = p.out();
      expect(stdout + stderr).not.toContain(fake.token);
      expect(stderr).toContain("connected to Telegram as @briefing_test_bot");
      expect(fs.existsSync(path.join(dataDir, "answers.sqlite"))).toBe(true);
    }, 40_000);
  });

  test("npm run chat answers piped lines with the same rendering and exits 0 at end of input", async () => {
    const p = launch("scripts/chat.ts", {}, "Who did Lukashenko meet?\n#1\n");
    const { code } = await p.exited;
    const { stdout, stderr } = p.out();
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("[#1 👍] [#2 👎]");
    expect(stdout).toMatch(/\(Thanks/);
    expect(stdout).not.toMatch(/<\/?(b|i|blockquote)[ >]/);
  }, 40_000);
});
