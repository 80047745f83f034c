import {
  AbortedError,
  type DotvnError,
  InvalidInputError,
  isAbortedError,
  isDotvnError,
  RcodeError,
  ResolutionError,
  TimeoutError,
  TransportError,
  truncate,
} from '../errors.js';
import { answerFromCache, cacheKey, cacheLifetime, type DnsCacheEntry } from './cache.js';
import { createLimiter } from './limit.js';
import { isKnownRecordType, normaliseQueryName, parseRecordType } from './names.js';
import { checkTimeout, type QueryOptions, type ResolverOptions, resolveResolverOptions } from './options.js';
import type { DnsTransport, TransportRequest } from './transport.js';
import { checkAnswerMatches, sameName } from './transports/answer.js';
import {
  type DnsAnswer,
  type KnownRecordType,
  Rcode,
  type RecordDataMap,
  RecordType,
  type UnknownTypeName,
} from './types.js';
import { encodeQuery } from './wire/index.js';

/**
 * What `resolver.resolve()` returns: the data of the RRset that answers the question, after
 * following any CNAME/DNAME chain inside the answer section.
 */
export interface ResolveResult<T extends KnownRecordType = KnownRecordType> {
  /** The name asked about, normalised (ASCII, lower case, no trailing dot). */
  name: string;
  /** The type asked about. */
  type: T;
  /** Data of the records of type `T` at the end of the chain; empty for `nodata` and `nxdomain`. */
  records: RecordDataMap[T][];
  /**
   * Seconds the result may be reused: the lowest TTL of the returned records, or for a negative
   * result `min(SOA TTL, SOA MINIMUM)` of the authority section (RFC 2308), or 0 without an SOA.
   */
  ttl: number;
  /** Names reached through CNAME/DNAME, in order, not including `name`. */
  cnameChain: string[];
  /** `ok` with records, `nodata` when the name exists without records of the type, `nxdomain` when it does not exist. */
  status: 'ok' | 'nodata' | 'nxdomain';
  /** The resolver validated the answer with DNSSEC (the AD bit). */
  secure: boolean;
  /** The full answer the result was read from. */
  answer: DnsAnswer;
}

/** A DNS-over-HTTPS stub resolver; see {@link createResolver}. */
export interface Resolver {
  /**
   * Sends one question and returns the full answer, whatever its response code. SERVFAIL and
   * other error codes are answers too (a DNSSEC-bogus name is a SERVFAIL with an RFC 8914
   * extended error): one is returned when no endpoint gave a better answer.
   *
   * @param name Domain name, Unicode or ASCII, trailing dot optional (see `normaliseQueryName`).
   * @param type Type by name (any case), `TYPE<n>` or number. @default 'A'
   * @throws {InvalidInputError} For a bad name, type or option, before any request.
   * @throws {AbortedError} When `options.signal` fires or the resolver is closed.
   * @throws {ResolutionError} When no endpoint answered at all; `attempts` says why each failed.
   */
  query(
    name: string,
    type?: RecordType | UnknownTypeName | number | string,
    options?: QueryOptions,
  ): Promise<DnsAnswer>;
  /**
   * Resolves a name to the typed data of one record type, following CNAME/DNAME chains in the
   * answer. NXDOMAIN and NODATA are results (`status`), not errors.
   *
   * @param type A type with typed data (`A`, `AAAA`, `MX`, `TXT`, …). @default 'A'
   * @throws {InvalidInputError} For a bad name or option, or a type without typed data (use `query()`).
   * @throws {AbortedError} When `options.signal` fires or the resolver is closed.
   * @throws {ResolutionError} When no endpoint gave an answer with NOERROR or NXDOMAIN, e.g.
   *   every endpoint answered SERVFAIL; `attempts` holds an `RcodeError` for each such answer.
   */
  resolve<T extends KnownRecordType = 'A'>(
    name: string,
    type?: T,
    options?: QueryOptions,
  ): Promise<ResolveResult<T>>;
  /** The endpoints, in configured order. */
  readonly endpoints: readonly string[];
  /**
   * Aborts queries in flight (they reject with `AbortedError`), closes every transport that has
   * a `close()` (including ones passed in `endpoints`), and empties the built-in cache. Queries
   * made afterwards reject with `AbortedError`.
   */
  close(): Promise<void>;
}

