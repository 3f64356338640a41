/**
 * npm run cluster -- --workers 2 [--port 8080]
 * Several webhook workers on one machine, as they would run on several: starts PostgreSQL and Redis
 * when DATABASE_URL / REDIS_URL are not set (scripts/services.sh), builds the index once, then
 * runs the workers (each `npm start` with its own PORT) behind a small load balancer on --port.
 * Needs TELEGRAM_BOT_TOKEN, WEBHOOK_URL (the public address of the balancer) and WEBHOOK_SECRET.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { startBalancer } from "../src/cluster/balancer.ts";
import { parseCommandLine, runMain, usageError } from "../src/cli.ts";
import { loadHashKey } from "../src/logs/pseudonym.ts";
import { openAnswerLog } from "../src/logs/store.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const USAGE = "usage: npm run cluster -- --workers N [--port P]";
const { values } = await parseCommandLine({ options: { workers: { type: "string", default: "2" }, port: { type: "string" }, help: { type: "boolean", short: "h" } } }, USAGE);
const count = Number(values.workers);
if (!Number.isInteger(count) || count < 1 || count > 32) await usageError("--workers must be a whole number from 1 to 32", USAGE);
// The workers listen on the ports just above the balancer's.
if (values.port !== undefined && !(/^\d+$/.test(values.port) && Number(values.port) >= 1 && Number(values.port) + count <= 65_535)) {
  await usageError(`--port must be a port number from 1 to ${65_535 - count} (the ${count} worker(s) take the ports above it), not "${values.port}"`, USAGE);
}

runMain("cluster", async (config, log) => {
  if (!config.telegram.token || !config.telegram.webhook) {
    log("npm run cluster runs webhook workers: set TELEGRAM_BOT_TOKEN, WEBHOOK_URL (the balancer's public https address) and WEBHOOK_SECRET.");
    return 1;
  }
  const port = values.port === undefined ? config.telegram.webhook.port : Number(values.port);

  const env: Record<string, string | undefined> = { ...process.env };
  if (!config.databaseUrl || !config.redisUrl) {
    log("starting local PostgreSQL and Redis (scripts/services.sh)…");
    const started = spawnSync(path.join(ROOT, "scripts/services.sh"), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    if (started.status !== 0) return 1;
    const urls = Object.fromEntries(started.stdout.trim().split("\n").map((line) => line.split(/=(.*)/s).slice(0, 2)));
    env.DATABASE_URL = config.databaseUrl ?? urls.TEST_DATABASE_URL;
    env.REDIS_URL = config.redisUrl ?? urls.TEST_REDIS_URL;
  }
  // One pseudonym key for all workers: generated once into DATA_DIR unless LOG_HASH_KEY is set.
  if (!config.log.hashKey && config.log.userIds === "hash") env.LOG_HASH_KEY = loadHashKey(config.dataDir, undefined);

  // Every worker refuses an answer log it cannot use (one written with another pseudonym key, say)
  // and would be restarted each second for good: open it once here instead, and stop with the reason.
  try {
    const answerLog = await openAnswerLog({ ...config, databaseUrl: env.DATABASE_URL, log: { ...config.log, hashKey: env.LOG_HASH_KEY } }, { onError: () => {} });
    await answerLog.close();
  } catch (error) {
    log((error as Error).message);
    return 1;
  }

  // Workers only read the index; building it here keeps them from building it at once.
  const reindex = spawnSync(TSX, [path.join(ROOT, "scripts/reindex.ts")], { env, stdio: "inherit" });
  if (reindex.status !== 0) return 1;

  const ports = Array.from({ length: count }, (_, i) => port + 1 + i);
  const children = new Map<number, ChildProcess>();
  let stopping = false;
  const startWorker = (workerPort: number) => {
    const child = spawn(TSX, [path.join(ROOT, "src/main.ts")], { env: { ...env, PORT: String(workerPort) }, stdio: ["ignore", "inherit", "inherit"] });
    children.set(workerPort, child);
    child.on("exit", (code, signal) => {
      if (stopping) return;
      log(`worker on port ${workerPort} exited (${signal ?? code}); restarting it in 1 s`);
      setTimeout(() => !stopping && startWorker(workerPort), 1_000);
    });
  };
  ports.forEach(startWorker);
  const balancer = await startBalancer({ port, targets: ports, host: "127.0.0.1", log });
  log(`balancer on 127.0.0.1:${balancer.port} → workers on ${ports.join(", ")}; Ctrl-C stops them all`);

  return new Promise<number>((resolve) => {
    const stop = async () => {
      stopping = true;
      await balancer.close();
      await Promise.all(
        [...children.values()].map((child) => new Promise<void>((done) => (child.exitCode !== null ? done() : (child.once("exit", () => done()), child.kill("SIGTERM"))))),
      );
      resolve(0);
    };
    process.once("SIGINT", () => void stop());
    process.once("SIGTERM", () => void stop());
  });
});
