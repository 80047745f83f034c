import type { Style } from './format/style.js';
import type { Messages } from './i18n/index.js';

/** Where a command writes; tests pass a collector, the entry passes `process.stdout`/`stderr`. */
export interface Writer {
  write(text: string): unknown;
}

/** Everything a command needs from the outside world, injected so tests can run it in-process. */
export interface CliContext {
  stdout: Writer;
  stderr: Writer;
  env: Readonly<Record<string, string | undefined>>;
  /** Colours for stdout (already false when stdout is not a terminal or `NO_COLOR` is set). */
  style: Style;
  messages: Messages;
  /** Reads a text file (the `--ca` PEM). */
  readTextFile(path: string): Promise<string>;
}

/** A command: parses its own arguments and returns the process exit code. */
export interface Command {
  run(args: readonly string[], context: CliContext): Promise<number>;
}

/** Exit codes of every command (documented in README.md and `--help`). */
export const ExitCode = {
  /** An answer with NOERROR (also NODATA). */
  OK: 0,
  /** The name does not exist. */
  NXDOMAIN: 1,
  /** Another response code: SERVFAIL, REFUSED, … */
  OTHER_RCODE: 2,
  /** No answer: every endpoint failed or timed out. */
  NO_ANSWER: 3,
  /** Bad arguments or input (BSD sysexits EX_USAGE). */
  USAGE: 64,
  /** A bug (BSD sysexits EX_SOFTWARE). */
  INTERNAL: 70,
} as const;
/** One of {@link ExitCode}. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * A usage error. It carries a function of the translation table rather than a text, because the
 * language may only be known once the arguments are parsed.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly describe: (messages: Messages) => string;
  constructor(describe: (messages: Messages) => string) {
    super('usage error');
    this.describe = describe;
  }
}

/** Prints a usage error and the help hint to stderr; returns {@link ExitCode.USAGE}. */
export function reportUsageError(error: UsageError, command: string, context: CliContext): number {
  const m = context.messages.usage;
  context.stderr.write(`${m.prefix}${error.describe(context.messages)}\n${m.seeHelp(command)}\n`);
  return ExitCode.USAGE;
}
