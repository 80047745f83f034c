import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AbortedError,
  type DotvnError,
  isAbortedError,
  isInvalidInputError,
  isMalformedResponseError,
  isRcodeError,
  isResolutionError,
  isTimeoutError,
  isTransportError,
  type RcodeError,
  type ResolutionError,
  type TimeoutError,
} from '../errors.js';
import type { DnsCacheEntry, DnsCacheStore } from './cache.js';
import { DEFAULT_ENDPOINTS } from './options.js';
import { createResolver, type Resolver } from './resolver.js';
import {
  aRecord,
  cnameRecord,
  type DohTestServer,
  defaultHandler,
  replyTo,
  soaRecord,
  startDohTestServer,
} from './test-support/doh-test-server.js';
import type { DnsTransport } from './transport.js';
import { createDohTransport } from './transports/doh.js';
import type { DnsMessage } from './types.js';

let a: DohTestServer;
let b: DohTestServer;
let c: DohTestServer;
const resolvers: Resolver[] = [];

beforeAll(async () => {
  [a, b, c] = await Promise.all([startDohTestServer(), startDohTestServer(), startDohTestServer()]);
});
afterAll(async () => {
  await Promise.all([a.close(), b.close(), c.close()]);
});
beforeEach(() => {
  for (const server of [a, b, c]) {
    server.reset();
    server.handle(defaultHandler);
  }
});
afterEach(async () => {
  await Promise.all(resolvers.splice(0).map((resolver) => resolver.close()));
});

