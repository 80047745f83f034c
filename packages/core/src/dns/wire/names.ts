/**
 * Domain names between presentation form and wire labels (RFC 1035 §3.1 and §5.1,
 * RFC 4343 §2.1 escapes).
 *
 * Presentation form here is the one of the message model (`../types.ts`): no trailing dot,
 * the root is `.`, case kept as received (RFC 4343 §4.1), `\.` and `\\` for a literal dot
 * or backslash inside a label, `\DDD` (decimal) for every octet outside printable ASCII.
 */

import { InvalidInputError } from '../../errors.js';

/** RFC 1035 §2.3.4: a label holds at most 63 octets. */
export const MAX_LABEL_LENGTH = 63;
/** RFC 1035 §2.3.4: a name takes at most 255 octets on the wire, length octets and root included. */
export const MAX_NAME_WIRE_LENGTH = 255;

function decimalEscape(octet: number): string {
  return `\\${octet.toString().padStart(3, '0')}`;
}

// One string per octet, so decoding a label is a table lookup per octet (hot path).
const LABEL_TEXT: readonly string[] = Array.from({ length: 256 }, (_, octet) => {
  if (octet === 0x2e || octet === 0x5c) return `\\${String.fromCharCode(octet)}`;
  // Space and controls would be invisible or ambiguous in a name: RFC 4343 §2.1 `\DDD`.
  if (octet > 0x20 && octet < 0x7f) return String.fromCharCode(octet);
  return decimalEscape(octet);
});

/** Presentation text of one wire label (`bytes[start, start + length)`), escaped per RFC 4343 §2.1. */
export function labelToText(bytes: Uint8Array, start: number, length: number): string {
  const end = start + length;
  let text = '';
  for (let i = start; i < end; i++) text += LABEL_TEXT[bytes[i] as number];
  return text;
}

/**
 * Wire labels of a name in presentation form, root label excluded (`.` gives `[]`).
 * A trailing dot is accepted. Throws {@link InvalidInputError} for an empty name, an empty
 * label, a label over 63 octets, a name over 255 wire octets (253 presentation characters
 * without escapes), a bad escape, or a character that is not printable ASCII: callers
 * convert internationalised names to A-labels first (RFC 5891) or escape octets as `\DDD`.
 */
export function parseName(name: string): Uint8Array[] {
  if (name === '.') return [];
  if (name.length === 0) throw new InvalidInputError('Empty domain name; the root is written "."', name);
  const labels: Uint8Array[] = [];
  let current: number[] = [];
  let wireLength = 1; // the root label
  const endLabel = (): void => {
    if (current.length === 0) throw new InvalidInputError('Domain name has an empty label', name);
    if (current.length > MAX_LABEL_LENGTH) {
      throw new InvalidInputError(
        `Label is ${current.length} octets; at most ${MAX_LABEL_LENGTH} allowed`,
        name,
      );
    }
    wireLength += current.length + 1;
    labels.push(Uint8Array.from(current));
    current = [];
  };
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code === 0x2e) {
      endLabel();
      // A single trailing dot marks the name as absolute; it adds no label.
      if (i === name.length - 1) break;
      continue;
    }
    if (code === 0x5c) {
      const next = name.charCodeAt(i + 1);
      if (Number.isNaN(next)) throw new InvalidInputError('Domain name ends in a lone backslash', name);
      if (next >= 0x30 && next <= 0x39) {
        const digits = name.slice(i + 1, i + 4);
        if (!/^\d{3}$/.test(digits) || Number(digits) > 255) {
          throw new InvalidInputError('Escape \\DDD needs three decimal digits, 000-255', name);
        }
        current.push(Number(digits));
        i += 3;
        continue;
      }
      if (next <= 0x20 || next >= 0x7f)
        throw new InvalidInputError('Only printable ASCII may follow "\\"', name);
      current.push(next);
      i += 1;
      continue;
    }
    if (code <= 0x20 || code >= 0x7f) {
      throw new InvalidInputError(
        'Domain name holds a space, control or non-ASCII character; convert to an A-label or escape it as \\DDD',
        name,
      );
    }
    current.push(code);
  }
  if (current.length > 0) endLabel();
  if (wireLength > MAX_NAME_WIRE_LENGTH) {
    throw new InvalidInputError(`Domain name is ${wireLength} octets on the wire; at most 255 allowed`, name);
  }
  return labels;
}

/** Presentation form of wire labels (root label excluded); `[]` gives `.`. */
export function labelsToName(labels: readonly Uint8Array[]): string {
  if (labels.length === 0) return '.';
  return labels.map((label) => labelToText(label, 0, label.length)).join('.');
}

/** Uncompressed wire form of a name (RFC 1035 §3.1), root label included. Throws like {@link parseName}. */
export function nameToWire(name: string): Uint8Array {
  const labels = parseName(name);
  let length = 1;
  for (const label of labels) length += label.length + 1;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const label of labels) {
    out[offset++] = label.length;
    out.set(label, offset);
    offset += label.length;
  }
  return out;
}

/**
 * The canonical presentation form of a name: parsed and re-escaped, so `A\066C.example.` and
 * `ABC.example` give the same text (`ABC.example`). Case is kept (RFC 4343 §4.1). Throws
 * like {@link parseName}.
 */
export function normalizeName(name: string): string {
  return labelsToName(parseName(name));
}
