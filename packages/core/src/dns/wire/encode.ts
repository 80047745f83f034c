/**
 * Encoding of queries and whole messages into RFC 1035 wire format, from the model of
 * `../types.ts`. Queries are what the SDK sends; whole messages serve test servers, fixtures
 * and round-trip tests.
 */

import { InvalidInputError } from '../../errors.js';
import type {
  DnsFlags,
  EdnsOption,
  KnownRecordType,
  QuestionInput,
  RecordDataMap,
  UnknownTypeName,
} from '../types.js';
import { textToOctets } from './character-string.js';
import { base32HexToBytes, base64ToBytes, bytesToHex, hexToBytes } from './encoding.js';
import { parseIPv4, parseIPv6 } from './ip-text.js';
import { parseName } from './names.js';
import { encodeSvcParams } from './svcb.js';
import { encodeTypeBitmap } from './type-bitmap.js';
import { EdnsOptionCode, typeCode } from './types-table.js';
import { checkUint, WireWriter } from './writer.js';

/**
 * Record data accepted by {@link encodeMessage}: the decoded shape, except that the DNSKEY
 * key tag may be left out (it is derived from the other fields and ignored if given).
 */
export type RecordDataInput = {
  [T in KnownRecordType]: T extends 'DNSKEY'
    ? Omit<RecordDataMap['DNSKEY'], 'keyTag'> & { keyTag?: number }
    : RecordDataMap[T];
};

/** Fields every record given to {@link encodeMessage} has. A decoded `DnsRecord` fits. */
interface RecordInputCommon {
  /** Owner name in presentation form. */
  name: string;
  /** Must match `type` when given (decoded records carry it). */
  typeCode?: number;
  /** @default 1 (IN) */
  class?: number;
  /** Seconds, 0 to 2^32 − 1. */
  ttl: number;
}

/**
 * A record to encode: a known type with typed data, or any type as RFC 3597 opaque hex under
 * its `TYPE<n>` name (which also works for known codes, e.g. `TYPE1`).
 */
export type RecordInput =
  | { [T in KnownRecordType]: RecordInputCommon & { type: T; data: RecordDataInput[T] } }[KnownRecordType]
  | (RecordInputCommon & { type: UnknownTypeName; data: { rdata: string } });

/** The OPT record to add (RFC 6891 §6.1.2). A decoded `EdnsInfo` fits; only its raw options are used. */
export interface EdnsInput {
  /** @default 0 */
  version?: number;
  /** @default 1232 */
  udpPayloadSize?: number;
  /** @default false */
  dnssecOk?: boolean;
  /** Options written in this order; see {@link extendedErrorOption} and {@link paddingOption}. @default [] */
  options?: readonly EdnsOption[];
}

/** A message to encode. A decoded `DnsMessage` fits. */
export interface MessageInput {
  /** @default 0 */
  id?: number;
  /** @default 0 (QUERY) */
  opcode?: number;
  /** Full 12-bit RCODE; values over 15 need `edns` (RFC 6891 §6.1.3). @default 0 */
  rcode?: number;
  /** Flags not given are clear. @default {} */
  flags?: Partial<DnsFlags>;
  /** @default [] */
  question?: readonly QuestionInput[];
  /** @default [] */
  answer?: readonly RecordInput[];
  /** @default [] */
  authority?: readonly RecordInput[];
  /** Written before the OPT record. @default [] */
  additional?: readonly RecordInput[];
  /** The OPT record; `null` or absent for none. @default null */
  edns?: EdnsInput | null;
}

/** Options of {@link encodeMessage}. */
export interface EncodeMessageOptions {
  /**
   * Compress owner names and the names inside NS, CNAME, PTR, MX and SOA RDATA (RFC 1035
   * §4.1.4; RFC 3597 §4 forbids it in other types).
   * @default true
   */
  compress?: boolean;
  /**
   * RFC 8467 block padding: append an RFC 7830 Padding option so the message length is a
   * multiple of this many octets (RFC 8467 §4.1 recommends 468 for responses). Needs `edns`.
   * `0` disables.
   * @default 0
   */
  paddingBlockSize?: number;
}

/** An RFC 8914 Extended DNS Error option, for building test answers. */
export function extendedErrorOption(infoCode: number, extraText = ''): EdnsOption {
  checkUint(infoCode, 0xffff, 'Extended DNS Error INFO-CODE');
  const text = new TextEncoder().encode(extraText);
  return {
    code: EdnsOptionCode.EXTENDED_ERROR,
    data: bytesToHex(Uint8Array.of(infoCode >> 8, infoCode & 0xff)) + bytesToHex(text),
  };
}

