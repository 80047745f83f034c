/**
 * The DNS JSON API of Google Public DNS and Cloudflare (`application/dns-json`): a GET with
 * `?name=&type=`, answered with a JSON object that carries the header flags and the sections with
 * record data in presentation form. It is not standardised; this maps it onto the same
 * {@link DnsMessage} model as RFC 8484 answers.
 */
import { MalformedResponseError, truncate } from '../../errors.js';
import { isKnownRecordType } from '../names.js';
import type { DnsTransport, TransportRequest, TransportResponse } from '../transport.js';
import type {
  DnsMessage,
  DnsRecord,
  ExtendedDnsError,
  KnownRecordType,
  RecordDataMap,
  SvcParam,
  UnknownTypeName,
} from '../types.js';
import { octetsToText, textToOctets } from '../wire/character-string.js';
import {
  base32HexToBytes,
  base64ToBytes,
  bytesToBase32Hex,
  bytesToBase64,
  bytesToHex,
  hexToBytes,
} from '../wire/encoding.js';
import { canonicalIPv6, parseIPv4 } from '../wire/ip-text.js';
import { computeKeyTag } from '../wire/key-tag.js';
import { normalizeName } from '../wire/names.js';
import { extendedErrorPurpose, rcodeName, svcParamKeyCode, typeCode, typeName } from '../wire/types-table.js';
import { checkAnswerMatches, describeQuestion, effectiveTtl } from './answer.js';
import {
  checkMaxResponseBytes,
  checkMediaType,
  type FetchLike,
  type HttpExchange,
  parseEndpointUrl,
  readBodyLimited,
  sendHttp,
  withHttpAge,
} from './http.js';

/**
 * Media types a JSON API answer may carry: Cloudflare sends `application/dns-json`, Google
 * `application/json` or (historically) `application/x-javascript`.
 */
const JSON_TYPES = [
  'application/dns-json',
  'application/json',
  'application/x-javascript',
  'text/javascript',
];

/** Options of {@link createDohJsonTransport}. */
export interface DohJsonTransportOptions {
  /**
   * The JSON API endpoint, e.g. `https://dns.google/resolve` or
   * `https://cloudflare-dns.com/dns-query`.
   */
  url: string;
  /** The fetch implementation. @default globalThis.fetch */
  fetch?: FetchLike;
  /** Extra request headers; `accept` is always set by the transport. @default {} */
  headers?: Record<string, string>;
  /** Largest body accepted, in octets; a larger one is refused without being read in full. @default 65535 */
  maxResponseBytes?: number;
}

/**
 * Creates a transport for the Google/Cloudflare DNS JSON API. Runs wherever `fetch` does.
 *
 * The answer is mapped into {@link DnsMessage}: `Status` → rcode, `TC RD RA AD CD` → flags (QR set,
 * AA clear: the API does not report it), `Question`/`Answer`/`Authority`/`Additional` → sections,
 * record `data` parsed from presentation form into typed data for every type of `RecordDataMap`.
 * Limits of the API, documented rather than hidden:
 * - the message ID is 0 and `edns` is `null`, except that Cloudflare's `extended_dns_errors`
 *   are reported through a synthesised `edns` (version 0, `udpPayloadSize` 0, no raw options);
 * - a record of a type the SDK does not decode keeps `data.rdata` (hex) when the server sent
 *   RFC 3597 `\# <len> <hex>`, else `data.rdata` is empty and `data.presentation` holds the text;
 * - a record of a known type sent as RFC 3597 generic data is returned as `TYPE<n>` with `rdata`.
 *
 * `send()` rejects with `MalformedResponseError` for hostile or broken JSON: a field of the wrong
 * type, a known record type whose data does not parse, an answer to another question. As for
 * RFC 8484 GET, record TTLs are lowered by the `Age` header of an answer from an HTTP cache.
 *
 * @throws {InvalidInputError} When `url` is not an absolute `https:`/`http:` URL or an option is out of range.
 */
