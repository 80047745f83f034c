/**
 * Decoding of RFC 1035 wire-format messages into the JSON-safe model of `../types.ts`.
 */

import type {
  DnsMessage,
  DnsQuestion,
  DnsRecord,
  EdnsInfo,
  EdnsOption,
  ExtendedDnsError,
  KnownRecordType,
  RecordDataMap,
} from '../types.js';
import { octetsToText } from './character-string.js';
import { bytesToBase32Hex, bytesToBase64, bytesToHex } from './encoding.js';
import { formatIPv4, formatIPv6 } from './ip-text.js';
import { computeKeyTag } from './key-tag.js';
import { malformed, WireReader } from './reader.js';
import { decodeSvcParams } from './svcb.js';
import { decodeTypeBitmap } from './type-bitmap.js';
import { EdnsOptionCode, extendedErrorPurpose, rcodeName, typeName } from './types-table.js';

/** Options of {@link decodeMessage}. */
export interface DecodeOptions {
  /**
   * Accept octets after the last record. Some middleboxes pad UDP answers; the data decoded is
   * unaffected, so they are ignored by default. Set `false` to refuse them.
   * @default true
   */
  allowTrailingBytes?: boolean;
}

const HEADER_LENGTH = 12;
/** Smallest question: root name (1) + type + class. */
const MIN_QUESTION = 5;
/** Smallest record: root name (1) + type, class, TTL, RDLENGTH (10). */
const MIN_RECORD = 11;

// The textual decoder for RFC 8914 EXTRA-TEXT: replacement characters rather than failure,
// since the text is informational and must not make an otherwise good answer unreadable.
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

type Section = 'answer' | 'authority' | 'additional';

/**
 * Decodes one DNS message (RFC 1035 §4.1) into a {@link DnsMessage}.
 *
 * - Header flags, opcode and the full RCODE: the header's 4 bits combined with the 8
 *   extended bits of the OPT record (RFC 6891 §6.1.3).
 * - Records of every type in `RecordDataMap` are decoded into typed data; the RDATA must
 *   parse to exactly RDLENGTH octets or the message is malformed. Other types are kept as
 *   RFC 3597 opaque hex under their generic `TYPE<n>` name.
 * - The OPT pseudo-record is taken out of the additional section into `edns`, with options
 *   raw, RFC 8914 extended errors and RFC 7830 padding length. A second OPT is malformed
 *   (RFC 6891 §6.1.1).
 * - Names are decompressed through pointers that go strictly backwards (see
 *   {@link WireReader.readName}), so hostile input can neither loop nor read out of bounds.
 *
 * Trailing octets after the last record are ignored unless `allowTrailingBytes` is `false`.
 * Work and memory are linear in the input size.
 *
 * @throws {MalformedResponseError} for every problem with the input, with the `offset` where
 *   decoding stopped; nothing else is thrown.
 */
