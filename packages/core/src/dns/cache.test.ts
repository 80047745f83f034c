import { describe, expect, it } from 'vitest';
import {
  answerFromCache,
  cacheKey,
  cacheLifetime,
  createMemoryCacheStore,
  type DnsCacheEntry,
} from './cache.js';
import type { DnsAnswer, DnsRecord } from './types.js';

const policy = { minTtl: 0, maxTtl: 86_400, negativeTtlCap: 3600 };

function soa(ttl: number, minimum: number): DnsRecord {
  return {
    name: 'example.vn',
    type: 'SOA',
    typeCode: 6,
    class: 1,
    ttl,
    data: {
      mname: 'ns1.example.vn',
      rname: 'hostmaster.example.vn',
      serial: 1,
      refresh: 2,
      retry: 3,
      expire: 4,
      minimum,
    },
  };
}

function a(name: string, ttl: number): DnsRecord {
  return { name, type: 'A', typeCode: 1, class: 1, ttl, data: { address: '192.0.2.1' } };
}

function answer(overrides: Partial<DnsAnswer> = {}): DnsAnswer {
  return {
    id: 0,
    opcode: 0,
    rcode: 0,
    rcodeName: 'NOERROR',
    flags: { qr: true, aa: false, tc: false, rd: true, ra: true, ad: false, cd: false },
    question: [{ name: 'www.example.vn', type: 'A', typeCode: 1, class: 1 }],
    answer: [],
    authority: [],
    additional: [],
    edns: null,
    endpoint: 'https://doh.example/dns-query',
    transport: 'doh-get',
    elapsedMs: 12,
    fromCache: false,
    ...overrides,
  };
}

describe('cacheLifetime', () => {
  it('counts a TTL with the top bit set as 0 (RFC 2181 §8), so the answer is not cached', () => {
    expect(cacheLifetime(answer({ answer: [a('www.example.vn', 0x80000000)] }), policy)).toBe(0);
    expect(cacheLifetime(answer({ answer: [a('www.example.vn', 0xffffffff)] }), policy)).toBe(0);
    const negative = answer({ authority: [soa(0x80000000, 300)] });
    expect(cacheLifetime(negative, policy)).toBe(0);
  });

  it('uses the lowest answer TTL for positive answers, clamped', () => {
    const msg = answer({ answer: [a('www.example.vn', 300), a('www.example.vn', 120)] });
    expect(cacheLifetime(msg, policy)).toBe(120);
    expect(cacheLifetime(msg, { ...policy, minTtl: 200 })).toBe(200);
    expect(cacheLifetime(msg, { ...policy, maxTtl: 60 })).toBe(60);
  });

  it('uses min(SOA TTL, SOA MINIMUM) for NXDOMAIN and NODATA (RFC 2308 §5), capped', () => {
    expect(
      cacheLifetime(answer({ rcode: 3, rcodeName: 'NXDOMAIN', authority: [soa(900, 60)] }), policy),
    ).toBe(60);
    expect(cacheLifetime(answer({ authority: [soa(45, 600)] }), policy)).toBe(45);
    expect(cacheLifetime(answer({ authority: [soa(90_000, 90_000)] }), policy)).toBe(3600);
  });

  it('does not cache negative answers without an SOA', () => {
    expect(cacheLifetime(answer({ rcode: 3, rcodeName: 'NXDOMAIN' }), policy)).toBe(0);
    expect(cacheLifetime(answer(), policy)).toBe(0);
  });

  it('does not cache SERVFAIL, REFUSED or truncated answers', () => {
    expect(cacheLifetime(answer({ rcode: 2, rcodeName: 'SERVFAIL', authority: [soa(60, 60)] }), policy)).toBe(
      0,
    );
    expect(cacheLifetime(answer({ rcode: 5, rcodeName: 'REFUSED' }), policy)).toBe(0);
    const tc = answer({ answer: [a('www.example.vn', 300)] });
    tc.flags = { ...tc.flags, tc: true };
    expect(cacheLifetime(tc, policy)).toBe(0);
  });
});

describe('answerFromCache', () => {
  it('lowers TTLs by the whole seconds elapsed and marks the answer as cached', () => {
    const entry: DnsCacheEntry = {
      answer: answer({ answer: [a('www.example.vn', 300)], authority: [soa(900, 60)] }),
      storedAt: 1_000_000,
      ttl: 300,
    };
    const served = answerFromCache(entry, 1_000_000 + 10_500);
    expect(served?.fromCache).toBe(true);
    expect(served?.elapsedMs).toBe(0);
    expect(served?.answer[0]?.ttl).toBe(290);
    // Never above the entry's remaining lifetime.
    expect(served?.authority[0]?.ttl).toBe(290);
    expect(entry.answer.answer[0]?.ttl).toBe(300);
  });

  it('returns null once the lifetime is over', () => {
    const entry: DnsCacheEntry = { answer: answer(), storedAt: 0, ttl: 5 };
    expect(answerFromCache(entry, 4_999)).not.toBeNull();
    expect(answerFromCache(entry, 5_000)).toBeNull();
  });
});

describe('cacheKey', () => {
  it('ignores name case and separates type, class, DO, CD and pinned endpoint', () => {
    const base = { name: 'WWW.Example.VN', typeCode: 1, dnssecOk: true, cd: false };
    expect(cacheKey(base)).toBe(cacheKey({ ...base, name: 'www.example.vn' }));
    const variants = [
      cacheKey(base),
      cacheKey({ ...base, typeCode: 28 }),
      cacheKey({ ...base, class: 3 }),
      cacheKey({ ...base, dnssecOk: false }),
      cacheKey({ ...base, cd: true }),
      cacheKey({ ...base, endpoint: 'https://a/dns-query' }),
    ];
    expect(new Set(variants).size).toBe(variants.length);
  });
});

describe('createMemoryCacheStore', () => {
  it('refuses a bad maxEntries with an InvalidInputError', () => {
    for (const maxEntries of [0, 1.5, Number.NaN]) {
      expect(() => createMemoryCacheStore({ maxEntries })).toThrow(
        expect.objectContaining({ name: 'InvalidInputError', message: expect.stringMatching(/maxEntries/) }),
      );
    }
  });

  it('evicts the least recently used entry beyond maxEntries', () => {
    const store = createMemoryCacheStore({ maxEntries: 2 });
    const entry: DnsCacheEntry = { answer: answer(), storedAt: Date.now(), ttl: 60 };
    store.set('a', entry, 60_000);
    store.set('b', entry, 60_000);
    store.get('a');
    store.set('c', entry, 60_000);
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')).toBe(entry);
    expect(store.get('c')).toBe(entry);
    expect(store.size).toBe(2);
  });

  it('drops entries after their ttl', () => {
    let now = 0;
    const store = createMemoryCacheStore({ now: () => now });
    const entry: DnsCacheEntry = { answer: answer(), storedAt: 0, ttl: 1 };
    store.set('a', entry, 1000);
    now = 999;
    expect(store.get('a')).toBe(entry);
    now = 1000;
    expect(store.get('a')).toBeUndefined();
    expect(store.size).toBe(0);
  });
});
