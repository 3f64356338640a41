/**
 * `npm run chat`: talk to the bot in the terminal, with the same handlers and answers as on
 * Telegram. Lines can also be piped in: `printf '/start\nWho met Saldo?\n' | npm run chat`.
 */
import { describeError } from "../src/bot/errors.ts";
import { runLocalChat } from "../src/bot/localChat.ts";
import { ConfigError, parseConfig, readEnvironment, redact, secretsOf } from "../src/config.ts";
import { createEngine } from "../src/engine.ts";
import { openAnswerLog } from "../src/logs/store.ts";

async function main(): Promise<number> {
  let config;
  try {
    config = parseConfig(readEnvironment());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const secrets = secretsOf(config);
  const log = (line: string) => console.error(redact(line, secrets));
  try {
    const engine = await createEngine(config, { log });
    const answerLog = openAnswerLog(config, { onError: (error) => log(error.message) });
    try {
      await runLocalChat({ config, engine, answerLog, log });
    } finally {
      answerLog.close();
      engine.close();
    }
    return 0;
  } catch (error) {
    log(`chat stopped: ${describeError(error)}`);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`chat stopped: ${describeError(error)}`);
    process.exit(1);
  },
);
