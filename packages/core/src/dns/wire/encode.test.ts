import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors.js';
import type { DnsRecord } from '../types.js';
import { decodeMessage } from './decode.js';
import { encodeMessage, extendedErrorOption, paddingOption, type RecordInput } from './encode.js';
import { recordsOfEveryType, sampleMessages, typicalAnswers } from './samples.js';
import { ascii } from './test-helpers.js';

describe('encodeMessage → decodeMessage round trip', () => {
  const every = recordsOfEveryType();

  it.each(every.map((r) => [r.type, r] as const))('round-trips %s', (_type, input) => {
    const decoded = decodeMessage(encodeMessage({ flags: { qr: true }, answer: [input] }));
    const rr = decoded.answer[0] as DnsRecord;
    expect(rr.type).toBe(input.type);
    expect(rr.name).toBe(input.name);
    expect(rr.ttl).toBe(input.ttl);
    expect(rr.class).toBe(1);
    if (input.type === 'DNSKEY') expect(rr.data).toEqual({ ...input.data, keyTag: expect.any(Number) });
    else expect(rr.data).toEqual(input.data);
  });

  it('covers every type of RecordDataMap plus an unknown one', () => {
    const types = new Set(every.map((r) => r.type));
    for (const type of [
      'A',
      'AAAA',
      'NS',
      'CNAME',
      'DNAME',
      'PTR',
      'MX',
      'TXT',
      'SOA',
      'SRV',
      'CAA',
      'DS',
      'DNSKEY',
      'RRSIG',
      'NSEC',
      'NSEC3',
      'NSEC3PARAM',
      'TLSA',
      'SVCB',
      'HTTPS',
      'TYPE65280',
    ]) {
      expect(types.has(type as RecordInput['type']), type).toBe(true);
    }
  });

  it('re-encodes every decoded sample to the same octets', () => {
    for (const sample of [...sampleMessages(), ...typicalAnswers()]) {
      for (const compress of [true, false]) {
        const bytes = encodeMessage(sample, { compress });
        const decoded = decodeMessage(bytes);
        expect(encodeMessage(decoded, { compress })).toEqual(bytes);
      }
    }
  });

  it('round-trips header fields, the extended RCODE and EDNS options', () => {
    const bytes = encodeMessage({
      id: 7,
      opcode: 4,
      rcode: 23,
      flags: { qr: true, aa: true, tc: true, rd: true, ra: true, ad: true, cd: true },
      question: [{ name: 'example.vn', type: 'SOA' }],
      edns: {
        version: 0,
        udpPayloadSize: 512,
        dnssecOk: true,
        options: [extendedErrorOption(9, 'DNSKEY Missing for example.vn'), paddingOption(3)],
      },
    });
    const decoded = decodeMessage(bytes);
    expect(decoded).toMatchObject({ id: 7, opcode: 4, rcode: 23, rcodeName: 'BADCOOKIE' });
    expect(decoded.flags).toEqual({ qr: true, aa: true, tc: true, rd: true, ra: true, ad: true, cd: true });
    expect(decoded.edns?.extendedErrors).toEqual([
      { infoCode: 9, purpose: 'DNSKEY Missing', extraText: 'DNSKEY Missing for example.vn' },
    ]);
    expect(decoded.edns?.paddingLength).toBe(3);
  });

  it('pads whole messages when asked (RFC 8467 responses)', () => {
    const bytes = encodeMessage(typicalAnswers()[0] as never, { paddingBlockSize: 468 });
    expect(bytes.length % 468).toBe(0);
  });

  it('encodes unknown types, and known codes written as TYPE<n>, from hex (RFC 3597 §5)', () => {
    const decoded = decodeMessage(
      encodeMessage({
        answer: [
          { name: 'a.vn', type: 'TYPE1', ttl: 1, data: { rdata: 'c0000201' } },
          { name: 'a.vn', type: 'TYPE65280', ttl: 1, data: { rdata: '' } },
        ],
      }),
    );
    expect(decoded.answer.map((r) => [r.type, r.data])).toEqual([
      ['A', { address: '192.0.2.1' }],
      ['TYPE65280', { rdata: '' }],
    ]);
  });
});

