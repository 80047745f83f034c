/**
 * RFC 1035 §3.3 `<character-string>` contents (TXT strings, CAA tag and value, SVCB alpn-ids)
 * as JSON-safe text, per the model in `../types.ts`: "decoded as UTF-8 where valid, else
 * with `\DDD` escapes".
 *
 * To keep the mapping reversible a backslash is always written `\\`, so a string that holds
 * one reads back to the same octets. Otherwise valid UTF-8 text is returned as is (controls
 * included); octet strings that are not valid UTF-8 keep printable ASCII and escape every
 * other octet as `\DDD` (RFC 1035 §5.1).
 */

import { InvalidInputError } from '../../errors.js';

// `ignoreBOM` keeps a leading U+FEFF as data instead of silently dropping three octets.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

const ESCAPED_TEXT: readonly string[] = Array.from({ length: 256 }, (_, octet) => {
  if (octet === 0x5c) return '\\\\';
  if (octet >= 0x20 && octet < 0x7f) return String.fromCharCode(octet);
  return `\\${octet.toString().padStart(3, '0')}`;
});

const ASCII_TEXT: readonly string[] = Array.from({ length: 128 }, (_, octet) =>
  octet === 0x5c ? '\\\\' : String.fromCharCode(octet),
);

/** Text of the octets `bytes[start, end)`, as described in the module documentation. */
export function octetsToText(bytes: Uint8Array, start: number, end: number): string {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if ((bytes[i] as number) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (!ascii) {
    let decoded: string | null = null;
    try {
      decoded = utf8.decode(bytes.subarray(start, end));
    } catch {
      // Not UTF-8: fall through to the escaped form.
    }
    if (decoded !== null) return decoded.includes('\\') ? decoded.replaceAll('\\', '\\\\') : decoded;
  }
  // ASCII is valid UTF-8, so its controls stay literal as promised above; only `\\` is escaped.
  const table = ascii ? ASCII_TEXT : ESCAPED_TEXT;
  let text = '';
  for (let i = start; i < end; i++) text += table[bytes[i] as number];
  return text;
}

/**
 * Octets of text written as {@link octetsToText} writes it: `\DDD` and `\X` escapes are
 * resolved, everything else is encoded as UTF-8. Throws {@link InvalidInputError} on a bad
 * escape or when the result exceeds `maxLength` octets (255 for a character-string).
 */
export function textToOctets(text: string, maxLength = 255): Uint8Array {
  let bytes: Uint8Array;
  if (!text.includes('\\')) {
    bytes = utf8Encoder.encode(text);
  } else {
    const parts: number[] = [];
    let runStart = 0;
    const flush = (end: number): void => {
      if (end > runStart)
        for (const octet of utf8Encoder.encode(text.slice(runStart, end))) parts.push(octet);
    };
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) !== 0x5c) continue;
      flush(i);
      const digits = text.slice(i + 1, i + 4);
      if (/^\d{3}$/.test(digits)) {
        const value = Number(digits);
        if (value > 255) throw new InvalidInputError('Escape \\DDD must be 000-255', text);
        parts.push(value);
        i += 3;
      } else {
        const next = text.codePointAt(i + 1);
        if (next === undefined) throw new InvalidInputError('Text ends in a lone backslash', text);
        if (next >= 0x30 && next <= 0x39)
          throw new InvalidInputError('Escape \\DDD needs three digits', text);
        const char = String.fromCodePoint(next);
        for (const octet of utf8Encoder.encode(char)) parts.push(octet);
        i += char.length;
      }
      runStart = i + 1;
    }
    flush(text.length);
    bytes = Uint8Array.from(parts);
  }
  if (bytes.length > maxLength) {
    throw new InvalidInputError(`Text is ${bytes.length} octets; at most ${maxLength} allowed here`, text);
  }
  return bytes;
}
