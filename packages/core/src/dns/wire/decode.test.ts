import { describe, expect, it } from 'vitest';
import { isMalformedResponseError, MalformedResponseError } from '../../errors.js';
import type { DnsRecord } from '../types.js';
import { decodeMessage } from './decode.js';
import { encodeMessage } from './encode.js';
import { base32HexToBytes, base64ToBytes } from './encoding.js';
import { sampleMessages } from './samples.js';
import { ascii, hex, message, opt, question, record, u16, u32, wireName } from './test-helpers.js';

/** Decodes a message holding one answer record of `type` with `rdata`, returning that record. */
function decodeOne(type: number, rdata: number[], owner = 'example.com'): DnsRecord {
  const decoded = decodeMessage(
    message({ question: [question(wireName(owner), type)], answer: [record(wireName(owner), type, rdata)] }),
  );
  expect(decoded.answer).toHaveLength(1);
  return decoded.answer[0] as DnsRecord;
}

function malformedOffset(bytes: Uint8Array): number | undefined {
  try {
    decodeMessage(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedResponseError);
    return (error as MalformedResponseError).offset;
  }
  throw new Error('expected a MalformedResponseError');
}

// RFC 4034 §5.4: the DNSKEY of dskey.example.com, key id 60485, and its SHA-1 DS.
const RFC4034_KEY =
  'AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvx' +
  'egXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==';

describe('decodeMessage: header and question', () => {
  it('decodes the header flags, opcode, rcode and question of a response', () => {
    // ID 0xbeef; QR, opcode 0, AA, TC, RD | RA, AD, CD, RCODE 3.
    const bytes = message({ id: 0xbeef, flags: 0x87b3, question: [question(wireName('example.com'), 28)] });
    const decoded = decodeMessage(bytes);
    expect(decoded.id).toBe(0xbeef);
    expect(decoded.opcode).toBe(0);
    expect(decoded.flags).toEqual({ qr: true, aa: true, tc: true, rd: true, ra: true, ad: true, cd: true });
    expect(decoded.rcode).toBe(3);
    expect(decoded.rcodeName).toBe('NXDOMAIN');
    expect(decoded.question).toEqual([{ name: 'example.com', type: 'AAAA', typeCode: 28, class: 1 }]);
    expect(decoded.edns).toBeNull();
  });

  it('decodes the root name as "." and opcode bits', () => {
    const decoded = decodeMessage(message({ flags: 0x2800, question: [question([0], 2)] }));
    expect(decoded.opcode).toBe(5);
    expect(decoded.question[0]?.name).toBe('.');
    expect(decoded.flags.qr).toBe(false);
  });

  it('decodes label octets outside printable ASCII as RFC 4343 escapes', () => {
    const owner = [5, 0x61, 0x2e, 0x20, 0x5c, 0xe1, 3, ...ascii('com'), 0];
    expect(decodeMessage(message({ question: [question(owner, 1)] })).question[0]?.name).toBe(
      'a\\.\\032\\\\\\225.com',
    );
  });
});

