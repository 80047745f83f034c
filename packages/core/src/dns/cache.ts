/**
 * The resolver's answer cache.
 *
 * What is cached, and for how long (seconds, decided when the answer arrives):
 * - a positive answer (NOERROR with a record of the asked type): the lowest TTL in the answer
 *   section, clamped to `[minTtl, maxTtl]`;
 * - a negative answer, NXDOMAIN or NODATA (NOERROR without a record of the asked type):
 *   `min(SOA TTL, SOA MINIMUM)` of the SOA in the authority section (RFC 2308 §5), also bounded by
 *   the lowest TTL of any CNAME in the answer section, capped by `negativeTtlCap` and `maxTtl`.
 *   Without an SOA it is not cached (RFC 2308 §5: "SHOULD NOT be cached");
 * - not cached: SERVFAIL and every other error code, truncated answers, and lifetimes of 0.
 *   RFC 2308 §7.1 allows caching SERVFAIL for up to five minutes, but this resolver fails over
 *   to other endpoints on SERVFAIL and a DNSSEC-bogus SERVFAIL is what readiness checks look
 *   for, so a fresh one is always fetched.
 *
 * A TTL with the top bit set counts as 0 (RFC 2181 §8).
 *
 * A cached answer comes back with `fromCache: true`, `elapsedMs: 0`, and every TTL lowered by
 * the entry's age (never below 0, never above the entry's remaining lifetime).
 */
import { InvalidInputError } from '../errors.js';
import { effectiveTtl, lowerTtls } from './transports/answer.js';
import type { DnsAnswer, DnsMessage } from './types.js';

/** What a {@link DnsCacheStore} holds for one question. Plain JSON, so any store can persist it. */
export interface DnsCacheEntry {
  /** The answer as received: `fromCache: false`, TTLs as the server sent them. */
  answer: DnsAnswer;
  /** When it was stored, in milliseconds since the epoch. */
  storedAt: number;
  /** How long it may be served, in seconds (see the module documentation). */
  ttl: number;
}

/**
 * Where the resolver keeps answers. Methods may return promises (IndexedDB, KV, Redis …). The
 * resolver treats a store that throws or rejects as a miss, never waits for `set`, and checks
 * `storedAt + ttl` itself, so a store may keep entries longer than asked.
 */
export interface DnsCacheStore {
  /** The entry under `key`, or `undefined` (or `null`) when there is none. */
  get(key: string): DnsCacheEntry | undefined | null | Promise<DnsCacheEntry | undefined | null>;
  /** Stores `entry` under `key`; it may be dropped after `ttlMs` milliseconds. */
  set(key: string, entry: DnsCacheEntry, ttlMs: number): void | Promise<void>;
  /** Removes the entry under `key`, if any. */
  delete(key: string): void | Promise<void>;
  /** Removes every entry. Optional; called by `resolver.close()` only for the built-in store. */
  clear?(): void | Promise<void>;
}

/** Options of {@link createMemoryCacheStore}. */
export interface MemoryCacheStoreOptions {
  /** Entries kept at most; the least recently used is evicted first. @default 10000 */
  maxEntries?: number;
  /** The clock, in milliseconds since the epoch (for tests). @default Date.now */
  now?: () => number;
}

/** The built-in store: a bounded, synchronous LRU map in memory. */
export interface MemoryCacheStore extends DnsCacheStore {
  get(key: string): DnsCacheEntry | undefined;
  set(key: string, entry: DnsCacheEntry, ttlMs: number): void;
  delete(key: string): void;
  clear(): void;
  /** Entries held now (expired ones included until they are touched or evicted). */
  readonly size: number;
}

/**
 * Creates the built-in in-memory LRU store.
 * @throws {InvalidInputError} When `maxEntries` is not a positive integer or `now` not a function.
 */
