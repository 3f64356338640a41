import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { EventLoopUtilization } from "node:perf_hooks";
import { setImmediate } from "node:timers/promises";
import { Embeddings } from "@langchain/core/embeddings";
import type { Config } from "../config.ts";
import { createEngine } from "../engine.ts";
import { buildIndex, type BuildProgress, type BuildSummary } from "../index/build.ts";
import { LOCAL_MODEL_ID, LocalSentenceEncoderEmbeddings, localEmbedder, type Embedder } from "../index/embeddings.ts";
import { publishManifest, readManifest } from "../index/store.ts";
import { aroundRun, cpuCeiling } from "./cpuSpeed.ts";

/** Writers of real PDF, Word and web-page files (pdf-lib, docx), the tests' own. */
export interface DocumentWriters {
  makePdf(pages: string[][], title?: string): Promise<Buffer>;
  makeDocx(blocks: ({ heading: string } | string)[]): Promise<Buffer>;
  makeHtml(title: string, heading: string, paragraphs: string[]): string;
}

export interface ReindexRun {
  workers: number;
  documents: number;
  passages: number;
  /** Texts embedded: passages and their sentences. */
  texts: number;
  /** Embedding alone (what passages/s counts), and the whole build with reading and writing: seconds. */
  embeddingSeconds: number;
  seconds: number;
  passagesPerSec: number;
  /**
   * CPU time of the whole process (every thread, encoder workers included) over the build's wall
   * time: how many cores the build kept busy on average.
   */
  coresBusy: number;
  /**
   * CPU time of everything else on the machine (other processes, and time the hypervisor took) over
   * the build's wall time, from /proc/stat: work competing for the same cores. Undefined off Linux.
   */
  othersBusy?: number;
  /** Where the embedding stage's time went (local model only). */
  stages?: {
    /** Time inside the model's forward passes per text, averaged over the workers: ms. */
    modelMsPerText: number;
    /** Share of the embedding stage each worker spent in the model (the rest it waited or passed messages). */
    workersInModel: number;
    /** Share of the embedding stage the main thread was busy (sending batches, taking vectors, progress). */
    mainThreadBusy: number;
  };
}

/** One round of the comparison: the same documents with one encoder worker and with one per core. */
export interface CompareRound {
  onePassagesPerSec: number;
  allPassagesPerSec: number;
  /** allPassagesPerSec / onePassagesPerSec. */
  ratio: number;
  /** Each CPU's time for the same short arithmetic loop around each run (ms; see cpuSpeed.ts). */
  cpuProbeMs?: { one: number[]; all: number[] };
  /** What the CPUs' speeds alone allowed this round's ratio to reach (cpuSpeed.ts `cpuCeiling`). */
  ceiling?: number;
}

export interface ReindexFigures {
  cores: number;
  /** The same documents reindexed with one encoder worker, then one per core: the round of the median ratio. */
  one: ReindexRun;
  all: ReindexRun;
  /**
   * Every round, in the order run. This machine's speed drifts by ±15 % over minutes, so one pair of
   * runs can land on two different speeds; rounds alternate which side goes first (1·all, all·1, …)
   * and the goal's figure is their median ratio.
   */
  rounds?: CompareRound[];
  /** Median over the rounds of all.passagesPerSec / one.passagesPerSec. */
  speedup: number;
  /**
   * One worker again, in a child process confined to one CPU (taskset -c 0), main thread and worker
   * sharing it: one core in the strict sense, where `one` has a second core free for the main
   * thread and the system. Undefined when taskset is not available.
   */
  confined?: ReindexRun;
  /** all.passagesPerSec / confined.passagesPerSec. */
  speedupOverConfined?: number;
  /** The generated archive reindexed with every core. */
  archive: ReindexRun & { megabytes: number; formats: BuildSummary["formats"]; skipped: number };
  reload: ReloadGap;
}

export interface ReloadGap {
  passages: number;
  sentences: number;
  /** Bytes of the index folder loaded: MB. */
  indexMegabytes: number;
  /** Answers completed while the new index loaded, and the longest wait between two of them: ms. */
  answers: number;
  maxGapMs: number;
  /** The same loop without a reload, for comparison: the machine's own noise. */
  baselineMaxGapMs: number;
  reloadMs: number;
  /** Other work on the machine (see ReindexRun.othersBusy) during the loop with the reload: cores. */
  othersBusy?: number;
}

