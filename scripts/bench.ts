/**
 * `npm run bench`: index scale (build throughput, peak memory, warm query latency and recall@10 at
 * 1k, 10k and 100k passages of real offline text, with stock LangChain HNSWLib measured alongside),
 * embedding throughput on its own, reindexing with one encoder worker against one per core, a
 * generated archive of PDF, web-page, Word and Markdown files (1,000 documents), the reply gap while
 * a new index loads, and bot throughput through a fake Bot API server. With --workers, only the
 * several-workers part: webhook workers on PostgreSQL and Redis behind the balancer, one killed.
 *
 *   npm run bench                        # full run, report in reports/bench
 *   npm run bench -- --quick             # small sizes, under two minutes
 *   npm run bench -- --no-reindex --sizes 1000   # answering: reports/bench/answering.md, not the full run's README.md
 *   npm run bench -- --json --no-bot --sizes 1000,10000 --out /tmp/bench
 *   npm run bench -- --workers 1,2       # several workers only: reports/bench/cluster.{json,md}
 *
 * Passage vectors are cached in DATA_DIR/bench-cache. Each size is built and queried in a child
 * process of its own, so its peak RSS is its own.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseCommandLine, runMain, type Log } from "../src/cli.ts";
import { measureCore } from "../src/eval/coreBench.ts";
import { probeCpus, tasksetWorks } from "../src/eval/cpuSpeed.ts";
import type { Config } from "../src/config.ts";
import { DOC_FILES, loadPool, VectorCache, type BenchPool, type TextSource } from "../src/eval/benchCorpus.ts";
import { measureEmbedding, measureScale, perturbed, type BenchResult, type ScaleRow } from "../src/eval/bench.ts";
import { measureReindex, timedReindex, type ReindexFigures, type ReindexRun } from "../src/eval/reindexBench.ts";
import { runBotLoad, type BotLoadResult } from "../src/eval/botBench.ts";
import { benchExplanations, benchGoals } from "../src/eval/goals.ts";
import { readQuestionSet } from "../src/eval/questionSet.ts";
import { benchReportFiles, goalLines, writeBenchReport } from "../src/eval/report.ts";
import { createEmbedder } from "../src/index/embeddings.ts";
import { makeFolder } from "../src/folders.ts";

/** Held-out query texts; the pool's embedding order starts with them. */
const POOL_QUERIES = 200;
const POOL_PASSAGES = 100_000;
/** Noise norm of the stand-in vectors used beyond the real ones (cosine to their source ≈ 0.89). */
const NOISE = 0.5;

const SOURCES: TextSource[] = [
  { dir: path.resolve("node_modules"), files: DOC_FILES },
  { dir: "/usr/lib/node_modules", files: DOC_FILES },
  { dir: "/usr/local/lib/node_modules", files: DOC_FILES },
  { dir: "/usr/share/doc", files: DOC_FILES },
];

const USAGE =
  "usage: npm run bench [-- --quick] [--json] [--out DIR | --no-report] [--sizes 1000,10000,100000] [--real-up-to N]\n" +
  "                     [--queries N] [--no-bot] [--users N] [--messages N] [--rate PER_SECOND]\n" +
  "                     [--no-reindex] [--docs N (archive, 1000)] [--compare-docs N (1 vs all cores, 60)]\n" +
  "                     [--compare-rounds N (rounds of 1 vs all cores, alternating which goes first; 5)]\n" +
  "                     [--reload-passages N (index reloaded while answering, 100000)]\n" +
  "       npm run bench -- --workers 1,2 [--chats N (50)] [--per-chat N (6)] [--redeliver-every N (10)] [--no-kill] [--out DIR | --no-report] [--json]";
