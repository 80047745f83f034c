/**
 * Name ↔ code tables for the codes that appear in DNS messages: record types (IANA "Resource
 * Record (RR) TYPEs", RFC 3597 `TYPE<n>` names), response codes (RFC 1035 §4.1.1, RFC 6891
 * §9) and RFC 8914 extended DNS error purposes.
 */

import { Rcode, RecordType, type UnknownTypeName } from '../types.js';

// Reverse maps are built once; the tables are small and the lookups sit on the decode hot path.
const TYPE_NAMES: ReadonlyMap<number, RecordType> = new Map(
  (Object.keys(RecordType) as RecordType[]).map((name) => [RecordType[name], name]),
);
const RCODE_NAMES: ReadonlyMap<number, Rcode> = new Map(
  (Object.keys(Rcode) as Rcode[]).map((name) => [Rcode[name], name]),
);

/**
 * The presentation name of a record type code: its mnemonic when the SDK knows it, else the
 * RFC 3597 §5 generic name `TYPE<n>`. Never guesses a mnemonic for an unknown code.
 */
export function typeName(code: number): RecordType | UnknownTypeName {
  return TYPE_NAMES.get(code) ?? `TYPE${code}`;
}

/**
 * The code of a record type given by mnemonic (`AAAA`, case-insensitive), by RFC 3597 §5
 * generic name (`TYPE65280`) or as a number. Returns `null` when the input names no type
 * or the code is outside 0–65535.
 */
export function typeCode(type: string | number): number | null {
  if (typeof type === 'number') return Number.isInteger(type) && type >= 0 && type <= 0xffff ? type : null;
  const upper = type.toUpperCase();
  if (Object.hasOwn(RecordType, upper)) return RecordType[upper as RecordType];
  const generic = /^TYPE(\d{1,5})$/.exec(upper);
  if (generic?.[1] === undefined) return null;
  const code = Number(generic[1]);
  return code <= 0xffff ? code : null;
}

/** True when `code` is the code of a type the SDK knows by name (see {@link RecordType}). */
export function isKnownTypeCode(code: number): boolean {
  return TYPE_NAMES.has(code);
}

/**
 * The name of a full (12-bit, RFC 6891 §6.1.3) response code, or `RCODE<n>` when it is not
 * one the SDK knows by name.
 */
export function rcodeName(code: number): Rcode | `RCODE${number}` {
  return RCODE_NAMES.get(code) ?? `RCODE${code}`;
}

/** EDNS option codes the codec interprets (IANA "DNS EDNS0 Option Codes (OPT)"). */
export const EdnsOptionCode = {
  /** RFC 7830 padding. */
  PADDING: 12,
  /** RFC 8914 extended DNS error. */
  EXTENDED_ERROR: 15,
} as const;
/** An EDNS option code the codec interprets. */
export type EdnsOptionCode = keyof typeof EdnsOptionCode;

/**
 * IANA "Extended DNS Error Codes" purposes, codes 0–29 (RFC 8914 §4, RFC 9250, RFC 9276 and
 * later registrations). Index = INFO-CODE.
 */
const EDE_PURPOSES: readonly string[] = [
  'Other Error',
  'Unsupported DNSKEY Algorithm',
  'Unsupported DS Digest Type',
  'Stale Answer',
  'Forged Answer',
  'DNSSEC Indeterminate',
  'DNSSEC Bogus',
  'Signature Expired',
  'Signature Not Yet Valid',
  'DNSKEY Missing',
  'RRSIGs Missing',
  'No Zone Key Bit Set',
  'NSEC Missing',
  'Cached Error',
  'Not Ready',
  'Blocked',
  'Censored',
  'Filtered',
  'Prohibited',
  'Stale NXDomain Answer',
  'Not Authoritative',
  'Not Supported',
  'No Reachable Authority',
  'Network Error',
  'Invalid Data',
  'Signature Expired before Valid',
  'Too Early',
  'Unsupported NSEC3 Iterations Value',
  'Unable to conform to policy',
  'Synthesized',
];

/**
 * The IANA purpose of an RFC 8914 INFO-CODE, e.g. `DNSSEC Bogus` for 6, or `Unknown` for
 * codes the table does not hold (30 and above, including later registrations).
 */
export function extendedErrorPurpose(infoCode: number): string {
  return EDE_PURPOSES[infoCode] ?? 'Unknown';
}

/** RFC 9460 §14.3.2 SvcParamKey names, index = key number. */
const SVC_PARAM_NAMES = [
  'mandatory',
  'alpn',
  'no-default-alpn',
  'port',
  'ipv4hint',
  'ech',
  'ipv6hint',
] as const;

/** The RFC 9460 presentation name of a SvcParamKey: a registered name, else `key<n>` (§2.1). */
export function svcParamKeyName(key: number): string {
  return SVC_PARAM_NAMES[key] ?? `key${key}`;
}

/**
 * The number of a SvcParamKey given by name (`alpn`) or as `key<n>` (RFC 9460 §2.1).
 * Returns `null` for anything else.
 */
export function svcParamKeyCode(name: string): number | null {
  const index = (SVC_PARAM_NAMES as readonly string[]).indexOf(name);
  if (index >= 0) return index;
  const generic = /^key(\d{1,5})$/.exec(name);
  if (generic?.[1] === undefined) return null;
  const code = Number(generic[1]);
  return code <= 0xffff ? code : null;
}
