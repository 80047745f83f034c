/**
 * HTTP plumbing shared by the DoH transports: one request through `ky`, status, media-type and
 * `Age` handling (also used by the `node:http2` transport), and a body read that stops at a size
 * limit. Internal; not part of the public surface.
 */
import ky from 'ky';
import { InvalidInputError, MalformedResponseError, TransportError, truncate } from '../../errors.js';
import type { DnsMessage } from '../types.js';
import { lowerTtls } from './answer.js';

/** RFC 8484 §6 media type. */
export const DNS_MESSAGE = 'application/dns-message';

/**
 * The `fetch` shape the transports call. `globalThis.fetch` fits, and so do the `fetch` of
 * undici, of a service worker, or a wrapper that adds authentication.
 */
export type FetchLike = (input: Request | URL | string, init?: RequestInit) => Promise<Response>;

/** Where the request goes and what comes back, for error messages. */
export interface HttpExchange {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: Uint8Array;
  fetch: FetchLike | undefined;
  signal: AbortSignal;
  /** The endpoint as shown in errors. */
  endpoint: string;
  /** `name/TYPE`, for errors. */
  query: string;
}

/**
 * Sends one HTTP request. Retries and timeouts are the resolver's job, so ky's are off and the
 * caller's signal is the only clock.
 * @throws {TransportError} When the request fails at the network level or the status is not 2xx.
 * @throws Whatever the runtime throws once `signal` has fired (the resolver reads `signal.reason`).
 */
export async function sendHttp(exchange: HttpExchange): Promise<Response> {
  let response: Response;
  try {
    response = await ky(exchange.url, {
      method: exchange.method,
      headers: exchange.headers,
      // A copy so the body is backed by a plain ArrayBuffer, as `BodyInit` requires.
      ...(exchange.body ? { body: new Uint8Array(exchange.body) } : {}),
      signal: exchange.signal,
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      // No `credentials`: the default, 'same-origin', already sends no cookies to a cross-origin
      // DoH server, and Cloudflare Workers throw on the field ("The 'credentials' field on
      // 'RequestInitializerDict' is not implemented"); ky only works around that when unset.
      ...(exchange.fetch ? { fetch: exchange.fetch } : {}),
    });
  } catch (error) {
    if (exchange.signal.aborted) throw error;
    throw new TransportError(
      `DoH request to ${exchange.endpoint} for ${exchange.query} failed: ${describe(error)}`,
      { endpoint: exchange.endpoint, query: exchange.query, cause: error },
    );
  }
  if (!isSuccess(response.status)) {
    throw statusError(response.status, exchange, await readSnippet(response, exchange.signal));
  }
  return response;
}

/** Where an HTTP answer came from and for what, as errors show it. */
export type HttpContext = Pick<HttpExchange, 'endpoint' | 'query'>;

/** True for a 2xx status. */
export function isSuccess(status: number): boolean {
  return status >= 200 && status <= 299;
}

/** The error for a status that is not 2xx, with the start of the body when there was one. */
export function statusError(status: number, context: HttpContext, snippet = ''): TransportError {
  return new TransportError(
    `DoH endpoint ${context.endpoint} answered HTTP ${status} for ${context.query}; expected 2xx${snippet ? ` (body: ${snippet})` : ''}`,
    { endpoint: context.endpoint, query: context.query, status },
  );
}

/**
 * The error for a `content-type` header whose media type (parameters and case ignored) is not
 * one of `accepted`, or `null` when it is.
 */
export function mediaTypeError(
  header: string | null | undefined,
  accepted: readonly string[],
  context: HttpContext,
  status: number,
): MalformedResponseError | null {
  const text = header ?? '';
  const mediaType = text.split(';')[0]?.trim().toLowerCase() ?? '';
  if (accepted.includes(mediaType)) return null;
  return new MalformedResponseError(
    `DoH endpoint ${context.endpoint} answered ${context.query} with content type "${truncate(text, 60) || '(none)'}"; expected ${accepted.join(' or ')}`,
    { endpoint: context.endpoint, query: context.query, status },
  );
}

/**
 * RFC 8484 §5.1: a GET answer may come from an HTTP cache (the browser's, a CDN), and the client
 * must then count the time it spent there, the `Age` header, against the DNS TTLs. Returns
 * `message` with every record TTL lowered by that many seconds, never below 0.
 */
export function withHttpAge<T extends DnsMessage>(
  message: T,
  ageHeader: string | readonly string[] | null | undefined,
): T {
  const age = httpAge(ageHeader);
  return age > 0 ? lowerTtls(message, age) : message;
}

/**
 * Seconds an answer spent in HTTP caches, from its `Age` header (RFC 9111 §5.1): the first
 * member of the value when it is a non-negative integer, else 0 (an invalid value is ignored).
 */
