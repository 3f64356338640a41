import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { damagedFile, readManifest } from "../src/index/store.ts";
import { BRIEFING, tempProject } from "./helpers/corpus.ts";
import { startFakeOpenAI, type FakeOpenAI } from "./helpers/fakeOpenAI.ts";

// Found by the red team: Ctrl-C or SIGTERM during `npm run reindex` left the half-written
// `.building-…` folder in DATA_DIR until the next reindex (SIGTERM had no handler; under the tsx
// launcher a busy build was SIGKILLed 60 ms after Ctrl-C; a Ctrl-C while files were written was only
// handled after the new index had been published, which the message then denied). The command is
// run as `npm run reindex` runs it (package.json's line, through sh), embedding through the fake
// OpenAI server, and paused by tests/helpers/pauseBuild.mjs once its build folder exists.

const ROOT = path.resolve(import.meta.dirname, "..");
const COMMAND = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.reindex!;
const HOOK = pathToFileURL(path.join(ROOT, "tests", "helpers", "pauseBuild.mjs")).href;

let server: FakeOpenAI;
const project = tempProject({ "briefing.md": BRIEFING });
/** Children still running when a test fails: killed, not left paused for ever. */
const running = new Set<ChildProcess>();
beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterAll(async () => {
  for (const child of running) child.kill("SIGKILL");
  await server.close();
  project.cleanup();
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CORPUS_DIR: project.corpusDir,
    DATA_DIR: project.dataDir,
    EMBEDDINGS: "openai",
    EMBEDDINGS_MODEL: "text-embedding-3-small",
    OPENAI_BASE_URL: server.baseURL,
    OPENAI_API_KEY: "sk-test-embeddings-0123",
    ...extra,
  };
}

/** Runs the command to its end; asynchronously, so that the fake OpenAI server in this process answers it. */
function reindex(): Promise<{ code: number | null; stderr: string }> {
  const child = spawn("sh", ["-c", COMMAND], { cwd: ROOT, env: env(), stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stderr })));
}

/** What DATA_DIR holds besides the answer log: index folders, build folders, lock, manifests. */
const contents = () => fs.readdirSync(project.dataDir).sort();

test("SIGINT to the process group (Ctrl-C) or SIGTERM to the process mid-build: the half-written build is removed, the previous index stays whole and in use, exit 130 / 143", async () => {
  const first = await reindex();
  expect(first.code, first.stderr).toBe(0);
  // Without a terminal, a line per tenth, each with its own share ("1/7 files (14%" read "(10%").
  const progress = [...first.stderr.matchAll(/^(?:reading|embedding) (\d+)\/(\d+) \w+ \((\d+)%/gm)];
  expect(progress.length).toBeGreaterThan(1);
  for (const [, done, total, pct] of progress) expect(Number(pct)).toBe(Math.floor((100 * Number(done)) / Number(total)));
  const before = readManifest(project.dataDir)!;
  const manifestText = fs.readFileSync(path.join(project.dataDir, "manifest.json"), "utf8");
  const kept = contents();
  expect(kept).toContain(before.folder);
  fs.writeFileSync(path.join(project.corpusDir, "grain.md"), "# Grain\n\nA note about grain exports through the Danube ports in 2023.\n");

  for (const [signal, code, toGroup] of [["SIGINT", 130, true], ["SIGTERM", 143, false]] as const) {
    const marker = path.join(path.dirname(project.dataDir), `paused-${signal}`);
    const go = path.join(path.dirname(project.dataDir), `go-${signal}`);
    const child = spawn("sh", ["-c", COMMAND], {
      cwd: ROOT,
      env: env({ NODE_OPTIONS: `--import ${HOOK}`, PAUSE_BUILD_MARKER: marker, PAUSE_BUILD_GO: go }),
      detached: true, // its own process group, as a terminal's foreground job
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    const exited = new Promise<number | null>((resolve) => child.on("exit", (c) => (running.delete(child), resolve(c))));
    let early: number | null | undefined;
    void exited.then((c) => (early = c));
    while (!fs.existsSync(marker) && early === undefined) await new Promise((r) => setTimeout(r, 50));
    expect(early, stderr).toBeUndefined();
    const building = fs.readFileSync(marker, "utf8");
    expect(fs.existsSync(building)).toBe(true);
    expect(path.basename(building)).toMatch(/^\.building-/);

    process.kill(toGroup ? -child.pid! : child.pid!, signal);
    fs.writeFileSync(go, "");
    expect(await exited, stderr).toBe(code);
    expect(stderr).toContain(`reindex interrupted; nothing of the new build is left in ${project.dataDir}, and the previous index is unchanged and still in use.`);
    expect(contents()).toEqual(kept);
    expect(fs.readFileSync(path.join(project.dataDir, "manifest.json"), "utf8")).toBe(manifestText);
    expect(damagedFile(project.dataDir, before)).toBeUndefined();
  }

  const next = await reindex();
  expect(next.code, next.stderr).toBe(0);
  expect(readManifest(project.dataDir)!.documents.map((d) => d.file).sort()).toEqual(["briefing.md", "grain.md"]);
}, 240_000);

// A build waiting on its embedder (a batch of the local model takes seconds; here a server that
// never answers) stopped only once the batches in flight were done: a Ctrl-C took 25 s on tech-docs.
test("SIGTERM while the embedder is still working stops the build without waiting for the batches in flight", async () => {
  if (!fs.existsSync(path.join(project.dataDir, "manifest.json"))) expect((await reindex()).code).toBe(0);
  const before = fs.readFileSync(path.join(project.dataDir, "manifest.json"), "utf8");
  fs.writeFileSync(path.join(project.corpusDir, "ferry.md"), "# Ferry\n\nThe Baltic ferry line from Klaipeda to Kiel carried 91,000 lorries.\n");
  server.holdEmbeddings(true);
  try {
    const asked = server.embeddingRequests().length;
    const child = spawn("sh", ["-c", COMMAND], { cwd: ROOT, env: env(), stdio: ["ignore", "ignore", "pipe"] });
    running.add(child);
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (c) => (running.delete(child), resolve(c))));
    while (server.embeddingRequests().length === asked) await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGTERM");
    expect(await exited, stderr).toBe(143);
    expect(stderr).toContain("reindex interrupted; nothing of the new build is left");
    expect(fs.readFileSync(path.join(project.dataDir, "manifest.json"), "utf8")).toBe(before);
    expect(contents().filter((f) => f.startsWith(".") || f === "reindex.lock")).toEqual([]);
  } finally {
    server.holdEmbeddings(false);
  }
}, 120_000);
