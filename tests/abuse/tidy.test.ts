import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

/** Issue 10, "Tidy". */

const ROOT = path.resolve(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  return (fs.readdirSync(path.join(ROOT, dir), { recursive: true }) as string[]).filter((f) => /\.(ts|mts|mjs)$/.test(f)).map((f) => path.join(dir, f));
}

test("nothing in src/ or scripts/ imports from tests/ (the fakes that npm run load and the bench need live in src/fakes)", () => {
  const offenders = [...sources("src"), ...sources("scripts")].filter((f) => /from\s+["'][^"']*tests\/|import\(\s*["'][^"']*tests\//.test(fs.readFileSync(path.join(ROOT, f), "utf8")));
  expect(offenders).toEqual([]);
});

test("every file tsconfig.json includes exists", () => {
  const { include } = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8")) as { include: string[] };
  expect(include.filter((entry) => !fs.existsSync(path.join(ROOT, entry)))).toEqual([]);
});
