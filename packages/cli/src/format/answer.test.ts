import { describe, expect, it } from 'vitest';
import { extendedErrorOption } from '../../../core/src/dns/wire/index.js';
import { en } from '../i18n/en.js';
import { vi } from '../i18n/vi.js';
import { answerFrom } from '../test-support.js';
import { formatAnswer, validationStatus } from './answer.js';
import { createStyle } from './style.js';

const plain = createStyle(false);

const signed = answerFrom({
  id: 4660,
  flags: { qr: true, rd: true, ra: true, ad: true },
  question: [{ name: 'vnnic.vn', type: 'A' }],
  answer: [
    { name: 'vnnic.vn', type: 'A', ttl: 300, data: { address: '203.119.73.106' } },
    {
      name: 'vnnic.vn',
      type: 'RRSIG',
      ttl: 300,
      data: {
        typeCovered: 'A',
        algorithm: 13,
        labels: 2,
        originalTtl: 300,
        expiration: 1_767_225_600,
        inception: 1_764_547_200,
        keyTag: 12345,
        signerName: 'vnnic.vn',
        signature: 'AAECAwQ=',
      },
    },
  ],
  edns: { udpPayloadSize: 1232, dnssecOk: true },
});

describe('formatAnswer', () => {
  it('prints a dig-like view: header, flags, EDNS, sections, DNSSEC status, time and server', () => {
    expect(formatAnswer(signed, { messages: en, style: plain, showDnssec: true })).toBe(
      [
        ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4660',
        ';; flags: qr rd ra ad; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 1',
        ';; EDNS: version: 0, flags: do; udp: 1232',
        '',
        ';; QUESTION SECTION:',
        ';vnnic.vn.  IN  A',
        '',
        ';; ANSWER SECTION:',
        'vnnic.vn.  300  IN  A      203.119.73.106',
        'vnnic.vn.  300  IN  RRSIG  A 13 2 300 20260101000000 20251201000000 12345 vnnic.vn. AAECAwQ=',
        '',
        ';; DNSSEC: validated: the resolver checked the signatures (AD flag set)',
        ';; Query time: 12 ms',
        ';; SERVER: https://doh.example/dns-query (doh-get)',
        '',
      ].join('\n'),
    );
  });

  it('hides DNSSEC records without --dnssec and says how many', () => {
    const text = formatAnswer(signed, { messages: en, style: plain });
    expect(text).not.toContain('RRSIG');
    expect(text).toContain(';; 1 DNSSEC record hidden (add --dnssec to show it)');
  });

  it('shows DNSSEC records of the type that was asked for', () => {
    const rrsigs = answerFrom({
      flags: { qr: true },
      question: [{ name: 'vnnic.vn', type: 'RRSIG' }],
      answer: signed.answer.filter((r) => r.type === 'RRSIG') as never,
    });
    expect(formatAnswer(rrsigs, { messages: en, style: plain })).toContain('RRSIG  A 13 2 300');
  });

  it('prints extended DNS errors and a failed validation for a bogus SERVFAIL, in Vietnamese', () => {
    const bogus = answerFrom({
      rcode: 2,
      flags: { qr: true, rd: true, ra: true },
      question: [{ name: 'dnssec-failed.org', type: 'A' }],
      edns: { udpPayloadSize: 1232, options: [extendedErrorOption(6, 'signature\u001b[31m bad')] },
    });
    const text = formatAnswer(bogus, { messages: vi, style: plain });
    expect(text).toContain(';; ->>HEADER<<- opcode: QUERY, trạng thái: SERVFAIL, id: 0');
    expect(text).toContain(';; cờ: qr rd ra; HỎI: 1, TRẢ LỜI: 0, THẨM QUYỀN: 0, BỔ SUNG: 1');
    expect(text).toContain(';; EDNS: phiên bản: 0, cờ: (không có); udp: 1232');
    // The escape character of the server's text is shown, not sent to the terminal.
    expect(text).toContain(';; LỖI DNS MỞ RỘNG: 6 (DNSSEC Bogus): "signature\\027[31m bad"');
    expect(text).toContain(';; DNSSEC: xác thực thất bại');
    expect(text).toContain(';; MÁY CHỦ: https://doh.example/dns-query (doh-get)');
    expect(text).not.toContain('PHẦN TRẢ LỜI');
  });

  it('escapes control characters in CAA tags and alpn-ids, which the SDK keeps literal', () => {
    const hostile = answerFrom({
      flags: { qr: true },
      question: [{ name: 'example.vn', type: 'ANY' }],
      answer: [
        {
          name: 'example.vn',
          type: 'CAA',
          ttl: 60,
          data: { flags: 0, tag: 'is\u001b[2Jsue', value: 'ca.example' },
        },
        {
          name: 'example.vn',
          type: 'HTTPS',
          ttl: 60,
          data: { priority: 1, target: '.', params: [{ key: 'alpn', protocols: ['h2\u009b1m', 'h3'] }] },
        },
      ],
    });
    const text = formatAnswer(hostile, { messages: en, style: plain });
    expect(text).toContain('0 is\\027[2Jsue "ca.example"');
    expect(text).toContain('1 . alpn=h2\\1551m,h3');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters.
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('writes record data in presentation form for common types', () => {
    const many = answerFrom({
      flags: { qr: true, aa: true },
      question: [{ name: 'example.vn', type: 'ANY' }],
      answer: [
        { name: 'example.vn', type: 'MX', ttl: 60, data: { preference: 10, exchange: 'mail.example.vn' } },
        { name: 'example.vn', type: 'TXT', ttl: 60, data: { strings: ['v=spf1 -all', 'say "hi"'] } },
        {
          name: 'example.vn',
          type: 'SOA',
          ttl: 60,
          data: {
            mname: 'ns1.example.vn',
            rname: 'hostmaster.example.vn',
            serial: 2025010101,
            refresh: 7200,
            retry: 900,
            expire: 1209600,
            minimum: 300,
          },
        },
        {
          name: 'example.vn',
          type: 'CAA',
          ttl: 60,
          data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' },
        },
        {
          name: 'example.vn',
          type: 'DS',
          ttl: 60,
          data: { keyTag: 2371, algorithm: 13, digestType: 2, digest: 'ab01' },
        },
        {
          name: 'example.vn',
          type: 'HTTPS',
          ttl: 60,
          data: {
            priority: 1,
            target: '.',
            params: [
              { key: 'alpn', protocols: ['h2', 'h3'] },
              { key: 'ipv6hint', addresses: ['2001:db8::1'] },
            ],
          },
        },
        { name: 'example.vn', type: 'TYPE65280', ttl: 60, data: { rdata: '0a0b' } },
        { name: 'www.example.vn', type: 'CNAME', ttl: 60, data: { target: 'example.vn' } },
      ],
    });
    const lines = formatAnswer(many, { messages: en, style: plain }).split('\n');
    const data = (type: string) =>
      lines
        .find((line) => line.includes(`  ${type}  `))
        ?.split(/ {2,}/)
        .at(-1);
    expect(data('MX')).toBe('10 mail.example.vn.');
    expect(data('TXT')).toBe('"v=spf1 -all" "say \\"hi\\""');
    expect(data('SOA')).toBe('ns1.example.vn. hostmaster.example.vn. 2025010101 7200 900 1209600 300');
    expect(data('CAA')).toBe('0 issue "letsencrypt.org"');
    expect(data('DS')).toBe('2371 13 2 AB01');
    expect(data('HTTPS')).toBe('1 . alpn=h2,h3 ipv6hint=2001:db8::1');
    expect(data('TYPE65280')).toBe('\\# 2 0A0B');
    expect(data('CNAME')).toBe('example.vn.');
    expect(lines).toContain(';; flags: qr aa; QUERY: 1, ANSWER: 8, AUTHORITY: 0, ADDITIONAL: 0');
    expect(lines).toContain(';; no EDNS (OPT record) in the answer');
  });

  it('aligns the columns of a section', () => {
    const answer = answerFrom({
      flags: { qr: true },
      question: [{ name: 'a.vn', type: 'A' }],
      answer: [
        { name: 'a.vn', type: 'CNAME', ttl: 5, data: { target: 'longer-name.a.vn' } },
        { name: 'longer-name.a.vn', type: 'A', ttl: 86400, data: { address: '192.0.2.1' } },
      ],
    });
    const text = formatAnswer(answer, { messages: en, style: plain });
    expect(text).toContain('a.vn.              5      IN  CNAME  longer-name.a.vn.\n');
    expect(text).toContain('longer-name.a.vn.  86400  IN  A      192.0.2.1\n');
  });

  it('marks cached answers and colours only when asked', () => {
    const cached = { ...signed, fromCache: true, elapsedMs: 0 };
    expect(formatAnswer(cached, { messages: en, style: plain })).toContain(
      ';; Query time: 0 ms (from cache)',
    );
    expect(formatAnswer(signed, { messages: en, style: plain })).not.toContain('\u001b[');
    expect(formatAnswer(signed, { messages: en, style: createStyle(true) })).toContain(
      '\u001b[32mNOERROR\u001b[39m',
    );
  });
});

describe('validationStatus', () => {
  it('tells validated, checking disabled, failed and not validated apart', () => {
    expect(validationStatus(signed)).toBe('validated');
    expect(validationStatus({ ...signed, flags: { ...signed.flags, ad: false, cd: true } })).toBe(
      'checkingDisabled',
    );
    expect(validationStatus({ ...signed, flags: { ...signed.flags, ad: false } })).toBe('notValidated');
    const servfail = answerFrom({
      rcode: 2,
      flags: { qr: true },
      question: [{ name: 'x.vn', type: 'A' }],
      edns: {},
    });
    // A SERVFAIL without a DNSSEC extended error is not a validation failure.
    expect(validationStatus(servfail)).toBe('notValidated');
  });
});
