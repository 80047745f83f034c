import { InvalidInputError } from '../errors.js';
import { createMemoryCacheStore, type DnsCacheStore } from './cache.js';
import type { DnsTransport } from './transport.js';
import { createDohTransport } from './transports/doh.js';
import type { FetchLike } from './transports/http.js';

/** A DoH endpoint described by URL, with how to talk to it. */
export interface DohEndpoint {
  /** The endpoint URL, e.g. `https://dns.google/dns-query` (or `https://dns.google/resolve` for JSON). */
  url: string;
  /** RFC 8484 GET or POST; ignored for `format: 'json'` (always GET). @default the resolver's `method` */
  method?: 'GET' | 'POST';
  /** RFC 8484 wire format or the Google/Cloudflare JSON API. @default 'wire' */
  format?: 'wire' | 'json';
}

/** An endpoint: a DoH URL, a described DoH endpoint, or any {@link DnsTransport} (e.g. from `@dotvn/core/node`). */
export type EndpointInput = string | DohEndpoint | DnsTransport;

/** Public resolvers used when no `endpoints` are given, in the order they are tried. Frozen. */
export const DEFAULT_ENDPOINTS: readonly string[] = Object.freeze([
  'https://cloudflare-dns.com/dns-query',
  'https://dns.google/dns-query',
  'https://dns.quad9.net/dns-query',
]);

/** Options of `createResolver()`. Every field is optional; defaults are resolved by {@link resolveResolverOptions}. */
export interface ResolverOptions {
  /**
   * Where queries go, tried in this order (see the failover policy on `createResolver`). Strings
   * and `{ url }` objects become RFC 8484 transports; `DnsTransport` objects are used as given.
   * @default ['https://cloudflare-dns.com/dns-query', 'https://dns.google/dns-query', 'https://dns.quad9.net/dns-query']
   */
  endpoints?: readonly EndpointInput[];
  /** HTTP method for endpoints given without one. GET answers are HTTP-cacheable (RFC 8484 §5.1). @default 'GET' */
  method?: 'GET' | 'POST';
  /**
   * Time limit of one attempt at one endpoint, in milliseconds, counted from when the query leaves
   * the concurrency queue. A query may make several attempts (failover, retries).
   * @default 5000
   */
  timeout?: number;
  /** Extra rounds over the endpoints after the first one has failed everywhere. @default 1 */
  retries?: number;
  /**
   * Base delay before a retry round, in milliseconds; round `n` waits `retryDelay × 2^(n−1)`
   * with ±50 % jitter.
   * @default 100
   */
  retryDelay?: number;
  /**
   * How long, in milliseconds, an endpoint that failed (timeout, network or HTTP error, malformed
   * answer) is moved behind the healthy ones. A success clears it.
   * @default 30000
   */
  failoverCooldown?: number;
  /** Ask for DNSSEC records (the EDNS DO bit, RFC 3225). @default true */
  dnssec?: boolean;
  /** Ask the resolver not to validate (the CD bit, RFC 4035 §3.2.2), e.g. to see bogus data. @default false */
  checkingDisabled?: boolean;
  /**
   * RFC 8467 block-length padding of queries, in octets (RFC 7830 option), so that query sizes do
   * not reveal the name over an encrypted channel. 128 is the recommended block size; `0` is off.
   * Ignored by the JSON API.
   * @default 0
   */
  padding?: number;
  /**
   * `true` for the built-in in-memory LRU cache, `false` for none, or your own store (e.g. backed
   * by `localStorage`, KV or Redis). See `cache.ts` for what is cached and for how long.
   * @default true
   */
  cache?: boolean | DnsCacheStore;
  /**
   * Largest number of entries in the built-in cache; the least recently used go first. Ignored
   * when `cache` is your own store (bound its size there) or `false`.
   * @default 10000
   */
  maxCacheEntries?: number;
  /** Lowest cache lifetime for positive answers, in seconds. @default 0 */
  minTtl?: number;
  /** Highest cache lifetime, in seconds (answers stay cached at most this long). @default 86400 */
  maxTtl?: number;
  /**
   * Highest cache lifetime of negative answers (NXDOMAIN, NODATA), in seconds. The lifetime is
   * `min(SOA TTL, SOA MINIMUM)` from the authority section (RFC 2308 §5), capped by this.
   * @default 3600
   */
  negativeTtlCap?: number;
  /**
   * Most network queries in flight at once; others wait in line (abortable). 32 keeps a burst
   * (a page checking many names) from opening dozens of HTTP/1.1 connections or tripping public
   * resolvers' rate limits, while staying well below HTTP/2's usual 100 concurrent streams.
   * @default 32
   */
  concurrency?: number;
  /** The fetch implementation, e.g. one that adds authentication or uses a proxy. @default globalThis.fetch */
  fetch?: FetchLike;
  /** Extra HTTP headers for every DoH request made by endpoints built from URLs. @default {} */
  headers?: Record<string, string>;
  /** Largest DoH response body accepted, in octets; larger ones fail without being read in full. @default 65535 */
  maxResponseBytes?: number;
}