export function createDohJsonTransport(options: DohJsonTransportOptions): DnsTransport {
  const url = parseEndpointUrl(options.url);
  const maxResponseBytes = checkMaxResponseBytes(options.maxResponseBytes);
  const endpoint = url.href;
  const extraHeaders = { ...options.headers };

  return {
    kind: 'doh-json',
    endpoint,
    async send(request: TransportRequest): Promise<TransportResponse> {
      const target = new URL(url);
      target.searchParams.set('name', request.question.name);
      target.searchParams.set('type', String(request.question.typeCode));
      if (request.dnssecOk) target.searchParams.set('do', '1');
      if (request.cd) target.searchParams.set('cd', '1');
      const exchange: HttpExchange = {
        url: target,
        method: 'GET',
        headers: { ...extraHeaders, accept: 'application/dns-json' },
        fetch: options.fetch,
        signal: request.signal,
        endpoint,
        query: describeQuestion(request),
      };
      const response = await sendHttp(exchange);
      checkMediaType(response, JSON_TYPES, exchange);
      const bytes = await readBodyLimited(response, maxResponseBytes, exchange);
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      } catch (error) {
        throw new MalformedResponseError(
          `DoH JSON endpoint ${endpoint} sent a body that is not JSON for ${exchange.query}`,
          { endpoint, query: exchange.query, cause: error },
        );
      }
      const message = jsonToMessage(json, { endpoint, query: exchange.query });
      checkAnswerMatches(message, request, endpoint);
      // These GET answers may come from an HTTP cache too; their Age counts as in RFC 8484 §5.1.
      return { ...withHttpAge(message, response.headers.get('age')), transport: 'doh-json' };
    },
  };
}

interface Context {
  endpoint: string;
  query: string;
}

/**
 * Maps a DNS JSON API object onto {@link DnsMessage}.
 * @throws {MalformedResponseError} When a field has the wrong type or record data does not parse.
 */
export function jsonToMessage(json: unknown, context: Context): DnsMessage {
  const fail = (what: string, cause?: unknown): never => {
    throw new MalformedResponseError(
      `DoH JSON endpoint ${context.endpoint} answered ${context.query} with ${what}`,
      { endpoint: context.endpoint, query: context.query, ...(cause === undefined ? {} : { cause }) },
    );
  };
  if (!isObject(json)) return fail('JSON that is not an object');
  const status = json.Status;
  if (!isUint(status, 0xfff)) return fail(`a Status of ${describe(status)}; expected an integer 0–4095`);
  const flag = (key: string): boolean => {
    const value = json[key];
    if (value === undefined) return false;
    if (typeof value !== 'boolean') return fail(`a ${key} of ${describe(value)}; expected a boolean`);
    return value;
  };
  const flags = {
    qr: true,
    aa: false,
    tc: flag('TC'),
    rd: flag('RD'),
    ra: flag('RA'),
    ad: flag('AD'),
    cd: flag('CD'),
  };

  const question = list(json, 'Question', fail).map((entry, index) => {
    if (!isObject(entry)) return fail(`Question[${index}] that is not an object`);
    if (typeof entry.name !== 'string') return fail(`Question[${index}].name of ${describe(entry.name)}`);
    if (!isUint(entry.type, 0xffff)) return fail(`Question[${index}].type of ${describe(entry.type)}`);
    return { name: jsonName(entry.name, fail), type: typeName(entry.type), typeCode: entry.type, class: 1 };
  });
  const section = (key: string) =>
    list(json, key, fail).map((entry, index) => jsonRecord(entry, `${key}[${index}]`, fail));

  const extendedErrors = list(json, 'extended_dns_errors', fail).map((entry, index): ExtendedDnsError => {
    if (!isObject(entry) || !isUint(entry.info_code, 0xffff)) {
      return fail(`extended_dns_errors[${index}] without an integer info_code`);
    }
    const extra = entry.extra_text ?? '';
    if (typeof extra !== 'string')
      return fail(`extended_dns_errors[${index}].extra_text of ${describe(extra)}`);
    return { infoCode: entry.info_code, purpose: extendedErrorPurpose(entry.info_code), extraText: extra };
  });

  return {
    id: 0,
    opcode: 0,
    rcode: status,
    rcodeName: rcodeName(status),
    flags,
    question,
    answer: section('Answer'),
    authority: section('Authority'),
    additional: section('Additional').filter((record) => record.typeCode !== 41),
    edns:
      extendedErrors.length === 0
        ? null
        : {
            version: 0,
            udpPayloadSize: 0,
            dnssecOk: false,
            options: [],
            extendedErrors,
            paddingLength: null,
          },
  };
}

type Fail = (what: string, cause?: unknown) => never;