/**
 * Writes `count` documents made of consecutive paragraphs of real text: mostly Markdown, with every
 * tenth document of each kind a PDF, a web page or a Word file. Returns the bytes written.
 */
export async function writeArchive(dir: string, paragraphs: readonly string[], count: number, writers: DocumentWriters, perDocument = 10): Promise<number> {
  fs.mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const paras = Array.from({ length: perDocument }, (_, j) => paragraphs[(i * perDocument + j) % paragraphs.length]!.replace(/\s+/g, " ").trim());
    const title = `Archive document ${i + 1}`;
    const name = path.join(dir, `doc-${String(i + 1).padStart(4, "0")}`);
    let file: string;
    let content: string | Buffer;
    switch (i % 10) {
      case 7:
        // The PDF writer's standard font encodes Latin-1 only.
        [file, content] = [`${name}.pdf`, await writers.makePdf([paras.map((p) => p.replace(/[^\x20-\x7e\xa0-\xff]/g, "?"))], title)];
        break;
      case 8:
        [file, content] = [`${name}.html`, writers.makeHtml(title, title, paras)];
        break;
      case 9:
        [file, content] = [`${name}.docx`, await writers.makeDocx([{ heading: title }, ...paras])];
        break;
      default:
        [file, content] = [`${name}.md`, `# ${title}\n\n${paras.join("\n\n")}\n`];
    }
    fs.writeFileSync(file, content);
    bytes += Buffer.byteLength(content);
  }
  return bytes;
}

function poolEmbedder(workers: number): Embedder & { embeddings: LocalSentenceEncoderEmbeddings } {
  const embeddings = new LocalSentenceEncoderEmbeddings({ workers });
  return { ...localEmbedder(embeddings), embeddings };
}

/** A full reindex of `corpusDir` into a fresh folder with `workers` encoder workers, models loaded first. */
export async function timedReindex(corpusDir: string, workers: number, maxDocumentBytes?: number): Promise<{ run: ReindexRun; summary: BuildSummary; dataDir: string }> {
  const embedder = poolEmbedder(workers);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-reindex-"));
  try {
    // Several batches per worker, so that every worker has loaded the model before timing starts.
    await embedder.embeddings.embedDocuments(Array.from({ length: 32 * workers }, (_, i) => `warm-up text ${i}`));
    const before = embedder.embeddings.workerStats();
    let embedding: { started?: EventLoopUtilization; ended?: EventLoopUtilization } = {};
    const onProgress = (p: BuildProgress) => {
      if (p.phase !== "embedding") return;
      if (p.done === 0) embedding = { started: performance.eventLoopUtilization() };
      if (p.done === p.total) embedding.ended = performance.eventLoopUtilization();
    };
    const cpu = process.cpuUsage();
    const machine = machineBusySeconds();
    const summary = await buildIndex({ corpusDir, dataDir, embedder, force: true, concurrency: workers, maxDocumentBytes, onProgress });
    const { user, system } = process.cpuUsage(cpu);
    const machineAfter = machineBusySeconds();
    const after = embedder.embeddings.workerStats();
    const modelMs = after.reduce((sum, w, i) => sum + w.computeMs - (before[i]?.computeMs ?? 0), 0);
    const modelTexts = after.reduce((sum, w, i) => sum + w.texts - (before[i]?.texts ?? 0), 0);
    const main = embedding.started && embedding.ended ? performance.eventLoopUtilization(embedding.ended, embedding.started).utilization : NaN;
    return {
      summary,
      dataDir,
      run: {
        workers,
        documents: summary.documents,
        passages: summary.passages,
        texts: summary.embeddedTexts,
        embeddingSeconds: round(summary.embeddingSeconds, 2),
        seconds: round(summary.seconds, 2),
        passagesPerSec: round(summary.embeddedPassages / summary.embeddingSeconds, 1),
        coresBusy: round((user + system) / 1e6 / summary.seconds, 2),
        othersBusy: machine !== undefined && machineAfter !== undefined ? round(Math.max(0, machineAfter - machine - (user + system) / 1e6) / summary.seconds, 2) : undefined,
        stages: {
          modelMsPerText: round(modelMs / Math.max(1, modelTexts), 1),
          workersInModel: round(modelMs / 1000 / (workers * summary.embeddingSeconds), 3),
          mainThreadBusy: round(main, 3),
        },
      },
    };
  } finally {
    await embedder.embeddings.close();
  }
}