const { values } = await parseCommandLine(
  {
    options: {
      quick: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      out: { type: "string", default: "reports/bench" },
      sizes: { type: "string" },
      "real-up-to": { type: "string" },
      queries: { type: "string" },
      users: { type: "string" },
      messages: { type: "string" },
      rate: { type: "string" },
      "no-bot": { type: "boolean", default: false },
      "no-reindex": { type: "boolean", default: false },
      docs: { type: "string" },
      "compare-docs": { type: "string" },
      "compare-rounds": { type: "string" },
      "reload-passages": { type: "string" },
      "no-report": { type: "boolean", default: false },
      "scale-child": { type: "string" },
      "reindex-child": { type: "string" },
      workers: { type: "string" },
      chats: { type: "string" },
      "per-chat": { type: "string" },
      "redeliver-every": { type: "string" },
      "no-kill": { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  },
  USAGE,
);

interface ChildJob {
  cacheDir: string;
  size: number;
  realVectors: number;
  queries: number;
  dims: number;
  ef: number;
  rounds: number;
}

async function main(config: Config, log: Log): Promise<number> {
  if (values["scale-child"]) return scaleChild(JSON.parse(values["scale-child"]) as ChildJob);
  if (values["reindex-child"]) return reindexChild(values["reindex-child"]);
  if (values.workers !== undefined) return benchCluster(values, log);

  const quick = values.quick;
  const sizes = (values.sizes ?? (quick ? "1000,2000" : "1000,10000,100000")).split(",").map(Number);
  const realUpTo = Number(values["real-up-to"] ?? (quick ? 500 : 10_000));
  const queryCount = Math.min(POOL_QUERIES, Number(values.queries ?? (quick ? 50 : POOL_QUERIES)));
  const users = Number(values.users ?? (quick ? 20 : 50));
  const messages = Number(values.messages ?? (quick ? 100 : 500));
  const rate = Number(values.rate ?? 60);
  const compareRounds = Number(values["compare-rounds"] ?? (quick ? 1 : 5));
  if (!Number.isInteger(compareRounds) || compareRounds < 1) throw new Error("--compare-rounds must be a whole number of at least 1");
  if (sizes.some((s) => !Number.isInteger(s) || s < 10 || s > POOL_PASSAGES)) throw new Error(`--sizes must be whole numbers from 10 to ${POOL_PASSAGES}, e.g. 1000,10000`);
  const cacheDir = path.join(config.dataDir, "bench-cache");
  log(`collecting the text pool (cached in ${cacheDir})…`);
  const pool = loadPool(cacheDir, SOURCES, POOL_QUERIES, POOL_PASSAGES);
  if (pool.passages.length < Math.max(...sizes)) throw new Error(`only ${pool.passages.length} distinct paragraphs of documentation were found offline; lower --sizes`);

  const embedder = createEmbedder(config);
  const dims = (await embedder.embeddings.embedQuery("dimensions")).length;
  log("measuring embedding throughput…");
  const devQuestions = readQuestionSet("eval/suites/briefing/dev.jsonl").map((q) => q.question);
  const embedding = await measureEmbedding(embedder.embeddings, pool.passages.slice(0, quick ? 64 : 256), devQuestions.slice(0, quick ? 16 : 48), `${embedder.identity.provider}:${embedder.identity.model}`);
  log(`  ${embedding.textsPerSec} texts/s; one question ${embedding.queryMs.p50} ms (p95 ${embedding.queryMs.p95} ms)`);

  let reindex: ReindexFigures | undefined;
  if (!values["no-reindex"]) {
    log("reindexing generated documents with the local model…");
    // The tests' writers of real PDF, Word and web-page files (pdf-lib and docx, dev dependencies).
    const writers = await import("../src/fakes/documents.ts");
    reindex = await measureReindex(config, pool.passages, pool.queries.slice(0, 50), {
      compareDocuments: Number(values["compare-docs"] ?? (quick ? 10 : 60)),
      compareRounds,
      archiveDocuments: Number(values.docs ?? (quick ? 40 : 1000)),
      reloadPassages: Number(values["reload-passages"] ?? (quick ? 2_000 : 100_000)),
      writers,
      log,
      confinedReindex,
      probeCpus,
    });
  }

  log("measuring answer latency and no-op reindex on the configured corpus…");
  const unseen = readQuestionSet("eval/suites/briefing/test.jsonl").map((q) => q.question);
  const core = await measureCore(config, quick ? devQuestions.slice(0, 20) : [...devQuestions, ...unseen]);
  log(`  answer p50 ${core.answerP50Ms} ms, p95 ${core.answerP95Ms} ms; no-op reindex ${core.reindexUnchangedMs} ms`);

  const cache = new VectorCache(cacheDir, pool, dims);
  const want = POOL_QUERIES + Math.min(Math.max(...sizes), realUpTo);
  if (cache.cached() < want) {
    log(`embedding ${want - cache.cached()} texts for the cache…`);
    await cache.fill(want, embedder.embeddings, (done, total) => log(`  ${done}/${total}`));
  }
  const realPassages = cache.cached() - POOL_QUERIES;

  const scale: ScaleRow[] = [];
  for (const size of sizes) {
    log(`size ${size}: building and querying in a child process…`);
    const row = await runChild({ cacheDir, size, realVectors: Math.min(size, realPassages), queries: queryCount, dims, ef: config.retrieval.ef, rounds: quick ? 2 : 3 });
    log(`  build ${row.buildPassagesPerSec}/s, p50 ${row.queryP50Ms} ms, p95 ${row.queryP95Ms} ms, LangChain p50 ${row.baselineQueryP50Ms} ms, recall@10 ${row.recallAt10}, RSS ${row.rssMB} MB`);
    scale.push(row);
  }

  let bot: BotLoadResult | undefined;
  if (!values["no-bot"]) {
    log(`bot: ${messages} messages from ${users} users at ${rate}/s, then as one burst…`);
    bot = await benchBot(config, { users, messages, rate }, log);
    log(`  ${bot.perSecond}/s, p50 ${bot.p50Ms} ms, p95 ${bot.p95Ms} ms, ${bot.lost} lost, ${bot.duplicated} duplicated`);
  }

  const result: BenchResult = { core, scale, bot, embedding, reindex, machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}` };
  const reportFiles = benchReportFiles({ noReindex: values["no-reindex"] });
  if (!values["no-report"]) {
    writeBenchReport(values.out, result, { date: new Date().toISOString(), command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(), notes: notes(pool, result, queryCount, config) }, benchExplanations(result), reportFiles);
  }
  if (values.json) {
    const issueShape = {
      scale: scale.map((s) => ({ passages: s.passages, buildPassagesPerSec: s.buildPassagesPerSec, queryP50Ms: s.queryP50Ms, queryP95Ms: s.queryP95Ms, baselineQueryP50Ms: s.baselineQueryP50Ms, recallAt10: s.recallAt10, rssMB: s.rssMB })),
      bot: bot ? { messages: bot.messages, perSecond: bot.perSecond, p50Ms: bot.p50Ms, p95Ms: bot.p95Ms, lost: bot.lost, duplicated: bot.duplicated } : null,
      reindex: reindex ?? null,
    };
    console.log(JSON.stringify(issueShape, null, 2));
  } else {
    console.log(goalLines(benchGoals(result)));
    if (!values["no-report"]) console.log(`report written to ${path.join(values.out, reportFiles.readme)}`);
  }
  return 0;
}

function notes(pool: BenchPool, r: BenchResult, queries: number, config: Config): string[] {
  const largest = r.scale[r.scale.length - 1];
  const lines = [
    `Text: ${pool.passages.length.toLocaleString("en")} distinct paragraphs (60-1,500 characters of prose) from documentation installed on this machine: README/Markdown files under node_modules, then Debian's /usr/share/doc (READMEs, changelogs, NEWS), shuffled with a fixed seed; size n is the first n.`,
    `Queries: the first sentence of ${queries} further paragraphs that are not indexed, embedded by the same model; one warm-up pass, then every query timed ${r.scale[0]?.rounds ?? 3} times, interleaved across the three searches (our HNSW, LangChain, our hybrid retrieval with BM25).`,
    `Our HNSW: hnswlib-node, M 16, efConstruction 200, search ef ${config.retrieval.ef} (HNSW_EF). Baseline: stock LangChain \`HNSWLib\` (its defaults: M 16, efConstruction 200, search ef 10) over the same vectors, queried with \`similaritySearchVectorWithScore\` so neither side pays for embedding the query.`,
    "recall@10: share of the exact top 10 (brute-force cosine over all vectors) that the index returns, averaged over the queries.",
    "Build: HNSW graph plus BM25 index (SQLite FTS5, built in memory here; `npm run reindex` writes the same tables to lexical.sqlite); embedding is excluded and measured on its own (below). Peak RSS: `process.resourceUsage().maxRSS` of the child process that built and queried that size alone.",
  ];
  if (largest && largest.realVectors < largest.passages) {
    const partial = r.scale.filter((s) => s.realVectors < s.passages).map((s) => `${s.passages.toLocaleString("en")} (${s.realVectors.toLocaleString("en")} real)`);
    lines.push(
      `**Not every vector is the model's.** The local model embeds about ${Math.round(r.embedding.textsPerSec)} of these paragraphs per second on this machine, so 100k would take over an hour. At ${partial.join(", ")} the vectors past the real ones are stand-ins: the real vector of row (i mod real count) plus seeded Gaussian noise of norm ${NOISE}, renormalized (cosine to the source ≈ 0.89). Texts, and so BM25, are real at every size. Such near-duplicate clusters are, if anything, harder for HNSW than real data.`,
    );
  }
  if (r.reindex) {
    const x = r.reindex;
    lines.push(
      `Reindex: documents written from consecutive paragraphs of the same pool (10 a document): of every ten, seven Markdown, one PDF (pdf-lib), one web page with navigation and footer, one Word file (docx). Each run is a full \`buildIndex --force\` into a fresh folder with the local model, every worker's model loaded before timing; passages/s counts passages embedded together with their sentences (${x.all.texts} texts for ${x.all.passages} passages in the comparison) over the embedding time. The one-worker and ${x.cores}-worker runs embed the same ${x.one.documents} documents, one after the other. This machine is shared (several agents building and testing at once), so both runs compete with other work: the ratio is noisy, and any load on the second core lowers it.`,
      ...(x.confined
        ? [`Confined run (a separate figure; the goal's ratio is the one over the one-worker run above): the same documents with one worker once more, in a child process started under \`taskset -c 0\`, so that its main thread, encoder worker and V8's helper threads share CPU 0 while CPU 1 is left to the rest of the machine; the one-worker run above has the second core free for its main thread and the system.`]
        : []),
      ...(x.rounds?.some((r) => r.ceiling !== undefined)
        ? [
            "CPU probe: before the first run and after every run of the comparison, the same short loop of arithmetic over 32 KB (held in a core's own cache, so it times the core, not memory) runs in a child process pinned with `taskset` to each CPU in turn; a run's figure per CPU is the mean of the probes before and after it. What the CPUs allowed: the sum of every CPU's speed around the all-workers run over the fastest CPU's speed around the one-worker run, the ratio a perfect split would reach on those cores (2 on two equal, steady cores). The model also contends for memory when both cores run it, so it gains less than that.",
          ]
        : []),
      `Reload gap: an index of ${x.reload.passages.toLocaleString("en")} passages and ${x.reload.sentences.toLocaleString("en")} sentences (${x.reload.indexMegabytes} MB on disk) is built from documents of 10 paragraphs of the same pool, with stand-in vectors (a seeded random unit vector per text: the local model would take hours to embed it, and what a load costs does not depend on the vectors' values). The engine, with the real local model for questions, answers questions whose vectors are cached, one after another; a copy of the build is published as a new version and \`engine.reload()\` loads it while the loop runs. The figure is the longest time between two answers completing; the same loop without a reload gives the machine's own noise.`,
      "Cores busy: CPU time of the whole process (all threads, encoder workers included) during a build over its wall time.",
    );
  }
  if (r.bot) {
    lines.push(
      `Bot: the real bot (grammY runner, per-chat ordering, answer log in SQLite) against a fake Telegram Bot API server on 127.0.0.1, answering from the real engine and index in DATA_DIR. ${r.bot.users} users ask the dev-set questions (${r.bot.distinctQuestions} distinct), offered evenly at ${r.bot.offeredPerSecond}/s; latency is from the update being queued to the final reply part being sent. Per-user rate limiting is raised to 10,000/min and MAX_WAITING_PER_CHAT above each user's message count, so the flood guards refuse nothing (the burst queues all of a user's messages at once). Questions asked for the first time in the run (query vector not cached) had reply p95 ${r.bot.firstAskP95Ms} ms; repeated ones ${r.bot.repeatP95Ms} ms. The burst runs after the paced run on the same bot, so its query vectors are all cached: it shows answering capacity without the model.`,
    );
  }
  return lines;
}

function runChild(job: ChildJob): Promise<ScaleRow> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, script, "--scale-child", JSON.stringify(job)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`the size ${job.size} child process exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split("\n").pop()!) as ScaleRow);
      } catch (cause) {
        reject(new Error(`the size ${job.size} child process printed no result`, { cause }));
      }
    });
  });
}

/**
 * One-worker reindex of `corpusDir` in a child process that `taskset -c 0` confines to CPU 0 (main
 * thread, encoder worker and V8's own threads alike); undefined when taskset is missing.
 */
function confinedReindex(corpusDir: string): Promise<ReindexRun | undefined> {
  if (!tasksetWorks()) return Promise.resolve(undefined);
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn("taskset", ["-c", "0", process.execPath, ...process.execArgv, script, "--reindex-child", corpusDir], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`the confined reindex child process exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split("\n").pop()!) as ReindexRun);
      } catch (cause) {
        reject(new Error("the confined reindex child process printed no result", { cause }));
      }
    });
  });
}