describe('decodeMessage: typed RDATA', () => {
  it('decodes A and AAAA (RFC 5952 text)', () => {
    expect(decodeOne(1, [192, 0, 2, 1]).data).toEqual({ address: '192.0.2.1' });
    expect(decodeOne(28, hex('2001 0db8 0000 0000 0001 0000 0000 0001')).data).toEqual({
      address: '2001:db8::1:0:0:1',
    });
  });

  it('decodes NS, CNAME, DNAME and PTR targets', () => {
    for (const [code, type] of [
      [2, 'NS'],
      [5, 'CNAME'],
      [39, 'DNAME'],
      [12, 'PTR'],
    ] as const) {
      const rr = decodeOne(code, wireName('target.example.net'));
      expect(rr.type).toBe(type);
      expect(rr.data).toEqual({ target: 'target.example.net' });
    }
  });

  it('decodes MX, SRV and SOA', () => {
    expect(decodeOne(15, [...u16(10), ...wireName('mail.example.com')]).data).toEqual({
      preference: 10,
      exchange: 'mail.example.com',
    });
    expect(decodeOne(33, [...u16(1), ...u16(2), ...u16(5060), ...wireName('sip.example.com')]).data).toEqual({
      priority: 1,
      weight: 2,
      port: 5060,
      target: 'sip.example.com',
    });
    const soa = [
      ...wireName('ns.example.com'),
      ...wireName('hostmaster.example.com'),
      ...u32(4_000_000_000),
      ...u32(7200),
      ...u32(3600),
      ...u32(1_209_600),
      ...u32(300),
    ];
    expect(decodeOne(6, soa).data).toEqual({
      mname: 'ns.example.com',
      rname: 'hostmaster.example.com',
      serial: 4_000_000_000,
      refresh: 7200,
      retry: 3600,
      expire: 1_209_600,
      minimum: 300,
    });
  });

  it('decodes TXT strings as UTF-8 where valid and with \\DDD escapes otherwise', () => {
    const rdata = [3, ...ascii('abc'), 0, 9, ...ascii('Xin chào'), 3, 0x61, 0xff, 0x5c, 2, 0x5c, 0x41];
    expect(decodeOne(16, rdata).data).toEqual({ strings: ['abc', '', 'Xin chào', 'a\\255\\\\', '\\\\A'] });
    // A leading byte-order mark is data, not decoration.
    expect(decodeOne(16, [4, 0xef, 0xbb, 0xbf, 0x61]).data).toEqual({ strings: ['\ufeffa'] });
  });

  it('decodes CAA (RFC 8659 §4.1 layout)', () => {
    expect(
      decodeOne(257, [128, 5, ...ascii('issue'), ...ascii('ca.example.net; account=230123')]).data,
    ).toEqual({
      flags: 128,
      tag: 'issue',
      value: 'ca.example.net; account=230123',
    });
  });

  it('decodes DS and DNSKEY from RFC 4034 §5.4 and computes key tag 60485 (Appendix B)', () => {
    const ds = decodeOne(
      43,
      [...u16(60485), 5, 1, ...hex('2BB183AF5F22588179A53B0A98631FAD1A292118')],
      'dskey.example.com',
    );
    expect(ds.data).toEqual({
      keyTag: 60485,
      algorithm: 5,
      digestType: 1,
      digest: '2bb183af5f22588179a53b0a98631fad1a292118',
    });
    const key = decodeOne(48, [...u16(256), 3, 5, ...base64ToBytes(RFC4034_KEY)], 'dskey.example.com');
    expect(key.data).toEqual({
      flags: 256,
      protocol: 3,
      algorithm: 5,
      publicKey: RFC4034_KEY,
      keyTag: 60485,
    });
  });

  it('computes the RSA/MD5 key tag from the modulus (RFC 4034 Appendix B.1)', () => {
    const key = decodeOne(48, [...u16(256), 3, 1, 1, 3, 0xaa, 0xbb, 0x12, 0x34, 0x56]);
    expect(key.type === 'DNSKEY' && key.data.keyTag).toBe(0x1234);
  });

  it('decodes RRSIG fields (RFC 4034 §3.1 layout, §3.3 example values)', () => {
    const inception = Date.UTC(2003, 1, 20, 17, 31, 3) / 1000;
    const expiration = Date.UTC(2003, 2, 22, 17, 31, 3) / 1000;
    const rdata = [
      ...u16(1), // A
      5,
      3,
      ...u32(86400),
      ...u32(expiration),
      ...u32(inception),
      ...u16(2642),
      ...wireName('example.com'),
      ...base64ToBytes('oJB1W6WNGv+ldvQ3WDG0MQkg5IEh'),
    ];
    expect(decodeOne(46, rdata, 'host.example.com').data).toEqual({
      typeCovered: 'A',
      algorithm: 5,
      labels: 3,
      originalTtl: 86400,
      expiration,
      inception,
      keyTag: 2642,
      signerName: 'example.com',
      signature: 'oJB1W6WNGv+ldvQ3WDG0MQkg5IEh',
    });
  });

  it('decodes the NSEC type bitmap of RFC 4034 §4.3', () => {
    const rdata = [
      ...wireName('host.example.com'),
      ...hex('00 06 40 01 00 00 00 03'),
      ...hex('04 1b 00000000 00000000 00000000 00000000 00000000 00000000 000020'),
    ];
    expect(decodeOne(47, rdata, 'alfa.example.com').data).toEqual({
      nextDomain: 'host.example.com',
      types: ['A', 'MX', 'RRSIG', 'NSEC', 'TYPE1234'],
    });
  });

  it('decodes NSEC3 and NSEC3PARAM (RFC 5155 Appendix B values)', () => {
    const hash = base32HexToBytes('2vptu5timamqttgl4luu9kg21e0aor3s');
    const rdata = [
      1,
      1,
      ...u16(12),
      4,
      ...hex('aabbccdd'),
      hash.length,
      ...hash,
      ...hex('00 06 40 00 00 00 00 02'),
    ];
    expect(decodeOne(50, rdata, '2t7b4g4vsa5smi47k61mv5bv1a22bojr.example').data).toEqual({
      hashAlgorithm: 1,
      flags: 1,
      iterations: 12,
      salt: 'aabbccdd',
      nextHashedOwner: '2vptu5timamqttgl4luu9kg21e0aor3s',
      types: ['A', 'RRSIG'],
    });
    expect(decodeOne(51, [1, 0, ...u16(12), 4, ...hex('aabbccdd')], 'example').data).toEqual({
      hashAlgorithm: 1,
      flags: 0,
      iterations: 12,
      salt: 'aabbccdd',
    });
    expect(decodeOne(51, [1, 0, 0, 0, 0]).data).toEqual({
      hashAlgorithm: 1,
      flags: 0,
      iterations: 0,
      salt: '',
    });
  });

  it('decodes TLSA (RFC 6698 §2.3 example)', () => {
    const data = 'd2abde240d7cd3ee6b4b28c54df034b97983a1d16e8a410e4561cb106618e971';
    expect(decodeOne(52, [0, 0, 1, ...hex(data)], '_443._tcp.www.example.com').data).toEqual({
      usage: 0,
      selector: 0,
      matchingType: 1,
      data,
    });
  });

  it('decodes the SVCB test vectors of RFC 9460 Appendix D.2', () => {
    // AliasMode: example.com. HTTPS 0 foo.example.com.
    expect(decodeOne(65, [...u16(0), ...wireName('foo.example.com')]).data).toEqual({
      priority: 0,
      target: 'foo.example.com',
      params: [],
    });
    // example.com. SVCB 16 foo.example.com. port=53
    expect(
      decodeOne(64, [...u16(16), ...wireName('foo.example.com'), ...hex('0003 0002 0035')]).data,
    ).toEqual({
      priority: 16,
      target: 'foo.example.com',
      params: [{ key: 'port', port: 53 }],
    });
    // example.com. SVCB 1 foo.example.com. key667=hello
    expect(
      decodeOne(64, [...u16(1), ...wireName('foo.example.com'), ...hex('029b 0005'), ...ascii('hello')]).data,
    ).toEqual({
      priority: 1,
      target: 'foo.example.com',
      params: [{ key: 'key667', value: '68656c6c6f' }],
    });
    // example.com. SVCB 1 foo.example.com. ipv6hint=2001:db8::1,2001:db8::53:1
    const v6 = hex('0006 0020 20010db8000000000000000000000001 20010db8000000000000000000530001');
    expect(decodeOne(64, [...u16(1), ...wireName('foo.example.com'), ...v6]).data).toEqual({
      priority: 1,
      target: 'foo.example.com',
      params: [{ key: 'ipv6hint', addresses: ['2001:db8::1', '2001:db8::53:1'] }],
    });
    // example.com. SVCB 16 foo.example.org. alpn=h2,h3-19 mandatory=ipv4hint,alpn ipv4hint=192.0.2.1
    const params = hex('0000 0004 0001 0004  0001 0009 02 6832 05 68332d3139  0004 0004 c0000201');
    expect(decodeOne(64, [...u16(16), ...wireName('foo.example.org'), ...params]).data).toEqual({
      priority: 16,
      target: 'foo.example.org',
      params: [
        { key: 'mandatory', keys: ['alpn', 'ipv4hint'] },
        { key: 'alpn', protocols: ['h2', 'h3-19'] },
        { key: 'ipv4hint', addresses: ['192.0.2.1'] },
      ],
    });
  });

  it('decodes HTTPS no-default-alpn and ech', () => {
    const params = hex('0001 0003 02 6833  0002 0000  0005 0003 010203');
    expect(decodeOne(65, [...u16(1), 0, ...params]).data).toEqual({
      priority: 1,
      target: '.',
      params: [
        { key: 'alpn', protocols: ['h3'] },
        { key: 'no-default-alpn' },
        { key: 'ech', config: 'AQID' },
      ],
    });
  });

  it('refuses SVCB RDATA that RFC 9460 §2.2 calls malformed (Appendix D.3)', () => {
    const target = wireName('foo.example.com');
    // keys out of order, duplicate key, truncated value, bad port length, empty alpn, no-default-alpn with a value
    for (const params of [
      '0003 0002 0035 0001 0003 02 6832',
      '0003 0002 0035 0003 0002 0036',
      '0003 0005 0035',
      '0003 0003 003500',
      '0001 0000',
      '0001 0003 00 6832',
      '0002 0001 00',
      '0004 0003 c00002',
      '0006 0004 20010db8',
      '0000 0003 000100',
      '00',
    ]) {
      const bytes = message({
        answer: [record(wireName('example.com'), 64, [...u16(1), ...target, ...hex(params)])],
      });
      expect(() => decodeMessage(bytes), params).toThrow(MalformedResponseError);
    }
  });
});

