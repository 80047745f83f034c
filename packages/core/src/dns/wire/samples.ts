/**
 * Sample messages covering every record type the codec knows, for round-trip tests, fuzz
 * seeds and the codec benchmark. Built from the model, so they are also a readable catalogue
 * of what each type's data looks like. Signatures and keys are filler octets, not real crypto.
 *
 * Test tooling: not re-exported from the codec's entry point.
 */

import type { MessageInput, RecordInput } from './encode.js';
import { extendedErrorOption } from './encode.js';
import { bytesToBase32Hex, bytesToBase64, bytesToHex } from './encoding.js';

/** `length` deterministic filler octets (a linear congruential sequence from `seed`). */
export function fillerBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

const SIG64 = bytesToBase64(fillerBytes(64, 1));
const SIG256 = bytesToBase64(fillerBytes(256, 2));
const KEY64 = bytesToBase64(fillerBytes(64, 3));
const HASH20 = bytesToBase32Hex(fillerBytes(20, 4));

function rrsig(name: string, covered: RecordInput['type'], signer: string, long = false): RecordInput {
  return {
    name,
    type: 'RRSIG',
    ttl: 300,
    data: {
      typeCovered: covered as 'A',
      algorithm: long ? 8 : 13,
      labels: name === '.' ? 0 : name.split('.').length,
      originalTtl: 300,
      expiration: 1_767_225_600,
      inception: 1_764_547_200,
      keyTag: 12345,
      signerName: signer,
      signature: long ? SIG256 : SIG64,
    },
  };
}

const RESPONSE = { qr: true, rd: true, ra: true } as const;

/** One record of every type with typed data, plus an RFC 3597 unknown type. */
export function recordsOfEveryType(): RecordInput[] {
  return [
    { name: 'example.vn', type: 'A', ttl: 300, data: { address: '192.0.2.1' } },
    { name: 'example.vn', type: 'AAAA', ttl: 300, data: { address: '2001:db8::1' } },
    { name: 'example.vn', type: 'NS', ttl: 86400, data: { target: 'ns1.example.vn' } },
    { name: 'www.example.vn', type: 'CNAME', ttl: 300, data: { target: 'example.vn' } },
    { name: 'old.example.vn', type: 'DNAME', ttl: 300, data: { target: 'new.example.vn' } },
    { name: '1.2.0.192.in-addr.arpa', type: 'PTR', ttl: 300, data: { target: 'host.example.vn' } },
    { name: 'example.vn', type: 'MX', ttl: 300, data: { preference: 10, exchange: 'mail.example.vn' } },
    {
      name: 'example.vn',
      type: 'TXT',
      ttl: 300,
      data: { strings: ['v=spf1 -all', 'Xin chào', 'back\\\\slash', 'raw\\255\\000octets', ''] },
    },
    {
      name: 'example.vn',
      type: 'SOA',
      ttl: 3600,
      data: {
        mname: 'ns1.example.vn',
        rname: 'hostmaster.example.vn',
        serial: 2_025_010_101,
        refresh: 7200,
        retry: 3600,
        expire: 1_209_600,
        minimum: 300,
      },
    },
    {
      name: '_sip._tcp.example.vn',
      type: 'SRV',
      ttl: 300,
      data: { priority: 10, weight: 60, port: 5060, target: 'sip.example.vn' },
    },
    {
      name: 'example.vn',
      type: 'CAA',
      ttl: 300,
      data: { flags: 128, tag: 'issue', value: 'letsencrypt.org' },
    },
    {
      name: 'example.vn',
      type: 'DS',
      ttl: 86400,
      data: { keyTag: 60485, algorithm: 13, digestType: 2, digest: bytesToHex(fillerBytes(32, 5)) },
    },
    {
      name: 'example.vn',
      type: 'DNSKEY',
      ttl: 3600,
      data: { flags: 257, protocol: 3, algorithm: 13, publicKey: KEY64 },
    },
    rrsig('example.vn', 'A', 'example.vn'),
    {
      name: 'a.example.vn',
      type: 'NSEC',
      ttl: 300,
      data: { nextDomain: 'b.example.vn', types: ['A', 'RRSIG', 'NSEC', 'CAA', 'TYPE65280'] },
    },
    {
      name: `${HASH20}.example.vn`,
      type: 'NSEC3',
      ttl: 300,
      data: {
        hashAlgorithm: 1,
        flags: 1,
        iterations: 0,
        salt: 'aabbccdd',
        nextHashedOwner: HASH20,
        types: ['A', 'AAAA', 'RRSIG'],
      },
    },
    {
      name: 'example.vn',
      type: 'NSEC3PARAM',
      ttl: 0,
      data: { hashAlgorithm: 1, flags: 0, iterations: 0, salt: '' },
    },
    {
      name: '_443._tcp.www.example.vn',
      type: 'TLSA',
      ttl: 300,
      data: { usage: 3, selector: 1, matchingType: 1, data: bytesToHex(fillerBytes(32, 6)) },
    },
    {
      name: '_dns.resolver.arpa',
      type: 'SVCB',
      ttl: 300,
      data: {
        priority: 1,
        target: 'dns.example.vn',
        params: [
          { key: 'mandatory', keys: ['alpn', 'port'] },
          { key: 'alpn', protocols: ['h2', 'h3'] },
          { key: 'port', port: 443 },
          { key: 'key7', value: bytesToHex(new TextEncoder().encode('/dns-query{?dns}')) },
        ],
      },
    },
    {
      name: 'example.vn',
      type: 'HTTPS',
      ttl: 300,
      data: {
        priority: 1,
        target: '.',
        params: [
          { key: 'alpn', protocols: ['h3'] },
          { key: 'no-default-alpn' },
          { key: 'ipv4hint', addresses: ['192.0.2.1', '192.0.2.2'] },
          { key: 'ech', config: bytesToBase64(fillerBytes(40, 7)) },
          { key: 'ipv6hint', addresses: ['2001:db8::1', '2001:db8:0:1::53'] },
          { key: 'key65000', value: 'cafe' },
        ],
      },
    },
    { name: 'private.example.vn', type: 'TYPE65280', ttl: 60, data: { rdata: '0102abcdef' } },
  ];
}

