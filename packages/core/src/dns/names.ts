import { InvalidInputError, truncate } from '../errors.js';
import { type KnownRecordType, RecordType, type UnknownTypeName } from './types.js';
import { normalizeName } from './wire/names.js';

/** Longest label, in octets (RFC 1035 §2.3.4). */
const MAX_LABEL_OCTETS = 63;
/** Longest name in presentation form without the trailing dot: 255 wire octets (RFC 1035 §2.3.4). */
const MAX_NAME_OCTETS = 253;

/** Label separators IDNA treats like `.` (RFC 3490 §3.1): ideographic and full-width full stops. */
const SEPARATORS = /[\u3002\uff0e\uff61]/g;
/** Characters a label may hold unescaped: letters, digits, hyphen, underscore (RFC 2782, RFC 8552). */
const PLAIN_LABEL_CHAR = /^[A-Za-z0-9_-]$/;
// Hosts of special URLs may not hold these (WHATWG URL "forbidden domain code point"); a label
// containing one is never handed to the URL parser, which would otherwise cut the host short.
const URL_UNSAFE = new Set('#%/:<>?@[\\]^|');

function isUrlUnsafe(label: string): boolean {
  for (const ch of label) {
    const code = ch.charCodeAt(0);
    if (code <= 0x20 || code === 0x7f || URL_UNSAFE.has(ch)) return true;
  }
  return false;
}

function hasNonAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return true;
  return false;
}

/**
 * Turns what a person typed into the ASCII presentation form the resolver sends: IDNA-converted,
 * lower case, no trailing dot (the root is `.`).
 *
 * - Unicode labels are converted with the WHATWG URL host parser (UTS #46, non-transitional, the
 *   conversion browsers apply to `http://tên-miền.vn`): it exists in every runtime the SDK targets
 *   (browsers, Node, Deno, Bun, workers), needs no table in the bundle, and gives the same A-labels
 *   the browser address bar does. Only labels holding non-ASCII characters go through it, one at a
 *   time, so ASCII names are never reinterpreted (e.g. as an IPv4 address).
 * - Letters are lower-cased: DNS compares names case-insensitively (RFC 4343), and one spelling per
 *   name keeps questions, cache keys and answers stable.
 * - Labels may hold letters, digits, `-`, `_` (for `_dmarc`, `_443._tcp` …), RFC 1035 §5.1 escapes
 *   (`\.`, `\032`), and `*` as a whole label (RFC 4592), so any existing name can be asked about.
 *   Hyphen position is not checked: names such as `-x.example` exist and resolvers answer them.
 *
 * @param input A domain name, with or without the trailing dot, in Unicode or ASCII.
 * @returns The name in ASCII presentation form, e.g. `xn--tn-min-hva0a.vn`, or `.` for the root.
 * @throws {InvalidInputError} For an empty name, an empty label (`a..b`), a label over 63 octets,
 *   a name over 253 octets (after IDNA conversion), a character outside the set above, a broken
 *   escape, or a label IDNA rejects.
 */
export function normaliseQueryName(input: string): string {
  if (typeof input !== 'string') {
    throw new InvalidInputError(`Expected a domain name as a string, received ${typeof input}`, input);
  }
  const trimmed = input.trim();
  if (trimmed === '') throw new InvalidInputError('Expected a domain name, received an empty string', input);
  if (trimmed === '.') return '.';

  const labels = splitLabels(trimmed.replace(SEPARATORS, '.'));
  // One trailing dot marks a fully-qualified name; drop it.
  if (labels.length > 1 && labels.at(-1) === '') labels.pop();

  let octets = 0;
  const out: string[] = [];
  for (const raw of labels) {
    if (raw === '') {
      throw new InvalidInputError(`Domain name "${truncate(input)}" has an empty label`, input);
    }
    const label = hasNonAscii(raw) ? toALabel(raw, input) : raw;
    const length = labelOctets(label, input);
    if (length > MAX_LABEL_OCTETS) {
      throw new InvalidInputError(
        `Label "${truncate(label, 40)}" of "${truncate(input)}" is ${length} octets long; the limit is ${MAX_LABEL_OCTETS}`,
        input,
      );
    }
    octets += length + 1;
    out.push(label.toLowerCase());
  }
  // `octets` counts a separator after every label; presentation form has one fewer.
  if (octets - 1 > MAX_NAME_OCTETS) {
    throw new InvalidInputError(
      `Domain name "${truncate(input)}" is ${octets - 1} octets long in ASCII; the limit is ${MAX_NAME_OCTETS}`,
      input,
    );
  }
  // The codec's canonical form resolves needless escapes (`\065` → `A`); then one case.
  return normalizeName(out.join('.')).toLowerCase();
}

/** Splits on dots that are not escaped; keeps escapes as written. */
function splitLabels(name: string): string[] {
  const labels: string[] = [];
  let current = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i] as string;
    if (ch === '\\') {
      // Copy the escape whole so an escaped dot stays inside its label.
      const digits = /^\d{3}/.test(name.slice(i + 1, i + 4));
      const end = digits ? i + 4 : i + 2;
      current += name.slice(i, end);
      i = end - 1;
    } else if (ch === '.') {
      labels.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  labels.push(current);
  return labels;
}