function jsonRecord(entry: unknown, where: string, fail: Fail): DnsRecord {
  if (!isObject(entry)) return fail(`${where} that is not an object`);
  const { name, type, TTL, data } = entry;
  if (typeof name !== 'string') return fail(`${where}.name of ${describe(name)}`);
  if (!isUint(type, 0xffff)) return fail(`${where}.type of ${describe(type)}`);
  // RFC 2181 §8: a TTL with the top bit set is treated as zero.
  if (!isUint(TTL, 0xffffffff)) return fail(`${where}.TTL of ${describe(TTL)}`);
  if (typeof data !== 'string') return fail(`${where}.data of ${describe(data)}`);
  const common = { name: jsonName(name, fail), typeCode: type, class: 1, ttl: effectiveTtl(TTL) };
  const mnemonic = typeName(type);

  const generic = /^\\#\s+(\d+)\s*([\s0-9a-fA-F]*)$/.exec(data.trim());
  if (generic) {
    const rdata = bytesToHex(hexToBytes(generic[2] ?? ''));
    if (rdata.length / 2 !== Number(generic[1]))
      return fail(`${where}: RFC 3597 data whose length does not match`);
    return { ...common, type: `TYPE${type}` as UnknownTypeName, data: { rdata } };
  }
  if (!isKnownRecordType(mnemonic)) {
    return { ...common, type: mnemonic as UnknownTypeName, data: { rdata: '', presentation: data } };
  }
  try {
    return { ...common, type: mnemonic, data: parseData(mnemonic, data) } as DnsRecord;
  } catch (error) {
    return fail(`${where}: ${mnemonic} data "${truncate(data, 80)}" that does not parse`, error);
  }
}

/** Parses presentation-form record data (RFC 1035 §5.1 and each type's RFC) of a known type. */
function parseData<T extends KnownRecordType>(type: T, text: string): RecordDataMap[T];
function parseData(type: KnownRecordType, text: string): RecordDataMap[KnownRecordType] {
  const tokens = tokenize(text);
  const t = new Tokens(tokens, text);
  switch (type) {
    case 'A': {
      const address = t.word();
      if (!parseIPv4(address)) throw new Error('not an IPv4 address');
      t.end();
      return { address };
    }
    case 'AAAA': {
      const address = canonicalIPv6(t.word());
      if (address === null) throw new Error('not an IPv6 address');
      t.end();
      return { address };
    }
    case 'NS':
    case 'CNAME':
    case 'DNAME':
    case 'PTR': {
      const target = t.name();
      t.end();
      return { target };
    }
    case 'MX': {
      const data = { preference: t.uint(0xffff), exchange: t.name() };
      t.end();
      return data;
    }
    case 'TXT': {
      // Google sends one unquoted string; Cloudflare sends quoted character-strings.
      if (!text.trimStart().startsWith('"')) return { strings: [text] };
      const strings = tokens.map((token) => characterString(token.text));
      return { strings };
    }
    case 'SOA': {
      const data = {
        mname: t.name(),
        rname: t.name(),
        serial: t.uint(0xffffffff),
        refresh: t.uint(0xffffffff),
        retry: t.uint(0xffffffff),
        expire: t.uint(0xffffffff),
        minimum: t.uint(0xffffffff),
      };
      t.end();
      return data;
    }
    case 'SRV': {
      const data = {
        priority: t.uint(0xffff),
        weight: t.uint(0xffff),
        port: t.uint(0xffff),
        target: t.name(),
      };
      t.end();
      return data;
    }
    case 'CAA': {
      const flags = t.uint(0xff);
      const tag = t.word();
      const value = characterString(t.word());
      t.end();
      return { flags, tag, value };
    }
    case 'DS':
      return {
        keyTag: t.uint(0xffff),
        algorithm: t.uint(0xff),
        digestType: t.uint(0xff),
        digest: bytesToHex(hexToBytes(t.rest())),
      };
    case 'DNSKEY': {
      const flags = t.uint(0xffff);
      const protocol = t.uint(0xff);
      const algorithm = t.uint(0xff);
      const key = base64ToBytes(t.rest());
      const rdata = new Uint8Array(4 + key.length);
      rdata.set([flags >> 8, flags & 0xff, protocol, algorithm]);
      rdata.set(key, 4);
      return { flags, protocol, algorithm, publicKey: bytesToBase64(key), keyTag: computeKeyTag(rdata) };
    }
    case 'RRSIG':
      return {
        typeCovered: t.type(),
        algorithm: t.uint(0xff),
        labels: t.uint(0xff),
        originalTtl: t.uint(0xffffffff),
        expiration: t.time(),
        inception: t.time(),
        keyTag: t.uint(0xffff),
        signerName: t.name(),
        signature: bytesToBase64(base64ToBytes(t.rest())),
      };
    case 'NSEC':
      return { nextDomain: t.name(), types: t.types() };
    case 'NSEC3': {
      const hashAlgorithm = t.uint(0xff);
      const flags = t.uint(0xff);
      const iterations = t.uint(0xffff);
      const salt = t.salt();
      const nextHashedOwner = bytesToBase32Hex(base32HexToBytes(t.word()));
      return { hashAlgorithm, flags, iterations, salt, nextHashedOwner, types: t.types() };
    }
    case 'NSEC3PARAM': {
      const data = {
        hashAlgorithm: t.uint(0xff),
        flags: t.uint(0xff),
        iterations: t.uint(0xffff),
        salt: t.salt(),
      };
      t.end();
      return data;
    }
    case 'TLSA':
      return {
        usage: t.uint(0xff),
        selector: t.uint(0xff),
        matchingType: t.uint(0xff),
        data: bytesToHex(hexToBytes(t.rest())),
      };
    case 'SVCB':
    case 'HTTPS': {
      const priority = t.uint(0xffff);
      const target = t.name();
      const params: SvcParam[] = [];
      while (!t.done()) params.push(svcParam(t.word()));
      return { priority, target, params };
    }
  }
}

