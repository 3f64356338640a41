/**
 * npm run logs -- [list|show|review|unanswered|stats|export|purge] …   (npm run logs -- help)
 * Reads the answer log in DATA_DIR; see src/logs/cli.ts for the commands.
 */
import fs from "node:fs";
import { ConfigError, parseConfig, readEnvironment } from "../src/config.ts";
import { runLogsCli } from "../src/logs/cli.ts";

if (fs.existsSync(".env")) process.loadEnvFile(".env"); // variables already set win
try {
  const config = parseConfig(readEnvironment());
  process.exitCode = runLogsCli(process.argv.slice(2), {
    config,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(error.message + "\n");
  process.exitCode = 2;
}
