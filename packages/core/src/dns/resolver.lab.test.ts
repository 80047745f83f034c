import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isResolutionError, isTimeoutError } from '../errors.js';
import { createHttp2Transport } from '../node/index.js';
import type { EndpointInput, ResolverOptions } from './options.js';
import { createResolver } from './resolver.js';
import { type DohTestServer, startDohTestServer } from './test-support/doh-test-server.js';
import type { DnsAnswer, DnsRecord } from './types.js';

const lab = inject('lab');
const ca = readFileSync(lab.caCertPath, 'utf8');

/** The DoH transports the SDK offers, each pointed at a real lab endpoint. */
const transports: Record<string, () => EndpointInput> = {
  'fetch GET (dnsdist, HTTP/1.1)': () => ({ url: lab.doh.http, method: 'GET' }),
  'fetch POST (dnsdist, HTTP/1.1)': () => ({ url: lab.doh.http, method: 'POST' }),
  'node:http2 GET (Unbound, TLS, HTTP/2 only)': () => createHttp2Transport({ url: lab.unboundDoh, ca }),
  'node:http2 POST (dnsdist, TLS)': () => createHttp2Transport({ url: lab.doh.https, ca, method: 'POST' }),
};

function resolverFor(endpoint: EndpointInput, options: ResolverOptions = {}) {
  return createResolver({ endpoints: [endpoint], cache: false, retries: 0, timeout: 10_000, ...options });
}

/** RDATA of a record as text, for comparing with the lab's presentation-form expectations. */
function rdataText(record: DnsRecord): string {
  return Object.values(record.data).map(String).join(' ');
}

function randomLabel(): string {
  return `q${Math.random().toString(36).slice(2, 10)}`;
}

// Scenarios whose resolver outcome takes Unbound tens of seconds are checked at the name server by the lab's own tests.
const scenarios = lab.scenarios.filter((scenario) => !scenario.expect.resolverGivesUpSlowly);

describe.each(Object.entries(transports))('every lab scenario through %s', (_, makeEndpoint) => {
  const resolver = resolverFor(makeEndpoint());
  afterAll(() => resolver.close());

  it.each(scenarios.map((scenario) => [scenario.id, scenario] as const))(
    '%s: rcode, AD flag and data match the scenario',
    async (_id, scenario) => {
      const { query, rcode, dnssec, answerIncludes, noData, ede } = scenario.expect;
      const answer = await resolver.query(query.name, query.type);
      expect(answer.rcodeName).toBe(rcode);
      expect(answer.flags.ad).toBe(dnssec === 'secure');
      expect(answer.flags.qr && answer.flags.ra).toBe(true);
      expect(answer.edns?.dnssecOk).toBe(true);
      if (answerIncludes) expect(answer.answer.map(rdataText).join('\n')).toContain(answerIncludes);
      if (noData) {
        expect(answer.answer.filter((r) => r.type === query.type)).toEqual([]);
        expect(answer.authority.some((r) => r.type === 'SOA')).toBe(true);
      }
      if (ede) expect(answer.edns?.extendedErrors.length).toBeGreaterThan(0);
      if (dnssec === 'secure' && rcode === 'NOERROR' && !noData) {
        expect(answer.answer.some((r) => r.type === 'RRSIG')).toBe(true);
      }
    },
  );
});