/** Options of one `query()` or `resolve()` call; unset fields fall back to the resolver's. */
export interface QueryOptions {
  /** Cancels the query: it rejects at once with `AbortedError` and no further attempt is made. @default undefined */
  signal?: AbortSignal;
  /** Per-attempt time limit in milliseconds. @default the resolver's `timeout` */
  timeout?: number;
  /** Checking disabled (CD bit). @default the resolver's `checkingDisabled` */
  cd?: boolean;
  /** DNSSEC OK (DO bit). @default the resolver's `dnssec` */
  dnssec?: boolean;
  /**
   * `false` skips the cache lookup (the fresh answer is still stored, refreshing the entry).
   * @default true
   */
  cache?: boolean;
  /**
   * Send only to this endpoint (as shown in `answer.endpoint`, e.g. the URL); no failover, but
   * retries still apply. Answers of pinned queries are cached apart from the others.
   * @default undefined (all endpoints, with failover)
   */
  endpoint?: string;
}

/** {@link ResolverOptions} with every default applied and the endpoints turned into transports. */
export interface ResolvedResolverOptions {
  transports: readonly DnsTransport[];
  timeout: number;
  retries: number;
  retryDelay: number;
  failoverCooldown: number;
  dnssec: boolean;
  checkingDisabled: boolean;
  padding: number;
  /** The store, or `null` when caching is off. */
  cache: DnsCacheStore | null;
  /** `true` when the store was built here (so the resolver may clear it on close). */
  cacheOwned: boolean;
  maxCacheEntries: number;
  minTtl: number;
  maxTtl: number;
  negativeTtlCap: number;
  concurrency: number;
  fetch: FetchLike | undefined;
  headers: Record<string, string>;
  maxResponseBytes: number;
}

/**
 * Applies the defaults of {@link ResolverOptions} and checks every value; the one place where
 * defaults live.
 * @throws {InvalidInputError} For a value of the wrong type or out of range, an empty endpoint
 *   list, an endpoint URL that is not `https:`/`http:`, or two endpoints with the same URL.
 */
