import type { DnsRecord, SvcParam } from '@dotvn/core/dns';

/** Class mnemonics (RFC 1035 §3.2.4, RFC 2136 §2.4); others print as `CLASS<n>` (RFC 3597 §5). */
const CLASS_NAMES: Readonly<Record<number, string>> = { 1: 'IN', 3: 'CH', 4: 'HS', 254: 'NONE', 255: 'ANY' };

/** `IN`, `CH`, … or `CLASS<n>`. */
export function className(code: number): string {
  return CLASS_NAMES[code] ?? `CLASS${code}`;
}

/** A name in presentation form with the trailing dot, as zone files and dig print it. */
export function absoluteName(name: string): string {
  return name === '.' || name.endsWith('.') ? name : `${name}.`;
}

/**
 * A character-string in zone-file form (RFC 1035 §5.1): quoted, `"` escaped. The SDK already
 * writes `\` as `\\` and undecodable octets as `\DDD`; control characters, which it keeps
 * literal in valid UTF-8, are escaped here so a record cannot drive the terminal.
 */
export function quoted(text: string): string {
  return `"${escapeControls(text).replaceAll('"', '\\"')}"`;
}

// C0 controls, DEL and C1 controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/** Control characters (C0, DEL, C1) as `\DDD` escapes of their code point. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (c) => `\\${String(c.charCodeAt(0)).padStart(3, '0')}`);
}

/** RRSIG timestamps in the YYYYMMDDHHmmSS form of RFC 4034 §3.2. */
function timestamp(seconds: number): string {
  const iso = new Date(seconds * 1000).toISOString();
  return iso.slice(0, 19).replace(/[-T:]/g, '');
}

function svcParam(param: SvcParam): string {
  switch (param.key) {
    case 'mandatory':
      return `mandatory=${param.keys.join(',')}`;
    case 'alpn':
      // alpn-ids are character-strings (RFC 9460 §7.1.1), controls kept literal by the SDK.
      return `alpn=${escapeControls(param.protocols.join(','))}`;
    case 'no-default-alpn':
      return 'no-default-alpn';
    case 'port':
      return `port=${param.port}`;
    case 'ipv4hint':
      return `ipv4hint=${param.addresses.join(',')}`;
    case 'ipv6hint':
      return `ipv6hint=${param.addresses.join(',')}`;
    case 'ech':
      return `ech=${param.config}`;
    default:
      // RFC 9460 §2.1: unknown keys keyNNNNN; the SDK keeps their value as hex.
      return param.value === '' ? param.key : `${param.key}=\\# ${param.value.length / 2} ${param.value}`;
  }
}

/** The record data in presentation form (RFC 1035 §5.1 and each type's RFC). */
export function formatRecordData(record: DnsRecord): string {
  switch (record.type) {
    case 'A':
    case 'AAAA':
      return record.data.address;
    case 'NS':
    case 'CNAME':
    case 'DNAME':
    case 'PTR':
      return absoluteName(record.data.target);
    case 'MX':
      return `${record.data.preference} ${absoluteName(record.data.exchange)}`;
    case 'TXT':
      return record.data.strings.map(quoted).join(' ');
    case 'SOA': {
      const d = record.data;
      return `${absoluteName(d.mname)} ${absoluteName(d.rname)} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`;
    }
    case 'SRV':
      return `${record.data.priority} ${record.data.weight} ${record.data.port} ${absoluteName(record.data.target)}`;
    case 'CAA':
      // The tag is a character-string too (RFC 8659 §4.1): the SDK keeps its controls literal.
      return `${record.data.flags} ${escapeControls(record.data.tag)} ${quoted(record.data.value)}`;
    case 'DS':
      return `${record.data.keyTag} ${record.data.algorithm} ${record.data.digestType} ${record.data.digest.toUpperCase()}`;
    case 'DNSKEY':
      return `${record.data.flags} ${record.data.protocol} ${record.data.algorithm} ${record.data.publicKey} ; key id = ${record.data.keyTag}`;
    case 'RRSIG': {
      const d = record.data;
      return `${d.typeCovered} ${d.algorithm} ${d.labels} ${d.originalTtl} ${timestamp(d.expiration)} ${timestamp(d.inception)} ${d.keyTag} ${absoluteName(d.signerName)} ${d.signature}`;
    }
    case 'NSEC':
      return [absoluteName(record.data.nextDomain), ...record.data.types].join(' ');
    case 'NSEC3': {
      const d = record.data;
      return [
        d.hashAlgorithm,
        d.flags,
        d.iterations,
        d.salt === '' ? '-' : d.salt.toUpperCase(),
        d.nextHashedOwner.toUpperCase(),
        ...d.types,
      ].join(' ');
    }
    case 'NSEC3PARAM': {
      const d = record.data;
      return `${d.hashAlgorithm} ${d.flags} ${d.iterations} ${d.salt === '' ? '-' : d.salt.toUpperCase()}`;
    }
    case 'TLSA':
      return `${record.data.usage} ${record.data.selector} ${record.data.matchingType} ${record.data.data.toUpperCase()}`;
    case 'SVCB':
    case 'HTTPS':
      return [
        record.data.priority,
        absoluteName(record.data.target),
        ...record.data.params.map(svcParam),
      ].join(' ');
    default:
      // RFC 3597 §5 generic form.
      return `\\# ${record.data.rdata.length / 2}${record.data.rdata === '' ? '' : ` ${record.data.rdata.toUpperCase()}`}`;
  }
}

/** DNSSEC records that `--dnssec` shows and the plain view hides (RFC 4034, RFC 5155). */
export const DNSSEC_TYPES: ReadonlySet<string> = new Set(['RRSIG', 'NSEC', 'NSEC3']);