describe('DNSSEC states seen through the SDK', () => {
  const resolver = resolverFor({ url: lab.doh.http });
  afterAll(() => resolver.close());
  const byId = (id: string) => {
    const scenario = lab.scenarios.find((s) => s.id === id);
    if (!scenario) throw new Error(`lab has no scenario ${id}`);
    return scenario;
  };

  // Unbound gives the precise code (9 DNSKEY Missing, 7 Signature Expired) while it validates; once a
  // zone's key is marked bogus, later names in it may get the generic 6 (DNSSEC Bogus) with the reason as text.
  it('reports a bogus DS as SERVFAIL with a DNSSEC extended error, and the data with CD', async () => {
    const name = `${randomLabel()}.${byId('bogus-ds').domain}`;
    const validated = await resolver.query(name, 'A');
    expect(validated.rcodeName).toBe('SERVFAIL');
    const codes = validated.edns?.extendedErrors.map((e) => e.infoCode) ?? [];
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((code) => code === 6 || code === 9)).toBe(true);
    const unchecked = await resolver.query(byId('bogus-ds').domain, 'A', { cd: true });
    expect(unchecked.rcodeName).toBe('NOERROR');
    expect(unchecked.flags.cd).toBe(true);
    expect(unchecked.flags.ad).toBe(false);
    expect(unchecked.answer.some((r) => r.type === 'A')).toBe(true);
  });

  it('reports expired signatures with extended error 7 (Signature Expired)', async () => {
    const answer = await resolver.query(`${randomLabel()}.${byId('expired').domain}`, 'A');
    expect(answer.rcodeName).toBe('SERVFAIL');
    expect(answer.edns?.extendedErrors.map((e) => e.infoCode)).toContain(7);
    expect(answer.edns?.extendedErrors[0]?.purpose).toMatch(/Signature Expired/i);
    expect(answer.edns?.extendedErrors[0]?.extraText).toContain('expired');
  });

  it('makes resolve() throw a ResolutionError for a bogus name and return data for an insecure one', async () => {
    await expect(resolver.resolve(byId('bogus-ds').domain, 'A')).rejects.toSatisfy(isResolutionError);
    const island = await resolver.resolve(byId('island').domain, 'A');
    expect(island.status).toBe('ok');
    expect(island.secure).toBe(false);
    expect(island.records.length).toBeGreaterThan(0);
  });

  it('follows the CNAME chain to another signed zone and validates every link', async () => {
    const scenario = byId('cname-chain');
    const result = await resolver.resolve(scenario.expect.query.name, 'AAAA');
    expect(result.cnameChain.length).toBeGreaterThanOrEqual(2);
    expect(result.records.length).toBeGreaterThan(0);
    expect(result.secure).toBe(true);
  });

  it('tells NXDOMAIN from NODATA, both with validated denial', async () => {
    const nx = await resolver.resolve(byId('nxdomain').expect.query.name, 'A');
    expect(nx.status).toBe('nxdomain');
    expect(nx.secure).toBe(true);
    const nodata = await resolver.resolve(byId('ipv4-only').expect.query.name, 'AAAA');
    expect(nodata.status).toBe('nodata');
    expect(nodata.records).toEqual([]);
  });

  it('queries the Vietnamese IDN by its Unicode name', async () => {
    const scenario = byId('idn');
    const result = await resolver.resolve(`www.${scenario.unicode}`, 'AAAA');
    expect(result.name).toBe(`www.${scenario.domain}`);
    expect(result.records.length).toBeGreaterThan(0);
    expect(result.secure).toBe(true);
  });
});

describe('slow and silent name servers behind the resolver', () => {
  const slowZone = lab.scenarios.find((s) => s.id === 'slow')?.domain ?? 'slow.com.vn';

  it('waits for a slow authoritative answer within the timeout', async () => {
    const resolver = resolverFor({ url: lab.doh.http }, { timeout: 8_000 });
    // A fresh name, so Unbound must ask the slow server (nothing cached).
    const answer = await resolver.query(`${randomLabel()}.${slowZone}`, 'A');
    expect(answer.rcodeName).toBe('NXDOMAIN');
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(1_000);
    await resolver.close();
  });

  it('gives up with a TimeoutError naming the endpoint when the answer is later than the timeout', async () => {
    const resolver = resolverFor({ url: lab.doh.http }, { timeout: 400 });
    const failure = await resolver
      .query(`${randomLabel()}.${slowZone}`, 'A')
      .catch((error: unknown) => error);
    expect(isResolutionError(failure)).toBe(true);
    const attempt = (failure as { attempts: unknown[] }).attempts[0];
    expect(isTimeoutError(attempt)).toBe(true);
    expect((attempt as { endpoint: string }).endpoint).toBe(lab.doh.http);
    await resolver.close();
  });
});