/** An RFC 7830 Padding option of `length` zero octets. */
export function paddingOption(length: number): EdnsOption {
  checkUint(length, 0xffff, 'Padding length');
  return { code: EdnsOptionCode.PADDING, data: '00'.repeat(length) };
}

function typeCodeOf(type: unknown, declared: unknown): number {
  const code = typeof type === 'string' || typeof type === 'number' ? typeCode(type) : null;
  if (code === null) throw new InvalidInputError('Unknown record type; use a mnemonic or TYPE<n>', type);
  if (declared !== undefined && declared !== code) {
    throw new InvalidInputError(`typeCode ${String(declared)} does not match type ${String(type)}`, declared);
  }
  return code;
}

function binary(value: unknown, decode: (text: string) => Uint8Array, field: string): Uint8Array {
  if (typeof value !== 'string') throw new InvalidInputError(`${field} must be a string`, value);
  return decode(value);
}

function address(value: unknown, parse: (text: string) => Uint8Array | null, field: string): Uint8Array {
  const parsed = typeof value === 'string' ? parse(value) : null;
  if (parsed === null) throw new InvalidInputError(`${field} is not a valid address`, value);
  return parsed;
}

function lengthPrefixed(w: WireWriter, data: Uint8Array, field: string): void {
  if (data.length > 0xff) throw new InvalidInputError(`${field} is longer than 255 octets`, bytesToHex(data));
  w.u8(data.length, field);
  w.bytes(data);
}

function typeCodes(types: unknown, field: string): number[] {
  if (!Array.isArray(types)) throw new InvalidInputError(`${field} must be an array of type names`, types);
  return types.map((type: unknown) => typeCodeOf(type, undefined));
}