export function decodeMessage(bytes: Uint8Array, options: DecodeOptions = {}): DnsMessage {
  // Tag check instead of instanceof: a Uint8Array from another realm (worker, iframe) is fine.
  if (Object.prototype.toString.call(bytes) !== '[object Uint8Array]')
    malformed('input is not a Uint8Array', 0);
  const reader = new WireReader(bytes);
  if (bytes.length < HEADER_LENGTH) malformed(`message is ${bytes.length} octets, shorter than a header`, 0);
  const id = reader.u16(0, 'ID');
  const flags1 = bytes[2] as number;
  const flags2 = bytes[3] as number;
  const qdcount = reader.u16(4, 'QDCOUNT');
  const ancount = reader.u16(6, 'ANCOUNT');
  const nscount = reader.u16(8, 'NSCOUNT');
  const arcount = reader.u16(10, 'ARCOUNT');
  // Refuse impossible counts before any loop runs, so a header claiming 65535 records in a
  // 20-octet message costs nothing.
  const minimum = qdcount * MIN_QUESTION + (ancount + nscount + arcount) * MIN_RECORD;
  if (HEADER_LENGTH + minimum > bytes.length) {
    malformed(
      `header counts (${qdcount}/${ancount}/${nscount}/${arcount}) need at least ${minimum} octets after the header; ${bytes.length - HEADER_LENGTH} present`,
      4,
    );
  }

  let pos = HEADER_LENGTH;
  const question: DnsQuestion[] = [];
  for (let i = 0; i < qdcount; i++) {
    const name = reader.readName(pos);
    pos = reader.nameEnd;
    const code = reader.u16(pos, 'question type');
    const qclass = reader.u16(pos + 2, 'question class');
    pos += 4;
    question.push({ name, type: typeName(code), typeCode: code, class: qclass });
  }

  const state: { edns: EdnsInfo | null; extendedRcode: number } = { edns: null, extendedRcode: 0 };
  const sections: Record<Section, DnsRecord[]> = { answer: [], authority: [], additional: [] };
  const plan: Array<[Section, number]> = [
    ['answer', ancount],
    ['authority', nscount],
    ['additional', arcount],
  ];
  for (const [section, count] of plan) {
    const list = sections[section];
    for (let i = 0; i < count; i++) pos = decodeRecord(reader, pos, section, list, state);
  }
  if (pos < bytes.length && options?.allowTrailingBytes === false) {
    malformed(`${bytes.length - pos} octet(s) follow the last record`, pos);
  }

  const rcode = (state.extendedRcode << 4) | (flags2 & 0x0f);
  return {
    id,
    opcode: (flags1 >> 3) & 0x0f,
    rcode,
    rcodeName: rcodeName(rcode),
    flags: {
      qr: (flags1 & 0x80) !== 0,
      aa: (flags1 & 0x04) !== 0,
      tc: (flags1 & 0x02) !== 0,
      rd: (flags1 & 0x01) !== 0,
      ra: (flags2 & 0x80) !== 0,
      ad: (flags2 & 0x20) !== 0,
      cd: (flags2 & 0x10) !== 0,
    },
    question,
    answer: sections.answer,
    authority: sections.authority,
    additional: sections.additional,
    edns: state.edns,
  };
}

function decodeRecord(
  reader: WireReader,
  start: number,
  section: Section,
  list: DnsRecord[],
  state: { edns: EdnsInfo | null; extendedRcode: number },
): number {
  const name = reader.readName(start);
  let pos = reader.nameEnd;
  reader.need(pos, 10, 'record header');
  const code = reader.u16(pos, 'type');
  const rclass = reader.u16(pos + 2, 'class');
  const ttl = reader.u32(pos + 4, 'TTL');
  const rdlength = reader.u16(pos + 8, 'RDLENGTH');
  pos += 10;
  if (pos + rdlength > reader.length) {
    malformed(`RDATA of ${typeName(code)} needs ${rdlength} octets; ${reader.length - pos} left`, pos);
  }
  const end = pos + rdlength;

  if (code === 41 && section === 'additional') {
    if (state.edns !== null) malformed('message holds more than one OPT record (RFC 6891 §6.1.1)', start);
    state.edns = decodeOpt(reader, pos, end, rclass, ttl);
    state.extendedRcode = ttl >>> 24;
    return end;
  }

  const typed = decodeRdata(reader, code, pos, end);
  // The cast joins the type name and its data, which `decodeRdata` produces together.
  list.push(
    typed === null
      ? {
          name,
          type: `TYPE${code}`,
          typeCode: code,
          class: rclass,
          ttl,
          data: { rdata: bytesToHex(reader.bytes.subarray(pos, end)) },
        }
      : ({ name, type: typeName(code), typeCode: code, class: rclass, ttl, data: typed } as DnsRecord),
  );
  return end;
}

function decodeOpt(reader: WireReader, start: number, end: number, payload: number, ttl: number): EdnsInfo {
  const bytes = reader.bytes;
  const options: EdnsOption[] = [];
  const extendedErrors: ExtendedDnsError[] = [];
  let paddingLength: number | null = null;
  let pos = start;
  while (pos < end) {
    if (pos + 4 > end) malformed('EDNS option header runs past the OPT RDATA', pos);
    const code = ((bytes[pos] as number) << 8) | (bytes[pos + 1] as number);
    const length = ((bytes[pos + 2] as number) << 8) | (bytes[pos + 3] as number);
    const dataStart = pos + 4;
    const dataEnd = dataStart + length;
    if (dataEnd > end) malformed(`EDNS option ${code} runs past the OPT RDATA`, pos);
    options.push({ code, data: bytesToHex(bytes.subarray(dataStart, dataEnd)) });
    if (code === EdnsOptionCode.EXTENDED_ERROR) {
      if (length < 2) malformed('Extended DNS Error option is shorter than its INFO-CODE (RFC 8914 §2)', pos);
      const infoCode = ((bytes[dataStart] as number) << 8) | (bytes[dataStart + 1] as number);
      extendedErrors.push({
        infoCode,
        purpose: extendedErrorPurpose(infoCode),
        extraText: lenientUtf8.decode(bytes.subarray(dataStart + 2, dataEnd)),
      });
    } else if (code === EdnsOptionCode.PADDING) {
      paddingLength = (paddingLength ?? 0) + length;
    }
    pos = dataEnd;
  }
  return {
    version: (ttl >>> 16) & 0xff,
    udpPayloadSize: payload,
    dnssecOk: (ttl & 0x8000) !== 0,
    options,
    extendedErrors,
    paddingLength,
  };
}

