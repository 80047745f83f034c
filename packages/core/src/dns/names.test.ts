import { describe, expect, it } from 'vitest';
import { isInvalidInputError } from '../errors.js';
import { normaliseQueryName, parseRecordType } from './names.js';

function rejects(input: string): void {
  let caught: unknown;
  try {
    normaliseQueryName(input);
  } catch (error) {
    caught = error;
  }
  expect(isInvalidInputError(caught), `expected InvalidInputError for ${JSON.stringify(input)}`).toBe(true);
}

describe('normaliseQueryName', () => {
  it('drops one trailing dot and lower-cases', () => {
    expect(normaliseQueryName('Ready.GOV.vn.')).toBe('ready.gov.vn');
    expect(normaliseQueryName('  example.com ')).toBe('example.com');
  });

  it('keeps the root as "."', () => {
    expect(normaliseQueryName('.')).toBe('.');
  });

  it('converts Unicode labels to A-labels the way browsers do', () => {
    expect(normaliseQueryName('tên-miền.vn')).toBe(new URL('http://tên-miền.vn').hostname);
    expect(normaliseQueryName('TÊN-MIỀN.VN')).toBe(normaliseQueryName('tên-miền.vn'));
    expect(normaliseQueryName('bücher.example')).toBe('xn--bcher-kva.example');
  });

  it('treats ideographic and full-width full stops as dots', () => {
    expect(normaliseQueryName('例え。テスト')).toBe(normaliseQueryName('例え.テスト'));
  });

  it('accepts underscores, wildcards and escapes', () => {
    expect(normaliseQueryName('_dmarc.example.vn')).toBe('_dmarc.example.vn');
    expect(normaliseQueryName('_443._tcp.www.example.vn')).toBe('_443._tcp.www.example.vn');
    expect(normaliseQueryName('*.example.vn')).toBe('*.example.vn');
    expect(normaliseQueryName('a\\.b.example')).toBe('a\\.b.example');
    expect(normaliseQueryName('\\065bc.example')).toBe('abc.example');
  });

  it('rejects empty names and empty labels', () => {
    for (const input of ['', '   ', 'a..b', '.example', 'example..', '..']) rejects(input);
  });

  it('rejects a label over 63 octets and a name over 253 octets', () => {
    expect(normaliseQueryName(`${'a'.repeat(63)}.vn`)).toHaveLength(66);
    rejects(`${'a'.repeat(64)}.vn`);
    const long = Array.from({ length: 4 }, () => 'a'.repeat(63)).join('.');
    expect(long).toHaveLength(255);
    rejects(long);
    expect(normaliseQueryName(long.slice(0, 253))).toHaveLength(253);
  });

  it('counts the length after IDNA conversion', () => {
    // 57 characters make an A-label of 63 octets; 58 make one of 64.
    expect(normaliseQueryName(`${'ệ'.repeat(57)}.vn`).split('.')[0]).toHaveLength(63);
    rejects(`${'ệ'.repeat(58)}.vn`);
  });

  it('counts an escape as one octet', () => {
    expect(() => normaliseQueryName(`${'\\046'.repeat(63)}.vn`)).not.toThrow();
    rejects(`${'\\046'.repeat(64)}.vn`);
  });

  it('rejects characters outside letters, digits, hyphen, underscore and escapes', () => {
    for (const input of [
      'exa mple.vn',
      'example.vn/',
      'http://example.vn',
      'a@b.vn',
      'a%41.vn',
      'ex\u0000.vn',
    ]) {
      rejects(input);
    }
  });

  it('rejects broken escapes', () => {
    for (const input of ['a\\', 'a\\1.vn', 'a\\256.vn']) rejects(input);
  });

  it('rejects Unicode labels the URL host parser refuses or that mix in unsafe characters', () => {
    rejects('ví dụ.vn');
    rejects('a\u00ad/b.vn');
  });
});

describe('parseRecordType', () => {
  it('reads names in any case, TYPE<n> forms and numbers', () => {
    expect(parseRecordType('AAAA')).toEqual({ name: 'AAAA', code: 28 });
    expect(parseRecordType('aaaa')).toEqual({ name: 'AAAA', code: 28 });
    expect(parseRecordType('TYPE65')).toEqual({ name: 'HTTPS', code: 65 });
    expect(parseRecordType(65)).toEqual({ name: 'HTTPS', code: 65 });
    expect(parseRecordType('type65280')).toEqual({ name: 'TYPE65280', code: 65280 });
    expect(parseRecordType(65280)).toEqual({ name: 'TYPE65280', code: 65280 });
  });

  it('rejects unknown names, out-of-range numbers and OPT', () => {
    for (const input of ['AAAAA', 'NAPTRX', '', 0, 65536, -1, 1.5, 'TYPE70000', 'OPT', 41]) {
      expect(() => parseRecordType(input)).toThrow(/type|OPT/i);
      try {
        parseRecordType(input);
      } catch (error) {
        expect(isInvalidInputError(error)).toBe(true);
      }
    }
  });
});
