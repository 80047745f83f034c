/**
 * The DNS message model shared by the codec, the resolver and the transports.
 *
 * Everything here is plain, JSON-safe data: names are strings in presentation form
 * (RFC 1035 §5.1, RFC 4343 escapes, no trailing dot, the root is `.`), binary fields are
 * lower-case hex or base64 strings as the record's presentation format uses them.
 */

/** Record type codes the SDK knows by name (IANA "Resource Record (RR) TYPEs"). */
export const RecordType = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  DNAME: 39,
  OPT: 41,
  DS: 43,
  RRSIG: 46,
  NSEC: 47,
  DNSKEY: 48,
  NSEC3: 50,
  NSEC3PARAM: 51,
  TLSA: 52,
  SVCB: 64,
  HTTPS: 65,
  ANY: 255,
  CAA: 257,
} as const;
/** A record type known by name. */
export type RecordType = keyof typeof RecordType;

/** RFC 3597 name of a type the SDK does not know, e.g. `TYPE65280`. */
export type UnknownTypeName = `TYPE${number}`;

/** Response codes (RFC 1035, RFC 6891 extended codes). */
export const Rcode = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
  YXDOMAIN: 6,
  YXRRSET: 7,
  NXRRSET: 8,
  NOTAUTH: 9,
  NOTZONE: 10,
  BADVERS: 16,
  BADCOOKIE: 23,
} as const;
/** A response code known by name. */
export type Rcode = keyof typeof Rcode;

/** Header flags of a message (RFC 1035 §4.1.1, RFC 4035 §3.2 for AD and CD). */
export interface DnsFlags {
  /** Response (true) or query. */
  qr: boolean;
  /** Authoritative answer. */
  aa: boolean;
  /** Truncated. */
  tc: boolean;
  /** Recursion desired. */
  rd: boolean;
  /** Recursion available. */
  ra: boolean;
  /** Authentic data: the resolver validated the answer with DNSSEC. */
  ad: boolean;
  /** Checking disabled: the client asked the resolver not to validate. */
  cd: boolean;
}

/** One entry of the question section. */
export interface DnsQuestion {
  name: string;
  type: RecordType | UnknownTypeName;
  typeCode: number;
  /** Class code; 1 (IN) in practice. */
  class: number;
}

/** Fields every resource record has. */
export interface RecordCommon {
  /** Owner name. */
  name: string;
  /** Numeric type, always present (also for known types). */
  typeCode: number;
  /** Class code; 1 (IN) in practice. */
  class: number;
  /** Time to live in seconds. */
  ttl: number;
}

/** SVCB/HTTPS service parameter (RFC 9460 §14.3.2). Known keys are decoded, others kept as hex. */
export type SvcParam =
  | { key: 'mandatory'; keys: string[] }
  | { key: 'alpn'; protocols: string[] }
  | { key: 'no-default-alpn' }
  | { key: 'port'; port: number }
  | { key: 'ipv4hint'; addresses: string[] }
  | { key: 'ech'; config: string /* base64 */ }
  | { key: 'ipv6hint'; addresses: string[] }
  | { key: `key${number}`; value: string /* hex */ };

/** Record data by type name. Binary fields are hex unless noted as base64 (their presentation form). */
export interface RecordDataMap {
  A: { address: string };
  AAAA: { address: string };
  NS: { target: string };
  CNAME: { target: string };
  DNAME: { target: string };
  PTR: { target: string };
  MX: { preference: number; exchange: string };
  /** Character-strings, decoded as UTF-8 where valid, else with `\DDD` escapes. */
  TXT: { strings: string[] };
  SOA: {
    mname: string;
    rname: string;
    serial: number;
    refresh: number;
    retry: number;
    expire: number;
    minimum: number;
  };
  SRV: { priority: number; weight: number; port: number; target: string };
  CAA: { flags: number; tag: string; value: string };
  DS: { keyTag: number; algorithm: number; digestType: number; digest: string /* hex */ };
  DNSKEY: {
    flags: number;
    protocol: number;
    algorithm: number;
    publicKey: string /* base64 */;
    /** RFC 4034 Appendix B key tag, computed from the RDATA. */
    keyTag: number;
  };
  RRSIG: {
    typeCovered: RecordType | UnknownTypeName;
    algorithm: number;
    labels: number;
    originalTtl: number;
    /** Seconds since the epoch (RFC 4034 §3.1.5, serial arithmetic resolved against now is the caller's job). */
    expiration: number;
    inception: number;
    keyTag: number;
    signerName: string;
    signature: string /* base64 */;
  };
  NSEC: { nextDomain: string; types: Array<RecordType | UnknownTypeName> };
  NSEC3: {
    hashAlgorithm: number;
    flags: number;
    iterations: number;
    salt: string /* hex, empty for none */;
    nextHashedOwner: string /* base32hex, lower case */;
    types: Array<RecordType | UnknownTypeName>;
  };
  NSEC3PARAM: { hashAlgorithm: number; flags: number; iterations: number; salt: string /* hex */ };
  TLSA: { usage: number; selector: number; matchingType: number; data: string /* hex */ };
  SVCB: { priority: number; target: string; params: SvcParam[] };
  HTTPS: { priority: number; target: string; params: SvcParam[] };
}

