import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { CHUNKER_VERSION } from "../../src/corpus/chunk.ts";
import { buildIndex } from "../../src/index/build.ts";
import { problemLines } from "../../src/index/report.ts";
import { loadIndex, readManifest } from "../../src/index/store.ts";
import { openAnswerLog, type AnswerLogError } from "../../src/logs/store.ts";
import { BRIEFING, tempProject } from "../helpers/corpus.ts";
import { fakeEmbedder } from "../helpers/fakeEmbeddings.ts";
import { record, tempDir, testConfig } from "../helpers/logs-fixtures.ts";

/** Issue 10, "Damaged files": the answer log says when it is damaged; data files are private. */

const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe("answer log file", () => {
  test("a damaged answers.sqlite is reported as damaged, with what to do, not as a permissions problem", async () => {
    const { dir, cleanup } = tempDir("abuse-files-");
    cleanups.push(cleanup);
    fs.writeFileSync(path.join(dir, "answers.sqlite"), Buffer.alloc(8192, 0x5a));
    const errors: AnswerLogError[] = [];
    const log = await openAnswerLog(testConfig(dir), { onError: (e) => errors.push(e) });
    cleanups.push(() => log.close());
    expect(await log.record(record())).toBeNull();
    expect(errors[0]!.message).toMatch(/answers\.sqlite is damaged/);
    expect(errors[0]!.message).toMatch(/move the file aside/);
    expect(errors[0]!.message).not.toMatch(/writable/);
  });

  test("an existing log readable by others is made 0600", async () => {
    const { dir, cleanup } = tempDir("abuse-files-");
    cleanups.push(cleanup);
    const first = await openAnswerLog(testConfig(dir));
    await first.record(record());
    await first.close();
    const file = path.join(dir, "answers.sqlite");
    fs.chmodSync(file, 0o644);
    const again = await openAnswerLog(testConfig(dir));
    cleanups.push(() => again.close());
    expect(await again.count()).toBe(1);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe("index files", () => {
  test("a new index is 0700 / 0600, and an older one readable by others is made so on load", async () => {
    const p = tempProject({ "briefing.md": BRIEFING });
    cleanups.push(p.cleanup);
    const embedder = fakeEmbedder();
    await buildIndex({ corpusDir: p.corpusDir, dataDir: p.dataDir, embedder });
    const manifest = readManifest(p.dataDir)!;
    const folder = path.join(p.dataDir, manifest.folder);
    const modes = () => [fs.statSync(folder).mode & 0o777, ...Object.keys(manifest.files).map((f) => fs.statSync(path.join(folder, f)).mode & 0o777)];
    expect(modes()).toEqual([0o700, ...Object.keys(manifest.files).map(() => 0o600)]);
    fs.chmodSync(folder, 0o755);
    for (const f of Object.keys(manifest.files)) fs.chmodSync(path.join(folder, f), 0o644);
    loadIndex(p.dataDir, embedder.identity, CHUNKER_VERSION);
    expect(modes()).toEqual([0o700, ...Object.keys(manifest.files).map(() => 0o600)]);
  });
});

describe("corpus file names", () => {
  test("a name with escape sequences or a line break is shown escaped in npm run reindex's warnings, not obeyed by the terminal", async () => {
    // "\x1b[2J" in a skipped file's name cleared the maintainer's screen (and hid the warnings above
    // it); a line break split one warning into two lines, the second looking like another file.
    const p = tempProject({ "own.md": BRIEFING, "x\u001b[2Jy\nwarning: fake.xyz": "unsupported" });
    cleanups.push(p.cleanup);
    const summary = await buildIndex({ corpusDir: p.corpusDir, dataDir: p.dataDir, embedder: fakeEmbedder() });
    expect(problemLines(summary)).toEqual(["warning: x\\x1b[2Jy\\x0awarning: fake.xyz: skipped: .xyz is not a supported type (.md, .markdown, .txt, .pdf, .html, .htm, .docx)"]);
  });
});