/** RFC 9460 §2.1 `key=value` presentation of one SvcParam (the value already unquoted). */
function svcParam(token: string): SvcParam {
  const eq = token.indexOf('=');
  const key = eq === -1 ? token : token.slice(0, eq);
  const value = eq === -1 ? '' : token.slice(eq + 1);
  const list = () => value.split(',').filter((item) => item !== '');
  switch (key) {
    case 'mandatory':
      return { key, keys: list() };
    case 'alpn':
      // Commas inside an alpn-id are written `\,` (RFC 9460 Appendix A.1).
      return { key, protocols: value.split(/(?<!\\),/).map((id) => id.replaceAll('\\,', ',')) };
    case 'no-default-alpn':
      return { key };
    case 'port': {
      const port = Number(value);
      if (!/^\d+$/.test(value) || port > 0xffff) throw new Error(`port=${value}`);
      return { key, port };
    }
    case 'ipv4hint': {
      const addresses = list();
      if (!addresses.every((address) => parseIPv4(address))) throw new Error(`ipv4hint=${value}`);
      return { key, addresses };
    }
    case 'ech':
      return { key, config: bytesToBase64(base64ToBytes(value)) };
    case 'ipv6hint': {
      const addresses = list().map((address) => canonicalIPv6(address));
      if (addresses.some((address) => address === null)) throw new Error(`ipv6hint=${value}`);
      return { key, addresses: addresses as string[] };
    }
    default: {
      const code = svcParamKeyCode(key);
      if (code === null) throw new Error(`unknown SvcParamKey ${key}`);
      return { key: `key${code}`, value: bytesToHex(textToOctets(value, 0xffff)) };
    }
  }
}

/** IANA mnemonics the SDK has no name for, so NSEC/NSEC3 type lists can still be read (as `TYPE<n>`). */
const OTHER_TYPE_CODES: Readonly<Record<string, number>> = {
  MD: 3,
  MF: 4,
  MB: 7,
  MG: 8,
  MR: 9,
  NULL: 10,
  WKS: 11,
  HINFO: 13,
  MINFO: 14,
  RP: 17,
  AFSDB: 18,
  X25: 19,
  ISDN: 20,
  RT: 21,
  NSAP: 22,
  'NSAP-PTR': 23,
  SIG: 24,
  KEY: 25,
  PX: 26,
  GPOS: 27,
  LOC: 29,
  NXT: 30,
  EID: 31,
  NIMLOC: 32,
  ATMA: 34,
  NAPTR: 35,
  KX: 36,
  CERT: 37,
  A6: 38,
  SINK: 40,
  APL: 42,
  SSHFP: 44,
  IPSECKEY: 45,
  DHCID: 49,
  SMIMEA: 53,
  HIP: 55,
  NINFO: 56,
  RKEY: 57,
  TALINK: 58,
  CDS: 59,
  CDNSKEY: 60,
  OPENPGPKEY: 61,
  CSYNC: 62,
  ZONEMD: 63,
  DSYNC: 66,
  SPF: 99,
  NID: 104,
  L32: 105,
  L64: 106,
  LP: 107,
  EUI48: 108,
  EUI64: 109,
  URI: 256,
  AVC: 258,
  DOA: 259,
  AMTRELAY: 260,
  RESINFO: 261,
  TA: 32768,
  DLV: 32769,
};