describe('decodeMessage: unknown types and RDLENGTH', () => {
  it('keeps type 65280 as TYPE65280 with its RDATA in hex (RFC 3597)', () => {
    const rr = decodeOne(65280, hex('0102 abcd'));
    expect(rr).toEqual({
      name: 'example.com',
      type: 'TYPE65280',
      typeCode: 65280,
      class: 1,
      ttl: 3600,
      data: { rdata: '0102abcd' },
    });
  });

  it('never gives a mnemonic to a type without typed data, even a named one (ANY, OPT outside additional)', () => {
    expect(decodeOne(255, []).type).toBe('TYPE255');
    expect(decodeOne(41, [1, 2]).type).toBe('TYPE41');
    expect(decodeOne(99, []).data).toEqual({ rdata: '' });
  });

  it.each([
    ['A with RDLENGTH 5', 1, [192, 0, 2, 1, 0]],
    ['A with RDLENGTH 3', 1, [192, 0, 2]],
    ['AAAA with RDLENGTH 4', 28, [192, 0, 2, 1]],
    ['CNAME with a trailing octet', 5, [...wireName('a.example'), 0]],
    ['MX without exchange', 15, [0, 10]],
    ['SOA with 19 octets of numbers', 6, [0, 0, ...new Array<number>(19).fill(0)]],
    ['TXT string running past RDATA', 16, [5, 0x61]],
    ['CAA with an empty tag', 257, [0, 0, 0x61]],
    ['CAA tag past RDATA', 257, [0, 9, 0x61]],
    ['DS shorter than 4 octets', 43, [0, 1, 2]],
    ['DNSKEY shorter than 4 octets', 48, [1, 0, 3]],
    ['RRSIG without signer', 46, new Array<number>(18).fill(0)],
    ['NSEC with empty window', 47, [0, 0, 0]],
    ['NSEC with window length 33', 47, [0, 0, 33, ...new Array<number>(33).fill(1)]],
    ['NSEC with windows out of order', 47, [0, 1, 1, 0x40, 0, 1, 0x40]],
    ['NSEC bitmap past RDATA', 47, [0, 0, 4, 0x40]],
    ['NSEC3 salt past RDATA', 50, [1, 0, 0, 0, 9, 1]],
    ['NSEC3 with empty hash', 50, [1, 0, 0, 0, 0, 0]],
    ['NSEC3PARAM with extra octets', 51, [1, 0, 0, 0, 0, 7]],
    ['TLSA shorter than 3 octets', 52, [3, 1]],
    ['SRV without target', 33, [0, 1, 0, 1, 0, 1]],
  ])('refuses %s', (_label, type, rdata) => {
    const bytes = message({ answer: [record(wireName('example.com'), type, rdata)] });
    expect(() => decodeMessage(bytes)).toThrow(MalformedResponseError);
  });

  it('refuses RDLENGTH that runs past the message', () => {
    const bytes = message({ answer: [record(wireName('example.com'), 1, [192, 0, 2, 1], { rdlength: 10 })] });
    expect(malformedOffset(bytes)).toBeGreaterThan(12);
  });
});