/** A resolver over the test servers, closed after the test; quick defaults so failures are fast. */
function resolverFor(servers: DohTestServer[], options: Parameters<typeof createResolver>[0] = {}): Resolver {
  const resolver = createResolver({
    endpoints: servers.map((server) => server.url),
    timeout: 1000,
    retries: 0,
    retryDelay: 10,
    ...options,
  });
  resolvers.push(resolver);
  return resolver;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A store that remembers what it was given, to look inside the cache. */
function recordingStore(): DnsCacheStore & { map: Map<string, { entry: DnsCacheEntry; ttlMs: number }> } {
  const map = new Map<string, { entry: DnsCacheEntry; ttlMs: number }>();
  return {
    map,
    get: (key) => map.get(key)?.entry,
    set: (key, entry, ttlMs) => void map.set(key, { entry, ttlMs }),
    delete: (key) => void map.delete(key),
  };
}

describe('query()', () => {
  it('returns the full answer with endpoint, transport, timing and cache flag', async () => {
    const answer = await resolverFor([a]).query('Ready.Gov.VN.', 'A');
    expect(answer).toMatchObject({
      endpoint: a.url,
      transport: 'doh-get',
      fromCache: false,
      rcodeName: 'NOERROR',
      question: [{ name: 'ready.gov.vn', type: 'A' }],
    });
    expect(answer.answer[0]).toMatchObject({ type: 'A', data: { address: '192.0.2.1' } });
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(0);
    const seen = a.requests[0];
    expect(seen?.query?.id).toBe(0);
    expect(seen?.dnsParam).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(seen?.query?.edns?.dnssecOk).toBe(true);
    expect(seen?.query?.flags.cd).toBe(false);
  });

  it('defaults the type to A and accepts types by number or TYPE<n>', async () => {
    const resolver = resolverFor([a], { cache: false });
    expect((await resolver.query('ready.gov.vn')).question[0]?.type).toBe('A');
    expect((await resolver.query('ready.gov.vn', 28)).question[0]?.type).toBe('AAAA');
    expect((await resolver.query('ready.gov.vn', 'type28')).question[0]?.type).toBe('AAAA');
  });

  it('sends POST, the JSON API, CD, DO and padding as configured', async () => {
    const post = resolverFor([a], { method: 'POST', padding: 128, dnssec: false, checkingDisabled: true });
    const answer = await post.query('ready.gov.vn', 'AAAA');
    expect(answer.transport).toBe('doh-post');
    const seen = a.requests[0];
    expect(seen?.method).toBe('POST');
    expect(seen?.wire.length ? seen.wire.length % 128 : -1).toBe(0);
    expect(seen?.query?.edns?.dnssecOk).toBe(false);
    expect(seen?.query?.flags.cd).toBe(true);

    const json = createResolver({ endpoints: [{ url: b.jsonUrl, format: 'json' }] });
    resolvers.push(json);
    const jsonAnswer = await json.query('ready.gov.vn', 'AAAA', { cd: true });
    expect(jsonAnswer.transport).toBe('doh-json');
    expect(jsonAnswer.answer[0]).toMatchObject({ data: { address: '2001:db8::1' } });
    expect(b.requests[0]?.params).toMatchObject({ type: '28', cd: '1', do: '1' });
  });

  it('validates the name, type and options before any request', async () => {
    const resolver = resolverFor([a]);
    for (const attempt of [
      resolver.query('bad..name.vn'),
      resolver.query(''),
      resolver.query(`${'x'.repeat(64)}.vn`),
      resolver.query('ready.gov.vn', 'NOPE'),
      resolver.query('ready.gov.vn', 'A', { timeout: -5 }),
      resolver.query('ready.gov.vn', 'A', { endpoint: 'https://elsewhere.example/dns-query' }),
      resolver.resolve('ready.gov.vn', 'ANY' as 'A'),
    ]) {
      expect(isInvalidInputError(await failure(attempt))).toBe(true);
    }
    expect(a.requests).toHaveLength(0);
  });

  it('rejects invalid resolver options at creation', () => {
    for (const options of [
      { endpoints: [] },
      { endpoints: ['ftp://x.example/'] },
      { endpoints: [a.url, a.url] },
      { timeout: 0 },
      { retries: -1 },
      { concurrency: 0 },
      { minTtl: 100, maxTtl: 10 },
      { method: 'PUT' as 'GET' },
    ]) {
      let caught: unknown;
      try {
        createResolver(options);
      } catch (error) {
        caught = error;
      }
      expect(isInvalidInputError(caught), JSON.stringify(options)).toBe(true);
    }
  });

  it('keeps DEFAULT_ENDPOINTS frozen, so no caller can change them for everyone', () => {
    expect(Object.isFrozen(DEFAULT_ENDPOINTS)).toBe(true);
    expect(() => (DEFAULT_ENDPOINTS as string[]).push('https://evil.example/dns-query')).toThrow(TypeError);
  });

  it('counts the Age of an answer from an HTTP cache against its TTLs and cache lifetime', async () => {
    a.handle((req) => ({
      message: replyTo(req, { answer: [aRecord('ready.gov.vn', '192.0.2.1', 300)] }),
      headers: { age: '100' },
    }));
    const store = recordingStore();
    const answer = await resolverFor([a], { cache: store }).query('ready.gov.vn');
    expect(answer.answer[0]?.ttl).toBe(200);
    expect([...store.map.values()][0]?.ttlMs).toBe(200_000);
  });

  it('reports the transport each answer says carried it, not what `kind` says afterwards', async () => {
    // Like the plain DNS transport: `kind` follows the latest exchange; each answer tells its own.
    const doh = createDohTransport({ url: a.url });
    let lastKind: 'udp' | 'tcp' = 'udp';
    const gates = new Map<string, () => void>();
    const switching: DnsTransport = {
      get kind() {
        return lastKind;
      },
      endpoint: '192.0.2.53#53',
      async send(request) {
        const message = await doh.send(request);
        const carried = request.question.name.startsWith('tcp.') ? 'tcp' : 'udp';
        await new Promise<void>((resolve) => gates.set(carried, resolve));
        lastKind = carried;
        return { ...message, transport: carried };
      },
    };
    const resolver = createResolver({ endpoints: [switching], retries: 0, cache: false });
    resolvers.push(resolver);
    const overUdp = resolver.query('udp.ready.gov.vn');
    const overTcp = resolver.query('tcp.ready.gov.vn');
    await expect.poll(() => gates.size).toBe(2);
    // Both exchanges end in the same tick, the UDP one first, as concurrent sockets can.
    gates.get('udp')?.();
    gates.get('tcp')?.();
    expect((await overUdp).transport).toBe('udp');
    expect((await overTcp).transport).toBe('tcp');
  });
});

describe('failover', () => {
  it('moves to the next endpoint when the first answers HTTP 500', async () => {
    a.handle(() => ({ status: 500, body: 'boom' }));
    const answer = await resolverFor([a, b]).query('ready.gov.vn');
    expect(answer.endpoint).toBe(b.url);
    expect(a.requests).toHaveLength(1);
  });

  it('moves to the next endpoint when the first is too slow', async () => {
    a.handle((req) => ({ message: replyTo(req), delayMs: 2000 }));
    const started = Date.now();
    const answer = await resolverFor([a, b], { timeout: 150 }).query('ready.gov.vn');
    expect(answer.endpoint).toBe(b.url);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('moves to the next endpoint on garbage, a dropped connection or a wrong content type', async () => {
    a.handle(() => ({ body: 'not dns at all' }));
    b.handle(() => ({ destroy: true }));
    c.handle((req) => ({ message: replyTo(req), contentType: 'text/plain' }));
    const error = await failure(resolverFor([a, b, c]).query('ready.gov.vn'));
    expect(isResolutionError(error)).toBe(true);
    const attempts = (error as ResolutionError).attempts;
    expect(attempts.map((attempt) => attempt.endpoint)).toEqual([a.url, b.url, c.url]);
    expect(isMalformedResponseError(attempts[0])).toBe(true);
    expect(isTransportError(attempts[1])).toBe(true);
    expect(isMalformedResponseError(attempts[2])).toBe(true);
  });

  it('remembers a failing endpoint for failoverCooldown and tries it last', async () => {
    a.handle(() => ({ status: 502, body: '' }));
    const resolver = resolverFor([a, b, c], { cache: false });
    expect((await resolver.query('one.ready.gov.vn')).endpoint).toBe(b.url);
    a.handle(defaultHandler);
    expect((await resolver.query('two.ready.gov.vn')).endpoint).toBe(b.url);
    expect(a.requests).toHaveLength(1);
    // When the others fail, the cooling endpoint is still tried, and success clears its mark.
    b.handle(() => ({ status: 500, body: '' }));
    c.handle(() => ({ status: 500, body: '' }));
    expect((await resolver.query('three.ready.gov.vn')).endpoint).toBe(a.url);
    b.handle(defaultHandler);
    expect((await resolver.query('four.ready.gov.vn')).endpoint).toBe(a.url);
  });

  it('goes back to configured order once the cooldown is over', async () => {
    a.handle(() => ({ status: 502, body: '' }));
    const resolver = resolverFor([a, b], { cache: false, failoverCooldown: 50 });
    expect((await resolver.query('one.ready.gov.vn')).endpoint).toBe(b.url);
    a.handle(defaultHandler);
    await delay(80);
    expect((await resolver.query('two.ready.gov.vn')).endpoint).toBe(a.url);
  });

  it('retries whole rounds with exponential backoff', async () => {
    a.handle(() => ({ status: 500, body: '' }));
    b.handle(() => ({ status: 503, body: '' }));
    const started = Date.now();
    const error = await failure(resolverFor([a, b], { retries: 2, retryDelay: 60 }).query('ready.gov.vn'));
    const elapsed = Date.now() - started;
    expect(a.requests).toHaveLength(3);
    expect(b.requests).toHaveLength(3);
    // Backoff waits 60 ms then 120 ms, each at least halved by jitter: 90 ms in all.
    expect(elapsed).toBeGreaterThanOrEqual(85);
    expect((error as ResolutionError).attempts).toHaveLength(6);
  });

  it('succeeds on a retry round after a transient failure', async () => {
    let calls = 0;
    a.handle((req) =>
      ++calls === 1
        ? { status: 500, body: '' }
        : { message: replyTo(req, { answer: [aRecord('ready.gov.vn', '192.0.2.7')] }) },
    );
    const answer = await resolverFor([a], { retries: 1 }).query('ready.gov.vn');
    expect(answer.answer[0]).toMatchObject({ data: { address: '192.0.2.7' } });
    expect(a.requests).toHaveLength(2);
  });

  it('throws ResolutionError listing a typed error per attempt when every endpoint fails', async () => {
    a.handle((req) => ({ message: replyTo(req), delayMs: 1000 }));
    b.handle(() => ({ status: 500, body: 'internal' }));
    c.handle(() => ({ body: new Uint8Array([0, 0, 0]) }));
    const error = await failure(resolverFor([a, b, c], { timeout: 100 }).query('ready.gov.vn', 'AAAA'));
    expect(isResolutionError(error)).toBe(true);
    const { attempts, query, message } = error as ResolutionError;
    expect(query).toBe('ready.gov.vn/AAAA');
    expect(message).toContain(a.url);
    expect(attempts).toHaveLength(3);
    expect(isTimeoutError(attempts[0])).toBe(true);
    expect((attempts[0] as TimeoutError).timeoutMs).toBe(100);
    expect(attempts[0]?.endpoint).toBe(a.url);
    expect(isTransportError(attempts[1])).toBe(true);
    expect(attempts[1]?.status).toBe(500);
    expect(isMalformedResponseError(attempts[2])).toBe(true);
    expect(attempts.every((attempt: DotvnError) => attempt.query === 'ready.gov.vn/AAAA')).toBe(true);
  });

  it('fails over on SERVFAIL without putting the endpoint in cooldown', async () => {
    a.handle((req) => ({ message: replyTo(req, { rcode: 2 }) }));
    const resolver = resolverFor([a, b], { cache: false });
    expect((await resolver.query('one.ready.gov.vn')).endpoint).toBe(b.url);
    a.handle(defaultHandler);
    expect((await resolver.query('two.ready.gov.vn')).endpoint).toBe(a.url);
  });

  it('returns a SERVFAIL every endpoint gives from query(), with its extended errors', async () => {
    for (const server of [a, b]) {
      server.handle((req) => ({
        message: replyTo(req, { rcode: 2, extendedErrors: [{ infoCode: 6, extraText: 'bogus' }] }),
      }));
    }
    const resolver = resolverFor([a, b]);
    const answer = await resolver.query('dnssec-failed.ready.gov.vn');
    expect(answer.rcodeName).toBe('SERVFAIL');
    expect(answer.endpoint).toBe(b.url);
    expect(answer.edns?.extendedErrors).toEqual([
      { infoCode: 6, purpose: 'DNSSEC Bogus', extraText: 'bogus' },
    ]);
    // Not cached: a second query asks again.
    await resolver.query('dnssec-failed.ready.gov.vn');
    expect(a.requests).toHaveLength(2);

    const error = await failure(resolver.resolve('dnssec-failed.ready.gov.vn', 'A'));
    expect(isResolutionError(error)).toBe(true);
    const attempts = (error as ResolutionError).attempts;
    expect(attempts).toHaveLength(2);
    expect(attempts.every(isRcodeError)).toBe(true);
    expect(attempts[0]?.message).toMatch(/SERVFAIL.*EDE 6 DNSSEC Bogus/);
  });

  it('lists every attempt, the YXDOMAIN answer included, when resolve() gets YXDOMAIN after a failure', async () => {
    a.handle(() => ({ status: 500, body: '' }));
    b.handle((req) => ({ message: replyTo(req, { rcode: 6 }) }));
    const resolver = resolverFor([a, b], { cache: false, failoverCooldown: 0 });
    expect((await resolver.query('ready.gov.vn')).rcodeName).toBe('YXDOMAIN');
    const error = await failure(resolver.resolve('ready.gov.vn', 'A'));
    expect(isResolutionError(error)).toBe(true);
    const { attempts } = error as ResolutionError;
    expect(attempts.map((attempt) => attempt.endpoint)).toEqual([a.url, b.url]);
    expect(isTransportError(attempts[0])).toBe(true);
    expect(isRcodeError(attempts[1])).toBe(true);
    expect((attempts[1] as RcodeError).rcodeName).toBe('YXDOMAIN');
  });

  it('sends a pinned query only to that endpoint', async () => {
    a.handle(() => ({ status: 500, body: '' }));
    const resolver = resolverFor([a, b], { retries: 1, retryDelay: 1 });
    const error = await failure(resolver.query('ready.gov.vn', 'A', { endpoint: a.url }));
    expect((error as ResolutionError).attempts).toHaveLength(2);
    expect(b.requests).toHaveLength(0);
    expect((await resolver.query('ready.gov.vn', 'A', { endpoint: b.url })).endpoint).toBe(b.url);
  });
});

describe('abort and timeouts', () => {
  it('rejects with AbortedError at once and sends nothing further when the caller aborts', async () => {
    a.handle(() => ({ hang: true }));
    const resolver = resolverFor([a, b], { timeout: 5000, retries: 2 });
    const controller = new AbortController();
    const pending = resolver.query('ready.gov.vn', 'A', { signal: controller.signal });
    await delay(30);
    const started = Date.now();
    controller.abort();
    const error = await failure(pending);
    expect(isAbortedError(error)).toBe(true);
    expect(error).toBeInstanceOf(AbortedError);
    expect(Date.now() - started).toBeLessThan(50);
    await delay(50);
    expect(a.requests).toHaveLength(1);
    expect(b.requests).toHaveLength(0);
    // The hung request was cancelled: the server sees its connection close.
    await expect.poll(() => a.inFlight).toBe(0);
  });

  it('rejects without a request when the signal has already fired', async () => {
    const error = await failure(resolverFor([a]).query('ready.gov.vn', 'A', { signal: AbortSignal.abort() }));
    expect(isAbortedError(error)).toBe(true);
    expect(a.requests).toHaveLength(0);
  });

  it('aborts during the backoff wait between rounds', async () => {
    a.handle(() => ({ status: 500, body: '' }));
    const controller = new AbortController();
    const pending = resolverFor([a], { retries: 3, retryDelay: 5000 }).query('ready.gov.vn', 'A', {
      signal: controller.signal,
    });
    await expect.poll(() => a.requests.length).toBe(1);
    controller.abort();
    expect(isAbortedError(await failure(pending))).toBe(true);
    expect(a.requests).toHaveLength(1);
  });

  it('times out a transport that ignores its signal and never settles', async () => {
    const stuck: DnsTransport = {
      kind: 'udp',
      endpoint: '192.0.2.53#53',
      send: () => new Promise<DnsMessage>(() => {}),
    };
    const resolver = createResolver({ endpoints: [stuck, a.url], timeout: 80, retries: 0 });
    resolvers.push(resolver);
    const answer = await resolver.query('ready.gov.vn');
    expect(answer.endpoint).toBe(a.url);
    const error = await failure(resolver.query('other.ready.gov.vn', 'A', { endpoint: '192.0.2.53#53' }));
    expect(isTimeoutError((error as ResolutionError).attempts[0])).toBe(true);
  });

  it('uses the per-query timeout over the resolver default', async () => {
    a.handle((req) => ({ message: replyTo(req), delayMs: 300 }));
    const error = await failure(
      resolverFor([a], { timeout: 5000 }).query('ready.gov.vn', 'A', { timeout: 50 }),
    );
    expect((error as ResolutionError).attempts[0]).toMatchObject({ timeoutMs: 50, endpoint: a.url });
  });

  it('close() aborts queries in flight and refuses new ones', async () => {
    a.handle(() => ({ hang: true }));
    const resolver = resolverFor([a]);
    const pending = resolver.query('ready.gov.vn');
    await expect.poll(() => a.requests.length).toBe(1);
    await resolver.close();
    expect(isAbortedError(await failure(pending))).toBe(true);
    expect(isAbortedError(await failure(resolver.query('ready.gov.vn')))).toBe(true);
  });
});

describe('de-duplication and concurrency', () => {
  it('sends one request for identical queries in flight', async () => {
    a.handle((req) => ({
      message: replyTo(req, { answer: [aRecord('ready.gov.vn', '192.0.2.9')] }),
      delayMs: 50,
    }));
    const resolver = resolverFor([a], { cache: false });
    const answers = await Promise.all(Array.from({ length: 10 }, () => resolver.query('READY.gov.vn.', 'a')));
    expect(a.requests).toHaveLength(1);
    expect(answers.every((answer) => answer.answer[0]?.data && 'address' in answer.answer[0].data)).toBe(
      true,
    );
  });

  it("does not let one caller's abort cancel the others", async () => {
    a.handle((req) => ({
      message: replyTo(req, { answer: [aRecord('ready.gov.vn', '192.0.2.1')] }),
      delayMs: 80,
    }));
    const resolver = resolverFor([a]);
    const controller = new AbortController();
    const leaving = resolver.query('ready.gov.vn', 'A', { signal: controller.signal });
    const staying = resolver.query('ready.gov.vn', 'A', { signal: new AbortController().signal });
    const plain = resolver.query('ready.gov.vn');
    await delay(20);
    controller.abort();
    expect(isAbortedError(await failure(leaving))).toBe(true);
    expect((await staying).answer).toHaveLength(1);
    expect((await plain).answer).toHaveLength(1);
    expect(a.requests).toHaveLength(1);
  });

  it('cancels the shared request when every caller has aborted', async () => {
    a.handle(() => ({ hang: true }));
    const resolver = resolverFor([a, b]);
    const controllers = [new AbortController(), new AbortController()];
    const pending = controllers.map((controller) =>
      resolver.query('ready.gov.vn', 'A', { signal: controller.signal }),
    );
    await expect.poll(() => a.inFlight).toBe(1);
    for (const controller of controllers) controller.abort();
    for (const promise of pending) expect(isAbortedError(await failure(promise))).toBe(true);
    await expect.poll(() => a.inFlight).toBe(0);
    await delay(30);
    expect(b.requests).toHaveLength(0);
  });

  it('starts a new exchange for a question asked in the tick in which the last caller of the old one aborts', async () => {
    a.handle(() => ({ hang: true }));
    const resolver = resolverFor([a], { cache: false });
    const controller = new AbortController();
    const leaving = resolver.query('ready.gov.vn', 'A', { signal: controller.signal });
    await expect.poll(() => a.requests.length).toBe(1);
    a.handle(defaultHandler);
    controller.abort();
    const arriving = resolver.query('ready.gov.vn', 'A');
    expect(isAbortedError(await failure(leaving))).toBe(true);
    expect((await arriving).answer[0]).toMatchObject({ data: { address: '192.0.2.1' } });
    expect(a.requests).toHaveLength(2);
  });

  it('sends nothing for a caller that aborts while its attempt is being handed a slot', async () => {
    a.handle(() => ({ hang: true }));
    // The slot passes to the waiting attempt a few microtasks after the holder aborts; abort the
    // waiter at every step along the way, so one of them lands between hand-over and send. A
    // request sent before the abort is cancelled by it; one sent after would hang until timeout.
    for (let step = 0; step < 30; step++) {
      const resolver = resolverFor([a], { concurrency: 1, cache: false, timeout: 10_000 });
      const holder = new AbortController();
      const holding = resolver.query(`hold${step}.ready.gov.vn`, 'A', { signal: holder.signal });
      await expect
        .poll(() => a.requests.some((r) => r.question?.name === `hold${step}.ready.gov.vn`))
        .toBe(true);
      const waiter = new AbortController();
      const waiting = resolver.query(`wait${step}.ready.gov.vn`, 'A', { signal: waiter.signal });
      await delay(1);
      holder.abort();
      for (let i = 0; i < step; i++) await Promise.resolve();
      waiter.abort();
      expect(isAbortedError(await failure(holding))).toBe(true);
      expect(isAbortedError(await failure(waiting))).toBe(true);
    }
    await expect.poll(() => a.inFlight, { timeout: 2000 }).toBe(0);
  });

  it('never has more than `concurrency` requests in flight', async () => {
    a.handle((req) => ({ message: replyTo(req), delayMs: 30 }));
    const resolver = resolverFor([a], { concurrency: 3 });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => resolver.query(`n${i}.ready.gov.vn`)),
    );
    expect(answers).toHaveLength(12);
    expect(a.requests).toHaveLength(12);
    expect(a.maxInFlight).toBe(3);
  });

  it('lets a query waiting for a slot leave the line when aborted', async () => {
    a.handle(() => ({ hang: true }));
    const resolver = resolverFor([a], { concurrency: 1 });
    const first = resolver.query('first.ready.gov.vn', 'A', { signal: AbortSignal.timeout(300) });
    const controller = new AbortController();
    const queued = resolver.query('queued.ready.gov.vn', 'A', { signal: controller.signal });
    await expect.poll(() => a.requests.length).toBe(1);
    controller.abort();
    expect(isAbortedError(await failure(queued))).toBe(true);
    expect(isAbortedError(await failure(first))).toBe(true);
    await delay(30);
    expect(a.requests.map((r) => r.question?.name)).toEqual(['first.ready.gov.vn']);
  });
});

describe('cache', () => {
  it('serves a repeated question from the cache with fromCache and elapsedMs 0', async () => {
    const resolver = resolverFor([a]);
    const first = await resolver.query('ready.gov.vn');
    const second = await resolver.query('READY.gov.vn.');
    expect(first.fromCache).toBe(false);
    expect(second).toMatchObject({ fromCache: true, elapsedMs: 0, endpoint: a.url });
    expect(a.requests).toHaveLength(1);
  });

  it('lowers TTLs by the age of the entry', async () => {
    const store = recordingStore();
    const resolver = resolverFor([a], { cache: store });
    await resolver.query('ready.gov.vn');
    const [slot] = store.map.values();
    expect(slot?.ttlMs).toBe(300_000);
    if (slot) slot.entry = { ...slot.entry, storedAt: slot.entry.storedAt - 10_400 };
    const cached = await resolver.query('ready.gov.vn');
    expect(cached.fromCache).toBe(true);
    expect(cached.answer[0]?.ttl).toBe(290);
  });

  it('keeps answers apart by type, DO and CD', async () => {
    const resolver = resolverFor([a]);
    await resolver.query('ready.gov.vn', 'A');
    await resolver.query('ready.gov.vn', 'AAAA');
    await resolver.query('ready.gov.vn', 'A', { dnssec: false });
    await resolver.query('ready.gov.vn', 'A', { cd: true });
    expect(a.requests).toHaveLength(4);
  });

  it('caches NXDOMAIN and NODATA for min(SOA TTL, SOA MINIMUM)', async () => {
    a.handle((req) =>
      req.question?.name.startsWith('gone')
        ? { message: replyTo(req, { rcode: 3, authority: [soaRecord('ready.gov.vn', 900, 60)] }) }
        : { message: replyTo(req, { authority: [soaRecord('ready.gov.vn', 30, 600)] }) },
    );
    const store = recordingStore();
    const resolver = resolverFor([a], { cache: store });
    expect((await resolver.query('gone.ready.gov.vn')).rcodeName).toBe('NXDOMAIN');
    expect((await resolver.query('ready.gov.vn', 'MX')).answer).toHaveLength(0);
    expect([...store.map.values()].map((slot) => slot.ttlMs)).toEqual([60_000, 30_000]);
    expect((await resolver.query('gone.ready.gov.vn')).fromCache).toBe(true);
    expect((await resolver.query('ready.gov.vn', 'MX')).fromCache).toBe(true);
    expect(a.requests).toHaveLength(2);
  });

  it('reads a wire TTL with the top bit set as 0 (RFC 2181 §8) and does not cache the answer', async () => {
    a.handle((req) => ({
      message: replyTo(req, {
        answer: [aRecord('ready.gov.vn', '192.0.2.1', 0x80000000), aRecord('ready.gov.vn', '192.0.2.2', 60)],
      }),
    }));
    const resolver = resolverFor([a], { minTtl: 0, maxTtl: 86_400 });
    const first = await resolver.query('ready.gov.vn');
    expect(first.answer.map((record) => record.ttl)).toEqual([0, 60]);
    const second = await resolver.query('ready.gov.vn');
    expect(second.fromCache).toBe(false);
    expect(a.requests).toHaveLength(2);
  });

  it('does not cache a negative answer without an SOA', async () => {
    a.handle((req) => ({ message: replyTo(req, { rcode: 3 }) }));
    const resolver = resolverFor([a]);
    await resolver.query('gone.ready.gov.vn');
    await resolver.query('gone.ready.gov.vn');
    expect(a.requests).toHaveLength(2);
  });

  it('bypasses the cache for cache: false and refreshes the entry', async () => {
    let address = '192.0.2.1';
    a.handle((req) => ({ message: replyTo(req, { answer: [aRecord('ready.gov.vn', address)] }) }));
    const resolver = resolverFor([a]);
    await resolver.query('ready.gov.vn');
    address = '192.0.2.2';
    const fresh = await resolver.query('ready.gov.vn', 'A', { cache: false });
    expect(fresh.fromCache).toBe(false);
    expect(fresh.answer[0]).toMatchObject({ data: { address: '192.0.2.2' } });
    const cached = await resolver.query('ready.gov.vn');
    expect(cached).toMatchObject({ fromCache: true, answer: [{ data: { address: '192.0.2.2' } }] });
    expect(a.requests).toHaveLength(2);
  });

  it('treats a store that throws or never answers as a miss', async () => {
    const broken: DnsCacheStore = {
      get: () => new Promise(() => {}),
      set: () => {
        throw new Error('disk full');
      },
      delete: () => {},
    };
    const answer = await resolverFor([a], { cache: broken, timeout: 100 }).query('ready.gov.vn');
    expect(answer.fromCache).toBe(false);
  });

  it('sends every query when the cache is off', async () => {
    const resolver = resolverFor([a], { cache: false });
    await resolver.query('ready.gov.vn');
    await resolver.query('ready.gov.vn');
    expect(a.requests).toHaveLength(2);
  });
});

describe('resolve()', () => {
  it('returns typed records, TTL and the AD bit', async () => {
    a.handle((req) => ({
      message: replyTo(req, {
        ad: true,
        answer: [aRecord('ready.gov.vn', '192.0.2.1', 300), aRecord('ready.gov.vn', '192.0.2.2', 120)],
      }),
    }));
    const result = await resolverFor([a]).resolve('ready.gov.vn', 'A');
    expect(result).toMatchObject({
      name: 'ready.gov.vn',
      type: 'A',
      status: 'ok',
      ttl: 120,
      secure: true,
      cnameChain: [],
      records: [{ address: '192.0.2.1' }, { address: '192.0.2.2' }],
    });
    const address: string | undefined = result.records[0]?.address;
    expect(address).toBe('192.0.2.1');
  });

  it('reports the normalised name and matches records case-insensitively', async () => {
    a.handle((req) => ({
      message: replyTo(req, {
        question: { name: 'READY.Gov.VN', type: 'A' },
        answer: [aRecord('Ready.GOV.vn', '192.0.2.5')],
      }),
    }));
    const result = await resolverFor([a]).resolve('ready.gov.vn.');
    expect(result).toMatchObject({ name: 'ready.gov.vn', status: 'ok', records: [{ address: '192.0.2.5' }] });
  });

  it('follows CNAME chains in the answer section', async () => {
    a.handle((req) => ({
      message: replyTo(req, {
        answer: [
          cnameRecord('www.ready.gov.vn', 'cdn.example.net', 600),
          cnameRecord('cdn.example.net', 'edge.example.net', 60),
          aRecord('edge.example.net', '198.51.100.7', 20),
          aRecord('unrelated.example', '203.0.113.1', 20),
        ],
      }),
    }));
    const result = await resolverFor([a]).resolve('www.ready.gov.vn');
    expect(result.cnameChain).toEqual(['cdn.example.net', 'edge.example.net']);
    expect(result.records).toEqual([{ address: '198.51.100.7' }]);
    expect(result.status).toBe('ok');
  });

  it('follows a DNAME when no synthesised CNAME is present', async () => {
    a.handle((req) => ({
      message: replyTo(req, {
        answer: [
          { name: 'old.vn', type: 'DNAME', ttl: 300, data: { target: 'new.vn' } },
          aRecord('www.new.vn', '192.0.2.44'),
        ],
      }),
    }));
    const result = await resolverFor([a]).resolve('www.old.vn');
    expect(result.cnameChain).toEqual(['www.new.vn']);
    expect(result.records).toEqual([{ address: '192.0.2.44' }]);
  });

  it('returns the CNAME itself when CNAME is asked', async () => {
    a.handle((req) => ({
      message: replyTo(req, { answer: [cnameRecord('www.ready.gov.vn', 'cdn.example.net')] }),
    }));
    const result = await resolverFor([a]).resolve('www.ready.gov.vn', 'CNAME');
    expect(result.records).toEqual([{ target: 'cdn.example.net' }]);
    expect(result.cnameChain).toEqual([]);
  });

  it('tells NODATA from NXDOMAIN, with the negative TTL', async () => {
    a.handle((req) =>
      req.question?.name === 'gone.ready.gov.vn'
        ? { message: replyTo(req, { rcode: 3, authority: [soaRecord('ready.gov.vn', 900, 60)] }) }
        : { message: replyTo(req, { authority: [soaRecord('ready.gov.vn', 120, 300)] }) },
    );
    const resolver = resolverFor([a]);
    const nodata = await resolver.resolve('ready.gov.vn', 'MX');
    expect(nodata).toMatchObject({ status: 'nodata', records: [], ttl: 120 });
    const nxdomain = await resolver.resolve('gone.ready.gov.vn', 'AAAA');
    expect(nxdomain).toMatchObject({ status: 'nxdomain', records: [], ttl: 60 });
  });

  it('reports a CNAME to a name that does not exist as nxdomain with the chain', async () => {
    a.handle((req) => ({
      message: replyTo(req, {
        rcode: 3,
        answer: [cnameRecord('www.ready.gov.vn', 'gone.example.net')],
        authority: [soaRecord('example.net', 300, 300)],
      }),
    }));
    const result = await resolverFor([a]).resolve('www.ready.gov.vn');
    expect(result).toMatchObject({ status: 'nxdomain', cnameChain: ['gone.example.net'], records: [] });
  });

  it('stops at a CNAME loop', async () => {
    a.handle((req) => ({
      message: replyTo(req, {
        answer: [cnameRecord('a.loop.vn', 'b.loop.vn'), cnameRecord('b.loop.vn', 'a.loop.vn')],
      }),
    }));
    const result = await resolverFor([a]).resolve('a.loop.vn');
    expect(result).toMatchObject({ status: 'nodata', cnameChain: ['b.loop.vn'] });
  });
});

describe('custom transports', () => {
  it('accepts any DnsTransport and checks that it answered the question asked', async () => {
    const calls: string[] = [];
    const liar: DnsTransport = {
      kind: 'tcp',
      endpoint: '192.0.2.53#53',
      async send(request) {
        calls.push(request.question.name);
        return {
          id: 0,
          opcode: 0,
          rcode: 0,
          rcodeName: 'NOERROR',
          flags: { qr: true, aa: false, tc: false, rd: true, ra: true, ad: false, cd: false },
          question: [{ name: 'elsewhere.example', type: 'A', typeCode: 1, class: 1 }],
          answer: [],
          authority: [],
          additional: [],
          edns: null,
        };
      },
    };
    const resolver = createResolver({ endpoints: [liar, a.url], retries: 0 });
    resolvers.push(resolver);
    expect(resolver.endpoints).toEqual(['192.0.2.53#53', a.url]);
    const answer = await resolver.query('ready.gov.vn');
    expect(calls).toEqual(['ready.gov.vn']);
    expect(answer.endpoint).toBe(a.url);
  });

  it('closes the transports on close()', async () => {
    let closed = 0;
    const transport: DnsTransport = {
      kind: 'udp',
      endpoint: '192.0.2.1#53',
      send: () => Promise.reject(new Error('unused')),
      close: async () => {
        closed += 1;
      },
    };
    await createResolver({ endpoints: [transport] }).close();
    expect(closed).toBe(1);
  });
});