async function reindexChild(corpusDir: string): Promise<number> {
  const { run, dataDir } = await timedReindex(corpusDir, 1);
  fs.rmSync(dataDir, { recursive: true, force: true });
  console.log(JSON.stringify(run));
  return 0;
}

async function scaleChild(job: ChildJob): Promise<number> {
  const pool = loadPool(job.cacheDir, SOURCES, POOL_QUERIES, POOL_PASSAGES);
  const cache = new VectorCache(job.cacheDir, pool, job.dims);
  const queryVectors = cache.read(0, job.queries);
  const real = cache.read(POOL_QUERIES, POOL_QUERIES + job.realVectors);
  const vectors = Array.from({ length: job.size }, (_, i) => (i < real.length ? real[i]! : perturbed(real[i % real.length]!, i, NOISE)));
  const row = await measureScale({
    texts: pool.passages.slice(0, job.size),
    vectors,
    realVectors: real.length,
    queries: { texts: pool.queries.slice(0, job.queries), vectors: queryVectors },
    ef: job.ef,
    rounds: job.rounds,
  });
  console.log(JSON.stringify(row));
  return 0;
}

async function benchBot(config: Config, o: { users: number; messages: number; rate: number }, log: (line: string) => void): Promise<BotLoadResult> {
  // Test helpers on purpose: the fake Bot API server is the load script's too (scripts/load.ts).
  const { startFakeTelegram } = await import("../src/fakes/fakeTelegram.ts");
  const { createEngine } = await import("../src/engine.ts");
  const { createBot } = await import("../src/bot/bot.ts");
  const { launchBot } = await import("../src/bot/launch.ts");
  const { openAnswerLog } = await import("../src/logs/store.ts");

  const questions = readQuestionSet("eval/suites/briefing/dev.jsonl").map((q) => q.question);
  const fake = await startFakeTelegram();
  const botConfig: Config = {
    ...config,
    // Flood guards off: every simulated user may ask at any pace and queue all its questions at once
    // (the burst), so a message without an answer is a loss, not a refusal.
    telegram: { ...config.telegram, token: fake.token, apiRoot: fake.apiRoot, webhook: undefined, rateLimitPerMinute: 10_000, maxWaitingPerChat: Math.ceil(o.messages / o.users) + 2 },
  };
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-answer-log-"));
  const engine = await createEngine(config, { log });
  const answerLog = await openAnswerLog({ ...config, dataDir: logDir, databaseUrl: undefined }, { onError: (e) => log(e.message) });
  const lines: string[] = [];
  const bot = createBot({ config: botConfig, engine, answerLog, log: (l) => lines.push(l) });
  const running = await launchBot(bot, botConfig, { log: (l) => lines.push(l), polling: { pollTimeoutSeconds: 5 } });
  try {
    const paced = await runBotLoad(fake, { questions, users: o.users, messages: o.messages, offeredPerSecond: o.rate, timeoutMs: 120_000 });
    const burst = await runBotLoad(fake, { questions, users: o.users, messages: o.messages, offeredPerSecond: Infinity, timeoutMs: 120_000 });
    return { ...paced, burst };
  } finally {
    await running.stop(8_000);
    engine.close();
    await answerLog.close();
    await fake.close();
    fs.rmSync(logDir, { recursive: true, force: true });
  }
}