describe('decodeMessage: name compression (RFC 1035 §4.1.4)', () => {
  const q = question(wireName('example.com'), 1);

  it('follows pointers to earlier names, in owners and in RDATA', () => {
    const decoded = decodeMessage(
      message({
        question: [q],
        answer: [
          record(hex('c00c'), 5, [3, ...ascii('www'), 0xc0, 12]),
          record([3, ...ascii('www'), 0xc0, 12], 1, [192, 0, 2, 1]),
        ],
      }),
    );
    expect(decoded.answer.map((r) => r.name)).toEqual(['example.com', 'www.example.com']);
    expect(decoded.answer[0]?.data).toEqual({ target: 'www.example.com' });
  });

  it('refuses a forward pointer', () => {
    const bytes = message({ question: [[0xc0, 40, 0, 1, 0, 1]], trailing: new Array<number>(40).fill(0) });
    expect(malformedOffset(bytes)).toBe(12);
  });

  it('refuses a pointer to itself and a loop through its own labels', () => {
    expect(() => decodeMessage(message({ question: [[0xc0, 12, 0, 1, 0, 1]] }))).toThrow(/point back/);
    // "a" then a pointer back to the "a": strictly backwards, but a loop.
    expect(() => decodeMessage(message({ question: [[1, 0x61, 0xc0, 12, 0, 1, 0, 1]] }))).toThrow(
      /point back/,
    );
  });

  it('refuses a two-step loop between names', () => {
    // Question 1 at 12: "a" + pointer to 22 (forward: refused before any loop can form).
    const bytes = message({
      question: [
        [1, 0x61, 0xc0, 22, 0, 1, 0, 1],
        [1, 0x62, 0xc0, 12, 0, 1, 0, 1],
      ],
    });
    expect(() => decodeMessage(bytes)).toThrow(MalformedResponseError);
  });

  it('caps the number of pointer hops', () => {
    // An opaque record holds a chain of 200 pointers, each to the one before; a CNAME
    // target then points at the last one.
    const base = 12 + 17; // after the question
    const ownerLength = 2;
    const chainStart = base + ownerLength + 10;
    const chain: number[] = [];
    for (let i = 0; i < 200; i++) {
      const target = i === 0 ? 12 : chainStart + 2 * (i - 1);
      chain.push(0xc0 | (target >> 8), target & 0xff);
    }
    const last = chainStart + 2 * 199;
    const bytes = message({
      question: [q],
      answer: [record(hex('c00c'), 65280, chain), record(hex('c00c'), 5, [0xc0 | (last >> 8), last & 0xff])],
    });
    expect(() => decodeMessage(bytes)).toThrow(/more than 128 pointers/);
  });

  it('refuses extended (0b01) and reserved (0b10) label types', () => {
    expect(() => decodeMessage(message({ question: [[0x41, 0, 0, 1, 0, 1]] }))).toThrow(/label type 0b01/);
    expect(() => decodeMessage(message({ question: [[0x81, 0, 0, 1, 0, 1]] }))).toThrow(/label type 0b10/);
  });

  it('refuses names over 255 octets, also when built through pointers', () => {
    const label63 = [63, ...new Array<number>(63).fill(0x61)];
    const inline = [...label63, ...label63, ...label63, ...label63, 0, 0, 1, 0, 1];
    expect(() => decodeMessage(message({ question: [inline] }))).toThrow(/255 octets/);
    const first = [...label63, ...label63, 0, 0, 1, 0, 1]; // 129 octets at offset 12
    const second = [...label63, ...label63, 0xc0, 12, 0, 1, 0, 1]; // 128 + 129 > 255
    expect(() => decodeMessage(message({ question: [first, second] }))).toThrow(/255 octets/);
    // 255 exactly is fine.
    const exact = [
      ...label63,
      ...label63,
      ...label63,
      61,
      ...new Array<number>(61).fill(0x62),
      0,
      0,
      1,
      0,
      1,
    ];
    expect(decodeMessage(message({ question: [exact] })).question[0]?.name.length).toBe(253);
  });

  it('refuses a name in RDATA that runs past its RDLENGTH', () => {
    const bytes = message({
      answer: [record(wireName('example.com'), 5, wireName('target.example'), { rdlength: 4 })],
    });
    expect(() => decodeMessage(bytes)).toThrow(MalformedResponseError);
  });
});