/** Seed messages for fuzzing: every type, EDNS with EDE and padding, escapes, compression. */
export function sampleMessages(): MessageInput[] {
  const every = recordsOfEveryType();
  return [
    {
      id: 0x1234,
      flags: { ...RESPONSE, ad: true },
      question: [{ name: 'example.vn', type: 'ANY' }],
      answer: every,
      edns: { udpPayloadSize: 1232, dnssecOk: true },
    },
    {
      id: 1,
      flags: RESPONSE,
      rcode: 2,
      question: [{ name: 'bogus.example.vn', type: 'A' }],
      edns: {
        dnssecOk: true,
        options: [
          extendedErrorOption(6, ''),
          extendedErrorOption(7, 'RRSIG expired'),
          extendedErrorOption(9, 'no DNSKEY for example.vn/13'),
          { code: 12, data: '0000000000' },
        ],
      },
    },
    {
      id: 2,
      flags: RESPONSE,
      rcode: 3,
      question: [{ name: 'nx.example.vn', type: 'AAAA' }],
      authority: every.filter((r) => r.type === 'SOA' || r.type === 'NSEC3' || r.type === 'RRSIG'),
    },
    {
      id: 3,
      flags: RESPONSE,
      rcode: 16,
      question: [{ name: 'weird\\.label\\032x.example.vn', type: 'TXT' }],
      answer: [{ name: 'weird\\.label\\032x.example.vn', type: 'TXT', ttl: 5, data: { strings: ['a'] } }],
      additional: every.filter((r) => r.type === 'A' || r.type === 'AAAA'),
      edns: {
        version: 1,
        udpPayloadSize: 4096,
        dnssecOk: false,
        options: [{ code: 10, data: '0102030405060708' }],
      },
    },
    {
      id: 4,
      flags: { qr: false, rd: true, cd: true },
      question: [{ name: '.', type: 'DNSKEY' }],
      edns: { dnssecOk: true, options: [] },
    },
  ];
}

/**
 * Twenty typical signed answers (A, AAAA, MX, TXT, HTTPS, DNSKEY, DS, NS, CNAME chains,
 * NXDOMAIN with NSEC3), each with its RRSIGs: the benchmark's decode workload.
 */
export function typicalAnswers(): MessageInput[] {
  const answers: MessageInput[] = [];
  const zones = ['example.vn', 'nic.vn', 'gov.vn', 'edu.vn', 'com.vn'];
  for (const zone of zones) {
    const www = `www.${zone}`;
    answers.push({
      id: answers.length,
      flags: { ...RESPONSE, ad: true },
      question: [{ name: www, type: 'A' }],
      answer: [
        { name: www, type: 'CNAME', ttl: 300, data: { target: zone } },
        rrsig(www, 'CNAME', zone),
        { name: zone, type: 'A', ttl: 300, data: { address: '203.162.4.190' } },
        { name: zone, type: 'A', ttl: 300, data: { address: '203.162.4.191' } },
        rrsig(zone, 'A', zone),
      ],
      edns: { dnssecOk: true },
    });
    answers.push({
      id: answers.length,
      flags: { ...RESPONSE, ad: true },
      question: [{ name: zone, type: 'AAAA' }],
      answer: [
        { name: zone, type: 'AAAA', ttl: 300, data: { address: '2001:ee0:4f00::1' } },
        { name: zone, type: 'AAAA', ttl: 300, data: { address: '2405:4800:102::2' } },
        rrsig(zone, 'AAAA', zone),
      ],
      edns: { dnssecOk: true },
    });
    answers.push({
      id: answers.length,
      flags: { ...RESPONSE, ad: true },
      question: [{ name: zone, type: 'DNSKEY' }],
      answer: [
        {
          name: zone,
          type: 'DNSKEY',
          ttl: 3600,
          data: { flags: 257, protocol: 3, algorithm: 8, publicKey: SIG256 },
        },
        {
          name: zone,
          type: 'DNSKEY',
          ttl: 3600,
          data: { flags: 256, protocol: 3, algorithm: 8, publicKey: SIG256 },
        },
        rrsig(zone, 'DNSKEY', zone, true),
      ],
      edns: { dnssecOk: true },
    });
    answers.push({
      id: answers.length,
      flags: { ...RESPONSE, ad: true },
      question: [{ name: `nx.${zone}`, type: 'A' }],
      rcode: 3,
      authority: [
        {
          name: zone,
          type: 'SOA',
          ttl: 300,
          data: {
            mname: `ns1.${zone}`,
            rname: `hostmaster.${zone}`,
            serial: 2025010101,
            refresh: 7200,
            retry: 3600,
            expire: 1209600,
            minimum: 300,
          },
        },
        rrsig(zone, 'SOA', zone),
        {
          name: `${HASH20}.${zone}`,
          type: 'NSEC3',
          ttl: 300,
          data: {
            hashAlgorithm: 1,
            flags: 0,
            iterations: 0,
            salt: '',
            nextHashedOwner: HASH20,
            types: ['NS', 'SOA', 'MX', 'TXT', 'RRSIG', 'DNSKEY', 'NSEC3PARAM'],
          },
        },
        rrsig(`${HASH20}.${zone}`, 'NSEC3', zone),
      ],
      edns: { dnssecOk: true },
    });
  }
  return answers;
}
