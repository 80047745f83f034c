import { describe, expect, it } from 'vitest';
import { canonicalIPv6, formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './ip-text.js';

describe('IPv6 text (RFC 5952)', () => {
  it.each([
    // §4.1 leading zeros suppressed
    ['2001:0db8::0001', '2001:db8::1'],
    // §4.2.1 shorten as much as possible
    ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
    // §4.2.2 a single 16-bit 0 field is not shortened
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    // §4.2.3 the longest run is shortened; on a tie, the first
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    // §4.3 lower case
    ['2001:DB8::AbCd', '2001:db8::abcd'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['1:0:1:0:1:0:1:0', '1:0:1:0:1:0:1:0'],
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
    ['2001:db8:0:1::53', '2001:db8:0:1::53'],
  ])('writes %s as %s', (input, expected) => {
    expect(canonicalIPv6(input)).toBe(expected);
  });

  it('formats 16 octets at an offset', () => {
    const bytes = new Uint8Array(20);
    bytes.set([0x20, 0x01, 0x0d, 0xb8], 4);
    bytes[19] = 1;
    expect(formatIPv6(bytes, 4)).toBe('2001:db8::1');
  });

  it.each([
    '',
    ':',
    '1::2::3',
    '12345::',
    'g::',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    ':1::',
    'fe80::1%eth0',
    '::1.2.3',
  ])('refuses %j', (input) => {
    expect(parseIPv6(input)).toBeNull();
  });
});

describe('IPv4 text', () => {
  it('parses and formats dotted quads', () => {
    expect(parseIPv4('192.0.2.255')).toEqual(Uint8Array.of(192, 0, 2, 255));
    expect(formatIPv4(Uint8Array.of(10, 0, 0, 1))).toBe('10.0.0.1');
  });

  it.each(['1.2.3', '256.1.1.1', '01.2.3.4', '1.2.3.4.5', '1..2.3', ' 1.2.3.4'])('refuses %j', (input) => {
    expect(parseIPv4(input)).toBeNull();
  });
});