/** Writes the RDATA of `record` (RDLENGTH is patched by the caller). */
function writeRdata(w: WireWriter, record: RecordInput): void {
  switch (record.type) {
    case 'A':
      w.bytes(address(record.data.address, parseIPv4, 'A address'));
      return;
    case 'AAAA':
      w.bytes(address(record.data.address, parseIPv6, 'AAAA address'));
      return;
    case 'NS':
    case 'CNAME':
    case 'PTR':
      w.name(parseName(record.data.target), true);
      return;
    case 'DNAME':
      // RFC 6672 §2.5: the DNAME target is never compressed.
      w.name(parseName(record.data.target), false);
      return;
    case 'MX':
      w.u16(record.data.preference, 'MX preference');
      w.name(parseName(record.data.exchange), true);
      return;
    case 'TXT':
      for (const text of record.data.strings) lengthPrefixed(w, textToOctets(text), 'TXT string');
      return;
    case 'SOA': {
      const d = record.data;
      w.name(parseName(d.mname), true);
      w.name(parseName(d.rname), true);
      w.u32(d.serial, 'SOA serial');
      w.u32(d.refresh, 'SOA refresh');
      w.u32(d.retry, 'SOA retry');
      w.u32(d.expire, 'SOA expire');
      w.u32(d.minimum, 'SOA minimum');
      return;
    }
    case 'SRV':
      w.u16(record.data.priority, 'SRV priority');
      w.u16(record.data.weight, 'SRV weight');
      w.u16(record.data.port, 'SRV port');
      // RFC 2782: the target is not compressed.
      w.name(parseName(record.data.target), false);
      return;
    case 'CAA': {
      w.u8(record.data.flags, 'CAA flags');
      const tag = textToOctets(record.data.tag);
      if (tag.length === 0) throw new InvalidInputError('CAA tag must not be empty (RFC 8659 §4.1)', '');
      lengthPrefixed(w, tag, 'CAA tag');
      w.bytes(textToOctets(record.data.value, 0xffff));
      return;
    }
    case 'DS':
      w.u16(record.data.keyTag, 'DS key tag');
      w.u8(record.data.algorithm, 'DS algorithm');
      w.u8(record.data.digestType, 'DS digest type');
      w.bytes(binary(record.data.digest, hexToBytes, 'DS digest'));
      return;
    case 'DNSKEY':
      w.u16(record.data.flags, 'DNSKEY flags');
      w.u8(record.data.protocol, 'DNSKEY protocol');
      w.u8(record.data.algorithm, 'DNSKEY algorithm');
      w.bytes(binary(record.data.publicKey, base64ToBytes, 'DNSKEY public key'));
      return;
    case 'RRSIG': {
      const d = record.data;
      w.u16(typeCodeOf(d.typeCovered, undefined), 'RRSIG type covered');
      w.u8(d.algorithm, 'RRSIG algorithm');
      w.u8(d.labels, 'RRSIG labels');
      w.u32(d.originalTtl, 'RRSIG original TTL');
      w.u32(d.expiration, 'RRSIG expiration');
      w.u32(d.inception, 'RRSIG inception');
      w.u16(d.keyTag, 'RRSIG key tag');
      // RFC 4034 §3.1.7: the signer's name is not compressed.
      w.name(parseName(d.signerName), false);
      w.bytes(binary(d.signature, base64ToBytes, 'RRSIG signature'));
      return;
    }
    case 'NSEC':
      // RFC 4034 §4.1.1: the next domain name is not compressed.
      w.name(parseName(record.data.nextDomain), false);
      w.bytes(encodeTypeBitmap(typeCodes(record.data.types, 'NSEC types')));
      return;
    case 'NSEC3': {
      const d = record.data;
      w.u8(d.hashAlgorithm, 'NSEC3 hash algorithm');
      w.u8(d.flags, 'NSEC3 flags');
      w.u16(d.iterations, 'NSEC3 iterations');
      lengthPrefixed(w, binary(d.salt === '-' ? '' : d.salt, hexToBytes, 'NSEC3 salt'), 'NSEC3 salt');
      const hash = binary(d.nextHashedOwner, base32HexToBytes, 'NSEC3 next hashed owner');
      if (hash.length === 0) throw new InvalidInputError('NSEC3 next hashed owner must not be empty', '');
      lengthPrefixed(w, hash, 'NSEC3 next hashed owner');
      w.bytes(encodeTypeBitmap(typeCodes(d.types, 'NSEC3 types')));
      return;
    }
    case 'NSEC3PARAM': {
      const d = record.data;
      w.u8(d.hashAlgorithm, 'NSEC3PARAM hash algorithm');
      w.u8(d.flags, 'NSEC3PARAM flags');
      w.u16(d.iterations, 'NSEC3PARAM iterations');
      lengthPrefixed(
        w,
        binary(d.salt === '-' ? '' : d.salt, hexToBytes, 'NSEC3PARAM salt'),
        'NSEC3PARAM salt',
      );
      return;
    }
    case 'TLSA':
      w.u8(record.data.usage, 'TLSA usage');
      w.u8(record.data.selector, 'TLSA selector');
      w.u8(record.data.matchingType, 'TLSA matching type');
      w.bytes(binary(record.data.data, hexToBytes, 'TLSA data'));
      return;
    case 'SVCB':
    case 'HTTPS':
      w.u16(record.data.priority, `${record.type} priority`);
      // RFC 9460 §2.2: TargetName is not compressed.
      w.name(parseName(record.data.target), false);
      if (!Array.isArray(record.data.params))
        throw new InvalidInputError('params must be an array', record.data);
      w.bytes(encodeSvcParams(record.data.params));
      return;
    default:
      if (typeof record.type === 'string' && /^TYPE\d+$/.test(record.type)) {
        w.bytes(binary((record.data as { rdata?: unknown }).rdata, hexToBytes, 'RFC 3597 rdata'));
        return;
      }
      throw new InvalidInputError(
        'No typed data for this record type; give it as TYPE<n> with hex rdata (RFC 3597)',
        (record as { type?: unknown }).type,
      );
  }
}

function writeRecord(w: WireWriter, record: RecordInput): void {
  if (typeof record !== 'object' || record === null)
    throw new InvalidInputError('Record must be an object', record);
  const code = typeCodeOf(record.type, record.typeCode);
  w.name(parseName(record.name), true);
  w.u16(code, 'type');
  w.u16(record.class ?? 1, 'class');
  w.u32(record.ttl, 'TTL');
  const lengthAt = w.length;
  w.u16(0, 'RDLENGTH');
  writeRdata(w, record);
  const rdlength = w.length - lengthAt - 2;
  if (rdlength > 0xffff)
    throw new InvalidInputError(`RDATA is ${rdlength} octets; at most 65535 fit`, record.name);
  w.patchU16(lengthAt, rdlength);
}

function writeQuestion(w: WireWriter, question: QuestionInput): void {
  if (typeof question !== 'object' || question === null) {
    throw new InvalidInputError('Question must be an object', question);
  }
  if (typeof question.name !== 'string')
    throw new InvalidInputError('Question name must be a string', question.name);
  w.name(parseName(question.name), true);
  w.u16(typeCodeOf(question.type, (question as { typeCode?: unknown }).typeCode), 'question type');
  w.u16(question.class ?? 1, 'question class');
}

