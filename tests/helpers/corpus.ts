import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseConfig, type Config } from "../../src/config.ts";

/** A temporary corpus and data folder; files are written as given. */
export function tempProject(files: Record<string, string | Buffer>): { corpusDir: string; dataDir: string; config: Config; cleanup: () => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "briefing-test-"));
  const corpusDir = path.join(root, "corpus");
  const dataDir = path.join(root, "data");
  fs.mkdirSync(corpusDir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(corpusDir, name)), { recursive: true });
    fs.writeFileSync(path.join(corpusDir, name), content);
  }
  const config = parseConfig({ CORPUS_DIR: corpusDir, DATA_DIR: dataDir });
  return { corpusDir, dataDir, config, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** The real briefing as shipped in corpus/. */
export const BRIEFING = fs.readFileSync(new URL("../../corpus/briefing.md", import.meta.url), "utf8");
