/**
 * HTTP plumbing shared by the DoH transports: one request through `ky`, status and media-type
 * checks, and a body read that stops at a size limit. Internal; not part of the public surface.
 */
import ky from 'ky';
import {
  InvalidInputError,
  isDotvnError,
  MalformedResponseError,
  TransportError,
  truncate,
} from '../../errors.js';
import type { TransportRequest } from '../transport.js';
import type { DnsMessage } from '../types.js';

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
      // Stay cookie-free and cache-neutral in browsers; answers are cached by the resolver.
      credentials: 'omit',
      ...(exchange.fetch ? { fetch: exchange.fetch } : {}),
    });
  } catch (error) {
    if (exchange.signal.aborted) throw error;
    throw new TransportError(
      `DoH request to ${exchange.endpoint} for ${exchange.query} failed: ${describe(error)}`,
      { endpoint: exchange.endpoint, query: exchange.query, cause: error },
    );
  }
  if (response.status < 200 || response.status > 299) {
    const snippet = await readSnippet(response, exchange.signal);
    throw new TransportError(
      `DoH endpoint ${exchange.endpoint} answered HTTP ${response.status} for ${exchange.query}; expected 2xx${snippet ? ` (body: ${snippet})` : ''}`,
      { endpoint: exchange.endpoint, query: exchange.query, status: response.status },
    );
  }
  return response;
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
  const header = response.headers.get('content-type') ?? '';
  const mediaType = header.split(';')[0]?.trim().toLowerCase() ?? '';
  if (accepted.includes(mediaType)) return;
  void response.body?.cancel().catch(() => {});
  throw new MalformedResponseError(
    `DoH endpoint ${exchange.endpoint} answered ${exchange.query} with content type "${truncate(header, 60) || '(none)'}"; expected ${accepted.join(' or ')}`,
    { endpoint: exchange.endpoint, query: exchange.query, status: response.status },
  );
}

/**
 * Reads the whole body, but never more than `limit` octets: a declared `content-length` over the
 * limit is refused before reading, and a stream that grows past it is cancelled.
 * @throws {MalformedResponseError} When the body is over `limit` octets.
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
      const { done, value } = await reader.read();
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

/**
 * Checks that an answer is a response to the question asked (RFC 8484 §4.2 leaves matching to the
 * client): QR set, one question, same name (case-insensitive, RFC 4343) and same type.
 * @throws {MalformedResponseError} When it is not.
 */
export function checkAnswerMatches(
  message: DnsMessage,
  request: Pick<TransportRequest, 'question'>,
  endpoint: string,
): void {
  const query = describeQuestion(request);
  const fail = (what: string) =>
    new MalformedResponseError(`Endpoint ${endpoint} answered ${query} with ${what}`, {
      endpoint,
      query,
    });
  if (!message.flags.qr) throw fail('a message that is not a response (QR bit clear)');
  const question = message.question[0];
  if (message.question.length !== 1 || !question) {
    throw fail(`${message.question.length} questions; expected the one asked`);
  }
  if (
    question.typeCode !== request.question.typeCode ||
    !sameName(question.name, request.question.name) ||
    question.class !== 1
  ) {
    throw fail(`an answer to another question (${truncate(question.name, 80)}/${question.type})`);
  }
}

/** Compares two presentation names as DNS does: ASCII case-insensitive, trailing dot ignored. */
export function sameName(a: string, b: string): boolean {
  return stripDot(a).toLowerCase() === stripDot(b).toLowerCase();
}

function stripDot(name: string): string {
  return name.length > 1 && name.endsWith('.') && !name.endsWith('\\.') ? name.slice(0, -1) : name;
}

/** `name/TYPE` of a request, as errors show it. */
export function describeQuestion(request: Pick<TransportRequest, 'question'>): string {
  return `${request.question.name}/${request.question.type}`;
}

/**
 * Wraps a codec failure so it names the endpoint and query, keeping the codec's offset.
 */
export function wrapDecodeError(error: unknown, exchange: Pick<HttpExchange, 'endpoint' | 'query'>): Error {
  if (isDotvnError(error) && error.endpoint !== undefined) return error;
  const offset = (error as { offset?: unknown } | null)?.offset;
  return new MalformedResponseError(
    `DoH endpoint ${exchange.endpoint} sent an undecodable answer for ${exchange.query}: ${describe(error)}`,
    {
      endpoint: exchange.endpoint,
      query: exchange.query,
      cause: error,
      ...(typeof offset === 'number' ? { offset } : {}),
    },
  );
}

async function readSnippet(response: Response, signal: AbortSignal): Promise<string> {
  // The start of an error page helps debugging; the rest is dropped unread.
  const body = response.body;
  if (!body || signal.aborted) return '';
  const reader = body.getReader();
  const onAbort = () => void reader.cancel().catch(() => {});
  signal.addEventListener('abort', onAbort, { once: true });
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
