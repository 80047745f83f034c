import { describe, expect, it } from 'vitest';
import { labelsToName, nameToWire, normalizeName, parseName } from './names.js';

const ascii = (text: string): number[] => [...new TextEncoder().encode(text)];

describe('domain names', () => {
  it('encodes a name into length-prefixed labels ending in the root', () => {
    expect([...nameToWire('www.example.vn')]).toEqual([
      3,
      ...ascii('www'),
      7,
      ...ascii('example'),
      2,
      ...ascii('vn'),
      0,
    ]);
    expect([...nameToWire('example.vn.')]).toEqual([...nameToWire('example.vn')]);
    expect([...nameToWire('.')]).toEqual([0]);
  });

  it('parses RFC 4343 escapes: \\. inside a label and \\DDD octets', () => {
    const labels = parseName('a\\.b\\032c.example');
    expect(labels).toHaveLength(2);
    expect([...(labels[0] as Uint8Array)]).toEqual([...ascii('a.b'), 32, ...ascii('c')]);
    expect(normalizeName('A\\066C.example.')).toBe('ABC.example');
  });

  it('escapes dots, backslashes, spaces and non-ASCII octets when writing names back', () => {
    expect(labelsToName([Uint8Array.of(0x61, 0x2e, 0x5c, 0x20, 0xff, 0x00)])).toBe('a\\.\\\\\\032\\255\\000');
    expect(labelsToName([])).toBe('.');
  });

  it('keeps case as given (RFC 4343 §4.1)', () => {
    expect(normalizeName('WwW.Example.VN')).toBe('WwW.Example.VN');
  });

  it('accepts a 63-octet label and a 255-octet name, and refuses one octet more', () => {
    const label63 = 'a'.repeat(63);
    expect(() => parseName(label63)).not.toThrow();
    expect(() => parseName(`${label63}a`)).toThrow(/at most 63/);
    // 3 × 64 + 62 + 1 (root) = 255 octets: 253 presentation characters.
    const longest = [label63, label63, label63, 'b'.repeat(61)].join('.');
    expect(longest.length).toBe(253);
    expect(nameToWire(longest).length).toBe(255);
    expect(() => parseName(`${longest}b`)).toThrow(/255/);
  });

  it.each([
    ['', /Empty domain name/],
    ['a..b', /empty label/],
    ['.a', /empty label/],
    ['a.b..', /empty label/],
    ['a\\', /lone backslash/],
    ['a\\25', /three decimal digits/],
    ['a\\256', /000-255/],
    ['a b', /escape it/],
    ['việt.vn', /A-label/],
  ])('refuses %j with InvalidInputError', (name, message) => {
    expect(() => parseName(name)).toThrow(
      expect.objectContaining({ name: 'InvalidInputError', message: expect.stringMatching(message) }),
    );
  });
});