function writeOpt(w: WireWriter, edns: EdnsInput, rcode: number, paddingBlockSize: number): void {
  w.u8(0, 'OPT owner'); // RFC 6891 §6.1.2: the owner is the root
  w.u16(41, 'type');
  w.u16(edns.udpPayloadSize ?? 1232, 'EDNS UDP payload size');
  const version = checkUint(edns.version ?? 0, 0xff, 'EDNS version');
  // RFC 6891 §6.1.3: extended RCODE (upper 8 bits), version, then DO as the top flag bit.
  w.u8(rcode >> 4, 'extended RCODE');
  w.u8(version, 'EDNS version');
  w.u16(edns.dnssecOk === true ? 0x8000 : 0, 'EDNS flags');
  const lengthAt = w.length;
  w.u16(0, 'RDLENGTH');
  for (const option of edns.options ?? []) {
    const data = binary(option.data, hexToBytes, 'EDNS option data');
    w.u16(option.code, 'EDNS option code');
    w.u16(data.length, 'EDNS option length');
    w.bytes(data);
  }
  if (paddingBlockSize > 0) {
    // RFC 8467 §4.1: pad so the whole message is a multiple of the block; the option's own
    // 4-octet header counts towards the length.
    const unpadded = w.length + 4;
    const padding = (paddingBlockSize - (unpadded % paddingBlockSize)) % paddingBlockSize;
    w.u16(EdnsOptionCode.PADDING, 'EDNS option code');
    w.u16(padding, 'padding length');
    w.bytes(new Uint8Array(padding));
  }
  const rdlength = w.length - lengthAt - 2;
  if (rdlength > 0xffff)
    throw new InvalidInputError(`OPT RDATA is ${rdlength} octets; at most 65535 fit`, rdlength);
  w.patchU16(lengthAt, rdlength);
}

function list<T>(value: readonly T[] | undefined, field: string): readonly T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InvalidInputError(`${field} must be an array`, value);
  if (value.length > 0xffff)
    throw new InvalidInputError(`${field} holds more than 65535 entries`, value.length);
  return value;
}

/**
 * Encodes a whole message (RFC 1035 §4.1) from the model: typed data for every type in
 * `RecordDataMap`, RFC 3597 hex for `TYPE<n>`, the OPT record from `edns` with its options
 * raw (RFC 6891). A decoded {@link DnsMessage} can be passed back in unchanged, which is how
 * the round-trip tests use it.
 *
 * @throws {InvalidInputError} for a bad name, number out of range, unparsable address,
 *   hex, base64 or base32hex text, or an RCODE over 15 without `edns`.
 */
export function encodeMessage(message: MessageInput, options: EncodeMessageOptions = {}): Uint8Array {
  if (typeof message !== 'object' || message === null)
    throw new InvalidInputError('Message must be an object', message);
  const compress = options.compress ?? true;
  const paddingBlockSize = checkUint(options.paddingBlockSize ?? 0, 0xffff, 'paddingBlockSize');
  const edns = message.edns ?? null;
  if (paddingBlockSize > 0 && edns === null) {
    throw new InvalidInputError('Padding (RFC 7830) travels in EDNS; set edns to pad', paddingBlockSize);
  }
  const rcode = checkUint(message.rcode ?? 0, 0xfff, 'rcode');
  if (rcode > 15 && edns === null) {
    throw new InvalidInputError('RCODEs over 15 need an OPT record (RFC 6891 §6.1.3)', rcode);
  }
  const opcode = checkUint(message.opcode ?? 0, 15, 'opcode');
  const flags = message.flags ?? {};
  const question = list(message.question, 'question');
  const answer = list(message.answer, 'answer');
  const authority = list(message.authority, 'authority');
  const additional = list(message.additional, 'additional');
  const arcount = additional.length + (edns === null ? 0 : 1);
  if (arcount > 0xffff) throw new InvalidInputError('additional holds more than 65535 entries', arcount);

  const w = new WireWriter(compress);
  w.u16(message.id ?? 0, 'id');
  w.u8(
    (flags.qr ? 0x80 : 0) |
      (opcode << 3) |
      (flags.aa ? 0x04 : 0) |
      (flags.tc ? 0x02 : 0) |
      (flags.rd ? 0x01 : 0),
    'flags',
  );
  w.u8((flags.ra ? 0x80 : 0) | (flags.ad ? 0x20 : 0) | (flags.cd ? 0x10 : 0) | (rcode & 0x0f), 'flags');
  w.u16(question.length, 'QDCOUNT');
  w.u16(answer.length, 'ANCOUNT');
  w.u16(authority.length, 'NSCOUNT');
  w.u16(arcount, 'ARCOUNT');
  for (const q of question) writeQuestion(w, q);
  for (const record of answer) writeRecord(w, record);
  for (const record of authority) writeRecord(w, record);
  for (const record of additional) writeRecord(w, record);
  if (edns !== null) writeOpt(w, edns, rcode, paddingBlockSize);
  return w.finish();
}