export function createMemoryCacheStore(options: MemoryCacheStoreOptions = {}): MemoryCacheStore {
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new InvalidInputError(
      `maxEntries must be a positive integer, received ${String(maxEntries)}`,
      maxEntries,
    );
  }
  if (typeof now !== 'function') throw new InvalidInputError('now must be a function', typeof now);
  // A Map iterates in insertion order, so re-inserting on every hit makes the first key the LRU.
  const map = new Map<string, { entry: DnsCacheEntry; expiresAt: number }>();
  return {
    get(key) {
      const slot = map.get(key);
      if (!slot) return undefined;
      map.delete(key);
      if (slot.expiresAt <= now()) return undefined;
      map.set(key, slot);
      return slot.entry;
    },
    set(key, entry, ttlMs) {
      map.delete(key);
      if (ttlMs <= 0) return;
      map.set(key, { entry, expiresAt: now() + ttlMs });
      while (map.size > maxEntries) {
        const oldest = map.keys().next();
        if (oldest.done) break;
        map.delete(oldest.value);
      }
    },
    delete(key) {
      map.delete(key);
    },
    clear() {
      map.clear();
    },
    get size() {
      return map.size;
    },
  };
}

/** The fields of a question that make answers differ. */
export interface CacheKeyInput {
  /** Presentation name; compared case-insensitively. */
  name: string;
  typeCode: number;
  /** @default 1 (IN) */
  class?: number;
  dnssecOk: boolean;
  cd: boolean;
  /** Set when the query was pinned to one endpoint. @default undefined */
  endpoint?: string | undefined;
}

/**
 * The cache key of a question: lower-case name, type, class, DO and CD bits (answers differ on
 * each: RRSIGs with DO, unvalidated data with CD), and the endpoint of a pinned query.
 */
export function cacheKey(input: CacheKeyInput): string {
  const base = `${input.name.toLowerCase()}|${input.typeCode}|${input.class ?? 1}|do${input.dnssecOk ? 1 : 0}|cd${input.cd ? 1 : 0}`;
  return input.endpoint === undefined ? base : `${base}|@${input.endpoint}`;
}

/** TTL bounds applied when caching; see `ResolverOptions`. */
export interface CachePolicy {
  /** Lowest lifetime of a positive answer, in seconds. */
  minTtl: number;
  /** Highest lifetime of any answer, in seconds. */
  maxTtl: number;
  /** Highest lifetime of a negative answer (NXDOMAIN, NODATA), in seconds. */
  negativeTtlCap: number;
}

/** NOERROR, NXDOMAIN (RFC 1035 §4.1.1). */
const NOERROR = 0;
const NXDOMAIN = 3;
const CNAME = 5;
const ANY = 255;

/**
 * How long `message` may be cached, in seconds; `0` means "do not cache". The rules are in the
 * module documentation.
 */
export function cacheLifetime(message: DnsMessage, policy: CachePolicy): number {
  if (message.flags.tc) return 0;
  if (message.rcode !== NOERROR && message.rcode !== NXDOMAIN) return 0;
  const asked = message.question[0]?.typeCode;
  const positive =
    message.rcode === NOERROR &&
    message.answer.some((record) => record.typeCode === asked || asked === ANY || asked === undefined);
  if (positive) {
    // Transports apply RFC 2181 §8 already; this holds for ones written elsewhere too.
    const lowest = Math.min(...message.answer.map((record) => effectiveTtl(record.ttl)));
    return clamp(lowest, policy.minTtl, policy.maxTtl);
  }
  const soa = message.authority.find((record) => record.type === 'SOA');
  if (soa?.type !== 'SOA') return 0;
  // RFC 2308 §5: the negative TTL is the lesser of the SOA's own TTL and its MINIMUM field.
  let ttl = Math.min(effectiveTtl(soa.ttl), soa.data.minimum);
  for (const record of message.answer)
    if (record.typeCode === CNAME) ttl = Math.min(ttl, effectiveTtl(record.ttl));
  return Math.max(0, Math.min(ttl, policy.negativeTtlCap, policy.maxTtl));
}

/**
 * The answer held by `entry` as it should be served at `now`, or `null` when the entry has
 * expired. TTLs are lowered by the whole seconds elapsed and capped by the remaining lifetime.
 */
export function answerFromCache(entry: DnsCacheEntry, now: number = Date.now()): DnsAnswer | null {
  const ageMs = now - entry.storedAt;
  if (!Number.isFinite(ageMs) || ageMs < 0 || ageMs >= entry.ttl * 1000) return null;
  const age = Math.floor(ageMs / 1000);
  return { ...lowerTtls(entry.answer, age, entry.ttl - age), elapsedMs: 0, fromCache: true };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
