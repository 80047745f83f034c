/**
 * Binary ↔ text encodings used by DNS presentation formats and DoH, written against
 * `Uint8Array` only so they run unchanged in browsers, workers, Node, Deno and Bun (no
 * `Buffer`, no `atob`/`btoa` with their Latin-1 string detour).
 *
 * - hex: DS digests, TLSA data, NSEC3 salts, RFC 3597 opaque RDATA (lower case out).
 * - base64: RFC 4648 §4, DNSKEY keys, RRSIG signatures, SVCB `ech` (RFC 4034 §2.2, RFC 9460).
 * - base64url without padding: RFC 4648 §5 as RFC 8484 §4.1 requires for `?dns=` in DoH GET.
 * - base32hex without padding: RFC 4648 §7 as RFC 5155 §3.3 uses for NSEC3 hashed owners.
 */

import { InvalidInputError } from '../../errors.js';

const HEX_OCTETS: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex of `bytes` (no separators). */
export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX_OCTETS[bytes[i] as number];
  return out;
}

function hexNibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/**
 * Bytes of a hex string (either case). Whitespace is skipped, as zone files allow inside
 * hex fields (RFC 4034 §5.3). Throws {@link InvalidInputError} on other characters or an odd
 * number of digits.
 */
export function hexToBytes(text: string): Uint8Array {
  const clean = /\s/.test(text) ? text.replace(/\s+/g, '') : text;
  if (clean.length % 2 !== 0)
    throw new InvalidInputError('Hex text must have an even number of digits', text);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) {
    const high = hexNibble(clean.charCodeAt(2 * i));
    const low = hexNibble(clean.charCodeAt(2 * i + 1));
    if (high < 0 || low < 0) throw new InvalidInputError('Hex text may only hold 0-9 and a-f', text);
    out[i] = (high << 4) | low;
  }
  return out;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

// Two output characters per lookup (12 bits): base64 of keys and signatures is the largest
// text the decoder produces, and this halves its work.
const BASE64_PAIRS: readonly string[] = Array.from(
  { length: 4096 },
  (_, i) => BASE64.charAt(i >> 6) + BASE64.charAt(i & 63),
);

function encode64(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  const pairs = alphabet === BASE64 ? BASE64_PAIRS : null;
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out +=
      pairs === null
        ? alphabet.charAt(n >>> 18) +
          alphabet.charAt((n >>> 12) & 63) +
          alphabet.charAt((n >>> 6) & 63) +
          alphabet.charAt(n & 63)
        : (pairs[n >>> 12] as string) + (pairs[n & 4095] as string);
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += alphabet.charAt(n >>> 18) + alphabet.charAt((n >>> 12) & 63) + (pad ? '==' : '');
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out +=
      alphabet.charAt(n >>> 18) +
      alphabet.charAt((n >>> 12) & 63) +
      alphabet.charAt((n >>> 6) & 63) +
      (pad ? '=' : '');
  }
  return out;
}

/** RFC 4648 §4 base64 with `=` padding, the presentation form of DNSKEY and RRSIG fields. */
export function bytesToBase64(bytes: Uint8Array): string {
  return encode64(bytes, BASE64, true);
}

/** RFC 4648 §5 base64url without padding, as RFC 8484 §4.1 requires for the DoH `dns` parameter. */
export function bytesToBase64Url(bytes: Uint8Array): string {
  return encode64(bytes, BASE64URL, false);
}

function base64Value(code: number): number {
  if (code >= 65 && code <= 90) return code - 65;
  if (code >= 97 && code <= 122) return code - 71;
  if (code >= 48 && code <= 57) return code + 4;
  if (code === 43 || code === 45) return 62; // '+' and the URL-safe '-'
  if (code === 47 || code === 95) return 63; // '/' and the URL-safe '_'
  return -1;
}

/**
 * Bytes of base64 or base64url text (RFC 4648 §4/§5), padded or not; whitespace is skipped
 * because zone files split long keys across lines (RFC 4034 §2.2). Throws
 * {@link InvalidInputError} on other characters or an impossible length.
 */
export function base64ToBytes(text: string): Uint8Array {
  let clean = /\s/.test(text) ? text.replace(/\s+/g, '') : text;
  if (clean.endsWith('==')) clean = clean.slice(0, -2);
  else if (clean.endsWith('=')) clean = clean.slice(0, -1);
  if (clean.length % 4 === 1) throw new InvalidInputError('Base64 text has an impossible length', text);
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const v = base64Value(clean.charCodeAt(i));
    if (v < 0) throw new InvalidInputError('Base64 text may only hold A-Z, a-z, 0-9, +, / (or -, _)', text);
    value = ((value << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >>> bits) & 0xff;
    }
  }
  return out;
}

/** RFC 4648 §7 base32hex, lower case, without padding: the NSEC3 next-hashed-owner form (RFC 5155 §3.3). */
export function bytesToBase32Hex(bytes: Uint8Array): string {
  let out = '';
  let value = 0;
  let bits = 0;
  for (let i = 0; i < bytes.length; i++) {
    value = ((value << 8) | (bytes[i] as number)) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32HEX.charAt((value >>> bits) & 31);
    }
  }
  if (bits > 0) out += BASE32HEX.charAt((value << (5 - bits)) & 31);
  return out;
}

/**
 * Bytes of base32hex text (RFC 4648 §7), either case, padding optional. Throws
 * {@link InvalidInputError} on characters outside 0-9/a-v or an impossible length.
 */
export function base32HexToBytes(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  // RFC 4648 §6: only 0, 2, 4, 5 or 7 trailing characters can end a group.
  if ([1, 3, 6].includes(clean.length % 8))
    throw new InvalidInputError('Base32hex text has an impossible length', text);
  const out = new Uint8Array(Math.floor((clean.length * 5) / 8));
  let value = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i);
    const lower = code | 0x20;
    let v = -1;
    if (code >= 48 && code <= 57) v = code - 48;
    else if (lower >= 97 && lower <= 118) v = lower - 87;
    if (v < 0) throw new InvalidInputError('Base32hex text may only hold 0-9 and a-v', text);
    value = ((value << 5) | v) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >>> bits) & 0xff;
    }
  }
  return out;
}
