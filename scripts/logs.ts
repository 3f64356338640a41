/**
 * npm run logs -- [list|show|review|unanswered|stats|export|purge] …   (npm run logs -- help)
 * Reads the answer log in DATA_DIR; see src/logs/cli.ts for the commands.
 */
import { runMain } from "../src/cli.ts";
import { runLogsCli } from "../src/logs/cli.ts";

runMain("logs", async (config) =>
  runLogsCli(process.argv.slice(2), {
    config,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }),
);
