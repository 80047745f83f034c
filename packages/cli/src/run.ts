import { readFile } from 'node:fs/promises';
import { dnsCommand } from './commands/dns.js';
import {
  type CliContext,
  type Command,
  ExitCode,
  reportUsageError,
  UsageError,
  type Writer,
} from './context.js';
import { createStyle, shouldColour } from './format/style.js';
import { getMessages, isLocale, selectLocale } from './i18n/index.js';

/** Commands by name. A new command is one file in `commands/` and one line here. */
const COMMANDS: Readonly<Record<string, Command>> = { dns: dnsCommand };

/** What {@link run} needs from the process; tests pass fakes. */
export interface RunOptions {
  stdout: Writer & { isTTY?: boolean };
  stderr: Writer;
  env: Readonly<Record<string, string | undefined>>;
  /** @default reads UTF-8 with `node:fs/promises` */
  readTextFile?: (path: string) => Promise<string>;
  /** @default the `version` of this package's package.json */
  version?: string;
}

/**
 * The value of `--lang` (either `--lang vi` or `--lang=vi`) anywhere on the command line, so
 * even errors about other arguments are printed in the requested language.
 */
function langFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') return undefined;
    if (arg === '--lang') return argv[i + 1];
    if (arg.startsWith('--lang=')) return arg.slice('--lang='.length);
  }
  return undefined;
}

/** Reads this package's version from its package.json (one level above `src/` and `dist/`). */
async function packageVersion(): Promise<string> {
  const text = await readFile(new URL('../package.json', import.meta.url), 'utf8');
  const version = (JSON.parse(text) as { version?: unknown }).version;
  return typeof version === 'string' ? version : '0.0.0';
}

/**
 * Runs `dotvn` with the arguments after the program name and returns the exit code. Never
 * throws: unexpected errors are printed and give {@link ExitCode.INTERNAL}.
 */
export async function run(argv: readonly string[], options: RunOptions): Promise<number> {
  const flag = langFlag(argv);
  const messages = getMessages(selectLocale(flag, options.env));
  const context: CliContext = {
    stdout: options.stdout,
    stderr: options.stderr,
    env: options.env,
    style: createStyle(shouldColour(options.stdout.isTTY, options.env)),
    messages,
    readTextFile: options.readTextFile ?? ((path) => readFile(path, 'utf8')),
  };
  try {
    if (flag !== undefined && !isLocale(flag)) {
      return reportUsageError(new UsageError((m) => m.usage.badLang(flag)), 'dotvn', context);
    }
    const [first, ...rest] = argv;
    if (first === undefined) {
      context.stderr.write(messages.help.main(options.version ?? (await packageVersion())));
      return ExitCode.USAGE;
    }
    if (first === '-h' || first === '--help') {
      context.stdout.write(messages.help.main(options.version ?? (await packageVersion())));
      return ExitCode.OK;
    }
    if (first === '-v' || first === '--version') {
      context.stdout.write(`${options.version ?? (await packageVersion())}\n`);
      return ExitCode.OK;
    }
    // `dotvn --lang vi dns …`: global options before the command.
    if (first === '--lang' || first.startsWith('--lang=')) {
      const skip = first === '--lang' ? 1 : 0;
      return await run(rest.slice(skip), { ...options, env: { ...options.env, DOTVN_LANG: flag } });
    }
    const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
    if (command === undefined) {
      const error = first.startsWith('-')
        ? new UsageError((m) => m.usage.missingCommand)
        : new UsageError((m) => m.usage.unknownCommand(first));
      return reportUsageError(error, 'dotvn', context);
    }
    return await command.run(rest, context);
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    context.stderr.write(`${messages.failure.internal(detail)}\n`);
    return ExitCode.INTERNAL;
  }
}