export function resolveResolverOptions(options: ResolverOptions = {}): ResolvedResolverOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidInputError('Resolver options must be an object', options);
  }
  const method = options.method ?? 'GET';
  if (method !== 'GET' && method !== 'POST') {
    throw new InvalidInputError(`method must be "GET" or "POST", received "${String(method)}"`, method);
  }
  const maxResponseBytes = integer(options, 'maxResponseBytes', 65535, 12, 16 * 1024 * 1024);
  const headers = { ...(options.headers ?? {}) };
  const fetch = options.fetch;
  if (fetch !== undefined && typeof fetch !== 'function') {
    throw new InvalidInputError('fetch must be a function', typeof fetch);
  }

  const inputs = options.endpoints ?? DEFAULT_ENDPOINTS;
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new InvalidInputError(
      'endpoints must be a non-empty array of URLs, { url } objects or transports',
      inputs,
    );
  }
  const transports = inputs.map((input: EndpointInput): DnsTransport => {
    if (typeof input === 'string') {
      return createDohTransport({
        url: input,
        method,
        maxResponseBytes,
        headers,
        ...(fetch ? { fetch } : {}),
      });
    }
    if (isTransport(input)) return input;
    if (typeof input === 'object' && input !== null && typeof input.url === 'string') {
      return createDohTransport({
        url: input.url,
        method: input.method ?? method,
        format: input.format ?? 'wire',
        maxResponseBytes,
        headers,
        ...(fetch ? { fetch } : {}),
      });
    }
    throw new InvalidInputError(
      'Each endpoint must be a URL string, a { url } object or a DnsTransport',
      input,
    );
  });
  const seen = new Set<string>();
  for (const transport of transports) {
    // Endpoint strings identify endpoints in answers, errors, cooldown and pinning.
    if (seen.has(transport.endpoint)) {
      throw new InvalidInputError(`Endpoint ${transport.endpoint} is listed twice`, transport.endpoint);
    }
    seen.add(transport.endpoint);
  }

  const maxCacheEntries = integer(options, 'maxCacheEntries', 10_000, 1, 2 ** 31);
  const cacheOption = options.cache ?? true;
  let cache: DnsCacheStore | null;
  if (cacheOption === true) cache = createMemoryCacheStore({ maxEntries: maxCacheEntries });
  else if (cacheOption === false) cache = null;
  else if (isCacheStore(cacheOption)) cache = cacheOption;
  else
    throw new InvalidInputError(
      'cache must be true, false or an object with get, set and delete',
      cacheOption,
    );

  const minTtl = integer(options, 'minTtl', 0, 0, 2 ** 31 - 1);
  const maxTtl = integer(options, 'maxTtl', 86_400, 0, 2 ** 31 - 1);
  if (minTtl > maxTtl) throw new InvalidInputError(`minTtl (${minTtl}) is above maxTtl (${maxTtl})`, minTtl);

  return {
    transports,
    timeout: integer(options, 'timeout', 5000, 1, 2 ** 31 - 1),
    retries: integer(options, 'retries', 1, 0, 10),
    retryDelay: integer(options, 'retryDelay', 100, 0, 60_000),
    failoverCooldown: integer(options, 'failoverCooldown', 30_000, 0, 2 ** 31 - 1),
    dnssec: boolean(options, 'dnssec', true),
    checkingDisabled: boolean(options, 'checkingDisabled', false),
    padding: integer(options, 'padding', 0, 0, 512),
    cache,
    cacheOwned: cacheOption === true,
    maxCacheEntries,
    minTtl,
    maxTtl,
    negativeTtlCap: integer(options, 'negativeTtlCap', 3600, 0, 2 ** 31 - 1),
    concurrency: integer(options, 'concurrency', 32, 1, 10_000),
    fetch,
    headers,
    maxResponseBytes,
  };
}

/**
 * Checks a per-attempt timeout given to `query()`.
 * @throws {InvalidInputError} When it is not an integer of milliseconds from 1 up.
 */
export function checkTimeout(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2 ** 31 - 1) {
    throw new InvalidInputError(
      `timeout must be a whole number of milliseconds from 1, received ${String(value)}`,
      value,
    );
  }
  return value;
}

function integer<K extends keyof ResolverOptions>(
  options: ResolverOptions,
  key: K,
  fallback: number,
  min: number,
  max: number,
): number {
  const value: unknown = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidInputError(
      `${key} must be an integer from ${min} to ${max}, received ${String(value)}`,
      value,
    );
  }
  return value;
}

function boolean<K extends keyof ResolverOptions>(
  options: ResolverOptions,
  key: K,
  fallback: boolean,
): boolean {
  const value: unknown = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean')
    throw new InvalidInputError(`${key} must be a boolean, received ${String(value)}`, value);
  return value;
}

function isTransport(value: unknown): value is DnsTransport {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as DnsTransport).send === 'function' &&
    typeof (value as DnsTransport).endpoint === 'string' &&
    typeof (value as DnsTransport).kind === 'string'
  );
}

function isCacheStore(value: unknown): value is DnsCacheStore {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as DnsCacheStore).get === 'function' &&
    typeof (value as DnsCacheStore).set === 'function' &&
    typeof (value as DnsCacheStore).delete === 'function'
  );
}