/** Counts a label's wire octets, checking every character and escape. */
function labelOctets(label: string, input: string): number {
  if (label === '*') return 1;
  let octets = 0;
  for (let i = 0; i < label.length; i++) {
    const ch = label[i] as string;
    if (ch === '\\') {
      const rest = label.slice(i + 1);
      const digits = /^\d{3}/.exec(rest)?.[0];
      if (digits !== undefined) {
        if (Number(digits) > 255) {
          throw new InvalidInputError(
            `Escape "\\${digits}" in "${truncate(input)}" is out of range; \\DDD must be at most \\255`,
            input,
          );
        }
        i += 3;
      } else if (rest.length > 0 && !/^\d/.test(rest)) {
        i += 1;
      } else {
        throw new InvalidInputError(
          `Broken escape in "${truncate(input)}": expected \\DDD (three digits) or \\ followed by a character`,
          input,
        );
      }
      octets += 1;
    } else if (PLAIN_LABEL_CHAR.test(ch)) {
      octets += 1;
    } else {
      throw new InvalidInputError(
        `Character ${JSON.stringify(ch)} is not allowed in domain name "${truncate(input)}"; expected letters, digits, "-", "_" or a \\ escape`,
        input,
      );
    }
  }
  return octets;
}

/** IDNA-converts one Unicode label through the URL host parser (see {@link normaliseQueryName}). */
function toALabel(label: string, input: string): string {
  if (isUrlUnsafe(label)) {
    throw new InvalidInputError(
      `Label "${truncate(label, 40)}" of "${truncate(input)}" mixes Unicode with characters a domain name cannot hold`,
      input,
    );
  }
  let host: string;
  try {
    // The `.x` suffix keeps a label of full-width digits from being read as an IPv4 address.
    host = new URL(`http://${label}.x/`).hostname;
  } catch (error) {
    throw new InvalidInputError(
      `Label "${truncate(label, 40)}" of "${truncate(input)}" is not a valid internationalised label (IDNA/UTS #46)`,
      input,
      { cause: error },
    );
  }
  const converted = host.slice(0, -2);
  if (!host.endsWith('.x') || converted === '' || !/^[a-z0-9_-]+$/.test(converted)) {
    throw new InvalidInputError(
      `Label "${truncate(label, 40)}" of "${truncate(input)}" did not convert to a single ASCII label (got "${truncate(host, 60)}")`,
      input,
    );
  }
  return converted;
}

/** A record type as the SDK names it, with its numeric code. */
export interface ParsedRecordType {
  /** The IANA mnemonic for known types, else the RFC 3597 `TYPE<n>` form. */
  name: RecordType | UnknownTypeName;
  /** The 16-bit type code. */
  code: number;
}

const NAME_BY_CODE = new Map<number, RecordType>(
  Object.entries(RecordType).map(([name, code]) => [code, name as RecordType]),
);

/**
 * Reads a record type given by name (any case), by RFC 3597 `TYPE<n>` form, or by number.
 *
 * `OPT` (41) is refused: it is a pseudo-type that only lives in the additional section (RFC 6891 §6.1.1).
 *
 * @example parseRecordType('aaaa') // { name: 'AAAA', code: 28 }
 * @example parseRecordType('TYPE65') // { name: 'HTTPS', code: 65 }
 * @example parseRecordType(65280) // { name: 'TYPE65280', code: 65280 }
 * @throws {InvalidInputError} For an unknown mnemonic, a number outside 1–65535, or OPT.
 */
export function parseRecordType(type: string | number): ParsedRecordType {
  let code: number;
  if (typeof type === 'number') {
    code = type;
  } else if (typeof type === 'string') {
    const text = type.trim().toUpperCase();
    const known = Object.hasOwn(RecordType, text) ? RecordType[text as RecordType] : undefined;
    if (known !== undefined) {
      code = known;
    } else if (/^(TYPE)?\d{1,5}$/.test(text)) {
      code = Number(text.replace('TYPE', ''));
    } else {
      throw new InvalidInputError(
        `Unknown record type "${truncate(type, 40)}"; expected a name such as A, AAAA, MX, TXT, a TYPE<n> form or a number`,
        type,
      );
    }
  } else {
    throw new InvalidInputError(
      `Expected a record type as a string or number, received ${typeof type}`,
      type,
    );
  }
  if (!Number.isInteger(code) || code < 1 || code > 65535) {
    throw new InvalidInputError(`Record type ${String(type)} is out of range; expected 1–65535`, type);
  }
  if (code === RecordType.OPT) {
    throw new InvalidInputError(
      'Record type OPT (41) is a pseudo-type and cannot be queried (RFC 6891)',
      type,
    );
  }
  return { name: NAME_BY_CODE.get(code) ?? `TYPE${code}`, code };
}

/** The types of `RecordDataMap`; typed as a mapped type so a type added there must be added here. */
const KNOWN_RECORD_TYPES: { readonly [T in KnownRecordType]: true } = {
  A: true,
  AAAA: true,
  NS: true,
  CNAME: true,
  DNAME: true,
  PTR: true,
  MX: true,
  TXT: true,
  SOA: true,
  SRV: true,
  CAA: true,
  DS: true,
  DNSKEY: true,
  RRSIG: true,
  NSEC: true,
  NSEC3: true,
  NSEC3PARAM: true,
  TLSA: true,
  SVCB: true,
  HTTPS: true,
};

/** Whether the SDK has typed record data for `type` (a mnemonic in upper case). Internal. */
export function isKnownRecordType(type: string): type is KnownRecordType {
  return Object.hasOwn(KNOWN_RECORD_TYPES, type);
}
