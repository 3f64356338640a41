import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
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
  // `npm run logs | head` closes the pipe early: that is the reader's choice, not a failure.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(0);
      throw error;
    });
  }
  run().then(
    (code) => exitAfterOutput(code),
    (error: unknown) => {
      log(error instanceof ConfigError ? error.message : `${name} failed: ${describeFailure(error)}`);
      return exitAfterOutput(1);
    },
  );
}

/**
 * `parseArgs` for a command-line entry point: a mistyped option prints node's reason and `usage`
 * and exits 2, the usage-error code, instead of a stack trace (an uncaught throw at import time
 * also exits 7 once the local model's package has installed its exception handler).
 */
export async function parseCommandLine<T extends ParseArgsConfig>(options: T, usage: string): Promise<ReturnType<typeof parseArgs<T>>> {
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs(options);
  } catch (error) {
    if (!(error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS_"))) throw error;
    const unknown = error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && options.allowPositionals ? /'([^']+)'/.exec(error.message)?.[1] : undefined;
    return usageError(unknown ? textAfterDashes(unknown) : error.message, usage);
  }
  // `--help` (declared by the command): the usage on stdout, exit 0.
  if ((parsed.values as { help?: unknown }).help === true) {
    console.log(usage);
    return exitAfterOutput(0);
  }
  return parsed;
}

/**
 * Node's reason for an unknown option, for a command that takes text: a question may start with "-"
 * ("-u flag meaning"), and through npm it needs a second "--", which node's own advice leaves out.
 */
function textAfterDashes(option: string): string {
  // Run as an npm script (not through npx): the script's command names this file.
  const viaNpm = process.env.npm_lifecycle_script?.includes(path.basename(process.argv[1] ?? "\0"));
  const script = viaNpm ? process.env.npm_lifecycle_event : undefined;
  // "--hidden option" arrives whole; "-u flag meaning" is named by its first letters only.
  const example = `-- -- "${option.includes(" ") ? option : `${option} …`}"`;
  return `Unknown option '${option}'. Text that starts with "-" goes after "--"${script ? `, and through npm after a second one: npm run ${script} ${example}` : `: ${example.slice(3)}`}`;
}

/** Ends a command-line entry point whose arguments make no sense: the reason, the usage line, exit code 2. */
export async function usageError(reason: string, usage: string): Promise<never> {
  console.error(`${reason}\n${usage}`);
  return exitAfterOutput(2);
}

/** Resolves once everything written to `stream` so far has been handed to the OS. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || !stream.writable) return Promise.resolve();
  // Write callbacks run in order, so this one runs after every earlier write is done.
  return new Promise((resolve) => stream.write("", () => resolve()));
}

/**
 * Ends the process with `code` once stdout and stderr have delivered everything written to them.
 * `process.exit` alone drops output still queued for a pipe (`npm run logs -- export | cat` would
 * lose rows): every command-line entry point ends through this.
 */
export async function exitAfterOutput(code: number): Promise<never> {
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // A message that already quotes its cause (a full disk: "… (ENOSPC: no space left …); …") says it once.
  return error.cause instanceof Error && !error.message.includes(error.cause.message) ? `${error.message} (cause: ${error.cause.message})` : error.message;
}

/**
 * `text` with its control characters (other than newline and tab, unless `oneLine`) written as
 * `\x1b`-style escapes, so that an escape sequence inside a logged question or a corpus file's name
 * cannot recolour, retitle or clear the terminal, or hide the text around it.
 */
export function printable(text: string, oneLine = false): string {
  return text.replace(oneLine ? /[\x00-\x1f\x7f-\x9f]/g : /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