/** Reads a name inside RDATA and checks that its inline part stays inside `[.., end)`. */
function rdataName(reader: WireReader, pos: number, end: number): string {
  const name = reader.readName(pos);
  if (reader.nameEnd > end) malformed('name runs past the end of its RDATA', pos);
  return name;
}

function u16At(bytes: Uint8Array, pos: number): number {
  return ((bytes[pos] as number) << 8) | (bytes[pos + 1] as number);
}

function u32At(bytes: Uint8Array, pos: number): number {
  return (
    (((bytes[pos] as number) << 24) |
      ((bytes[pos + 1] as number) << 16) |
      ((bytes[pos + 2] as number) << 8) |
      (bytes[pos + 3] as number)) >>>
    0
  );
}

// Length checks of decodeRdata, as plain functions: closures would be allocated per record.
function fixed(start: number, end: number, expected: number, what: string): void {
  if (end - start !== expected)
    malformed(`${what} RDATA is ${end - start} octets; expected ${expected}`, start);
}

function atLeast(start: number, end: number, minimum: number, what: string): void {
  if (end - start < minimum) {
    malformed(`${what} RDATA is ${end - start} octets; expected at least ${minimum}`, start);
  }
}

function exact(start: number, end: number, pos: number, what: string): void {
  if (pos !== end) malformed(`${what} fields take ${pos - start} of ${end - start} RDATA octets`, start);
}

/**
 * Typed data of a known type's RDATA at `[start, end)`, or `null` for a type without typed
 * data. Throws when the fields do not take exactly `end - start` octets.
 */
