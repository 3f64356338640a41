import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseConfig } from "../src/config.ts";
import { createEngine, type EngineHandle } from "../src/engine.ts";
import { createGenerator } from "../src/answer/generate.ts";
import { BRIEFING, tempProject } from "./helpers/corpus.ts";
import { fakeEmbedder } from "./helpers/fakeEmbeddings.ts";
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from "./helpers/fakeOpenAI.ts";

/** The number the prompt gave to the passage containing `text`. */
function numberOf(request: RecordedRequest, text: string): number {
  const prompt = request.body!.messages.map((m) => m.content).join("\n");
  for (const m of prompt.matchAll(/<passage n="(\d+)"[^>]*>([\s\S]*?)<\/passage>/g)) {
    if (m[2]!.includes(text)) return Number(m[1]);
  }
  throw new Error(`no passage with ${text} in the prompt`);
}

describe("engine with an OpenAI-compatible model (fake server on 127.0.0.1)", () => {
  let server: FakeOpenAI;
  let engine: EngineHandle;
  const project = tempProject({ "briefing.md": BRIEFING });

  beforeAll(async () => {
    server = await startFakeOpenAI();
    const config = parseConfig({
      CORPUS_DIR: project.corpusDir,
      DATA_DIR: project.dataDir,
      OPENAI_BASE_URL: server.baseURL,
      OPENAI_API_KEY: "sk-test-key-never-shown",
      LLM_TIMEOUT_MS: "400",
      LLM_MAX_RETRIES: "1",
    });
    // No cool-down, so each test sees the server's scripted behaviour.
    const generator = createGenerator(config.llm!, config.openai, { retryBaseMs: 10, cooldownMs: 0 });
    engine = await createEngine(config, { embedder: fakeEmbedder(), generator });
  });

  afterAll(async () => {
    engine.close();
    await server.close();
    project.cleanup();
  });

  test("a generated answer with a valid citation is returned in llm mode with verbatim quotes", async () => {
    server.script((req) => ({ content: `Lukashenko met Saldo on 15 September [${numberOf(req, "15 September")}].` }));
    const answer = await engine.ask("When did Lukashenko meet Saldo?");
    expect(answer.mode).toBe("llm");
    expect(answer.status).toBe("answered");
    expect(answer.text).toBe("Lukashenko met Saldo on 15 September [1].");
    expect(answer.citations).toHaveLength(1);
    const c = answer.citations[0]!;
    expect(BRIEFING.slice(c.start, c.end)).toBe(c.quote);
    expect(c.quote).toContain("15 September");
  });

  test("an invented citation number is removed with its claim; the rest is kept", async () => {
    server.script((req) => ({ content: `They met on 15 September [${numberOf(req, "15 September")}]. They signed a treaty [42].` }));
    const answer = await engine.ask("When did Lukashenko meet Saldo?");
    expect(answer.mode).toBe("llm");
    expect(answer.text).not.toMatch(/treaty/);
    expect(answer.verification.join(" ")).toMatch(/42/);
  });

  test("a 500 falls back to the extractive answer and says so", async () => {
    server.script({ status: 500, message: "boom" });
    const before = server.chatRequests().length;
    const answer = await engine.ask("When did Lukashenko meet Saldo?");
    expect(server.chatRequests().length - before).toBe(2); // one try and one retry
    expect(answer.mode).toBe("extractive");
    expect(answer.status).toBe("answered");
    expect(answer.citations[0]!.quote).toContain("On 15 September");
    expect(answer.verification.join(" ")).toMatch(/fell back to the extractive answer/);
  });

  test("a model that never answers falls back within the timeout", async () => {
    server.script({ hang: true });
    const started = Date.now();
    const answer = await engine.ask("What was Kherson called?");
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(answer.mode).toBe("extractive");
    expect(JSON.stringify(answer)).not.toContain("sk-test-key-never-shown");
  });

  test("a question about a name the corpus never mentions abstains without calling the model", async () => {
    server.script({ content: "should not be asked" });
    const before = server.chatRequests().length;
    const answer = await engine.ask("When did Lukashenko meet Putin?");
    expect(answer.status).toBe("abstained");
    expect(server.chatRequests().length).toBe(before);
  });

  test("the model saying the passages do not answer is an abstention in llm mode", async () => {
    server.script({ content: "NOT_IN_SOURCES" });
    const answer = await engine.ask("What did Lukashenko and Saldo sign?");
    expect(answer).toMatchObject({ status: "abstained", mode: "llm", citations: [] });
  });
});
