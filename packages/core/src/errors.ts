/**
 * The error hierarchy of `@dotvn/core`. Every error the SDK throws on purpose is a
 * {@link DotvnError}; anything else that escapes is a bug.
 *
 * Errors cross realms (workers, iframes, several copies of the package), so the
 * `is…Error()` guards accept an `instanceof` match or, failing that, the dotvn shape: the class's
 * `name` together with its string `code`. A name alone is not enough: the platform throws its own
 * `TimeoutError` (a `DOMException` from `AbortSignal.timeout()`), which is not ours.
 */

/** Context carried by every {@link DotvnError}: what was asked, of whom, and what came back. */
export interface DotvnErrorContext {
  /** The endpoint (URL or `address#port`) that was being talked to, when there was one. */
  endpoint?: string;
  /** The query, as `name/TYPE`, when the error concerns one. */
  query?: string;
  /** HTTP status, when the error came from an HTTP exchange. */
  status?: number;
  /** The underlying error. */
  cause?: unknown;
}

/** Base class of every error thrown by `@dotvn/core`. */
export class DotvnError extends Error {
  override name = 'DotvnError';
  /** A stable machine code for the failure kind, e.g. `timeout`, `invalid-input`. */
  readonly code: string;
  readonly endpoint: string | undefined;
  readonly query: string | undefined;
  readonly status: number | undefined;

  constructor(code: string, message: string, context: DotvnErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: toError(context.cause) });
    this.code = code;
    this.endpoint = context.endpoint;
    this.query = context.query;
    this.status = context.status;
  }
}

/** Input rejected before any request was made (bad name, unknown type, bad option). */
export class InvalidInputError extends DotvnError {
  override name = 'InvalidInputError';
  /** The offending input, cut short. */
  readonly input: string;
  constructor(message: string, input: unknown, context: DotvnErrorContext = {}) {
    super('invalid-input', message, context);
    this.input = truncate(String(input));
  }
}

/** The operation did not complete within its time limit. */
export class TimeoutError extends DotvnError {
  override name = 'TimeoutError';
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number, context: DotvnErrorContext = {}) {
    super('timeout', message, context);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The caller's `AbortSignal` fired, or the resolver was closed (`resolver.close()`) before or
 * while the query ran.
 */
export class AbortedError extends DotvnError {
  override name = 'AbortedError';
  constructor(message: string, context: DotvnErrorContext = {}) {
    super('aborted', message, context);
  }
}

/** The network or HTTP exchange failed: connection refused, reset, HTTP 4xx/5xx. */
export class TransportError extends DotvnError {
  override name = 'TransportError';
  constructor(message: string, context: DotvnErrorContext = {}) {
    super('transport', message, context);
  }
}

/**
 * A response that does not follow the protocol: a DNS packet that cannot be decoded,
 * the wrong content type, an answer to another question, an oversized body.
 */
export class MalformedResponseError extends DotvnError {
  override name = 'MalformedResponseError';
  /** Byte offset in the packet where decoding failed, when known. */
  readonly offset: number | undefined;
  constructor(message: string, context: DotvnErrorContext & { offset?: number } = {}) {
    super('malformed-response', message, context);
    this.offset = context.offset;
  }
}

/** Every endpoint was tried and none gave a usable answer; `attempts` says why each failed. */
export class ResolutionError extends DotvnError {
  override name = 'ResolutionError';
  readonly attempts: readonly DotvnError[];
  constructor(message: string, attempts: readonly DotvnError[], context: DotvnErrorContext = {}) {
    super('resolution-failed', message, { ...context, cause: context.cause ?? attempts.at(-1) });
    this.attempts = attempts;
  }
}

/**
 * A DNS server answered, but with a response code that is not an answer to the question
 * (SERVFAIL, REFUSED, NOTIMP, FORMERR, …). The resolver records one per endpoint that did so
 * and moves on; `resolve()` throws a {@link ResolutionError} listing them when no endpoint answered.
 */
export class RcodeError extends DotvnError {
  override name = 'RcodeError';
  /** The full response code (RFC 6891 extended RCODE included). */
  readonly rcode: number;
  /** Its name, e.g. `SERVFAIL`, or `RCODE<n>`. */
  readonly rcodeName: string;
  /** RFC 8914 extended DNS errors the server attached (e.g. `DNSSEC Bogus`), possibly none. */
  readonly extendedErrors: readonly { infoCode: number; purpose: string; extraText: string }[];
  constructor(
    message: string,
    details: {
      rcode: number;
      rcodeName: string;
      extendedErrors?: readonly { infoCode: number; purpose: string; extraText: string }[];
    },
    context: DotvnErrorContext = {},
  ) {
    super('dns-rcode', message, context);
    this.rcode = details.rcode;
    this.rcodeName = details.rcodeName;
    this.extendedErrors = details.extendedErrors ?? [];
  }
}

/**
 * The `code` of each class, by `name`; `null` for the base class, whose code varies. The guards
 * check both, so a foreign error that merely shares a name (e.g. the DOMException `TimeoutError`)
 * does not pass.
 */
const CODES: Readonly<Record<string, string | null>> = {
  DotvnError: null,
  InvalidInputError: 'invalid-input',
  TimeoutError: 'timeout',
  AbortedError: 'aborted',
  TransportError: 'transport',
  MalformedResponseError: 'malformed-response',
  ResolutionError: 'resolution-failed',
  RcodeError: 'dns-rcode',
};

/** True when `error` has the dotvn shape of the class called `name` (see {@link CODES}). */
function hasShape(error: unknown, name: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name: actual, code } = error as { name?: unknown; code?: unknown };
  if (actual !== name || typeof code !== 'string' || !Object.hasOwn(CODES, name)) return false;
  const expected = CODES[name];
  return expected === null || code === expected;
}

