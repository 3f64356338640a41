import fs from "node:fs";
import path from "node:path";
import cliProgress from "cli-progress";
import { parseCommandLine, runMain } from "../src/cli.ts";
import { BuildStopped, buildIndex, type BuildProgress } from "../src/index/build.ts";
import { formatReport, problemLines } from "../src/index/report.ts";
import { createEmbedder } from "../src/index/embeddings.ts";
import { MANIFEST_FILE } from "../src/index/store.ts";

const USAGE = "usage: npm run reindex [-- --force]   (indexes CORPUS_DIR into DATA_DIR, set in the environment or .env; --force re-embeds every document)";
const { values } = await parseCommandLine({ options: { force: { type: "boolean" }, help: { type: "boolean", short: "h" } } }, USAGE);

/** Exit codes of a command stopped by a signal, as a shell reports them (128 + the signal's number). */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

runMain("reindex", async (config) => {
  const progress = createProgress(Boolean(process.stderr.isTTY));
  // Ctrl-C or SIGTERM half-way: the build stops at its next step and removes its half-written
  // folder; the manifest is only swapped at the end, so the previous index stays in use. A signal
  // a second or more after the first exits at once (a later reindex removes what is left); one
  // sooner is the same Ctrl-C, which reaches this process from the terminal and again from npm.
  const stop = new AbortController();
  let stoppedBy: keyof typeof SIGNAL_EXIT | undefined;
  let stoppedAt = 0;
  for (const name of ["SIGINT", "SIGTERM"] as const) {
    process.on(name, () => {
      if (stoppedBy) {
        if (performance.now() - stoppedAt >= 1_000) process.exit(SIGNAL_EXIT[name]);
        return;
      }
      stoppedBy = name;
      stoppedAt = performance.now();
      progress.stop();
      console.error(`\nreindex: ${name} received; stopping…`);
      stop.abort(new BuildStopped(`stopped by ${name}`));
    });
  }
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
      signal: stop.signal,
    });
    progress.stop();
    for (const line of problemLines(summary)) console.error(line);
    console.log(formatReport(summary).join("\n"));
    if (stoppedBy) {
      const when = summary.rebuilt ? "while the new index was being published" : "once the index was found up to date";
      console.error(`reindex: the ${stoppedBy} came ${when}; it is whole and in use.`);
      return SIGNAL_EXIT[stoppedBy];
    }
  } catch (error) {
    if (!(error instanceof BuildStopped) || !stoppedBy) throw error;
    const previous = fs.existsSync(path.join(config.dataDir, MANIFEST_FILE)) ? "the previous index is unchanged and still in use" : "there is no index yet";
    console.error(`reindex interrupted; nothing of the new build is left in ${config.dataDir}, and ${previous}.`);
    return SIGNAL_EXIT[stoppedBy];
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
        const tenth = Math.floor((done / total) * 10);
        if (tenth !== lastPlain) {
          lastPlain = tenth;
          // The line's own share, not the tenth it falls in: "1/7 files (14%", not "(10%".
          console.error(`${next} ${done}/${total} ${unit(next)} (${Math.floor((done / total) * 100)}%, ${rate} ${unit(next)}/s)`);
        }
      }
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
