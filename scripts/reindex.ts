import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { runMain } from "../src/cli.ts";
import { buildIndex } from "../src/index/build.ts";
import { createEmbedder } from "../src/index/embeddings.ts";

const { values } = parseArgs({ options: { force: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
if (values.help) {
  console.log("usage: npm run reindex [-- --force]   (--force re-embeds every document)");
  process.exit(0);
}

runMain("reindex", async (config) => {
  const tty = Boolean(process.stderr.isTTY);
  const bar = tty
    ? new cliProgress.SingleBar({ format: "embedding [{bar}] {value}/{total} texts | {eta_formatted} left", stream: process.stderr }, cliProgress.Presets.shades_classic)
    : undefined;
  let lastPlain = -1;
  // Ctrl-C half-way: the manifest is only swapped at the end, so the previous index stays in use.
  process.once("SIGINT", () => {
    bar?.stop();
    console.error("\nreindex interrupted; the previous index is unchanged and still in use.");
    process.exit(130);
  });
  const summary = await buildIndex({
    corpusDir: config.corpusDir,
    dataDir: config.dataDir,
    embedder: createEmbedder(config),
    force: values.force,
    onProgress: ({ done, total }) => {
      if (total === 0) return;
      if (bar) {
        if (done === 0) bar.start(total, 0);
        else bar.update(done);
        if (done === total) bar.stop();
      } else {
        const pct = Math.floor((done / total) * 10) * 10;
        if (pct !== lastPlain) {
          lastPlain = pct;
          console.error(`embedding ${done}/${total} texts (${pct}%)`);
        }
      }
    },
  });
  for (const p of summary.problems) console.error(`warning: ${p.file}: ${p.problem}`);
  const verb = summary.rebuilt ? `built index ${summary.version}` : `index ${summary.version} is up to date`;
  console.log(
    `${verb}: ${summary.documents} document(s), ${summary.passages} passages; ` +
      `added ${summary.added.length}, changed ${summary.changed.length}, removed ${summary.removed.length}, unchanged ${summary.unchanged.length}; ` +
      `${summary.embeddedTexts} texts embedded in ${summary.seconds.toFixed(2)} s`,
  );
  return 0;
});