describe('encodeMessage: compression', () => {
  it('compresses owners and RFC 1035 RDATA names but not SRV, RRSIG or SVCB targets', () => {
    const records: RecordInput[] = [
      { name: 'example.vn', type: 'MX', ttl: 1, data: { preference: 1, exchange: 'mail.example.vn' } },
      {
        name: 'example.vn',
        type: 'SRV',
        ttl: 1,
        data: { priority: 1, weight: 1, port: 1, target: 'mail.example.vn' },
      },
    ];
    const compressed = encodeMessage({ question: [{ name: 'example.vn', type: 'MX' }], answer: records });
    const plain = encodeMessage(
      { question: [{ name: 'example.vn', type: 'MX' }], answer: records },
      { compress: false },
    );
    expect(compressed.length).toBeLessThan(plain.length);
    // The SRV target is written out in full even though "mail.example.vn" exists earlier.
    const tail = compressed.subarray(compressed.length - 17);
    expect([...tail]).toEqual([4, ...ascii('mail'), 7, ...ascii('example'), 2, ...ascii('vn'), 0]);
    expect(decodeMessage(compressed).answer).toEqual(decodeMessage(plain).answer);
  });

  it('keeps the case of each name (RFC 4343 §4.1)', () => {
    const decoded = decodeMessage(
      encodeMessage({
        question: [{ name: 'Example.VN', type: 'A' }],
        answer: [{ name: 'example.vn', type: 'A', ttl: 1, data: { address: '192.0.2.1' } }],
      }),
    );
    expect(decoded.question[0]?.name).toBe('Example.VN');
    expect(decoded.answer[0]?.name).toBe('example.vn');
  });
});

describe('encodeMessage: input validation', () => {
  const bad: Array<[string, RecordInput]> = [
    ['an A address that is IPv6', { name: 'a.vn', type: 'A', ttl: 1, data: { address: '::1' } }],
    ['an AAAA address that is not one', { name: 'a.vn', type: 'AAAA', ttl: 1, data: { address: '1:2:3' } }],
    ['a TTL over 2^32 - 1', { name: 'a.vn', type: 'A', ttl: 2 ** 32, data: { address: '192.0.2.1' } }],
    [
      'a TXT string over 255 octets',
      { name: 'a.vn', type: 'TXT', ttl: 1, data: { strings: ['x'.repeat(256)] } },
    ],
    [
      'bad hex',
      { name: 'a.vn', type: 'DS', ttl: 1, data: { keyTag: 1, algorithm: 8, digestType: 2, digest: 'xyz' } },
    ],
    [
      'bad base64',
      {
        name: 'a.vn',
        type: 'DNSKEY',
        ttl: 1,
        data: { flags: 1, protocol: 3, algorithm: 8, publicKey: '!!' },
      },
    ],
    [
      'an unknown type in NSEC',
      { name: 'a.vn', type: 'NSEC', ttl: 1, data: { nextDomain: 'b.vn', types: ['BOGUS' as 'A'] } },
    ],
    [
      'a duplicate SvcParamKey',
      {
        name: 'a.vn',
        type: 'HTTPS',
        ttl: 1,
        data: {
          priority: 1,
          target: '.',
          params: [
            { key: 'port', port: 1 },
            { key: 'port', port: 2 },
          ],
        },
      },
    ],
    [
      'an empty alpn',
      {
        name: 'a.vn',
        type: 'HTTPS',
        ttl: 1,
        data: { priority: 1, target: '.', params: [{ key: 'alpn', protocols: [] }] },
      },
    ],
    [
      'a typeCode that contradicts the type',
      { name: 'a.vn', type: 'A', typeCode: 28, ttl: 1, data: { address: '192.0.2.1' } },
    ],
    [
      'a type without typed data',
      { name: 'a.vn', type: 'OPT' as 'A', ttl: 1, data: { address: '192.0.2.1' } },
    ],
  ];
  it.each(bad)('refuses %s with InvalidInputError', (_label, input) => {
    expect(() => encodeMessage({ answer: [input] })).toThrow(InvalidInputError);
  });

  it('refuses an RCODE over 15 without EDNS and padding without EDNS', () => {
    expect(() => encodeMessage({ rcode: 16 })).toThrow(/OPT record/);
    expect(() => encodeMessage({}, { paddingBlockSize: 128 })).toThrow(/EDNS/);
  });
});
