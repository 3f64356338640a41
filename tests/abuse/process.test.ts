import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { startFakeTelegram } from "../../src/fakes/fakeTelegram.ts";
import { BRIEFING, tempProject } from "../helpers/corpus.ts";
import { startFakeOpenAI } from "../helpers/fakeOpenAI.ts";

/** Issue 10, "Process": a supervisor that signals only the top process (npm) must stop the bot too. */

const ROOT = path.resolve(import.meta.dirname, "../..");
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Every live descendant of `pid` (ps reads /proc; no process is matched by name). */
function descendants(pid: number): number[] {
  const rows = execFileSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of rows) if (parent === p) (out.push(child), walk(child));
  };
  walk(pid);
  return out;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test("SIGTERM sent to `npm start` alone reaches the bot, which finishes and exits: no orphan keeps polling", async () => {
  const telegram = await startFakeTelegram();
  cleanups.push(() => telegram.close());
  const openai = await startFakeOpenAI();
  cleanups.push(() => openai.close());
  const project = tempProject({ "briefing.md": BRIEFING });
  cleanups.push(project.cleanup);

  const npm = spawn("npm", ["start", "--silent"], {
    cwd: ROOT,
    env: {
      ...process.env,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      EMBEDDINGS: "openai",
      OPENAI_BASE_URL: openai.baseURL,
      CORPUS_DIR: project.corpusDir,
      DATA_DIR: project.dataDir,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  npm.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  let bot: number[] = [];
  cleanups.push(() => bot.filter(alive).forEach((pid) => process.kill(pid, "SIGKILL")));

  const deadline = Date.now() + 60_000;
  while (!stderr.includes("long polling for updates") && Date.now() < deadline && npm.exitCode === null) await new Promise((r) => setTimeout(r, 100));
  expect(stderr).toContain("long polling for updates");
  bot = descendants(npm.pid!);
  expect(bot.length).toBeGreaterThan(0);

  process.kill(npm.pid!, "SIGTERM");
  const stopBy = Date.now() + 12_000;
  while (bot.some(alive) && Date.now() < stopBy) await new Promise((r) => setTimeout(r, 100));
  expect(bot.filter(alive)).toEqual([]);
  expect(stderr).toMatch(/SIGTERM: finishing answers in flight, then exiting/);
}, 90_000);
