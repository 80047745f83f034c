import * as http2 from 'node:http2';
import type { DnsTransport, TransportRequest, TransportResponse } from '../dns/transport.js';
import { checkAnswerMatches, decodeAnswer, describeQuestion, messageId } from '../dns/transports/answer.js';
import {
  checkMaxResponseBytes,
  DNS_MESSAGE,
  isSuccess,
  mediaTypeError,
  parseEndpointUrl,
  statusError,
  withHttpAge,
} from '../dns/transports/http.js';
import { InvalidInputError, MalformedResponseError, TransportError } from '../errors.js';
import { abortReason, describeNetworkError } from './shared.js';

/** Options of {@link createHttp2Transport}. */
export interface Http2TransportOptions {
  /**
   * The DoH endpoint (RFC 8484 URI template without variables), e.g.
   * `https://dns.example/dns-query`. `http:` URLs use cleartext HTTP/2 (h2c), for tests only.
   */
  url: string | URL;
  /**
   * `GET` sends the query as `?dns=` (base64url without padding, RFC 8484 §4.1),
   * `POST` as an `application/dns-message` body.
   * @default 'GET'
   */
  method?: 'GET' | 'POST';
  /**
   * Certificate authorities to trust instead of Node's bundled roots, PEM-encoded, e.g. a
   * private lab CA. `undefined` keeps the default roots.
   * @default undefined
   */
  ca?: string | Buffer | ReadonlyArray<string | Buffer>;
  /**
   * Reject servers whose certificate does not verify. Turn off only for throw-away tests.
   * @default true
   */
  rejectUnauthorized?: boolean;
  /**
   * Largest response body accepted; reading stops (the stream is cancelled) beyond it.
   * @default 65535 (the largest DNS message, RFC 1035 §4.2.2)
   */
  maxResponseBytes?: number;
  /**
   * Milliseconds without activity after which the HTTP/2 session is closed. The next query opens
   * a new one. `0` keeps the session until the server closes it or `close()` is called.
   * @default 30000
   */
  sessionIdleTimeout?: number;
}

type ResolvedHttp2Options = {
  url: URL;
  method: 'GET' | 'POST';
  ca: string | Buffer | Array<string | Buffer> | undefined;
  rejectUnauthorized: boolean;
  maxResponseBytes: number;
  sessionIdleTimeout: number;
};

/** Resolves the defaults of {@link Http2TransportOptions}; throws InvalidInputError on bad values. */
function resolveHttp2Options(options: Http2TransportOptions): ResolvedHttp2Options {
  // The fetch transport's rules, the RFC 8484 URI template suffix `{?dns}` included.
  const url = parseEndpointUrl(String(options.url));
  const method = options.method ?? 'GET';
  if (method !== 'GET' && method !== 'POST') {
    throw new InvalidInputError(`Invalid DoH method: expected GET or POST, received ${method}`, method);
  }
  const maxResponseBytes = checkMaxResponseBytes(options.maxResponseBytes);
  const sessionIdleTimeout = options.sessionIdleTimeout ?? 30_000;
  // Node's timers hold at most 2^31 − 1 ms; a longer one would be cut to 1 ms with a warning.
  if (!Number.isFinite(sessionIdleTimeout) || sessionIdleTimeout < 0 || sessionIdleTimeout > 2 ** 31 - 1) {
    throw new InvalidInputError(
      `Invalid sessionIdleTimeout: expected milliseconds from 0 to 2147483647, received ${sessionIdleTimeout}`,
      sessionIdleTimeout,
    );
  }
  const ca =
    options.ca === undefined
      ? undefined
      : typeof options.ca === 'string' || Buffer.isBuffer(options.ca)
        ? options.ca
        : [...options.ca];
  return {
    url,
    method,
    ca,
    rejectUnauthorized: options.rejectUnauthorized ?? true,
    maxResponseBytes,
    sessionIdleTimeout,
  };
}