function httpAge(header: string | readonly string[] | null | undefined): number {
  const value = typeof header === 'string' ? header : header?.[0];
  const first = value?.split(',')[0]?.trim() ?? '';
  if (!/^\d+$/.test(first)) return 0;
  // RFC 9111 §1.2.2: a delta-seconds too large to hold is taken as 2^31.
  return Math.min(Number(first), 2 ** 31);
}

/**
 * Checks the media type (parameters and case ignored).
 * @throws {MalformedResponseError} When it is not one of `accepted`; the body is discarded.
 */
export function checkMediaType(
  response: Response,
  accepted: readonly string[],
  exchange: HttpExchange,
): void {
  const error = mediaTypeError(response.headers.get('content-type'), accepted, exchange, response.status);
  if (error === null) return;
  void response.body?.cancel().catch(() => {});
  throw error;
}

/**
 * Reads the whole body, but never more than `limit` octets: a declared `content-length` over the
 * limit is refused before reading, and a stream that grows past it is cancelled.
 * @throws {MalformedResponseError} When the body is over `limit` octets.
 * @throws {TransportError} When the connection fails while the body is read.
 * @throws `signal.reason` once the exchange's signal has fired.
 */
export async function readBodyLimited(
  response: Response,
  limit: number,
  exchange: HttpExchange,
): Promise<Uint8Array> {
  const tooLarge = (size: string) =>
    new MalformedResponseError(
      `DoH endpoint ${exchange.endpoint} sent ${size} for ${exchange.query}; the limit is ${limit} octets`,
      { endpoint: exchange.endpoint, query: exchange.query, status: response.status },
    );
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    void response.body?.cancel().catch(() => {});
    throw tooLarge(`a body of ${declared} octets`);
  }
  const body = response.body;
  if (!body) return new Uint8Array(0);

  const reader = body.getReader();
  // A custom fetch may ignore the signal once headers are in; cancelling the reader ends the read.
  const onAbort = () => void reader.cancel(exchange.signal.reason).catch(() => {});
  exchange.signal.addEventListener('abort', onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      if (exchange.signal.aborted) throw exchange.signal.reason;
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (exchange.signal.aborted) throw exchange.signal.reason;
        // The connection failed after the headers (reset, cut short): still a network failure.
        throw new TransportError(
          `DoH endpoint ${exchange.endpoint} failed while sending the body for ${exchange.query}, after ${total} octets: ${describe(error)}`,
          { endpoint: exchange.endpoint, query: exchange.query, status: response.status, cause: error },
        );
      }
      const { done, value } = chunk;
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        void reader.cancel().catch(() => {});
        throw tooLarge(`more than ${limit} octets`);
      }
      chunks.push(value);
    }
  } finally {
    exchange.signal.removeEventListener('abort', onAbort);
    reader.releaseLock();
  }
  if (exchange.signal.aborted) throw exchange.signal.reason;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** How long an error page may take to show its first octets before failover goes on without them. */
const SNIPPET_WAIT_MS = 250;

async function readSnippet(response: Response, signal: AbortSignal): Promise<string> {
  // The start of an error page helps debugging; the rest is dropped unread. A body that trickles
  // must not hold up failover: the status alone already decided the outcome.
  const body = response.body;
  if (!body || signal.aborted) return '';
  const reader = body.getReader();
  const onAbort = () => void reader.cancel().catch(() => {});
  signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(onAbort, SNIPPET_WAIT_MS);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < 512) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
    void reader.cancel().catch(() => {});
  } catch {
    return '';
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
  const decoder = new TextDecoder();
  const text = chunks.map((chunk) => decoder.decode(chunk, { stream: true })).join('');
  return truncate(text.replace(/\s+/g, ' ').trim(), 120);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return truncate(`${error.message}${cause}`, 200);
  }
  return truncate(String(error), 200);
}

/**
 * Parses and checks a DoH endpoint URL.
 * @throws {InvalidInputError} When it is not an absolute `https:`/`http:` URL.
 */
export function parseEndpointUrl(input: string): URL {
  const text = typeof input === 'string' ? input.trim().replace(/\{\?dns\}$/, '') : '';
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw new InvalidInputError(
      `DoH endpoint "${truncate(String(input), 80)}" is not an absolute URL; expected e.g. https://dns.example/dns-query`,
      input,
      { cause: error },
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidInputError(
      `DoH endpoint "${truncate(text, 80)}" uses ${url.protocol}; expected https: (or http: for local testing)`,
      input,
    );
  }
  url.hash = '';
  return url;
}

/**
 * Checks the `maxResponseBytes` option.
 * @throws {InvalidInputError} When it is not an integer from 12 (a bare header) up.
 */
export function checkMaxResponseBytes(value: number | undefined): number {
  if (value === undefined) return 65535;
  if (!Number.isInteger(value) || value < 12) {
    throw new InvalidInputError(
      `maxResponseBytes must be an integer of at least 12, received ${value}`,
      value,
    );
  }
  return value;
}
