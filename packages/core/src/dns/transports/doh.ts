import { InvalidInputError } from '../../errors.js';
import type { DnsTransport, TransportRequest } from '../transport.js';
import type { DnsMessage } from '../types.js';
import { bytesToBase64Url } from '../wire/encoding.js';
import { decodeMessage } from '../wire/index.js';
import { createDohJsonTransport } from './doh-json.js';
import {
  checkAnswerMatches,
  checkMaxResponseBytes,
  checkMediaType,
  describeQuestion,
  type FetchLike,
  type HttpExchange,
  parseEndpointUrl,
  readBodyLimited,
  sendHttp,
  wrapDecodeError,
} from './http.js';

/** RFC 8484 §6 media type. */
const DNS_MESSAGE = 'application/dns-message';

/** Options of {@link createDohTransport}. */
export interface DohTransportOptions {
  /**
   * The DoH endpoint, `https:` (or `http:` for a local test server). An RFC 8484 URI template
   * suffix `{?dns}` is accepted and dropped.
   */
  url: string;
  /**
   * RFC 8484 GET (`?dns=` base64url, cache-friendly) or POST (body, smaller for large queries).
   * @default 'GET'
   */
  method?: 'GET' | 'POST';
  /**
   * `wire` for RFC 8484 `application/dns-message`; `json` for the Google/Cloudflare JSON API
   * (`application/dns-json`), which {@link createDohJsonTransport} implements.
   * @default 'wire'
   */
  format?: 'wire' | 'json';
  /** The fetch implementation. @default globalThis.fetch */
  fetch?: FetchLike;
  /** Extra request headers; `accept` and `content-type` are always set by the transport. @default {} */
  headers?: Record<string, string>;
  /** Largest body accepted, in octets; a larger one is refused without being read in full. @default 65535 */
  maxResponseBytes?: number;
}

/**
 * Creates an RFC 8484 DNS-over-HTTPS transport. It uses the runtime's `fetch` (through `ky`) and
 * nothing else, so it runs in browsers, Node 20+, Deno, Bun and workers.
 *
 * `send()` checks, in order: the HTTP status (2xx), the media type (`application/dns-message`),
 * the body size (streamed, stops at `maxResponseBytes`), that the body decodes, and that the
 * answer is to the question asked (name case-insensitive, type, class IN, message ID).
 *
 * @throws {InvalidInputError} When `url` is not an absolute `https:`/`http:` URL or an option is out of range.
 */
export function createDohTransport(options: DohTransportOptions): DnsTransport {
  if (options.format === 'json') return createDohJsonTransport(options);
  if (options.format !== undefined && options.format !== 'wire') {
    throw new InvalidInputError(
      `DoH format must be "wire" or "json", received "${String(options.format)}"`,
      options.format,
    );
  }
  const url = parseEndpointUrl(options.url);
  const method = options.method ?? 'GET';
  if (method !== 'GET' && method !== 'POST') {
    throw new InvalidInputError(`DoH method must be "GET" or "POST", received "${String(method)}"`, method);
  }
  const maxResponseBytes = checkMaxResponseBytes(options.maxResponseBytes);
  const endpoint = url.href;
  const extraHeaders = { ...options.headers };

  return {
    kind: method === 'GET' ? 'doh-get' : 'doh-post',
    endpoint,
    async send(request: TransportRequest): Promise<DnsMessage> {
      const target = new URL(url);
      const headers: Record<string, string> = { ...extraHeaders, accept: DNS_MESSAGE };
      if (method === 'GET') {
        target.searchParams.set('dns', bytesToBase64Url(request.wire));
      } else {
        headers['content-type'] = DNS_MESSAGE;
      }
      const exchange: HttpExchange = {
        url: target,
        method,
        headers,
        ...(method === 'POST' ? { body: request.wire } : {}),
        fetch: options.fetch,
        signal: request.signal,
        endpoint,
        query: describeQuestion(request),
      };
      const response = await sendHttp(exchange);
      checkMediaType(response, [DNS_MESSAGE], exchange);
      const bytes = await readBodyLimited(response, maxResponseBytes, exchange);
      let message: DnsMessage;
      try {
        message = decodeMessage(bytes);
      } catch (error) {
        throw wrapDecodeError(error, exchange);
      }
      checkAnswerMatches(message, request, endpoint);
      const sentId = request.wire.length >= 2 ? ((request.wire[0] ?? 0) << 8) | (request.wire[1] ?? 0) : 0;
      if (message.id !== sentId) {
        throw wrapDecodeError(
          new Error(`message ID ${message.id} does not match the query's ${sentId}`),
          exchange,
        );
      }
      return message;
    },
  };
}