/** Encodes bytes as base64url without padding (RFC 4648 §5, RFC 8484 §6). */
function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/**
 * A DNS-over-HTTPS transport (RFC 8484) over `node:http2`, for servers that speak only HTTP/2
 * (Unbound's built-in DoH, for one), which `fetch` in Node (HTTP/1.1) cannot reach.
 *
 * The transport keeps one HTTP/2 session to its origin and multiplexes concurrent queries as
 * streams. The session is opened on the first query, re-opened after the server sends GOAWAY,
 * closes the connection or fails, and is closed after `sessionIdleTimeout`. It is unref'd
 * while idle, so it never keeps the process alive on its own.
 *
 * `send()` rejects with a `TransportError` (connection/TLS failure, reset stream, non-2xx
 * `:status`, with `status` and `endpoint`), a `MalformedResponseError` (wrong content type,
 * body over `maxResponseBytes`, undecodable message, answer to another question or with another
 * message ID), or the signal's reason once `request.signal` fires (the stream is cancelled with
 * `NGHTTP2_CANCEL`). As with the fetch transport, record TTLs are lowered by the `Age` header of
 * an answer that came through an HTTP cache such as a CDN (RFC 8484 §5.1).
 *
 * @example
 * ```ts
 * import { createResolver } from '@dotvn/core/dns';
 * import { createHttp2Transport } from '@dotvn/core/node';
 * const resolver = createResolver({ endpoints: [createHttp2Transport({ url: 'https://dns.lab/dns-query' })] });
 * ```
 * @throws {InvalidInputError} When `url`, `method`, `maxResponseBytes` or `sessionIdleTimeout` is invalid.
 */