/** Response codes that answer the question; any other one makes the resolver try elsewhere. */
const ANSWER_RCODES: ReadonlySet<number> = new Set([Rcode.NOERROR, Rcode.NXDOMAIN, Rcode.YXDOMAIN]);
/** Longest CNAME/DNAME chain followed in one answer (loops are cut earlier). */
const MAX_CHAIN = 16;

interface Outcome {
  answer: DnsAnswer;
  /**
   * Errors of the failed attempts, in order (empty for cache hits). When `answer` has an error
   * code it was chosen for lack of better, and its `RcodeError` is among them; an answer accepted
   * as such (a code of {@link ANSWER_RCODES}) has none here.
   */
  attempts: DotvnError[];
}

interface Flight {
  key: string;
  promise: Promise<Outcome>;
  controller: AbortController;
  waiters: number;
}

interface Prepared {
  query: string;
  question: TransportRequest['question'];
  wire: Uint8Array;
  cd: boolean;
  dnssecOk: boolean;
  timeout: number;
  transports: readonly DnsTransport[] | null;
  key: string;
  useCache: boolean;
  signal: AbortSignal | undefined;
}

/**
 * Creates a DNS-over-HTTPS stub resolver that runs in browsers, Node 20+, Deno, Bun and
 * workers. It fails over between endpoints, retries with backoff, caches answers (TTL-respecting,
 * RFC 2308 negative caching; the rules are in `cache.ts`), merges identical queries in flight and
 * bounds concurrency.
 *
 * Failover policy:
 * - Endpoints are tried one at a time, in configured order, except that an endpoint that failed
 *   within `failoverCooldown` moves behind the others (oldest failure first). It is still tried
 *   if the others fail, so a round never skips an endpoint. A success clears the mark.
 * - An attempt fails over to the next endpoint on: timeout (`timeout` per attempt), network
 *   error, HTTP error status, malformed answer (wrong content type, oversized, undecodable, answer
 *   to another question), or a response code other than NOERROR, NXDOMAIN and YXDOMAIN (SERVFAIL,
 *   REFUSED, NOTIMP, FORMERR …). Only the first four mark the endpoint for cooldown: a SERVFAIL is
 *   usually about the name (a bogus zone), not the endpoint.
 * - After a full round without an answer, up to `retries` more rounds follow, each after
 *   `retryDelay × 2^(round−1)` ms with ±50 % jitter.
 * - When every attempt failed: if some endpoint answered with an error code, `query()` returns the
 *   last such answer (callers need a bogus SERVFAIL and its extended errors) and `resolve()`
 *   throws `ResolutionError`; otherwise both throw `ResolutionError` with every attempt's error.
 *   `resolve()` also throws for a YXDOMAIN answer; its `attempts` then end with that answer's
 *   `RcodeError`.
 * - The caller's abort rejects at once with `AbortedError`; nothing further is sent.
 * - Identical questions in flight share one exchange; the exchange is aborted only when every
 *   caller waiting for it has aborted, and a question asked after that starts a new one.
 * - At most `concurrency` attempts are in flight; the rest wait in line (leaving it on abort).
 *   The per-attempt timeout starts when an attempt leaves the line.
 *
 * @example
 * const resolver = createResolver();
 * const { records } = await resolver.resolve('nic.vn', 'AAAA');
 * @throws {InvalidInputError} When an option is invalid (see `ResolverOptions`).
 */
