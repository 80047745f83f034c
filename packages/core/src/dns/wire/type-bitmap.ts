/** The type bitmaps of NSEC and NSEC3 (RFC 4034 §4.1.2, RFC 5155 §3.2.1). */

import type { RecordType, UnknownTypeName } from '../types.js';
import { malformed, type WireReader } from './reader.js';
import { typeName } from './types-table.js';

/**
 * Type names in a bitmap at `[start, end)`. Windows must come in strictly increasing order
 * with 1–32 bitmap octets each (RFC 4034 §4.1.2); trailing zero octets, which the RFC says to
 * omit, are tolerated since they change nothing.
 */
export function decodeTypeBitmap(
  reader: WireReader,
  start: number,
  end: number,
): Array<RecordType | UnknownTypeName> {
  const bytes = reader.bytes;
  const types: Array<RecordType | UnknownTypeName> = [];
  let previousWindow = -1;
  let pos = start;
  while (pos < end) {
    if (pos + 2 > end) malformed('type bitmap window header runs past the RDATA', pos);
    const window = bytes[pos] as number;
    const length = bytes[pos + 1] as number;
    if (window <= previousWindow) malformed('type bitmap windows are not in increasing order', pos);
    if (length < 1 || length > 32) malformed(`type bitmap window length ${length} is outside 1-32`, pos + 1);
    if (pos + 2 + length > end) malformed('type bitmap runs past the RDATA', pos);
    for (let i = 0; i < length; i++) {
      const octet = bytes[pos + 2 + i] as number;
      if (octet === 0) continue;
      for (let bit = 0; bit < 8; bit++) {
        if (octet & (0x80 >> bit)) types.push(typeName(window * 256 + i * 8 + bit));
      }
    }
    previousWindow = window;
    pos += 2 + length;
  }
  return types;
}

/** Wire form of a bitmap holding `codes` (any order, duplicates ignored). */
export function encodeTypeBitmap(codes: readonly number[]): Uint8Array {
  const sorted = [...new Set(codes)].sort((a, b) => a - b);
  const out: number[] = [];
  let i = 0;
  while (i < sorted.length) {
    const window = (sorted[i] as number) >> 8;
    const bitmap = new Uint8Array(32);
    let used = 0;
    while (i < sorted.length && (sorted[i] as number) >> 8 === window) {
      const low = (sorted[i] as number) & 0xff;
      bitmap[low >> 3] = (bitmap[low >> 3] as number) | (0x80 >> (low & 7));
      used = (low >> 3) + 1;
      i++;
    }
    out.push(window, used, ...bitmap.subarray(0, used));
  }
  return Uint8Array.from(out);
}
