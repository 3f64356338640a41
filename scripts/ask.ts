import readline from "node:readline";
import { exitAfterOutput, parseCommandLine, runMain, usageError } from "../src/cli.ts";
import { createEngine } from "../src/engine.ts";
import { toAnswerJson, toReadableText, type AnswerJson } from "../src/answer/json.ts";
import type { Answer } from "../src/answer/types.ts";
import { openAnswerLogOrWarn } from "../src/logs/store.ts";

const USAGE = 'usage: npm run ask -- [--json] "your question"   |   npm run -s ask -- --jsonl < questions.txt > answers.jsonl   (answers from CORPUS_DIR\'s index in DATA_DIR, set in the environment or .env)';

const { values, positionals } = await parseCommandLine(
  { allowPositionals: true, options: { json: { type: "boolean" }, jsonl: { type: "boolean" }, help: { type: "boolean", short: "h" } } },
  USAGE,
);
const question = positionals.join(" ").trim();
// --jsonl reads its questions from stdin: a question given as well would go unanswered, silently.
if (values.jsonl && question !== "") await usageError("ask: --jsonl reads the questions from stdin, one per line; ask a question given on the command line without --jsonl", USAGE);
if (!values.jsonl && question === "") {
  console.error(`ask: the question is empty; ${USAGE}`);
  await exitAfterOutput(2);
}

/** What `--jsonl` writes for a blank input line: nothing was asked, nothing is logged. */
const EMPTY_LINE: AnswerJson = { question: "", answer: "The line is empty: write one question per line.", abstained: true, mode: "extractive", citations: [], related: [], latencyMs: 0 };

runMain("ask", async (config, log) => {
  const engine = await createEngine(config, { log });
  // Every question asked here is logged like those from Telegram; a log failure, even an unreachable
  // DATABASE_URL, never blocks the answer: it is a warning on stderr.
  const answerLog = await openAnswerLogOrWarn(config, { onError: (error) => log(`answer log: ${error.message}`), warn: log });
  const answer = async (q: string): Promise<{ answer: Answer; latency: number }> => {
    // Said on stderr, so that --json and --jsonl output stays one object per question.
    const max = config.retrieval.maxQuestionChars;
    if (q.length > max) log(`ask: the question is ${q.length} characters; only ${max} were read (MAX_QUESTION_CHARS), its question sentences first`);
    const started = performance.now();
    const result = await engine.ask(q);
    const latency = performance.now() - started;
    await answerLog.record({ channel: "cli", chatType: null, userId: null, chatId: null, updateId: null, question: q, answer: result, latencyMs: latency });
    return { answer: result, latency };
  };
  try {
    if (values.jsonl) {
      const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
      for await (const line of lines) {
        // Line N out answers line N in, so a script can pair them: a blank line gets an object too.
        if (line.trim() === "") {
          console.log(JSON.stringify(EMPTY_LINE));
          continue;
        }
        const { answer: a, latency } = await answer(line);
        console.log(JSON.stringify(toAnswerJson(a, latency)));
      }
      return 0;
    }
    const { answer: a, latency } = await answer(question);
    console.log(values.json ? JSON.stringify(toAnswerJson(a, latency)) : toReadableText(a));
    return 0;
  } finally {
    await answerLog.close();
    engine.close();
  }
});
