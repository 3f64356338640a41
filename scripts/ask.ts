import readline from "node:readline";
import { parseArgs } from "node:util";
import { ConfigError, parseConfig, readEnvironment, redact, secretsOf } from "../src/config.ts";
import { createEngine } from "../src/engine.ts";
import { toAnswerJson, toReadableText } from "../src/answer/json.ts";

const USAGE = 'usage: npm run ask -- [--json] "your question"   |   npm run ask -- --jsonl < questions.txt';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { json: { type: "boolean" }, jsonl: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = parseConfig(readEnvironment());
  const secrets = secretsOf(config);
  const question = positionals.join(" ").trim();
  if (!values.jsonl && question === "") {
    console.error(`ask: the question is empty; ${USAGE}`);
    return 2;
  }
  const engine = await createEngine(config, { log: (line) => console.error(redact(line, secrets)) });
  try {
    if (values.jsonl) {
      const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
      for await (const line of lines) {
        if (line.trim() === "") continue;
        const started = performance.now();
        const answer = await engine.ask(line);
        console.log(JSON.stringify(toAnswerJson(answer, performance.now() - started)));
      }
      return 0;
    }
    const started = performance.now();
    const answer = await engine.ask(question);
    const latency = performance.now() - started;
    console.log(values.json ? JSON.stringify(toAnswerJson(answer, latency)) : toReadableText(answer));
    return 0;
  } finally {
    engine.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(error instanceof ConfigError ? message : `ask failed: ${message}`);
    process.exit(1);
  },
);
