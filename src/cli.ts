import { ConfigError, parseConfig, readEnvironment, redact, secretsOf, type Config } from "./config.ts";

export type Log = (line: string) => void;

/**
 * Runs a command-line entry point: reads the configuration, gives `main` a logger that strips
 * secrets, and turns its outcome into the process exit code. A bad setting prints the config error's
 * one sentence and exits 1; any other failure prints "<name> failed: …" and exits 1.
 */
export function runMain(name: string, main: (config: Config, log: Log) => Promise<number>): void {
  let secrets: string[] = [];
  const log: Log = (line) => console.error(redact(line, secrets));
  // A stray failure in some callback must not take a running bot down: log it and carry on.
  process.on("unhandledRejection", (error) => log(`${name}: unexpected error, still running: ${describeFailure(error)}`));
  const run = async () => {
    const config = parseConfig(readEnvironment());
    secrets = secretsOf(config);
    return main(config, log);
  };
  run().then(
    (code) => process.exit(code),
    (error: unknown) => {
      log(error instanceof ConfigError ? error.message : `${name} failed: ${describeFailure(error)}`);
      process.exit(1);
    },
  );
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (cause: ${error.cause.message})` : error.message;
}
