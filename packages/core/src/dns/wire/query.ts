/**
 * Query encoding, kept apart from whole-message encoding so that a client bundle that only
 * sends queries does not carry the encoders of every record type.
 */

import { InvalidInputError } from '../../errors.js';
import type { EncodeQueryOptions, QuestionInput } from '../types.js';
import { parseName } from './names.js';
import { EdnsOptionCode, typeCode } from './types-table.js';
import { checkUint, WireWriter } from './writer.js';

/** {@link EncodeQueryOptions} with every default applied. */
type ResolvedQueryOptions = Required<EncodeQueryOptions>;

/** Applies the documented defaults of {@link EncodeQueryOptions} in one place. */
function resolveQueryOptions(options: EncodeQueryOptions): ResolvedQueryOptions {
  return {
    id: options.id ?? 0,
    rd: options.rd ?? true,
    cd: options.cd ?? false,
    edns: options.edns ?? true,
    dnssecOk: options.dnssecOk ?? true,
    udpPayloadSize: options.udpPayloadSize ?? 1232,
    paddingBlockSize: options.paddingBlockSize ?? 0,
  };
}

/**
 * Encodes a one-question query (RFC 1035 §4.1). With the defaults: ID 0 (RFC 8484 §4.1),
 * RD set, an OPT record (RFC 6891) advertising 1232 octets with DO set (RFC 3225), no
 * padding. `cd` sets Checking Disabled (RFC 4035 §3.2.2). `paddingBlockSize` pads the whole
 * query to a multiple of that many octets with an RFC 7830 Padding option, as RFC 8467 §4.1
 * recommends (128) for encrypted transports; it needs EDNS.
 *
 * The name is validated: labels ≤ 63 octets, name ≤ 255 wire octets (253 presentation
 * characters), no empty labels except the root `.`, `\.` and `\DDD` escapes parsed per
 * RFC 4343. The type is a mnemonic (case-insensitive), `TYPE<n>` (RFC 3597) or a number.
 *
 * @throws {InvalidInputError} for a bad name, type, class or option.
 */
export function encodeQuery(question: QuestionInput, options: EncodeQueryOptions = {}): Uint8Array {
  if (typeof question !== 'object' || question === null) {
    throw new InvalidInputError('Question must be an object with name and type', question);
  }
  const o = resolveQueryOptions(options);
  for (const flag of ['rd', 'cd', 'edns', 'dnssecOk'] as const) {
    if (typeof o[flag] !== 'boolean') throw new InvalidInputError(`${flag} must be a boolean`, o[flag]);
  }
  checkUint(o.udpPayloadSize, 0xffff, 'udpPayloadSize');
  const block = checkUint(o.paddingBlockSize, 0xffff, 'paddingBlockSize');
  if (!o.edns && block !== 0) {
    throw new InvalidInputError('Padding (RFC 7830) travels in EDNS; it needs edns: true', block);
  }
  if (typeof question.name !== 'string')
    throw new InvalidInputError('Question name must be a string', question.name);
  const labels = parseName(question.name);
  const code =
    typeof question.type === 'string' || typeof question.type === 'number' ? typeCode(question.type) : null;
  if (code === null)
    throw new InvalidInputError('Unknown record type; use a mnemonic or TYPE<n>', question.type);

  const w = new WireWriter(false);
  w.u16(o.id, 'id');
  w.u8(o.rd ? 0x01 : 0, 'flags');
  w.u8(o.cd ? 0x10 : 0, 'flags');
  w.u16(1, 'QDCOUNT');
  w.u16(0, 'ANCOUNT');
  w.u16(0, 'NSCOUNT');
  w.u16(o.edns ? 1 : 0, 'ARCOUNT');
  w.name(labels, false);
  w.u16(code, 'type');
  w.u16(question.class ?? 1, 'class');
  if (o.edns) {
    // RFC 6891 §6.1.2: root owner, type OPT, class = payload size, TTL = extended RCODE 0,
    // version 0, then the flags with DO on top.
    w.u8(0, 'OPT owner');
    w.u16(41, 'type');
    w.u16(o.udpPayloadSize, 'udpPayloadSize');
    w.u16(0, 'extended RCODE and version');
    w.u16(o.dnssecOk ? 0x8000 : 0, 'EDNS flags');
    if (block === 0) {
      w.u16(0, 'RDLENGTH');
    } else {
      // RFC 8467 §4.1: the whole message, padding option header included, becomes a
      // multiple of the block.
      const unpadded = w.length + 2 + 4;
      const padding = (block - (unpadded % block)) % block;
      w.u16(4 + padding, 'RDLENGTH');
      w.u16(EdnsOptionCode.PADDING, 'option code');
      w.u16(padding, 'padding length');
      w.bytes(new Uint8Array(padding));
    }
  }
  return w.finish();
}