/** True for any error thrown by `@dotvn/core`, from any realm or copy of the package. */
export function isDotvnError(error: unknown): error is DotvnError {
  if (error instanceof DotvnError) return true;
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && hasShape(error, name);
}
/** True for an {@link InvalidInputError}, from any realm. */
export function isInvalidInputError(error: unknown): error is InvalidInputError {
  return error instanceof InvalidInputError || hasShape(error, 'InvalidInputError');
}
/** True for a {@link TimeoutError}, from any realm; false for the platform's DOMException `TimeoutError`. */
export function isTimeoutError(error: unknown): error is TimeoutError {
  return error instanceof TimeoutError || hasShape(error, 'TimeoutError');
}
/** True for an {@link AbortedError}, from any realm. */
export function isAbortedError(error: unknown): error is AbortedError {
  return error instanceof AbortedError || hasShape(error, 'AbortedError');
}
/** True for a {@link TransportError}, from any realm. */
export function isTransportError(error: unknown): error is TransportError {
  return error instanceof TransportError || hasShape(error, 'TransportError');
}
/** True for a {@link MalformedResponseError}, from any realm. */
export function isMalformedResponseError(error: unknown): error is MalformedResponseError {
  return error instanceof MalformedResponseError || hasShape(error, 'MalformedResponseError');
}
/** True for a {@link ResolutionError}, from any realm. */
export function isResolutionError(error: unknown): error is ResolutionError {
  return error instanceof ResolutionError || hasShape(error, 'ResolutionError');
}
/** True for an {@link RcodeError}, from any realm. */
export function isRcodeError(error: unknown): error is RcodeError {
  return error instanceof RcodeError || hasShape(error, 'RcodeError');
}

/** Wraps anything thrown that is not an `Error` so `cause` chains stay inspectable. */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(truncate(typeof value === 'string' ? value : safeStringify(value)));
}

/** Cuts a string for inclusion in an error message. */
export function truncate(text: string, max = 120): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