function decodeRdata(
  reader: WireReader,
  code: number,
  start: number,
  end: number,
): RecordDataMap[KnownRecordType] | null {
  const bytes = reader.bytes;
  const length = end - start;
  switch (code) {
    case 1:
      fixed(start, end, 4, 'A');
      return { address: formatIPv4(bytes, start) };
    case 28:
      fixed(start, end, 16, 'AAAA');
      return { address: formatIPv6(bytes, start) };
    case 2:
    case 5:
    case 12:
    case 39: {
      const target = rdataName(reader, start, end);
      exact(start, end, reader.nameEnd, typeName(code));
      return { target };
    }
    case 15: {
      atLeast(start, end, 3, 'MX');
      const exchange = rdataName(reader, start + 2, end);
      exact(start, end, reader.nameEnd, 'MX');
      return { preference: u16At(bytes, start), exchange };
    }
    case 16: {
      const strings: string[] = [];
      let pos = start;
      while (pos < end) {
        const stringLength = bytes[pos] as number;
        if (pos + 1 + stringLength > end) malformed('TXT character-string runs past the RDATA', pos);
        strings.push(octetsToText(bytes, pos + 1, pos + 1 + stringLength));
        pos += 1 + stringLength;
      }
      return { strings };
    }
    case 6: {
      const mname = rdataName(reader, start, end);
      const rname = rdataName(reader, reader.nameEnd, end);
      const pos = reader.nameEnd;
      if (end - pos !== 20) malformed(`SOA has ${end - pos} octets after its names; expected 20`, pos);
      return {
        mname,
        rname,
        serial: u32At(bytes, pos),
        refresh: u32At(bytes, pos + 4),
        retry: u32At(bytes, pos + 8),
        expire: u32At(bytes, pos + 12),
        minimum: u32At(bytes, pos + 16),
      };
    }
    case 33: {
      atLeast(start, end, 7, 'SRV');
      const target = rdataName(reader, start + 6, end);
      exact(start, end, reader.nameEnd, 'SRV');
      return {
        priority: u16At(bytes, start),
        weight: u16At(bytes, start + 2),
        port: u16At(bytes, start + 4),
        target,
      };
    }
    case 257: {
      atLeast(start, end, 2, 'CAA');
      const tagLength = bytes[start + 1] as number;
      // RFC 8659 §4.1: the tag holds at least one octet.
      if (tagLength === 0) malformed('CAA tag is empty', start + 1);
      if (2 + tagLength > length) malformed('CAA tag runs past the RDATA', start + 1);
      return {
        flags: bytes[start] as number,
        tag: octetsToText(bytes, start + 2, start + 2 + tagLength),
        value: octetsToText(bytes, start + 2 + tagLength, end),
      };
    }
    case 43:
      atLeast(start, end, 4, 'DS');
      return {
        keyTag: u16At(bytes, start),
        algorithm: bytes[start + 2] as number,
        digestType: bytes[start + 3] as number,
        digest: bytesToHex(bytes.subarray(start + 4, end)),
      };
    case 48:
      atLeast(start, end, 4, 'DNSKEY');
      return {
        flags: u16At(bytes, start),
        protocol: bytes[start + 2] as number,
        algorithm: bytes[start + 3] as number,
        publicKey: bytesToBase64(bytes.subarray(start + 4, end)),
        keyTag: computeKeyTag(bytes, start, end),
      };
    case 46: {
      atLeast(start, end, 19, 'RRSIG');
      const signerName = rdataName(reader, start + 18, end);
      return {
        typeCovered: typeName(u16At(bytes, start)),
        algorithm: bytes[start + 2] as number,
        labels: bytes[start + 3] as number,
        originalTtl: u32At(bytes, start + 4),
        expiration: u32At(bytes, start + 8),
        inception: u32At(bytes, start + 12),
        keyTag: u16At(bytes, start + 16),
        signerName,
        signature: bytesToBase64(bytes.subarray(reader.nameEnd, end)),
      };
    }
    case 47: {
      const nextDomain = rdataName(reader, start, end);
      return { nextDomain, types: decodeTypeBitmap(reader, reader.nameEnd, end) };
    }
    case 50: {
      atLeast(start, end, 5, 'NSEC3');
      const saltLength = bytes[start + 4] as number;
      const hashAt = start + 5 + saltLength;
      if (hashAt >= end) malformed('NSEC3 salt runs past the RDATA', start + 4);
      const hashLength = bytes[hashAt] as number;
      // RFC 5155 §3.2: the hash length is at least 1.
      if (hashLength === 0) malformed('NSEC3 next hashed owner is empty', hashAt);
      if (hashAt + 1 + hashLength > end) malformed('NSEC3 next hashed owner runs past the RDATA', hashAt);
      return {
        hashAlgorithm: bytes[start] as number,
        flags: bytes[start + 1] as number,
        iterations: u16At(bytes, start + 2),
        salt: bytesToHex(bytes.subarray(start + 5, hashAt)),
        nextHashedOwner: bytesToBase32Hex(bytes.subarray(hashAt + 1, hashAt + 1 + hashLength)),
        types: decodeTypeBitmap(reader, hashAt + 1 + hashLength, end),
      };
    }
    case 51: {
      atLeast(start, end, 5, 'NSEC3PARAM');
      const saltLength = bytes[start + 4] as number;
      fixed(start, end, 5 + saltLength, 'NSEC3PARAM');
      return {
        hashAlgorithm: bytes[start] as number,
        flags: bytes[start + 1] as number,
        iterations: u16At(bytes, start + 2),
        salt: bytesToHex(bytes.subarray(start + 5, end)),
      };
    }
    case 52:
      atLeast(start, end, 3, 'TLSA');
      return {
        usage: bytes[start] as number,
        selector: bytes[start + 1] as number,
        matchingType: bytes[start + 2] as number,
        data: bytesToHex(bytes.subarray(start + 3, end)),
      };
    case 64:
    case 65: {
      atLeast(start, end, 3, typeName(code));
      const target = rdataName(reader, start + 2, end);
      return { priority: u16At(bytes, start), target, params: decodeSvcParams(reader, reader.nameEnd, end) };
    }
    default:
      return null;
  }
}
