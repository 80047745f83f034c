import {
  createResolver,
  DEFAULT_ENDPOINTS,
  type DotvnError,
  isAbortedError,
  isDotvnError,
  isInvalidInputError,
  isMalformedResponseError,
  isResolutionError,
  isTimeoutError,
  isTransportError,
  type Resolver,
  type ResolverOptions,
} from '@dotvn/core/dns';
import { createHttp2Transport } from '@dotvn/core/node';
import { type CliContext, type Command, ExitCode, reportUsageError, UsageError } from '../context.js';
import { formatAnswer } from '../format/answer.js';
import { formatJson } from '../format/json.js';
import { escapeControls } from '../format/record.js';
import { type DnsCommandArgs, exitCodeForAnswer, parseDnsArgs } from './dns-args.js';

/** The key of `failure.kinds` for an SDK error. */
function failureKind(error: DotvnError): keyof CliContext['messages']['failure']['kinds'] {
  if (isTimeoutError(error)) return 'timeout';
  if (isTransportError(error)) return 'transport';
  if (isMalformedResponseError(error)) return 'malformed-response';
  if (isAbortedError(error)) return 'aborted';
  return 'other';
}

/**
 * The resolver options for the parsed arguments: `--resolver` URLs (or the SDK's defaults), with
 * `--post` as the method and, for `--http2`/`--ca`, HTTP/2 transports from `@dotvn/core/node`.
 * @throws {UsageError} When the `--ca` file cannot be read.
 */
export async function resolverOptions(args: DnsCommandArgs, context: CliContext): Promise<ResolverOptions> {
  const method = args.post ? 'POST' : 'GET';
  if (!args.http2) {
    return args.resolvers.length === 0 ? { method } : { method, endpoints: args.resolvers };
  }
  let ca: string | undefined;
  if (args.ca !== undefined) {
    const file = args.ca;
    try {
      ca = await context.readTextFile(file);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new UsageError((m) => m.usage.unreadableCa(file, detail));
    }
  }
  const urls = args.resolvers.length === 0 ? DEFAULT_ENDPOINTS : args.resolvers;
  return {
    method,
    endpoints: urls.map((url) => createHttp2Transport({ url, method, ...(ca === undefined ? {} : { ca }) })),
  };
}

/** `dotvn dns <name> [type]`: one query through the SDK's resolver, printed like dig. */
export const dnsCommand: Command = {
  async run(argv, context) {
    let args: DnsCommandArgs;
    try {
      args = parseDnsArgs(argv, context.env);
    } catch (error) {
      if (error instanceof UsageError) return reportUsageError(error, 'dotvn dns', context);
      throw error;
    }
    if (args.help) {
      context.stdout.write(context.messages.help.dns);
      return ExitCode.OK;
    }

    let resolver: Resolver;
    try {
      // The SDK checks the options too (an endpoint listed twice, say): that is bad input, not a bug.
      resolver = createResolver(await resolverOptions(args, context));
    } catch (error) {
      if (error instanceof UsageError) return reportUsageError(error, 'dotvn dns', context);
      return reportFailure(error, args, context);
    }
    try {
      const answer = await resolver.query(args.name, args.type, {
        cd: args.cd,
        // The SDK sets DO by default; --dnssec makes sure of it whatever that default becomes.
        ...(args.dnssec ? { dnssec: true } : {}),
        // One question, asked once: a fresh answer, not one from an earlier query of this process.
        cache: false,
        ...(args.timeout === undefined ? {} : { timeout: args.timeout }),
      });
      context.stdout.write(
        args.json
          ? formatJson(answer)
          : formatAnswer(answer, {
              messages: context.messages,
              style: context.style,
              showDnssec: args.dnssec,
            }),
      );
      return exitCodeForAnswer(answer);
    } catch (error) {
      return reportFailure(error, args, context);
    } finally {
      await resolver.close();
    }
  },
};

function reportFailure(error: unknown, args: DnsCommandArgs, context: CliContext): number {
  const m = context.messages;
  if (isInvalidInputError(error)) {
    const detail = escapeControls(error.message);
    return reportUsageError(new UsageError((t) => t.usage.invalidInput(detail)), 'dotvn dns', context);
  }
  if (isDotvnError(error)) {
    const attempts = isResolutionError(error) ? error.attempts : [error];
    const lines = [m.failure.noAnswer(`${args.name}/${args.type.toUpperCase()}`)];
    for (const attempt of attempts) {
      lines.push(
        // Messages quote what servers sent (an HTTP error page, an extended error's text).
        m.failure.attempt(
          m.failure.kinds[failureKind(attempt)],
          escapeControls(attempt.endpoint ?? '-'),
          escapeControls(attempt.message),
        ),
      );
    }
    if (args.json) {
      context.stdout.write(formatJson({ error: serialiseError(error) }));
    }
    context.stderr.write(`${lines.join('\n')}\n`);
    return ExitCode.NO_ANSWER;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  context.stderr.write(`${m.failure.internal(detail)}\n`);
  return ExitCode.INTERNAL;
}

/** A JSON-safe view of an SDK error for `--json`. */
function serialiseError(error: DotvnError): Record<string, unknown> {
  const base = {
    name: error.name,
    code: error.code,
    message: error.message,
    endpoint: error.endpoint ?? null,
    query: error.query ?? null,
    status: error.status ?? null,
  };
  return isResolutionError(error) ? { ...base, attempts: error.attempts.map(serialiseError) } : base;
}