/** Record types that have typed data. */
export type KnownRecordType = keyof RecordDataMap;

/** A record of a known type, with its typed data. */
export type KnownRecord = {
  [T in KnownRecordType]: RecordCommon & { type: T; data: RecordDataMap[T] };
}[KnownRecordType];

/** A record of a type the SDK does not decode, kept as RFC 3597 opaque data. */
export interface UnknownRecord extends RecordCommon {
  type: UnknownTypeName;
  data: {
    rdata: string /* hex */;
    /**
     * Presentation-form RDATA, set only when the record came through the DNS JSON API in a form
     * other than RFC 3597 `\#` (the JSON API gives no octets); `rdata` is then empty.
     */
    presentation?: string;
  };
}

/** A resource record: typed when the SDK knows its type, opaque (RFC 3597) otherwise. */
export type DnsRecord = KnownRecord | UnknownRecord;

/** RFC 8914 extended DNS error. */
export interface ExtendedDnsError {
  infoCode: number;
  /** IANA name of the code, e.g. `DNSSEC Bogus`, or `Unknown` for unassigned codes. */
  purpose: string;
  /** Free text from the server, possibly empty. */
  extraText: string;
}

/** An EDNS option (RFC 6891 §6.1.2); known ones are decoded separately in {@link EdnsInfo}. */
export interface EdnsOption {
  code: number;
  /** Hex of the option data. */
  data: string;
}

/** The OPT pseudo-record, decoded (RFC 6891). */
export interface EdnsInfo {
  version: number;
  udpPayloadSize: number;
  /** DNSSEC OK bit. */
  dnssecOk: boolean;
  /** Every option, raw, in wire order. */
  options: EdnsOption[];
  /** RFC 8914 extended errors found among the options. */
  extendedErrors: ExtendedDnsError[];
  /** Length of RFC 7830 padding, when present. */
  paddingLength: number | null;
}

/** A decoded DNS message. */
export interface DnsMessage {
  id: number;
  opcode: number;
  /** Full response code (header RCODE combined with the EDNS extended RCODE). */
  rcode: number;
  /** Name of {@link DnsMessage.rcode}, or `RCODE<n>` when unassigned. */
  rcodeName: Rcode | `RCODE${number}`;
  flags: DnsFlags;
  question: DnsQuestion[];
  answer: DnsRecord[];
  authority: DnsRecord[];
  /** The additional section without the OPT pseudo-record (see {@link DnsMessage.edns}). */
  additional: DnsRecord[];
  /** EDNS data from the OPT record; `null` when the message had none. */
  edns: EdnsInfo | null;
}

/** What the codec needs to build a query. */
export interface QuestionInput {
  /** Name in ASCII presentation form (already IDNA-converted). */
  name: string;
  type: RecordType | UnknownTypeName | number;
  /** @default 1 (IN) */
  class?: number;
}

/** Options of {@link QuestionInput} encoding, resolved by the caller. */
export interface EncodeQueryOptions {
  /** @default 0 (RFC 8484 §4.1: DoH GET uses 0 for cache friendliness) */
  id?: number;
  /** Recursion desired. @default true */
  rd?: boolean;
  /** Checking disabled. @default false */
  cd?: boolean;
  /** Add an OPT record. @default true */
  edns?: boolean;
  /** DO bit in the OPT record. @default true */
  dnssecOk?: boolean;
  /** @default 1232 (DNS flag day 2020) */
  udpPayloadSize?: number;
  /** RFC 8467 block-length padding: pad the query to a multiple of this many octets. `0` disables. @default 0 */
  paddingBlockSize?: number;
}

/** How an answer reached the client. */
export type TransportKind = 'doh-get' | 'doh-post' | 'doh-json' | 'doh-http2' | 'udp' | 'tcp';

/** A full answer to one query, as returned by `resolver.query()`. */
export interface DnsAnswer extends DnsMessage {
  /** The endpoint that answered (URL, or `address#port` for plain DNS). */
  endpoint: string;
  transport: TransportKind;
  /** Wall-clock milliseconds from sending to a decoded answer (0 for cache hits). */
  elapsedMs: number;
  /** True when served from the resolver's cache. */
  fromCache: boolean;
}