describe('decodeMessage: EDNS (RFC 6891)', () => {
  it('moves OPT out of the additional section into edns', () => {
    const decoded = decodeMessage(
      message({
        question: [question(wireName('example.com'), 1)],
        additional: [
          record(wireName('ns.example.com'), 1, [192, 0, 2, 53]),
          opt([[10, hex('0102030405060708')]], { do: true, payload: 4096 }),
        ],
      }),
    );
    expect(decoded.additional.map((r) => r.type)).toEqual(['A']);
    expect(decoded.edns).toEqual({
      version: 0,
      udpPayloadSize: 4096,
      dnssecOk: true,
      options: [{ code: 10, data: '0102030405060708' }],
      extendedErrors: [],
      paddingLength: null,
    });
  });

  it('decodes extended DNS errors 6, 7 and 9 with their IANA purposes and extra text (RFC 8914)', () => {
    const decoded = decodeMessage(
      message({
        flags: 0x8182,
        additional: [
          opt([
            [15, u16(6)],
            [15, [...u16(7), ...ascii('RRSIG example.vn/A expired 2025-01-01')]],
            [15, [...u16(9), ...ascii('no DNSKEY matches DS 60485')]],
            [15, [...u16(4000), ...ascii('chào')]],
          ]),
        ],
      }),
    );
    expect(decoded.rcodeName).toBe('SERVFAIL');
    expect(decoded.edns?.extendedErrors).toEqual([
      { infoCode: 6, purpose: 'DNSSEC Bogus', extraText: '' },
      { infoCode: 7, purpose: 'Signature Expired', extraText: 'RRSIG example.vn/A expired 2025-01-01' },
      { infoCode: 9, purpose: 'DNSKEY Missing', extraText: 'no DNSKEY matches DS 60485' },
      { infoCode: 4000, purpose: 'Unknown', extraText: 'chào' },
    ]);
    expect(decoded.edns?.options).toHaveLength(4);
  });

  it('reports the padding length (RFC 7830)', () => {
    const decoded = decodeMessage(message({ additional: [opt([[12, new Array<number>(37).fill(0)]])] }));
    expect(decoded.edns?.paddingLength).toBe(37);
    expect(decodeMessage(message({ additional: [opt([[12, []]])] })).edns?.paddingLength).toBe(0);
  });

  it('combines the extended RCODE with the header RCODE (RFC 6891 §6.1.3)', () => {
    const badvers = decodeMessage(
      message({ flags: 0x8180, additional: [opt([], { extRcode: 1, version: 1 })] }),
    );
    expect(badvers.rcode).toBe(16);
    expect(badvers.rcodeName).toBe('BADVERS');
    expect(badvers.edns?.version).toBe(1);
    const high = decodeMessage(message({ flags: 0x818f, additional: [opt([], { extRcode: 0xff })] }));
    expect(high.rcode).toBe(4095);
    expect(high.rcodeName).toBe('RCODE4095');
  });

  it('refuses a second OPT record, a short EDE option and an option past the RDATA', () => {
    expect(() => decodeMessage(message({ additional: [opt([]), opt([])] }))).toThrow(/more than one OPT/);
    expect(() => decodeMessage(message({ additional: [opt([[15, [0]]])] }))).toThrow(/INFO-CODE/);
    const overrun = [0, ...u16(41), ...u16(1232), 0, 0, 0, 0, ...u16(6), ...u16(15), ...u16(9), 0, 6];
    expect(() => decodeMessage(message({ additional: [overrun] }))).toThrow(MalformedResponseError);
  });
});

