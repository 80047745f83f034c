import { InvalidInputError } from '../../errors.js';
import type { DnsTransport, TransportRequest, TransportResponse } from '../transport.js';
import { bytesToBase64Url } from '../wire/encoding.js';
import { checkAnswerMatches, decodeAnswer, describeQuestion, messageId } from './answer.js';
import { createDohJsonTransport } from './doh-json.js';
import {
  checkMaxResponseBytes,
  checkMediaType,
  DNS_MESSAGE,
  type FetchLike,
  type HttpExchange,
  parseEndpointUrl,
  readBodyLimited,
  sendHttp,
  withHttpAge,
} from './http.js';

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
 * answer is to the question asked (name case-insensitive, type, class IN, message ID). A GET
 * answer may have come from an HTTP cache: its record TTLs are lowered by the `Age` header
 * (RFC 8484 §5.1).
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

  const kind = method === 'GET' ? 'doh-get' : 'doh-post';
  return {
    kind,
    endpoint,
    async send(request: TransportRequest): Promise<TransportResponse> {
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
      const message = decodeAnswer(bytes, request, endpoint);
      checkAnswerMatches(message, request, endpoint, messageId(request.wire));
      return { ...withHttpAge(message, response.headers.get('age')), transport: kind };
    },
  };
}
