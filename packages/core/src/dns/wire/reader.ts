/**
 * Bounds-checked reads over a received DNS message. Every failure is a
 * {@link MalformedResponseError} carrying the offset where decoding stopped, so nothing a
 * server sends can surface as a `RangeError` or `undefined` field.
 */

import { MalformedResponseError } from '../../errors.js';
import { labelToText, MAX_NAME_WIRE_LENGTH } from './names.js';

/**
 * At most this many compression pointers are followed in one name. Pointers must already
 * go strictly backwards (see {@link WireReader.readName}), which alone guarantees an end;
 * the cap keeps a 16 KiB chain of pointer-to-pointer hops from costing 16 K steps.
 * A real name has at most 127 labels, so 128 hops never refuses a valid message.
 */
export const MAX_POINTER_HOPS = 128;

/** Throws a {@link MalformedResponseError} for `offset`. */
export function malformed(message: string, offset: number): never {
  throw new MalformedResponseError(`Malformed DNS message: ${message} (offset ${offset})`, { offset });
}

/** A read-only view of one message with checked integer and name reads. */
export class WireReader {
  readonly bytes: Uint8Array;
  readonly length: number;
  private readonly view: DataView;
  /** Offset just past the name read last by {@link WireReader.readName}, in the original data. */
  nameEnd = 0;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.length = bytes.length;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Throws unless `count` octets are available at `offset`. */
  need(offset: number, count: number, what: string): void {
    if (offset + count > this.length) {
      malformed(`${what} needs ${count} octet(s) but the message ends after ${this.length - offset}`, offset);
    }
  }

  /** The octet at `offset`; `what` names the field in the error. */
  u8(offset: number, what: string): number {
    this.need(offset, 1, what);
    return this.bytes[offset] as number;
  }

  /** The big-endian 16-bit value at `offset`. */
  u16(offset: number, what: string): number {
    this.need(offset, 2, what);
    return this.view.getUint16(offset);
  }

  /** The big-endian 32-bit value at `offset`. */
  u32(offset: number, what: string): number {
    this.need(offset, 4, what);
    return this.view.getUint32(offset);
  }

  /**
   * Reads a possibly compressed name at `offset` (RFC 1035 §4.1.4) and returns its
   * presentation form; {@link WireReader.nameEnd} is set to the offset after it.
   *
   * A pointer must target an octet before the start of the label sequence that contains it.
   * That is stricter than "before the pointer" and is what makes loops impossible: a pointer
   * to an earlier octet of its own sequence would read forward into itself again. Every
   * encoder points at names written earlier, so valid messages are unaffected. Label types
   * 0b01 (RFC 6891 §5, extended, deprecated) and 0b10 (reserved) are refused, as are names
   * over 255 octets (RFC 1035 §2.3.4).
   */
  readName(offset: number): string {
    const bytes = this.bytes;
    const length = this.length;
    let pos = offset;
    let sequenceStart = offset;
    let end = -1;
    let wireLength = 1;
    let hops = 0;
    let text = '';
    for (;;) {
      if (pos >= length) malformed('name runs past the end of the message', pos);
      const octet = bytes[pos] as number;
      if (octet === 0) {
        if (end < 0) end = pos + 1;
        break;
      }
      const kind = octet & 0xc0;
      if (kind === 0xc0) {
        if (pos + 1 >= length) malformed('compression pointer cut off by the end of the message', pos);
        const target = ((octet & 0x3f) << 8) | (bytes[pos + 1] as number);
        if (target >= sequenceStart) {
          malformed(`compression pointer to ${target} does not point back before its name`, pos);
        }
        if (++hops > MAX_POINTER_HOPS) malformed(`name follows more than ${MAX_POINTER_HOPS} pointers`, pos);
        if (end < 0) end = pos + 2;
        pos = target;
        sequenceStart = target;
        continue;
      }
      if (kind !== 0) {
        malformed(`label type 0b${(kind >> 6).toString(2).padStart(2, '0')} is not supported`, pos);
      }
      if (pos + 1 + octet > length) malformed('label runs past the end of the message', pos);
      wireLength += octet + 1;
      if (wireLength > MAX_NAME_WIRE_LENGTH) malformed('name is longer than 255 octets', pos);
      text =
        text === '' ? labelToText(bytes, pos + 1, octet) : `${text}.${labelToText(bytes, pos + 1, octet)}`;
      pos += octet + 1;
    }
    this.nameEnd = end;
    return text === '' ? '.' : text;
  }
}
