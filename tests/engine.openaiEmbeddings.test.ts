import { afterAll, beforeAll, expect, test } from "vitest";
import { parseConfig } from "../src/config.ts";
import { createEngine } from "../src/engine.ts";
import { IndexMismatchError, loadIndex } from "../src/index/store.ts";
import { CHUNKER_VERSION } from "../src/corpus/chunk.ts";
import { BRIEFING, tempProject } from "./helpers/corpus.ts";
import { startFakeOpenAI, type FakeOpenAI } from "./helpers/fakeOpenAI.ts";

let server: FakeOpenAI;
const project = tempProject({ "briefing.md": BRIEFING });

beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterAll(async () => {
  await server.close();
  project.cleanup();
});

test("EMBEDDINGS=openai builds and answers through an OpenAI-compatible server, and the index remembers it", async () => {
  const config = parseConfig({
    CORPUS_DIR: project.corpusDir,
    DATA_DIR: project.dataDir,
    EMBEDDINGS: "openai",
    EMBEDDINGS_MODEL: "text-embedding-3-small",
    OPENAI_BASE_URL: server.baseURL,
    OPENAI_API_KEY: "sk-test-embeddings",
    LLM_TIMEOUT_MS: "300",
  });
  server.script({ hang: true }); // the chat model never answers: the extractive fallback must serve
  const engine = await createEngine(config);
  try {
    expect(server.embeddingRequests().length).toBeGreaterThan(0);
    expect(server.embeddingRequests()[0]!.body!.model).toBe("text-embedding-3-small");
    expect(server.embeddingRequests()[0]!.headers.authorization).toBe("Bearer sk-test-embeddings");
    const answer = await engine.ask("When did Lukashenko meet Saldo?");
    expect(answer.citations[0]?.quote).toContain("On 15 September");
    expect(answer.mode).toBe("extractive");
  } finally {
    engine.close();
  }
  // The same index refuses to serve the local model: the vectors are not comparable.
  expect(() => loadIndex(project.dataDir, { provider: "local", model: "universal-sentence-encoder-lite" }, CHUNKER_VERSION)).toThrow(IndexMismatchError);
}, 30_000);