export function createHttp2Transport(options: Http2TransportOptions): DnsTransport {
  const config = resolveHttp2Options(options);
  const endpoint = config.url.href;
  const origin = config.url.origin;
  let session: http2.ClientHttp2Session | null = null;
  // Streams in flight per session: a session is referenced (keeps the process alive) only then.
  const inFlight = new WeakMap<http2.ClientHttp2Session, number>();

  function getSession(): http2.ClientHttp2Session {
    if (session !== null && !session.closed && !session.destroyed) return session;
    const connectOptions: http2.SecureClientSessionOptions = {
      rejectUnauthorized: config.rejectUnauthorized,
      // RFC 8484 §5.2: HTTP/2 is the minimum recommended version; this transport speaks only h2.
      ALPNProtocols: ['h2'],
    };
    if (config.ca !== undefined) connectOptions.ca = config.ca;
    const created = http2.connect(origin, connectOptions);
    const forget = (): void => {
      if (session === created) session = null;
    };
    // Any of these makes the session unusable for new streams; the next query reconnects.
    // After GOAWAY, streams in flight may still finish (RFC 9113 §6.8); close() waits for them.
    created.on('goaway', () => {
      forget();
      if (!created.closed) created.close();
    });
    created.on('close', forget);
    // Errors reach the pending streams through their own 'error' events; without a listener
    // here an 'error' on the session would crash the process.
    created.on('error', forget);
    if (config.sessionIdleTimeout > 0) {
      created.setTimeout(config.sessionIdleTimeout, () => {
        forget();
        created.close();
      });
    }
    created.unref();
    session = created;
    return created;
  }

  function send(request: TransportRequest): Promise<TransportResponse> {
    const { signal } = request;
    if (signal.aborted) return Promise.reject(abortReason(signal));
    const query = describeQuestion(request);
    const context = { endpoint, query };
    return new Promise<TransportResponse>((resolve, reject) => {
      let settled = false;
      let current: http2.ClientHttp2Session;
      let stream: http2.ClientHttp2Stream;
      let ageHeader: string | string[] | undefined;

      const finish = (error: unknown, message?: TransportResponse): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        if (message !== undefined) {
          resolve(message);
          return;
        }
        // Stop the server sending the rest of an unwanted response (and free the stream slot).
        // A stream still waiting for the session to connect would only be reset once connected,
        // keeping the process alive and close() waiting meanwhile (a stalled TLS handshake can
        // take minutes): it is dropped before anything was sent.
        if (stream.pending) stream.destroy();
        else if (!stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL);
        reject(error);
      };
      const fail = (message: string, extra: { cause?: unknown } = {}): void =>
        finish(new TransportError(message, { endpoint, query, ...extra }));
      const malformed = (message: string): void =>
        finish(new MalformedResponseError(message, { endpoint, query }));
      const onAbort = (): void => finish(abortReason(signal));

      try {
        current = getSession();
        const path = `${config.url.pathname}${config.url.search}`;
        const headers: http2.OutgoingHttpHeaders = {
          [http2.constants.HTTP2_HEADER_METHOD]: config.method,
          [http2.constants.HTTP2_HEADER_ACCEPT]: DNS_MESSAGE,
        };
        if (config.method === 'GET') {
          const separator = config.url.search === '' ? '?' : '&';
          headers[http2.constants.HTTP2_HEADER_PATH] = `${path}${separator}dns=${base64url(request.wire)}`;
        } else {
          headers[http2.constants.HTTP2_HEADER_PATH] = path;
          headers[http2.constants.HTTP2_HEADER_CONTENT_TYPE] = DNS_MESSAGE;
          headers[http2.constants.HTTP2_HEADER_CONTENT_LENGTH] = request.wire.byteLength;
        }
        stream = current.request(headers, { endStream: config.method === 'GET' });
      } catch (error) {
        reject(
          new TransportError(`HTTP/2 request to ${endpoint} failed: ${describeNetworkError(error)}`, {
            endpoint,
            query,
            cause: error,
          }),
        );
        return;
      }

      // Keep the process alive only while a query is in flight.
      const active = inFlight.get(current) ?? 0;
      inFlight.set(current, active + 1);
      if (active === 0) current.ref();
      stream.on('close', () => {
        // A closing session stays referenced until it is closed (see close()).
        const left = (inFlight.get(current) ?? 1) - 1;
        inFlight.set(current, left);
        if (left === 0 && !current.closed && !current.destroyed) current.unref();
        if (!settled) {
          const code = stream.rstCode;
          fail(
            `HTTP/2 stream to ${endpoint} closed before a complete response (RST_STREAM code ${code ?? 'none'})`,
          );
        }
      });
      stream.on('error', (error: unknown) =>
        fail(`HTTP/2 exchange with ${endpoint} failed: ${describeNetworkError(error)}`, { cause: error }),
      );
      signal.addEventListener('abort', onAbort, { once: true });

      const chunks: Buffer[] = [];
      let received = 0;
      stream.on('response', (headers) => {
        const status = Number(headers[http2.constants.HTTP2_HEADER_STATUS]);
        if (!isSuccess(status)) {
          finish(statusError(status, context));
          return;
        }
        const wrongType = mediaTypeError(headers['content-type'], [DNS_MESSAGE], context, status);
        if (wrongType !== null) {
          finish(wrongType);
          return;
        }
        ageHeader = headers.age;
        const declared = Number(headers[http2.constants.HTTP2_HEADER_CONTENT_LENGTH] ?? Number.NaN);
        if (declared > config.maxResponseBytes) {
          malformed(
            `DoH response from ${endpoint} for ${query} declares ${declared} bytes, more than the ${config.maxResponseBytes} allowed`,
          );
        }
      });
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        received += chunk.byteLength;
        if (received > config.maxResponseBytes) {
          malformed(
            `DoH response from ${endpoint} for ${query} exceeds ${config.maxResponseBytes} bytes; stopped reading`,
          );
          return;
        }
        chunks.push(chunk);
      });
      stream.on('end', () => {
        if (settled) return;
        try {
          const message = decodeAnswer(Buffer.concat(chunks, received), request, endpoint);
          // GET sends ID 0 (RFC 8484 §4.1); whatever was sent must come back.
          checkAnswerMatches(message, request, endpoint, messageId(request.wire));
          finish(undefined, { ...withHttpAge(message, ageHeader), transport: 'doh-http2' });
        } catch (error) {
          finish(error);
        }
      });
      if (config.method === 'POST') stream.end(request.wire);
    });
  }

  async function close(): Promise<void> {
    const closing = session;
    session = null;
    if (closing === null || closing.closed || closing.destroyed) return;
    // Held referenced until closed: an unref'd socket would let the process exit with this
    // promise unsettled (e.g. a CLI awaiting close() at top level).
    closing.ref();
    await new Promise<void>((resolve) => {
      closing.once('close', () => resolve());
      // Nothing has been sent over a session still connecting, so nothing is lost by dropping
      // it; a graceful close would wait for the handshake, which may never finish.
      if (closing.connecting) closing.destroy();
      else closing.close();
    });
  }

  return { kind: 'doh-http2', endpoint, send, close };
}