describe('failover to the lab when the first endpoint misbehaves', () => {
  let broken: DohTestServer;
  beforeAll(async () => {
    broken = await startDohTestServer((request) => {
      if (request.path.includes('mode=hang')) return { hang: true };
      if (request.path.includes('mode=garbage'))
        return { body: new Uint8Array([1, 2, 3, 4, 5]), contentType: 'application/dns-message' };
      return { body: 'upstream down', status: 503, contentType: 'text/plain' };
    });
  });
  afterAll(() => broken.close());
  const name = 'ready.gov.vn';

  it.each([
    ['is down (nothing listens)', () => 'http://127.0.0.1:9/dns-query'],
    ['answers HTTP 503', () => `${broken.url}?mode=503`],
    ['answers garbage', () => `${broken.url}?mode=garbage`],
    ['hangs past the timeout', () => `${broken.url}?mode=hang`],
  ])('answers from the second endpoint when the first %s', async (_, first) => {
    const resolver = createResolver({
      endpoints: [{ url: first() }, { url: lab.doh.http }],
      cache: false,
      retries: 0,
      timeout: 1_000,
    });
    const answer = await resolver.query(name, 'A');
    expect(answer.endpoint).toBe(lab.doh.http);
    expect(answer.rcodeName).toBe('NOERROR');
    expect(answer.flags.ad).toBe(true);
    await resolver.close();
  });

  it('remembers a failing endpoint and goes to the healthy one first next time', async () => {
    const before = broken.requests.length;
    const resolver = createResolver({
      endpoints: [{ url: `${broken.url}?mode=503` }, { url: lab.doh.http }],
      cache: false,
      retries: 0,
    });
    await resolver.query(name, 'A');
    await resolver.query(name, 'AAAA');
    await resolver.query(name, 'MX');
    expect(broken.requests.length - before).toBe(1);
    await resolver.close();
  });
});

describe('the cache on real answers', () => {
  it('serves a repeated query from the cache with the TTL counted down', async () => {
    const resolver = createResolver({ endpoints: [{ url: lab.doh.http }], retries: 0 });
    const first = await resolver.query('ready.gov.vn', 'AAAA');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const second: DnsAnswer = await resolver.query('ready.gov.vn', 'AAAA');
    expect(first.fromCache).toBe(false);
    expect(second.fromCache).toBe(true);
    expect(second.elapsedMs).toBe(0);
    expect(second.answer[0]?.ttl).toBeLessThan(first.answer[0]?.ttl ?? 0);
    expect(second.flags.ad).toBe(true);
    await resolver.close();
  });

  it('caches NXDOMAIN for the SOA minimum of the zone (RFC 2308)', async () => {
    const store = new Map<string, { ttlMs: number }>();
    const resolver = createResolver({
      endpoints: [{ url: lab.doh.http }],
      retries: 0,
      cache: {
        get: () => undefined,
        set: (key, _entry, ttlMs) => void store.set(key, { ttlMs }),
        delete: (key) => void store.delete(key),
      },
    });
    const answer = await resolver.query(`${randomLabel()}.com.vn`, 'A');
    expect(answer.rcodeName).toBe('NXDOMAIN');
    const soa = answer.authority.find((r) => r.type === 'SOA');
    if (soa?.type !== 'SOA') throw new Error('NXDOMAIN without SOA');
    const expected = Math.min(soa.ttl, soa.data.minimum) * 1000;
    expect([...store.values()].map((e) => e.ttlMs)).toEqual([expected]);
    await resolver.close();
  });
});
