/**
 * A growable buffer for building DNS messages, with range-checked integer writes and
 * optional RFC 1035 §4.1.4 name compression.
 */

import { InvalidInputError } from '../../errors.js';

/** Compression pointers hold a 14-bit offset (RFC 1035 §4.1.4). */
const MAX_POINTER_TARGET = 0x3fff;

/** Throws {@link InvalidInputError} unless `value` is an integer in `[0, max]`. */
export function checkUint(value: unknown, max: number, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new InvalidInputError(`${field} must be an integer from 0 to ${max}`, value);
  }
  return value;
}

/** Builds one message front to back. */
export class WireWriter {
  private buffer = new Uint8Array(512);
  private view = new DataView(this.buffer.buffer);
  /** Bytes written so far. */
  length = 0;
  /** Suffix key → offset of a name already written; `null` when compression is off. */
  private readonly names: Map<string, number> | null;

  constructor(compress: boolean) {
    this.names = compress ? new Map() : null;
  }

  private ensure(count: number): void {
    if (this.length + count <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + count) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }

  /** Appends an octet; throws {@link InvalidInputError} naming `field` when out of range. */
  u8(value: unknown, field: string): void {
    const checked = checkUint(value, 0xff, field);
    this.ensure(1);
    this.buffer[this.length++] = checked;
  }

  /** Appends a big-endian 16-bit value, range-checked. */
  u16(value: unknown, field: string): void {
    const checked = checkUint(value, 0xffff, field);
    this.ensure(2);
    this.view.setUint16(this.length, checked);
    this.length += 2;
  }

  /** Appends a big-endian 32-bit value, range-checked. */
  u32(value: unknown, field: string): void {
    const checked = checkUint(value, 0xffffffff, field);
    this.ensure(4);
    this.view.setUint32(this.length, checked);
    this.length += 4;
  }

  /** Appends raw octets. */
  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  /** Overwrites a 16-bit field written earlier (RDLENGTH, counts). */
  patchU16(offset: number, value: number): void {
    this.view.setUint16(offset, value);
  }

  /**
   * Writes a name from its wire labels (root excluded). With `compress` and compression on,
   * a suffix already in the message becomes a pointer; suffixes are matched octet for octet,
   * so case is never changed by compression (RFC 4343 §4.1 asks that case be preserved).
   */
  name(labels: readonly Uint8Array[], compress: boolean): void {
    const names = this.names;
    const keys: string[] | null = names === null ? null : suffixKeys(labels);
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i] as Uint8Array;
      if (keys !== null && names !== null) {
        const key = keys[i] as string;
        const target = names.get(key);
        if (compress && target !== undefined) {
          this.ensure(2);
          this.view.setUint16(this.length, 0xc000 | target);
          this.length += 2;
          return;
        }
        // Remember the suffix even when this name may not be compressed (RFC 3597 §4): later
        // names may point at it.
        if (target === undefined && this.length <= MAX_POINTER_TARGET) names.set(key, this.length);
      }
      this.ensure(label.length + 1);
      this.buffer[this.length++] = label.length;
      this.buffer.set(label, this.length);
      this.length += label.length;
    }
    this.ensure(1);
    this.buffer[this.length++] = 0;
  }

  /** A copy of the bytes written, sized exactly. */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

function suffixKeys(labels: readonly Uint8Array[]): string[] {
  const keys = new Array<string>(labels.length);
  let key = '';
  for (let i = labels.length - 1; i >= 0; i--) {
    const label = labels[i] as Uint8Array;
    // Length-prefixed, so label boundaries cannot collide whatever octets the labels hold.
    key = String.fromCharCode(label.length, ...label) + key;
    keys[i] = key;
  }
  return keys;
}