/** CPU seconds the whole machine has spent busy since boot (every core, every process), or undefined off Linux. */
function machineBusySeconds(): number | undefined {
  try {
    // cpu  user nice system idle iowait irq softirq steal …, in USER_HZ (100 a second on Linux)
    const fields = fs.readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const [userT, nice, system, , , irq, softirq, steal] = fields as [number, number, number, number, number, number, number, number];
    return (userT + nice + system + irq + softirq + steal) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Stand-in vectors for an index too large to embed here (the local model embeds about 20 texts a
 * second): a unit vector drawn from a generator seeded by the text. What a reload costs does not
 * depend on the vectors' values; answers from such an index are not meaningful, only timed.
 */
class StandInEmbeddings extends Embeddings {
  constructor(private readonly dims: number) {
    super({});
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.vector(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.vector(text);
  }

  private vector(text: string): number[] {
    let s = 2166136261;
    for (let i = 0; i < text.length; i++) s = Math.imul(s ^ text.charCodeAt(i), 16777619) >>> 0;
    s ||= 1;
    return Array.from({ length: this.dims }, () => {
      s ^= s << 13;
      s >>>= 0;
      s ^= s >>> 17;
      s ^= s << 5;
      s >>>= 0;
      return s / 2 ** 32 - 0.5;
    });
  }
}

/**
 * Writes Markdown documents of `perDocument` consecutive paragraphs until they hold `passages`
 * paragraphs (the chunker makes one passage of each, two of a long one), and indexes them with
 * stand-in vectors under the local model's name, so that the engine with the real model loads it.
 */
export async function buildLargeIndex(dir: string, paragraphs: readonly string[], passages: number, perDocument = 10): Promise<{ corpusDir: string; dataDir: string; seconds: number }> {
  const corpusDir = path.join(dir, "corpus");
  const dataDir = path.join(dir, "data");
  fs.mkdirSync(corpusDir, { recursive: true });
  for (let i = 0; i * perDocument < passages; i++) {
    const paras = Array.from({ length: perDocument }, (_, j) => paragraphs[(i * perDocument + j) % paragraphs.length]!.replace(/\s+/g, " ").trim());
    fs.writeFileSync(path.join(corpusDir, `doc-${String(i + 1).padStart(5, "0")}.md`), `# Document ${i + 1}\n\n${paras.join("\n\n")}\n`);
  }
  const embedder: Embedder = { identity: { provider: "local", model: LOCAL_MODEL_ID }, embeddings: new StandInEmbeddings(512) };
  const started = performance.now();
  await buildIndex({ corpusDir, dataDir, embedder, force: true, batchSize: 4_096 });
  return { corpusDir, dataDir, seconds: (performance.now() - started) / 1000 };
}

/** Publishes a copy of the current build under a new version: what a reindex swaps in, at no embedding cost. */
function republish(dataDir: string): void {
  const manifest = readManifest(dataDir)!;
  const version = `${manifest.version}-copy${Date.now()}`;
  const folder = `index-${version}`;
  fs.cpSync(path.join(dataDir, manifest.folder), path.join(dataDir, folder), { recursive: true });
  const { files: _files, ...draft } = manifest;
  publishManifest(dataDir, { ...draft, version, folder });
}

const folderBytes = (dir: string) => fs.readdirSync(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);

/**
 * The longest wait between two answers while the engine loads a new version of the index in
 * `dataDir`. Questions whose vectors are cached are asked one after another, so each answer costs a
 * few milliseconds of the main thread and any longer gap is the reload holding it.
 */
export async function measureReloadGap(config: Config, corpusDir: string, dataDir: string, questions: readonly string[], workers: number): Promise<ReloadGap> {
  const embedder = poolEmbedder(workers);
  const engine = await createEngine({ ...config, corpusDir, dataDir }, { embedder });
  try {
    for (const q of questions) await engine.ask(q); // warm: every query vector is now cached
    const loop = async (until: () => boolean) => {
      const stamps = [performance.now()];
      let i = 0;
      while (!until()) {
        await engine.ask(questions[i++ % questions.length]!);
        stamps.push(performance.now());
        // A cached answer never leaves the microtask queue; yield as a bot does between updates,
        // or the reload (and the timer that ends the loop) would never get the thread.
        await setImmediate();
      }
      return { answers: stamps.length - 1, maxGap: Math.max(...stamps.slice(1).map((t, j) => t - stamps[j]!)) };
    };
    const baselineEnd = performance.now() + 1_500;
    const baseline = await loop(() => performance.now() > baselineEnd);

    republish(dataDir);
    const manifest = readManifest(dataDir)!;
    let reloaded = false;
    const [machine, cpu, started] = [machineBusySeconds(), process.cpuUsage(), performance.now()];
    const during = loop(() => reloaded);
    await new Promise((r) => setTimeout(r, 200));
    const t = performance.now();
    const { reloaded: didReload } = await engine.reload();
    const reloadMs = performance.now() - t;
    if (!didReload) throw new Error("the engine did not load the new index");
    await new Promise((r) => setTimeout(r, 200));
    reloaded = true;
    const measured = await during;
    const [machineAfter, own, seconds] = [machineBusySeconds(), process.cpuUsage(cpu), (performance.now() - started) / 1000];
    return {
      passages: manifest.passages,
      sentences: manifest.sentences,
      indexMegabytes: round(folderBytes(path.join(dataDir, manifest.folder)) / 2 ** 20, 0),
      answers: measured.answers,
      maxGapMs: round(measured.maxGap, 1),
      baselineMaxGapMs: round(baseline.maxGap, 1),
      reloadMs: round(reloadMs, 1),
      othersBusy: machine !== undefined && machineAfter !== undefined ? round(Math.max(0, machineAfter - machine - (own.user + own.system) / 1e6) / seconds, 2) : undefined,
    };
  } finally {
    engine.close();
  }
}

/**
 * The median of the rounds' ratios (the mean of the middle two for an even count), and the round
 * whose ratio is the (lower) middle one, whose runs stand for the comparison in the report.
 */
export function medianRatio(ratios: readonly number[]): { median: number; index: number } {
  const order = ratios.map((_, i) => i).sort((a, b) => ratios[a]! - ratios[b]!);
  const index = order[Math.floor((order.length - 1) / 2)]!;
  return { index, median: order.length % 2 === 1 ? ratios[index]! : (ratios[index]! + ratios[order[order.length / 2]!]!) / 2 };
}

/** One encoder worker against one per core on the same documents, then the archive, then a reload. */
export async function measureReindex(
  config: Config,
  paragraphs: readonly string[],
  questions: readonly string[],
  o: {
    compareDocuments: number;
    /** Rounds of one worker against one per core (1 when not given). */
    compareRounds?: number;
    archiveDocuments: number;
    reloadPassages: number;
    writers: DocumentWriters;
    log: (line: string) => void;
    /** timedReindex(corpusDir, 1) in a process confined to one CPU; undefined when it cannot be. */
    confinedReindex?: (corpusDir: string) => Promise<ReindexRun | undefined>;
    /** Each CPU's time for a fixed loop (cpuSpeed.ts `probeCpus`); undefined when it cannot be run. */
    probeCpus?: () => number[] | undefined;
  },
): Promise<ReindexFigures> {
  const cores = os.availableParallelism();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-archive-"));
  const cleanup: string[] = [root];
  try {
    const compareDir = path.join(root, "compare");
    await writeArchive(compareDir, paragraphs, o.compareDocuments, o.writers);
    const describe = (r: ReindexRun) =>
      `${r.passagesPerSec} passages/s, ${r.coresBusy} cores busy (other work ${r.othersBusy ?? "?"}), model ${r.stages?.modelMsPerText} ms a text, workers ${r.stages?.workersInModel} in the model, main thread ${r.stages?.mainThreadBusy} busy`;
    const rounds: { one: ReindexRun; all: ReindexRun; probes?: Record<"one" | "all", number[]> }[] = [];
    const total = Math.max(1, o.compareRounds ?? 1);
    let probed = o.probeCpus?.();
    for (let i = 0; i < total; i++) {
      const runs: Partial<Record<"one" | "all", ReindexRun>> = {};
      const probes: Partial<Record<"one" | "all", number[]>> = {};
      for (const side of i % 2 === 0 ? (["one", "all"] as const) : (["all", "one"] as const)) {
        const workers = side === "one" ? 1 : cores;
        o.log(`  round ${i + 1} of ${total}: ${o.compareDocuments} documents with ${workers} encoder worker${workers === 1 ? "" : "s"}…`);
        const timed = await timedReindex(compareDir, workers);
        fs.rmSync(timed.dataDir, { recursive: true, force: true });
        runs[side] = timed.run;
        const after = probed && o.probeCpus?.();
        if (probed && after) probes[side] = aroundRun(probed, after);
        probed = after;
        o.log(`    ${describe(timed.run)}${probes[side] ? `; CPU probe ${probes[side]!.map((ms) => ms.toFixed(0)).join("/")} ms` : ""}`);
      }
      rounds.push({ one: runs.one!, all: runs.all!, probes: probes.one && probes.all ? { one: probes.one, all: probes.all } : undefined });
    }
    const ratios = rounds.map((r) => r.all.passagesPerSec / r.one.passagesPerSec);
    const { median: speedup, index: median } = medianRatio(ratios);
    if (total > 1) o.log(`    ratios ${ratios.map((r) => r.toFixed(2)).join(", ")}: median ${speedup.toFixed(2)} ×`);
    const ceilings = rounds.flatMap((r) => (r.probes ? [cpuCeiling(r.probes.all, r.probes.one).toFixed(2)] : []));
    if (ceilings.length > 0) o.log(`    what the CPUs' speeds allowed each round: ${ceilings.join(", ")} ×`);
    const { one, all } = rounds[median]!;
    o.log("  the same documents with 1 encoder worker in a process confined to one CPU (taskset -c 0)…");
    const confined = await o.confinedReindex?.(compareDir);
    o.log(confined ? `    ${describe(confined)}` : "    not measured: taskset is not available");

    const archiveDir = path.join(root, "archive");
    const bytes = await writeArchive(archiveDir, paragraphs, o.archiveDocuments, o.writers);
    o.log(`  archive of ${o.archiveDocuments} documents (${(bytes / 2 ** 20).toFixed(1)} MB) with ${cores} workers…`);
    const archive = await timedReindex(archiveDir, cores);
    cleanup.push(archive.dataDir);
    o.log(`    ${archive.run.passages} passages in ${archive.run.seconds} s (${archive.run.passagesPerSec} passages/s embedding)`);

    o.log(`  an index of about ${o.reloadPassages.toLocaleString("en")} passages with stand-in vectors, for the reload gap…`);
    const large = await buildLargeIndex(path.join(root, "large"), paragraphs, o.reloadPassages);
    o.log(`    built in ${large.seconds.toFixed(0)} s; reply gap while the engine loads a new version of it…`);
    const reload = await measureReloadGap(config, large.corpusDir, large.dataDir, questions, cores);
    o.log(`    max gap ${reload.maxGapMs} ms during a reload of ${reload.passages} passages (${reload.baselineMaxGapMs} ms without one; other work ${reload.othersBusy ?? "?"} cores)`);
    return {
      cores,
      one,
      all,
      rounds: rounds.map((r, i) => ({
        onePassagesPerSec: r.one.passagesPerSec,
        allPassagesPerSec: r.all.passagesPerSec,
        ratio: round(ratios[i]!, 2),
        ...(r.probes && { cpuProbeMs: { one: r.probes.one.map((ms) => round(ms, 0)), all: r.probes.all.map((ms) => round(ms, 0)) }, ceiling: round(cpuCeiling(r.probes.all, r.probes.one), 2) }),
      })),
      speedup: round(speedup, 2),
      confined,
      speedupOverConfined: confined ? round(all.passagesPerSec / confined.passagesPerSec, 2) : undefined,
      archive: { ...archive.run, megabytes: round(bytes / 2 ** 20, 1), formats: archive.summary.formats, skipped: archive.summary.problems.length },
      reload,
    };
  } finally {
    for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number, digits = 3) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);