describe('decodeMessage: hostile and damaged input', () => {
  const valid = encodeMessage(sampleMessages()[0] as Parameters<typeof encodeMessage>[0]);

  it('throws MalformedResponseError with an offset for a truncation at every octet of a valid message', () => {
    expect(decodeMessage(valid).answer.length).toBeGreaterThan(20);
    for (let length = 0; length < valid.length; length++) {
      let caught: unknown;
      try {
        decodeMessage(valid.subarray(0, length));
      } catch (error) {
        caught = error;
      }
      expect(isMalformedResponseError(caught), `length ${length}`).toBe(true);
      expect((caught as MalformedResponseError).offset).toBeTypeOf('number');
    }
  });

  it('refuses header counts the message cannot hold before looping over them', () => {
    const bytes = Uint8Array.from([0, 0, 0x81, 0x80, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    expect(malformedOffset(bytes)).toBe(4);
  });

  it('tolerates trailing octets unless told not to', () => {
    const bytes = message({ question: [question(wireName('example.com'), 1)], trailing: [0, 0, 0] });
    expect(decodeMessage(bytes).question).toHaveLength(1);
    expect(() => decodeMessage(bytes, { allowTrailingBytes: false })).toThrow(/3 octet\(s\) follow/);
  });

  it('refuses input that is not a Uint8Array with MalformedResponseError', () => {
    expect(() => decodeMessage('hello' as unknown as Uint8Array)).toThrow(MalformedResponseError);
    expect(() => decodeMessage(new Uint8Array(0))).toThrow(MalformedResponseError);
  });

  it('decodes a subarray with a byte offset', () => {
    const padded = new Uint8Array(valid.length + 7);
    padded.set(valid, 7);
    expect(decodeMessage(padded.subarray(7))).toEqual(decodeMessage(valid));
  });

  it('decodes a worst-case 64 KiB message in bounded time', () => {
    // One 255-octet name, then as many records as fit whose owner points at it.
    const label63 = [63, ...new Array<number>(63).fill(0x61)];
    const longName = [...label63, ...label63, ...label63, 61, ...new Array<number>(61).fill(0x62), 0];
    const rr = record([0xc0, 12], 16, [255, ...new Array<number>(255).fill(0x5c)]);
    const small = record([0xc0, 12], 1, [1, 2, 3, 4]);
    const count = Math.floor((65535 - 12 - longName.length - 4 - rr.length) / small.length);
    const bytes = message({
      question: [[...longName, 0, 1, 0, 1]],
      answer: [rr, ...new Array<number[]>(count).fill(small)],
    });
    expect(bytes.length).toBeLessThanOrEqual(65535);
    const started = performance.now();
    const decoded = decodeMessage(bytes);
    expect(decoded.answer).toHaveLength(count + 1);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