interface Token {
  text: string;
  quoted: boolean;
}

/** Splits presentation data on unquoted, unescaped whitespace; quotes are removed, escapes kept. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
    if (i >= text.length) break;
    let current = '';
    let quoted = false;
    let inQuotes = false;
    for (; i < text.length; i++) {
      const ch = text[i] as string;
      if (ch === '\\') {
        current += text.slice(i, i + 2);
        i++;
      } else if (ch === '"') {
        inQuotes = !inQuotes;
        quoted = true;
      } else if (!inQuotes && /\s/.test(ch)) {
        break;
      } else {
        current += ch;
      }
    }
    if (inQuotes) throw new Error('unterminated quoted string');
    tokens.push({ text: current, quoted });
  }
  return tokens;
}

/** A character-string's text in the model's form (see `wire/character-string.ts`). */
function characterString(text: string): string {
  const octets = textToOctets(text, 0xffff);
  return octetsToText(octets, 0, octets.length);
}

class Tokens {
  #tokens: Token[];
  #index = 0;
  #text: string;
  constructor(tokens: Token[], text: string) {
    this.#tokens = tokens;
    this.#text = text;
  }
  word(): string {
    const token = this.#tokens[this.#index++];
    if (token === undefined) throw new Error(`"${truncate(this.#text, 60)}" has too few fields`);
    return token.text;
  }
  uint(max: number): number {
    const word = this.word();
    const value = Number(word);
    if (!/^\d+$/.test(word) || value > max)
      throw new Error(`"${truncate(word, 20)}" is not an integer 0–${max}`);
    return value;
  }
  name(): string {
    return normalizeName(this.word());
  }
  type(): RecordDataMap['RRSIG']['typeCovered'] {
    return typeName(this.typeCode());
  }
  typeCode(): number {
    const word = this.word().toUpperCase();
    const code = typeCode(word) ?? OTHER_TYPE_CODES[word];
    if (code === undefined) throw new Error(`unknown record type ${truncate(word, 20)}`);
    return code;
  }
  types(): Array<RecordDataMap['NSEC']['types'][number]> {
    const codes = new Set<number>();
    while (!this.done()) codes.add(this.typeCode());
    // Ascending, as the wire bitmap (RFC 4034 §4.1.2) and so the codec lists them.
    return [...codes].sort((a, b) => a - b).map((code) => typeName(code));
  }
  /** RFC 4034 §3.2: YYYYMMDDHHmmSS in UTC, or seconds since the epoch. */
  time(): number {
    const word = this.word();
    const stamp = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(word);
    if (stamp) {
      const [, y, mo, d, h, mi, s] = stamp.map(Number) as [
        number,
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      return Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
    }
    if (/^\d{1,10}$/.test(word) && Number(word) <= 0xffffffff) return Number(word);
    throw new Error(`"${truncate(word, 20)}" is not a signature time`);
  }
  /** RFC 5155 §3.3: hex, or `-` for none. */
  salt(): string {
    const word = this.word();
    return word === '-' ? '' : bytesToHex(hexToBytes(word));
  }
  rest(): string {
    const rest = this.#tokens.slice(this.#index).map((token) => token.text);
    this.#index = this.#tokens.length;
    if (rest.length === 0) throw new Error(`"${truncate(this.#text, 60)}" has too few fields`);
    return rest.join('');
  }
  done(): boolean {
    return this.#index >= this.#tokens.length;
  }
  end(): void {
    if (!this.done()) throw new Error(`"${truncate(this.#text, 60)}" has too many fields`);
  }
}

function jsonName(name: string, fail: Fail): string {
  try {
    return normalizeName(name === '' ? '.' : name);
  } catch (error) {
    return fail(`a name "${truncate(name, 80)}" that is not a domain name`, error);
  }
}

function list(json: Record<string, unknown>, key: string, fail: Fail): unknown[] {
  const value = json[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return fail(`a ${key} of ${describe(value)}; expected an array`);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isUint(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return truncate(JSON.stringify(value) ?? String(value), 40);
  } catch {
    return typeof value;
  }
}
