import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Answer, Citation } from "../../src/answer/types.ts";
import { parseConfig, type Config } from "../../src/config.ts";
import type { AnswerRecord } from "../../src/logs/types.ts";
import { createTestDatabase, NO_POSTGRES } from "./services.ts";

/** A fresh directory under the OS temp dir, removed by the returned cleanup. */
export function tempDir(prefix = "answer-log-"): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function testConfig(dataDir: string, env: Record<string, string> = {}): Config {
  return parseConfig({ DATA_DIR: dataDir, CORPUS_DIR: dataDir, ...env });
}

/** Answer-log tests run on both backends: SQLite always, PostgreSQL when the test server is there. */
export const LOG_BACKENDS = [
  { backend: "sqlite", skip: undefined },
  { backend: "postgres", skip: NO_POSTGRES },
] as const;

const HASH_KEY = "test-hash-key-0123456789abcdef0123456789";

/**
 * The configuration of a fresh answer log on `backend`: its own temp DATA_DIR and, on PostgreSQL, its
 * own database. What to remove afterwards is pushed onto `cleanups`.
 */
export async function freshLogConfig(
  backend: "sqlite" | "postgres",
  env: Record<string, string>,
  cleanups: (() => unknown)[],
): Promise<{ dir: string; config: Config }> {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const fullEnv = { ...env };
  if (backend === "postgres") {
    const database = await createTestDatabase();
    cleanups.push(database.drop);
    Object.assign(fullEnv, { DATABASE_URL: database.url, LOG_HASH_KEY: HASH_KEY, ...env });
  }
  return { dir, config: testConfig(dir, fullEnv) };
}

export function citation(overrides: Partial<Citation> = {}): Citation {
  return {
    n: 1,
    passageId: "budget-2024#3",
    docId: "budget-2024",
    title: "Budget 2024 <briefing>",
    section: "Spending & cuts",
    file: "budget-2024.md",
    start: 120,
    end: 180,
    quote: "Capital spending rises by 4% in real terms.",
    score: 0.82,
    ...overrides,
  };
}

export function answered(overrides: Partial<Extract<Answer, { status: "answered" }>> = {}): Answer {
  return {
    status: "answered",
    question: "How much does capital spending rise?",
    text: "Capital spending rises by 4% in real terms [1].",
    citations: [citation()],
    confidence: 0.9,
    mode: "extractive",
    retrieved: [
      { passageId: "budget-2024#3", relevance: 0.91 },
      { passageId: "budget-2024#7", relevance: 0.4 },
    ],
    indexVersion: "idx-1",
    verification: [],
    ...overrides,
  };
}

export function abstained(question = "Who won the 1998 cup?"): Answer {
  return {
    status: "abstained",
    question,
    text: "The briefings do not say.",
    reason: "no passage supports an answer",
    citations: [],
    related: [],
    mode: "extractive",
    retrieved: [{ passageId: "sport#1", relevance: 0.12 }],
    indexVersion: "idx-1",
    verification: [],
  };
}

export function record(overrides: Partial<AnswerRecord> = {}): AnswerRecord {
  const answer = overrides.answer === undefined ? answered() : overrides.answer;
  return {
    channel: "telegram",
    chatType: "private",
    userId: 424242001,
    chatId: 424242001,
    updateId: null,
    question: answer?.question ?? "What happened?",
    answer,
    latencyMs: 120,
    ...overrides,
  };
}