/** The several-workers part: its own report (cluster.json, cluster.md) beside the others. */
async function benchCluster(
  values: { workers?: string; chats?: string; "per-chat"?: string; "redeliver-every"?: string; "no-kill"?: boolean; out: string; "no-report"?: boolean; json?: boolean },
  log: Log,
): Promise<number> {
  const counts = values.workers!.split(",").map(Number);
  const chats = Number(values.chats ?? 50);
  const perChat = Number(values["per-chat"] ?? 6);
  const redeliverEvery = Number(values["redeliver-every"] ?? 10);
  if (counts.some((n) => !Number.isInteger(n) || n < 1 || n > 16)) throw new Error("--workers must list whole numbers from 1 to 16, e.g. --workers 1,2");
  for (const [flag, n] of [["--chats", chats], ["--per-chat", perChat]] as const) if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a whole number of at least 1`);
  if (!Number.isInteger(redeliverEvery) || redeliverEvery < 0) throw new Error("--redeliver-every must be a whole number (0: no redeliveries)");

  log("starting or finding PostgreSQL and Redis on 127.0.0.1 (scripts/services.sh)…");
  const root = path.resolve(import.meta.dirname, "..");
  const services = spawnSync(path.join(root, "scripts/services.sh"), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (services.status !== 0) throw new Error("scripts/services.sh could not start PostgreSQL and Redis; see its message above");
  const urls = Object.fromEntries(services.stdout.trim().split("\n").map((line) => line.split(/=(.*)/s).slice(0, 2))) as Record<string, string>;
  const { runClusterBench } = await import("../src/eval/clusterRun.ts");
  const { clusterMarkdown } = await import("../src/eval/clusterBench.ts");
  const questions = [...readQuestionSet("eval/suites/briefing/dev.jsonl"), ...readQuestionSet("eval/suites/briefing/test.jsonl")].map((q) => q.question);
  const result = await runClusterBench({
    root,
    databaseUrl: urls.TEST_DATABASE_URL!,
    redisUrl: urls.TEST_REDIS_URL!,
    // Tests use databases 0-9 of the same server; the bench empties this one before each run.
    redisDb: 12,
    workerCounts: counts,
    kill: !values["no-kill"],
    questions,
    chats,
    perChat,
    redeliverEvery,
    connections: 40,
    log,
  });
  const command = `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim();
  const notes = [
    `Workers: \`node --import tsx src/main.ts\` (what \`npm start\` runs) in webhook mode, each its own PORT, one shared DATA_DIR indexed once beforehand from corpus/, one PostgreSQL database for the answer log, one Redis (BullMQ job queue, send-once claims, per-chat order); the small Node balancer (src/cluster/balancer.ts) round-robins in front. Telegram is the fake Bot API server on 127.0.0.1 (src/fakes/fakeTelegram.ts), in the bench process.`,
    `Burst: ${chats} private chats × ${perChat} questions, all posted at once over ${40} connections (Telegram's default max_connections), each chat's first question before any chat's second. Texts are the briefing suite's ${questions.length} dev and test questions, rephrased when they run out, so every question is new to the workers (query vector not cached). Every ${redeliverEvery}th update is posted a second time once its first post is acknowledged; the balancer sends that copy to the next worker.`,
    "Each worker answers one warm-up question before the burst, so loading the query model is not counted. Rate limit raised to 10,000/min and MAX_WAITING_PER_CHAT above the per-chat count, so the flood guards refuse nothing.",
    "Reply latency: update posted → the answer (the message with the 👍/👎 buttons) received by the fake Telegram server, so it includes queueing behind the rest of the burst. Throughput: answers over first post → last answer. Lost: no reply at all; duplicated: more than one reply to the same update id.",
    "Killed run: once a quarter of the answers are out and the first worker holds a job (BullMQ lists it active with processedBy = that worker), the worker gets SIGKILL; its jobs wait for their 10 s lock to expire, then another worker takes them, so the run's throughput and tail latency include that wait.",
    `This machine has ${os.cpus().length} cores for everything: the workers, PostgreSQL, Redis, the fake Telegram server, the balancer and the poster (worker CPU and the machine's busy share are in the table; the rest of the machine's load is other work on the same host).`,
  ];
  if (!values["no-report"]) {
    makeFolder(values.out);
    fs.writeFileSync(path.join(values.out, "cluster.json"), JSON.stringify({ date: new Date().toISOString(), command, ...result }, null, 2) + "\n");
    fs.writeFileSync(path.join(values.out, "cluster.md"), clusterMarkdown(result, { date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC", command, notes }));
  }
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else {
    for (const r of result.runs) {
      console.log(
        `${r.workers} worker(s)${r.killed ? ", one killed" : ""}: ${r.answered}/${r.questions} answered, ${r.answersPerSecond} answers/s, reply p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms, ${r.lost} lost, ${r.duplicated} duplicated` +
          (r.kill ? `; the killed worker held ${r.kill.heldJobs.length} job(s): ${r.kill.heldJobs.map((j) => `update ${j.updateId} answered ${j.replies}×`).join(", ") || "none"}` : ""),
      );
    }
    if (result.scaling) console.log(`scaling ratio (${result.scaling.to} workers over ${result.scaling.from}): ${result.scaling.ratio}`);
    if (!values["no-report"]) console.log(`report written to ${values.out}/cluster.md`);
  }
  const bad = result.runs.filter((r) => r.lost > 0 || r.duplicated > 0);
  return bad.length === 0 ? 0 : 1;
}

runMain("bench", main);
