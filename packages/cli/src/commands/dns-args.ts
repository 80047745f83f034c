import { parseArgs } from 'node:util';
import type { DnsAnswer } from '@dotvn/core/dns';
import { ExitCode, UsageError } from '../context.js';
import { isLocale } from '../i18n/index.js';

// Argument parsing of `dotvn dns`, apart from the command so it loads without the SDK.

/** The arguments of `dotvn dns`, parsed and checked. */
export interface DnsCommandArgs {
  help: boolean;
  name: string;
  /** `A` when not given. */
  type: string;
  /** From `--resolver`, else `DOTVN_RESOLVER`; empty means the SDK's defaults. */
  resolvers: string[];
  json: boolean;
  dnssec: boolean;
  cd: boolean;
  post: boolean;
  /** True with `--http2`, and with `--ca` (which only the HTTP/2 transport can use). */
  http2: boolean;
  ca: string | undefined;
  timeout: number | undefined;
  lang: 'vi' | 'en' | undefined;
}

/** Options of `dotvn dns`, for `node:util` `parseArgs`. */
const OPTIONS = {
  resolver: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  dnssec: { type: 'boolean' },
  cd: { type: 'boolean' },
  post: { type: 'boolean' },
  http2: { type: 'boolean' },
  ca: { type: 'string' },
  timeout: { type: 'string' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Parses the arguments of `dotvn dns` (after the command word).
 * @throws {UsageError} For unknown options, missing or extra positionals, or bad values.
 */
export function parseDnsArgs(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): DnsCommandArgs {
  let parsed: ReturnType<
    typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; args: string[] }>
  >;
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new UsageError((m) => m.usage.badArguments(detail));
  }
  const { values, positionals } = parsed;

  const lang = values.lang;
  if (lang !== undefined && !isLocale(lang)) throw new UsageError((m) => m.usage.badLang(lang));

  const help = values.help ?? false;
  const [name, type, ...extra] = positionals;
  if (!help && (name === undefined || name === '')) throw new UsageError((m) => m.usage.missingName);
  if (extra.length > 0) throw new UsageError((m) => m.usage.tooManyArguments(extra.join(' ')));

  let timeout: number | undefined;
  if (values.timeout !== undefined) {
    const raw = values.timeout;
    timeout = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(timeout) || timeout <= 0) throw new UsageError((m) => m.usage.badTimeout(raw));
  }

  const fromEnv = (env.DOTVN_RESOLVER ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
  const resolvers = values.resolver !== undefined && values.resolver.length > 0 ? values.resolver : fromEnv;
  for (const url of resolvers) {
    if (!isHttpUrl(url)) throw new UsageError((m) => m.usage.badResolver(url));
  }

  return {
    help,
    name: name ?? '',
    type: type ?? 'A',
    resolvers,
    json: values.json ?? false,
    dnssec: values.dnssec ?? false,
    cd: values.cd ?? false,
    post: values.post ?? false,
    http2: (values.http2 ?? false) || values.ca !== undefined,
    ca: values.ca,
    timeout,
    lang,
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The exit code for an answer: 0 NOERROR (NODATA included), 1 NXDOMAIN, 2 anything else. */
export function exitCodeForAnswer(answer: Pick<DnsAnswer, 'rcodeName'>): ExitCode {
  if (answer.rcodeName === 'NOERROR') return ExitCode.OK;
  if (answer.rcodeName === 'NXDOMAIN') return ExitCode.NXDOMAIN;
  return ExitCode.OTHER_RCODE;
}
