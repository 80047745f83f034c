import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isMalformedResponseError } from '../../errors.js';
import {
  cnameRecord,
  type DohTestServer,
  defaultHandler,
  replyTo,
  soaRecord,
  startDohTestServer,
} from '../test-support/doh-test-server.js';
import { transportRequest } from '../test-support/transport-request.js';
import type { DnsRecord } from '../types.js';
import { decodeMessage, encodeMessage, type RecordInput } from '../wire/index.js';
import { createDohTransport } from './doh.js';
import { createDohJsonTransport, jsonToMessage } from './doh-json.js';

let server: DohTestServer;
beforeAll(async () => {
  server = await startDohTestServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  server.handle(defaultHandler);
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const ctx = { endpoint: 'https://json.example/resolve', query: 'x.example/A' };

describe('createDohJsonTransport', () => {
  it('asks with name, numeric type, do and cd parameters and accept: application/dns-json', async () => {
    const transport = createDohJsonTransport({ url: server.jsonUrl });
    expect(transport.kind).toBe('doh-json');
    const message = await transport.send(transportRequest('ready.gov.vn', 'A', { cd: true }));
    expect(message.answer[0]).toMatchObject({
      name: 'ready.gov.vn',
      type: 'A',
      ttl: 300,
      data: { address: '192.0.2.1' },
    });
    const seen = server.requests[0];
    expect(seen?.headers.accept).toBe('application/dns-json');
    expect(seen?.params).toMatchObject({ name: 'ready.gov.vn', type: '1', do: '1', cd: '1' });
  });

  it('lowers TTLs by the Age of an answer from an HTTP cache and says it came as JSON', async () => {
    server.handle((req) => ({
      message: replyTo(req, { authority: [soaRecord('gov.vn', 600, 300)] }),
      headers: { age: '250' },
    }));
    const message = await createDohJsonTransport({ url: server.jsonUrl }).send(
      transportRequest('ready.gov.vn', 'MX'),
    );
    expect(message.authority[0]?.ttl).toBe(350);
    expect(message.transport).toBe('doh-json');
  });

  it('is what createDohTransport builds for format: json', async () => {
    const transport = createDohTransport({ url: server.jsonUrl, format: 'json' });
    expect(transport.kind).toBe('doh-json');
    await transport.send(transportRequest('ready.gov.vn', 'AAAA', { dnssecOk: false }));
    expect(server.requests[0]?.params.do).toBeUndefined();
  });

  it('maps Status, flags and sections onto the message model', async () => {
    server.handle((req) => ({
      message: replyTo(req, {
        rcode: 3,
        ad: true,
        answer: [cnameRecord('www.ready.gov.vn', 'gone.ready.gov.vn', 60)],
        authority: [soaRecord('ready.gov.vn', 900, 120)],
        extendedErrors: [{ infoCode: 6, extraText: 'bad sig' }],
      }),
    }));
    const message = await createDohJsonTransport({ url: server.jsonUrl }).send(
      transportRequest('www.ready.gov.vn', 'A'),
    );
    expect(message.rcode).toBe(3);
    expect(message.rcodeName).toBe('NXDOMAIN');
    expect(message.flags).toMatchObject({ qr: true, ad: true, rd: true, ra: true, tc: false });
    expect(message.answer[0]).toMatchObject({ type: 'CNAME', data: { target: 'gone.ready.gov.vn' } });
    expect(message.authority[0]).toMatchObject({
      type: 'SOA',
      ttl: 900,
      data: { minimum: 120, mname: 'ns1.ready.gov.vn' },
    });
    expect(message.edns?.extendedErrors).toEqual([
      { infoCode: 6, purpose: 'DNSSEC Bogus', extraText: 'bad sig' },
    ]);
  });

  it('accepts application/json and refuses other media types', async () => {
    server.handle((req) => ({ message: replyTo(req), contentType: 'application/json; charset=UTF-8' }));
    await createDohJsonTransport({ url: server.jsonUrl }).send(transportRequest('ready.gov.vn', 'A'));
    server.handle((req) => ({ message: replyTo(req), contentType: 'text/html' }));
    const error = await failure(
      createDohJsonTransport({ url: server.jsonUrl }).send(transportRequest('ready.gov.vn', 'A')),
    );
    expect(isMalformedResponseError(error)).toBe(true);
  });

  it('rejects a body that is not JSON and an answer to another question', async () => {
    server.handle(() => ({ body: '<html>nope</html>', contentType: 'application/dns-json' }));
    expect(
      isMalformedResponseError(
        await failure(createDohJsonTransport({ url: server.jsonUrl }).send(transportRequest('a.vn', 'A'))),
      ),
    ).toBe(true);
    server.handle((req) => ({ message: replyTo(req, { question: { name: 'other.vn', type: 'A' } }) }));
    const error = await failure(
      createDohJsonTransport({ url: server.jsonUrl }).send(transportRequest('a.vn', 'A')),
    );
    expect((error as Error).message).toMatch(/another question/);
  });
});

describe('jsonToMessage', () => {
  const base = {
    Status: 0,
    TC: false,
    RD: true,
    RA: true,
    AD: false,
    CD: false,
    Question: [{ name: 'x.example.', type: 1 }],
  };

  it.each([
    ['Status as a string', { ...base, Status: '0' }],
    ['a flag as a number', { ...base, AD: 1 }],
    ['Answer that is not an array', { ...base, Answer: { name: 'x' } }],
    ['a negative TTL', { ...base, Answer: [{ name: 'x.example.', type: 1, TTL: -1, data: '192.0.2.1' }] }],
    ['data as a number', { ...base, Answer: [{ name: 'x.example.', type: 1, TTL: 1, data: 3232235777 }] }],
    [
      'an A record that is not an address',
      { ...base, Answer: [{ name: 'x.example.', type: 1, TTL: 1, data: 'localhost' }] },
    ],
    ['an MX without exchange', { ...base, Answer: [{ name: 'x.example.', type: 15, TTL: 1, data: '10' }] }],
    ['a name with a space', { ...base, Answer: [{ name: 'x y.', type: 1, TTL: 1, data: '192.0.2.1' }] }],
    ['an array', [base]],
    ['null', null],
  ])('rejects %s', (_, json) => {
    let caught: unknown;
    try {
      jsonToMessage(json, ctx);
    } catch (error) {
      caught = error;
    }
    expect(isMalformedResponseError(caught)).toBe(true);
  });

  it('reads Google-style unquoted and Cloudflare-style quoted TXT data', () => {
    const message = jsonToMessage(
      {
        ...base,
        Answer: [
          { name: 'x.example.', type: 16, TTL: 1, data: 'v=spf1 -all' },
          { name: 'x.example.', type: 16, TTL: 1, data: '"part one" "part \\"two\\""' },
        ],
      },
      ctx,
    );
    expect(message.answer.map((r) => r.data)).toEqual([
      { strings: ['v=spf1 -all'] },
      { strings: ['part one', 'part "two"'] },
    ]);
  });

  it('keeps unknown types as RFC 3597 hex or as presentation text', () => {
    const message = jsonToMessage(
      {
        ...base,
        Answer: [
          { name: 'x.example.', type: 65280, TTL: 1, data: '\\# 3 abcdef' },
          { name: 'x.example.', type: 35, TTL: 1, data: '100 10 "u" "E2U+sip" "" .' },
        ],
      },
      ctx,
    );
    expect(message.answer[0]).toMatchObject({ type: 'TYPE65280', data: { rdata: 'abcdef' } });
    expect(message.answer[1]).toMatchObject({
      type: 'TYPE35',
      data: { rdata: '', presentation: '100 10 "u" "E2U+sip" "" .' },
    });
  });

  // The same records through the wire codec and through presentation text must give the same data.
  const samples: Array<[RecordInput, string]> = [
    [{ name: 'x.example', type: 'AAAA', ttl: 1, data: { address: '2001:db8::1' } }, '2001:DB8:0:0:0:0:0:1'],
    [{ name: 'x.example', type: 'NS', ttl: 1, data: { target: 'ns1.example' } }, 'ns1.example.'],
    [
      { name: 'x.example', type: 'MX', ttl: 1, data: { preference: 10, exchange: 'mx.example' } },
      '10 mx.example.',
    ],
    [
      {
        name: '_sip._tcp.x.example',
        type: 'SRV',
        ttl: 1,
        data: { priority: 1, weight: 2, port: 5060, target: 'sip.example' },
      },
      '1 2 5060 sip.example.',
    ],
    [
      { name: 'x.example', type: 'CAA', ttl: 1, data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' } },
      '0 issue "letsencrypt.org"',
    ],
    [
      {
        name: 'x.example',
        type: 'DS',
        ttl: 1,
        data: { keyTag: 2371, algorithm: 13, digestType: 2, digest: 'ab'.repeat(32) },
      },
      `2371 13 2 ${'AB'.repeat(16)} ${'AB'.repeat(16)}`,
    ],
    [
      {
        name: 'x.example',
        type: 'DNSKEY',
        ttl: 1,
        data: {
          flags: 257,
          protocol: 3,
          algorithm: 13,
          publicKey:
            'mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==',
        },
      },
      '257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+ KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==',
    ],
    [
      {
        name: 'x.example',
        type: 'RRSIG',
        ttl: 1,
        data: {
          typeCovered: 'A',
          algorithm: 13,
          labels: 2,
          originalTtl: 300,
          expiration: 1735689600,
          inception: 1733011200,
          keyTag: 2371,
          signerName: 'x.example',
          signature: 'AAECAw==',
        },
      },
      'A 13 2 300 20250101000000 1733011200 2371 x.example. AAECAw==',
    ],
    [
      {
        name: 'x.example',
        type: 'NSEC',
        ttl: 1,
        data: { nextDomain: 'y.example', types: ['A', 'RRSIG', 'NSEC', 'TYPE35'] },
      },
      'y.example. A RRSIG NSEC NAPTR',
    ],
    [
      {
        name: 'x.example',
        type: 'NSEC3',
        ttl: 1,
        data: {
          hashAlgorithm: 1,
          flags: 0,
          iterations: 0,
          salt: '',
          nextHashedOwner: '2vptu5timamqttgl4luu9kg21e0aor3s',
          types: ['A', 'RRSIG'],
        },
      },
      '1 0 0 - 2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3S A RRSIG',
    ],
    [
      {
        name: 'x.example',
        type: 'NSEC3PARAM',
        ttl: 1,
        data: { hashAlgorithm: 1, flags: 0, iterations: 5, salt: 'aabb' },
      },
      '1 0 5 AABB',
    ],
    [
      {
        name: '_443._tcp.x.example',
        type: 'TLSA',
        ttl: 1,
        data: { usage: 3, selector: 1, matchingType: 1, data: 'cd'.repeat(32) },
      },
      `3 1 1 ${'CD'.repeat(32)}`,
    ],
    [
      {
        name: 'x.example',
        type: 'HTTPS',
        ttl: 1,
        data: {
          priority: 1,
          target: '.',
          params: [
            { key: 'alpn', protocols: ['h2', 'h3'] },
            { key: 'port', port: 8443 },
            { key: 'ipv4hint', addresses: ['192.0.2.1'] },
            { key: 'ipv6hint', addresses: ['2001:db8::1'] },
          ],
        },
      },
      '1 . alpn="h2,h3" port=8443 ipv4hint=192.0.2.1 ipv6hint=2001:db8::1',
    ],
  ];

  it.each(samples)('reads %j like the wire codec does', (record, text) => {
    const wire = decodeMessage(encodeMessage({ flags: { qr: true }, answer: [record] }))
      .answer[0] as DnsRecord;
    const json = jsonToMessage(
      { ...base, Answer: [{ name: `${record.name}.`, type: wire.typeCode, TTL: 1, data: text }] },
      ctx,
    ).answer[0];
    expect(json).toEqual(wire);
  });
});
