import { describe, expect, it } from 'vitest';
import { isInvalidInputError } from '../../errors.js';
import {
  base32HexToBytes,
  base64ToBytes,
  bytesToBase32Hex,
  bytesToBase64,
  bytesToBase64Url,
  bytesToHex,
  hexToBytes,
} from './encoding.js';

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

// RFC 4648 §10 test vectors.
const VECTORS: Array<[string, string, string]> = [
  ['', '', ''],
  ['f', 'Zg==', 'co'],
  ['fo', 'Zm8=', 'cpng'],
  ['foo', 'Zm9v', 'cpnmu'],
  ['foob', 'Zm9vYg==', 'cpnmuog'],
  ['fooba', 'Zm9vYmE=', 'cpnmuoj1'],
  ['foobar', 'Zm9vYmFy', 'cpnmuoj1e8'],
];

describe('base64 and base32hex', () => {
  it.each(VECTORS)('encode and decode the RFC 4648 §10 vector %j', (plain, b64, b32) => {
    expect(bytesToBase64(ascii(plain))).toBe(b64);
    expect(base64ToBytes(b64)).toEqual(ascii(plain));
    expect(bytesToBase32Hex(ascii(plain))).toBe(b32);
    expect(base32HexToBytes(b32.toUpperCase())).toEqual(ascii(plain));
  });

  it('writes base64url without padding for RFC 8484 GET and reads it back', () => {
    const bytes = Uint8Array.of(0xfb, 0xff, 0xfe, 0x00);
    expect(bytesToBase64(bytes)).toBe('+//+AA==');
    expect(bytesToBase64Url(bytes)).toBe('-__-AA');
    expect(base64ToBytes('-__-AA')).toEqual(bytes);
  });

  it('skips whitespace inside base64 as zone files split keys across lines', () => {
    expect(base64ToBytes('Zm9v\n  YmFy')).toEqual(ascii('foobar'));
  });

  it('refuses characters outside the alphabets with InvalidInputError', () => {
    for (const bad of ['Zm9v!', 'Z', 'Zm9vY']) {
      expect(() => base64ToBytes(bad)).toThrow(expect.objectContaining({ name: 'InvalidInputError' }));
    }
    expect(() => base32HexToBytes('wxyz')).toThrow();
    expect(() => base32HexToBytes('c')).toThrow();
    // Control characters whose low bits look like digits are not digits.
    expect(() => base32HexToBytes('\u0010\u0010')).toThrow();
  });
});

describe('hex', () => {
  it('writes lower case and reads either case', () => {
    expect(bytesToHex(Uint8Array.of(0, 0xab, 0xff))).toBe('00abff');
    expect(hexToBytes('00ABff')).toEqual(Uint8Array.of(0, 0xab, 0xff));
    expect(hexToBytes('00 ab\nff')).toEqual(Uint8Array.of(0, 0xab, 0xff));
  });

  it('refuses odd lengths and non-hex characters', () => {
    let caught: unknown;
    try {
      hexToBytes('abc');
    } catch (error) {
      caught = error;
    }
    expect(isInvalidInputError(caught)).toBe(true);
    expect(() => hexToBytes('zz')).toThrow(/0-9 and a-f/);
  });
});
