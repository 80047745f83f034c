import { describe, expect, it } from 'vitest';
import { UsageError } from '../context.js';
import { en } from '../i18n/en.js';
import { exitCodeForAnswer, parseDnsArgs } from './dns-args.js';

function usageText(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error.describe(en);
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('parseDnsArgs', () => {
  it('defaults the type to A and everything else to off', () => {
    expect(parseDnsArgs(['vnnic.vn'], {})).toEqual({
      help: false,
      name: 'vnnic.vn',
      type: 'A',
      resolvers: [],
      json: false,
      dnssec: false,
      cd: false,
      post: false,
      http2: false,
      ca: undefined,
      timeout: undefined,
      lang: undefined,
    });
  });

  it('reads the type, flags and repeated --resolver in any order', () => {
    const args = parseDnsArgs(
      [
        '--json',
        'tên-miền.vn',
        '--resolver',
        'https://a.example/dns-query',
        'AAAA',
        '--dnssec',
        '--cd',
        '--post',
      ].concat(['--resolver=https://b.example/dns-query', '--timeout', '1500', '--lang', 'vi']),
      {},
    );
    expect(args).toMatchObject({
      name: 'tên-miền.vn',
      type: 'AAAA',
      resolvers: ['https://a.example/dns-query', 'https://b.example/dns-query'],
      json: true,
      dnssec: true,
      cd: true,
      post: true,
      timeout: 1500,
      lang: 'vi',
    });
  });

  it('takes resolvers from DOTVN_RESOLVER unless --resolver is given', () => {
    const env = { DOTVN_RESOLVER: ' https://lab.example/dns-query , https://lab2.example/dns-query,' };
    expect(parseDnsArgs(['x.vn'], env).resolvers).toEqual([
      'https://lab.example/dns-query',
      'https://lab2.example/dns-query',
    ]);
    expect(parseDnsArgs(['x.vn', '--resolver', 'https://cli.example/q'], env).resolvers).toEqual([
      'https://cli.example/q',
    ]);
  });

  it('turns on HTTP/2 for --ca, the only transport that can use it', () => {
    expect(parseDnsArgs(['x.vn', '--ca', 'lab-ca.pem'], {})).toMatchObject({ http2: true, ca: 'lab-ca.pem' });
    expect(parseDnsArgs(['x.vn', '--http2'], {}).http2).toBe(true);
  });

  it('accepts --help without a name', () => {
    expect(parseDnsArgs(['--help'], {}).help).toBe(true);
    expect(parseDnsArgs(['-h'], {}).help).toBe(true);
  });

  it('rejects a missing name, extra arguments and unknown options', () => {
    expect(usageText(() => parseDnsArgs([], {}))).toBe('missing domain name');
    expect(usageText(() => parseDnsArgs(['a.vn', 'A', 'B'], {}))).toBe('unexpected argument(s): B');
    expect(usageText(() => parseDnsArgs(['a.vn', '--nope'], {}))).toMatch(/^invalid arguments: .*--nope/);
    expect(usageText(() => parseDnsArgs(['a.vn', '--resolver'], {}))).toMatch(/^invalid arguments:/);
  });

  it('rejects bad --timeout, --lang and resolver values', () => {
    for (const value of ['0', '-5', '1.5', 'soon', '']) {
      expect(usageText(() => parseDnsArgs(['a.vn', `--timeout=${value}`], {}))).toContain(
        '--timeout expects',
      );
    }
    expect(usageText(() => parseDnsArgs(['a.vn', '--lang', 'fr'], {}))).toBe(
      '--lang expects vi or en, received "fr"',
    );
    expect(usageText(() => parseDnsArgs(['a.vn', '--resolver', 'dns.google'], {}))).toContain(
      '--resolver expects',
    );
    expect(usageText(() => parseDnsArgs(['a.vn'], { DOTVN_RESOLVER: 'ftp://x' }))).toContain('"ftp://x"');
  });
});

describe('exitCodeForAnswer', () => {
  it('maps NOERROR to 0, NXDOMAIN to 1 and every other code to 2', () => {
    expect(exitCodeForAnswer({ rcodeName: 'NOERROR' })).toBe(0);
    expect(exitCodeForAnswer({ rcodeName: 'NXDOMAIN' })).toBe(1);
    expect(exitCodeForAnswer({ rcodeName: 'SERVFAIL' })).toBe(2);
    expect(exitCodeForAnswer({ rcodeName: 'REFUSED' })).toBe(2);
    expect(exitCodeForAnswer({ rcodeName: 'RCODE12' })).toBe(2);
  });
});