export function createResolver(options: ResolverOptions = {}): Resolver {
  const config = resolveResolverOptions(options);
  const limiter = createLimiter(config.concurrency);
  const failedAt = new Map<DnsTransport, number>();
  const inFlight = new Map<string, Flight>();
  // Every exchange under way, so close() can abort them without each one listening on a shared signal.
  const running = new Set<AbortController>();
  let closed = false;
  const policy = { minTtl: config.minTtl, maxTtl: config.maxTtl, negativeTtlCap: config.negativeTtlCap };

  function prepare(name: string, type: string | number, queryOptions: QueryOptions): Prepared {
    if (typeof queryOptions !== 'object' || queryOptions === null) {
      throw new InvalidInputError('Query options must be an object', queryOptions);
    }
    const normalised = normaliseQueryName(name);
    const parsed = parseRecordType(type);
    const cd = flag(queryOptions.cd, config.checkingDisabled, 'cd');
    const dnssecOk = flag(queryOptions.dnssec, config.dnssec, 'dnssec');
    const useCache = flag(queryOptions.cache, true, 'cache');
    const timeout = queryOptions.timeout === undefined ? config.timeout : checkTimeout(queryOptions.timeout);
    const signal = queryOptions.signal;
    if (signal !== undefined && !isAbortSignal(signal)) {
      throw new InvalidInputError('signal must be an AbortSignal', signal);
    }
    let transports: readonly DnsTransport[] | null = null;
    if (queryOptions.endpoint !== undefined) {
      const pinned = findEndpoint(config.transports, queryOptions.endpoint);
      if (!pinned) {
        throw new InvalidInputError(
          `Endpoint "${truncate(String(queryOptions.endpoint), 80)}" is not one of this resolver's: ${config.transports.map((t) => t.endpoint).join(', ')}`,
          queryOptions.endpoint,
        );
      }
      transports = [pinned];
    }
    const wire = encodeQuery(
      { name: normalised, type: parsed.code },
      { id: 0, cd, dnssecOk, paddingBlockSize: config.padding },
    );
    return {
      query: `${normalised}/${parsed.name}`,
      question: { name: normalised, type: parsed.name, typeCode: parsed.code },
      wire,
      cd,
      dnssecOk,
      timeout,
      transports,
      key: cacheKey({
        name: normalised,
        typeCode: parsed.code,
        dnssecOk,
        cd,
        endpoint: transports?.[0]?.endpoint,
      }),
      useCache,
      signal,
    };
  }

  async function run(name: string, type: string | number, queryOptions: QueryOptions): Promise<Outcome> {
    const request = prepare(name, type, queryOptions);
    const { signal } = request;
    if (closed) throw closedError(request.query);
    if (signal?.aborted) throw callerAborted(request.query, signal);

    if (config.cache && request.useCache) {
      const entry = await readCache(request);
      if (signal?.aborted) throw callerAborted(request.query, signal);
      const answer = entry ? answerFromCache(entry) : null;
      if (answer) return { answer, attempts: [] };
    }
    if (closed) throw closedError(request.query);

    // Callers with different timeouts do not share an exchange: each gets the limit it asked for.
    const flightKey = `${request.key}|t${request.timeout}`;
    let flight = inFlight.get(flightKey);
    if (!flight) {
      const controller = new AbortController();
      running.add(controller);
      const created: Flight = {
        key: flightKey,
        controller,
        waiters: 0,
        promise: exchangeUntil(request, controller.signal).finally(() => {
          running.delete(controller);
          if (inFlight.get(flightKey) === created) inFlight.delete(flightKey);
        }),
      };
      // Waiters that abort stop listening; the exchange's own rejection must not go unhandled.
      created.promise.catch(() => {});
      inFlight.set(flightKey, created);
      flight = created;
    }
    return join(flight, request);
  }

  function join(flight: Flight, request: Prepared): Promise<Outcome> {
    const { signal } = request;
    flight.waiters += 1;
    if (!signal) return flight.promise;
    return new Promise<Outcome>((resolve, reject) => {
      const onAbort = () => {
        flight.waiters -= 1;
        if (flight.waiters === 0) {
          // Leave the map now, not when the flight settles: a caller asking the same question in
          // the meantime (even in this tick) must start a new flight, not join one being aborted.
          if (inFlight.get(flight.key) === flight) inFlight.delete(flight.key);
          flight.controller.abort(new AbortedError(`Every caller of ${request.query} aborted`));
        }
        reject(callerAborted(request.query, signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (outcome) => {
          signal.removeEventListener('abort', onAbort);
          resolve(outcome);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  async function readCache(request: Prepared): Promise<DnsCacheEntry | null> {
    const store = config.cache;
    if (!store) return null;
    try {
      const read = store.get(request.key);
      // A store that never settles must not hang the query: an asynchronous read gets one
      // attempt's time. A synchronous one (the built-in store) has already answered.
      const entry = isPromiseLike(read)
        ? await bounded(Promise.resolve(read), request.timeout, request.signal)
        : read;
      return isCacheEntry(entry) ? entry : null;
    } catch {
      return null;
    }
  }

  function writeCache(request: Prepared, answer: DnsAnswer): void {
    const store = config.cache;
    if (!store) return;
    const ttl = cacheLifetime(answer, policy);
    if (ttl <= 0) return;
    const entry: DnsCacheEntry = { answer, storedAt: Date.now(), ttl };
    try {
      void Promise.resolve(store.set(request.key, entry, ttl * 1000)).catch(() => {});
    } catch {
      // A failing store only costs the next query a network round trip.
    }
  }

  function order(request: Prepared): readonly DnsTransport[] {
    if (request.transports) return request.transports;
    if (failedAt.size === 0) return config.transports;
    const now = Date.now();
    const cooling = (t: DnsTransport) => {
      const at = failedAt.get(t);
      return at !== undefined && now - at < config.failoverCooldown;
    };
    const healthy = config.transports.filter((t) => !cooling(t));
    const demoted = config.transports
      .filter(cooling)
      .sort((a, b) => (failedAt.get(a) ?? 0) - (failedAt.get(b) ?? 0));
    return [...healthy, ...demoted];
  }

  async function exchangeUntil(request: Prepared, signal: AbortSignal): Promise<Outcome> {
    const attempts: DotvnError[] = [];
    let errorAnswer: DnsAnswer | null = null;
    for (let round = 0; round <= config.retries; round++) {
      if (round > 0) {
        const base = config.retryDelay * 2 ** (round - 1);
        await sleep(base * (0.5 + Math.random()), signal, request.query);
      }
      for (const transport of order(request)) {
        if (signal.aborted) throw abortReason(signal, request.query);
        const result = await attempt(transport, request, signal);
        if (result.error) {
          attempts.push(result.error);
          failedAt.set(transport, Date.now());
          continue;
        }
        const { answer } = result;
        if (!ANSWER_RCODES.has(answer.rcode)) {
          attempts.push(rcodeError(answer, request.query));
          errorAnswer = answer;
          continue;
        }
        failedAt.delete(transport);
        writeCache(request, answer);
        return { answer, attempts };
      }
    }
    if (errorAnswer) return { answer: errorAnswer, attempts };
    throw new ResolutionError(
      `No endpoint answered ${request.query} (${attempts.length} attempt${attempts.length === 1 ? '' : 's'}): ${attempts
        .map((error) => `${error.endpoint ?? '?'}: ${error.code}`)
        .join('; ')}`,
      attempts,
      { query: request.query },
    );
  }

  async function attempt(
    transport: DnsTransport,
    request: Prepared,
    signal: AbortSignal,
  ): Promise<{ answer: DnsAnswer; error?: undefined } | { error: DotvnError }> {
    let release: () => void;
    try {
      release = await limiter.acquire(signal);
    } catch {
      throw abortReason(signal, request.query);
    }
    // The signal may have fired after the slot was handed over but before this line ran; the
    // listener below would then never fire, so check now and give the slot back.
    if (signal.aborted) {
      release();
      throw abortReason(signal, request.query);
    }
    const context = { endpoint: transport.endpoint, query: request.query };
    const controller = new AbortController();
    // One way out for both the caller's abort and the timeout: abort the transport's signal and
    // settle the attempt at once, even if the transport ignores its signal and never settles.
    let cancel: (reason: unknown) => void = () => {};
    const cancelled = new Promise<never>((_, reject) => {
      cancel = (reason) => {
        controller.abort(reason);
        reject(reason);
      };
    });
    cancelled.catch(() => {});
    const onAbort = () => cancel(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    // The error is built only when the timer fires: capturing a stack for every query is costly.
    let timeoutError: TimeoutError | null = null;
    const timer = setTimeout(() => {
      timeoutError = new TimeoutError(
        `${transport.endpoint} did not answer ${request.query} within ${request.timeout} ms`,
        request.timeout,
        context,
      );
      cancel(timeoutError);
    }, request.timeout);
    const started = performance.now();
    try {
      const sent = transport.send({
        question: request.question,
        wire: request.wire,
        cd: request.cd,
        dnssecOk: request.dnssecOk,
        signal: controller.signal,
      });
      const response = await Promise.race([sent, cancelled]);
      if (controller.signal.aborted) throw controller.signal.reason;
      // Transports promise this check; it is repeated here for ones written elsewhere.
      checkAnswerMatches(response, request, transport.endpoint);
      const answer: DnsAnswer = {
        ...response,
        endpoint: transport.endpoint,
        // The answer's own account first: `kind` may have changed with another exchange since.
        transport: typeof response.transport === 'string' ? response.transport : transport.kind,
        elapsedMs: Math.round(performance.now() - started),
        fromCache: false,
      };
      return { answer };
    } catch (error) {
      if (signal.aborted) throw abortReason(signal, request.query);
      if (timeoutError !== null && controller.signal.reason === timeoutError) return { error: timeoutError };
      return { error: asDotvnError(error, context) };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      release();
    }
  }

  return {
    endpoints: config.transports.map((transport) => transport.endpoint),
    async query(name, type = 'A', queryOptions = {}) {
      const { answer } = await run(name, type, queryOptions);
      return answer;
    },
    async resolve<T extends KnownRecordType = 'A'>(
      name: string,
      type: T = 'A' as T,
      queryOptions: QueryOptions = {},
    ): Promise<ResolveResult<T>> {
      const parsed = parseRecordType(type);
      if (!isKnownRecordType(parsed.name)) {
        throw new InvalidInputError(
          `resolve() returns typed data, which type ${parsed.name} does not have; use query() for it`,
          type,
        );
      }
      const { answer, attempts } = await run(name, parsed.code, queryOptions);
      // `run` has validated the name; the answer's copy may differ in case (RFC 4343).
      const normalised = normaliseQueryName(name);
      const query = `${normalised}/${parsed.name}`;
      if (answer.rcode !== Rcode.NOERROR && answer.rcode !== Rcode.NXDOMAIN) {
        // An error-code answer chosen for lack of better is already among `attempts`; one accepted
        // as an answer (YXDOMAIN), or served from the cache, is not.
        const errors = ANSWER_RCODES.has(answer.rcode) ? [...attempts, rcodeError(answer, query)] : attempts;
        throw new ResolutionError(
          `No endpoint resolved ${query}: the last answer was ${answer.rcodeName}`,
          errors,
          {
            query,
            endpoint: answer.endpoint,
          },
        );
      }
      return readResult(answer, normalised, parsed.name as T, parsed.code);
    },
    async close() {
      if (!closed) {
        closed = true;
        const reason = new AbortedError('The resolver was closed');
        for (const controller of running) controller.abort(reason);
      }
      await Promise.allSettled(config.transports.map((transport) => transport.close?.()));
      if (config.cacheOwned) await Promise.resolve(config.cache?.clear?.()).catch(() => {});
    },
  };
}

/** Follows the chain from `name` through the answer section and collects the RRset of `code`. */
function readResult<T extends KnownRecordType>(
  answer: DnsAnswer,
  name: string,
  type: T,
  code: number,
): ResolveResult<T> {
  let current = name;
  const chain: string[] = [];
  const seen = new Set([name.toLowerCase()]);
  const atCurrent = () =>
    answer.answer.filter((record) => record.typeCode === code && sameName(record.name, current));
  while (chain.length < MAX_CHAIN && atCurrent().length === 0) {
    let next: string | null = null;
    if (code !== RecordType.CNAME) {
      for (const record of answer.answer) {
        if (record.type === 'CNAME' && sameName(record.name, current)) {
          next = record.data.target;
          break;
        }
      }
    }
    if (next === null && code !== RecordType.DNAME) {
      for (const record of answer.answer) {
        if (record.type === 'DNAME') {
          next = substituteDname(current, record.name, record.data.target);
          if (next !== null) break;
        }
      }
    }
    if (next === null || seen.has(next.toLowerCase())) break;
    seen.add(next.toLowerCase());
    chain.push(next);
    current = next;
  }
  const matching = atCurrent();
  const records = matching.map((record) => record.data as RecordDataMap[T]);
  let ttl = 0;
  if (matching.length > 0) {
    ttl = Math.min(...matching.map((record) => record.ttl));
  } else {
    const soa = answer.authority.find((record) => record.type === 'SOA');
    if (soa?.type === 'SOA') ttl = Math.min(soa.ttl, soa.data.minimum);
  }
  return {
    name,
    type,
    records,
    ttl,
    cnameChain: chain,
    status: answer.rcode === Rcode.NXDOMAIN ? 'nxdomain' : records.length > 0 ? 'ok' : 'nodata',
    secure: answer.flags.ad,
    answer,
  };
}

/** RFC 6672 §2.2: `current` under `owner` gets `owner` replaced by `target`; `null` when not under it. */
function substituteDname(current: string, owner: string, target: string): string | null {
  const lowerCurrent = current.toLowerCase();
  const lowerOwner = owner.toLowerCase();
  if (lowerOwner === '.') return `${current}.${target === '.' ? '' : target}`.replace(/\.$/, '');
  if (!lowerCurrent.endsWith(`.${lowerOwner}`)) return null;
  const prefix = current.slice(0, current.length - owner.length - 1);
  return target === '.' ? prefix : `${prefix}.${target}`;
}

function rcodeError(answer: DnsAnswer, query: string): RcodeError {
  const extended = answer.edns?.extendedErrors ?? [];
  const ede = extended.map(
    (e) => ` [EDE ${e.infoCode} ${e.purpose}${e.extraText ? `: ${truncate(e.extraText, 60)}` : ''}]`,
  );
  return new RcodeError(
    `${answer.endpoint} answered ${answer.rcodeName} for ${query}${ede.join('')}; expected NOERROR or NXDOMAIN`,
    { rcode: answer.rcode, rcodeName: answer.rcodeName, extendedErrors: extended },
    { endpoint: answer.endpoint, query },
  );
}

function asDotvnError(error: unknown, context: { endpoint: string; query: string }): DotvnError {
  if (isDotvnError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TransportError(`${context.endpoint} failed for ${context.query}: ${truncate(message, 160)}`, {
    ...context,
    cause: error,
  });
}

function callerAborted(query: string, signal: AbortSignal): AbortedError {
  return new AbortedError(`Query ${query} was aborted by the caller`, { query, cause: signal.reason });
}

function closedError(query: string): AbortedError {
  return new AbortedError(`Query ${query} was not sent: the resolver is closed`, { query });
}

function abortReason(signal: AbortSignal, query: string): AbortedError {
  const reason: unknown = signal.reason;
  if (isAbortedError(reason))
    return new AbortedError(`Query ${query}: ${reason.message}`, { query, cause: reason });
  return new AbortedError(`Query ${query} was aborted`, { query, cause: reason });
}

/** Rejects with `signal.reason` as soon as `signal` fires, even if `promise` never settles. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => {});
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** `promise`, or a rejection after `ms` or when `signal` fires. */
function bounded<T>(promise: Promise<T>, ms: number, signal: AbortSignal | undefined): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no result within ${ms} ms`)), ms);
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  return untilAborted(promise, controller.signal).finally(() => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  });
}

function sleep(ms: number, signal: AbortSignal, query: string): Promise<void> {
  if (signal.aborted) return Promise.reject(abortReason(signal, query));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal, query));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function findEndpoint(transports: readonly DnsTransport[], wanted: string): DnsTransport | undefined {
  const exact = transports.find((t) => t.endpoint === wanted);
  if (exact) return exact;
  try {
    const href = new URL(wanted).href;
    return transports.find((t) => t.endpoint === href);
  } catch {
    return undefined;
  }
}

function flag(value: unknown, fallback: boolean, name: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean')
    throw new InvalidInputError(`${name} must be a boolean, received ${String(value)}`, value);
  return value;
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function'
  );
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function isCacheEntry(value: unknown): value is DnsCacheEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<DnsCacheEntry>;
  return (
    typeof entry.storedAt === 'number' &&
    typeof entry.ttl === 'number' &&
    typeof entry.answer === 'object' &&
    entry.answer !== null &&
    Array.isArray(entry.answer.answer)
  );
}
