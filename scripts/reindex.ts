import cliProgress from "cli-progress";
import { parseCommandLine, runMain } from "../src/cli.ts";
import { buildIndex, type BuildProgress } from "../src/index/build.ts";
import { formatReport, problemLines } from "../src/index/report.ts";
import { createEmbedder } from "../src/index/embeddings.ts";

const USAGE = "usage: npm run reindex [-- --force]   (--force re-embeds every document)";
const { values } = await parseCommandLine({ options: { force: { type: "boolean" }, help: { type: "boolean", short: "h" } } }, USAGE);

runMain("reindex", async (config) => {
  const progress = createProgress(Boolean(process.stderr.isTTY));
  // Ctrl-C half-way: the manifest is only swapped at the end, so the previous index stays in use.
  process.once("SIGINT", () => {
    progress.stop();
    console.error("\nreindex interrupted; the previous index is unchanged and still in use.");
    process.exit(130);
  });
  const embedder = createEmbedder(config);
  try {
    const summary = await buildIndex({
      corpusDir: config.corpusDir,
      dataDir: config.dataDir,
      embedder,
      force: values.force,
      maxDocumentBytes: config.maxDocumentBytes,
      concurrency: embedder.parallelism,
      onProgress: progress.update,
    });
    progress.stop();
    for (const line of problemLines(summary)) console.error(line);
    console.log(formatReport(summary).join("\n"));
  } finally {
    await (embedder.embeddings as { close?: () => Promise<void> }).close?.();
  }
  return 0;
});

/** A bar on a terminal (files while reading, passages and passages/s while embedding); a line per 10% otherwise. */
function createProgress(tty: boolean) {
  let bar: cliProgress.SingleBar | undefined;
  let phase: BuildProgress["phase"] | undefined;
  let started = 0;
  let lastPlain = -1;
  const unit = (p: BuildProgress["phase"]) => (p === "reading" ? "files" : "passages");
  return {
    update({ phase: next, done, total }: BuildProgress) {
      if (total === 0) return;
      if (next !== phase) {
        bar?.stop();
        phase = next;
        started = performance.now();
        lastPlain = -1;
        if (tty) {
          bar = new cliProgress.SingleBar(
            { format: `${next.padEnd(9)} [{bar}] {value}/{total} ${unit(next)} | {rate} ${unit(next)}/s | {eta_formatted} left`, stream: process.stderr },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, 0, { rate: "0.0" });
        }
      }
      const rate = (done / Math.max(0.001, (performance.now() - started) / 1000)).toFixed(1);
      if (bar) bar.update(done, { rate });
      else {
        const pct = Math.floor((done / total) * 10) * 10;
        if (pct !== lastPlain) {
          lastPlain = pct;
          console.error(`${next} ${done}/${total} ${unit(next)} (${pct}%, ${rate} ${unit(next)}/s)`);
        }
      }
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
