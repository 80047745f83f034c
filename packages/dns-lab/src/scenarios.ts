import { domainToASCII } from 'node:url';
import { labV4, labV6 } from './constants.js';

/**
 * How a name server behaves on the wire.
 *
 * - `normal`: BIND answers authoritatively on every address listed.
 * - `lame`: the address answers, but with REFUSED (it is not authoritative for the zone, RFC 1912 §2.8).
 * - `slow`: a lab helper relays the real answer after {@link SLOW_NS_DELAY_MS}.
 * - `drop`: a lab helper reads every query and never answers.
 * - `dead-v6`: IPv4 answers normally; the AAAA address exists on `lo` but nothing listens on it, so
 *   queries get an ICMP port-unreachable (UDP) or a reset (TCP).
 */
export type NameServerBehaviour = 'normal' | 'lame' | 'slow' | 'drop' | 'dead-v6';

/**
 * How a zone is signed.
 *
 * - `unsigned`: no DNSSEC, no DS in the parent (insecure delegation).
 * - `signed`: NSEC-signed, DS in the parent (secure).
 * - `island`: signed, but the parent has no DS, so validators treat it as insecure.
 * - `bogus-ds`: signed, the parent's DS matches no key of the child (bogus).
 * - `expired`: signed with an RRSIG validity window that ended days ago (bogus).
 * - `nsec3`: NSEC3-signed (RFC 5155, no salt, no extra iterations per RFC 9276), DS in the parent.
 */
export type SigningMode = 'unsigned' | 'signed' | 'island' | 'bogus-ds' | 'expired' | 'nsec3';

/** Record types the lab writes into zones. */
export type LabRecordType = 'A' | 'AAAA' | 'MX' | 'CNAME' | 'TXT' | 'NS' | 'CAA' | 'SRV';

/** One resource record, in zone-file presentation form. */
export interface LabRecord {
  /** Owner relative to the zone (`@` for the apex, `www`), or absolute when it ends with a dot. */
  readonly name: string;
  readonly type: LabRecordType;
  /** RDATA in presentation form (`10 mail`, `"v=spf1 -all"`, `2001:db8::1`). */
  readonly value: string;
}

/** A name server of a zone: its host name, its lab addresses and how it behaves. */
export interface NameServerSpec {
  /** Host name relative to the zone (`ns1`) or absolute (`a.root-servers.lab.`). */
  readonly name: string;
  /** IPv4 address in 127.53.0.0/16; glue in the parent when the name is inside the zone. */
  readonly v4?: string;
  /** IPv6 address in fd53:7e5a:1ab::/48; glue in the parent when the name is inside the zone. */
  readonly v6?: string;
  /** @default 'normal' */
  readonly behaviour?: NameServerBehaviour;
}

/** Everything needed to write, sign and serve one zone. */
export interface ZoneSpec {
  /** Apex without the trailing dot (`gov.vn`; the root is `.`). */
  readonly name: string;
  /** Parent zone apex, or `null` for the root. */
  readonly parent: string | null;
  readonly nameServers: readonly NameServerSpec[];
  readonly records: readonly LabRecord[];
  readonly signing: SigningMode;
}

/** Validation outcome a validating resolver reaches (RFC 4035 §4.3). */
export type DnssecOutcome = 'secure' | 'insecure' | 'bogus';

/** Response codes the scenarios produce (RFC 1035 §4.1.1). */
export type ScenarioRcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';

/** What a test should observe for a scenario when it asks the lab's validating resolver. */
export interface ScenarioExpect {
  /** The question tests send to the resolver. */
  readonly query: { readonly name: string; readonly type: LabRecordType };
  readonly rcode: ScenarioRcode;
  /** `secure` means the AD bit is set; `insecure` and `bogus` mean it is not. */
  readonly dnssec: DnssecOutcome;
  /** The answer section contains a record whose RDATA equals this (presentation form). */
  readonly answerIncludes?: string;
  /** The answer is NODATA: NOERROR with an empty answer section. */
  readonly noData?: boolean;
  /** The answer carries an Extended DNS Error (RFC 8914). */
  readonly ede?: boolean;
  /** The answer takes at least this long on a cold cache. */
  readonly minLatencyMs?: number;
  /**
   * The resolver only gives up after its own retry schedule (tens of seconds), so tests check the
   * name server directly instead of waiting for the resolver.
   */
  readonly resolverGivesUpSlowly?: boolean;
  /** What a direct query to the scenario's special name server gets. */
  readonly nameServer?: {
    readonly address: string;
    readonly answer: 'refused' | 'timeout' | 'connection-refused' | 'answers';
  };
  /** IPv6 readiness facts (for the readiness checker's tests). */
  readonly ipv6?: {
    readonly apex: boolean;
    readonly www: boolean;
    /** `null` when the domain receives no mail. */
    readonly mail: boolean | null;
    /** How many of the domain's name servers answer over IPv6. */
    readonly nameServers: number;
  };
  /** Mail set-up: MX hosts, Null MX (RFC 7505) or no MX at all. */
  readonly mail?: 'mx' | 'null-mx' | 'none';
}

/** One case of the lab: a domain, the zone behind it and what a resolver should say about it. */
export interface Scenario {
  /** Stable id used by tests (`ready`, `bogus-ds`). */
  readonly id: string;
  /** Domain in A-label form (what goes on the wire), without the trailing dot. */
  readonly domain: string;
  /** Unicode form for IDNs (RFC 5890 U-label); equals `domain` otherwise. */
  readonly unicode: string;
  readonly description: string;
  /** Zone that delegates (or, for NXDOMAIN, denies) the domain. */
  readonly parent: string;
  /** The child zone, or `null` when the domain deliberately does not exist. */
  readonly zone: Omit<ZoneSpec, 'name' | 'parent'> | null;
  readonly expect: ScenarioExpect;
}

/** Shorthand for a record. */
function rr(name: string, type: LabRecordType, value: string): LabRecord {
  return { name, type, value };
}

/** A and AAAA for `name`, at `127.53.block.host` / `fd53:7e5a:1ab:block::host`. */
function dual(name: string, block: number, host: number): LabRecord[] {
  return [rr(name, 'A', labV4(block, host)), rr(name, 'AAAA', labV6(block, host))];
}

/** A name server on `127.53.block.host`, with the matching AAAA unless `v6` is false. */
function ns(
  name: string,
  block: number,
  host: number,
  options: { v6?: boolean; behaviour?: NameServerBehaviour } = {},
): NameServerSpec {
  const behaviour = options.behaviour ?? 'normal';
  return options.v6 === false
    ? { name, v4: labV4(block, host), behaviour }
    : { name, v4: labV4(block, host), v6: labV6(block, host), behaviour };
}

/** Web and mail of a typical site: apex + www dual-stack, one MX host dual-stack. */
function site(block: number): LabRecord[] {
  return [
    ...dual('@', block, 80),
    ...dual('www', block, 80),
    rr('@', 'MX', '10 mail'),
    ...dual('mail', block, 25),
    rr('@', 'TXT', '"v=spf1 mx -all"'),
  ];
}

/** The IDN scenario's Unicode name; the A-label is computed, never typed by hand (RFC 5891 §4). */
const IDN_UNICODE = 'tênmiền.vn';

/** Every name the lab serves or denies on purpose, one entry per case. Add a case here. */
export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'ready',
    domain: 'ready.gov.vn',
    unicode: 'ready.gov.vn',
    description: 'Fully ready: dual-stack apex, www and mail; two name servers with AAAA; signed with DS.',
    parent: 'gov.vn',
    zone: { nameServers: [ns('ns1', 20, 1), ns('ns2', 20, 2)], records: site(20), signing: 'signed' },
    expect: {
      query: { name: 'www.ready.gov.vn', type: 'AAAA' },
      rcode: 'NOERROR',
      dnssec: 'secure',
      answerIncludes: labV6(20, 80),
      ipv6: { apex: true, www: true, mail: true, nameServers: 2 },
      mail: 'mx',
    },
  },
  {
    id: 'ipv4-only',
    domain: 'ipv4only.com.vn',
    unicode: 'ipv4only.com.vn',
    description: 'IPv4 only: no AAAA anywhere (web, mail or name servers); signed with DS.',
    parent: 'com.vn',
    zone: {
      nameServers: [ns('ns1', 21, 1, { v6: false }), ns('ns2', 21, 2, { v6: false })],
      records: [
        rr('@', 'A', labV4(21, 80)),
        rr('www', 'A', labV4(21, 80)),
        rr('@', 'MX', '10 mail'),
        rr('mail', 'A', labV4(21, 25)),
      ],
      signing: 'signed',
    },
    expect: {
      query: { name: 'www.ipv4only.com.vn', type: 'AAAA' },
      rcode: 'NOERROR',
      dnssec: 'secure',
      noData: true,
      ipv6: { apex: false, www: false, mail: false, nameServers: 0 },
      mail: 'mx',
    },
  },
  {
    id: 'one-ns-v6',
    domain: 'onev6ns.com.vn',
    unicode: 'onev6ns.com.vn',
    description: 'Only one of two name servers has an AAAA; web and mail are dual-stack.',
    parent: 'com.vn',
    zone: {
      nameServers: [ns('ns1', 22, 1), ns('ns2', 22, 2, { v6: false })],
      records: site(22),
      signing: 'signed',
    },
    expect: {
      query: { name: 'onev6ns.com.vn', type: 'AAAA' },
      rcode: 'NOERROR',
      dnssec: 'secure',
      answerIncludes: labV6(22, 80),
      ipv6: { apex: true, www: true, mail: true, nameServers: 1 },
      mail: 'mx',
    },
  },
  {
    id: 'dead-v6-ns',
    domain: 'deadv6ns.com.vn',
    unicode: 'deadv6ns.com.vn',
    description:
      "ns2's AAAA is on the machine but nothing listens there: IPv6 queries are refused (ICMP/RST).",
    parent: 'com.vn',
    zone: {
      nameServers: [ns('ns1', 23, 1), ns('ns2', 23, 2, { behaviour: 'dead-v6' })],
      records: site(23),
      signing: 'signed',
    },
    expect: {
      query: { name: 'www.deadv6ns.com.vn', type: 'AAAA' },
      rcode: 'NOERROR',
      dnssec: 'secure',
      answerIncludes: labV6(23, 80),
      nameServer: { address: labV6(23, 2), answer: 'connection-refused' },
      ipv6: { apex: true, www: true, mail: true, nameServers: 1 },
      mail: 'mx',
    },
  },
  {
    id: 'www-only-v6',
    domain: 'wwwv6.com.vn',
    unicode: 'wwwv6.com.vn',
    description: 'www is dual-stack but the apex is IPv4 only.',
    parent: 'com.vn',
    zone: {
      nameServers: [ns('ns1', 24, 1), ns('ns2', 24, 2)],
      records: [
        rr('@', 'A', labV4(24, 80)),
        ...dual('www', 24, 80),
        rr('@', 'MX', '10 mail'),
        ...dual('mail', 24, 25),
      ],
      signing: 'signed',
    },
    expect: {
      query: { name: 'wwwv6.com.vn', type: 'AAAA' },
      rcode: 'NOERROR',
      dnssec: 'secure',
      noData: true,
      ipv6: { apex: false, www: true, mail: true, nameServers: 2 },
      mail: 'mx',
    },
  },
  {
    id: 'cdn-target',
    domain: 'cdn.com.vn',
    unicode: 'cdn.com.vn',
    description: 'A signed CDN-like zone that other scenarios point CNAMEs at.',
    parent: 'com.vn',
    zone: {
      nameServers: [ns('ns1', 25, 1), ns('ns2', 25, 2)],
      records: [...dual('@', 25, 80), rr('alias', 'CNAME', 'edge'), ...dual('edge', 25, 81)],
      signing: 'signed',
    },
    expect: {
      query: { name: 'edge.cdn.com.vn', type: 'AAAA' },
      rcode: 'NOERROR',
      dnssec: 'secure',
      answerIncludes: labV6(25, 81),
    },
  },
  {
    id: 'cname-chain',
    domain: 'cname.com.vn',
    unicode: 'cname.com.vn',
    description: 'www is a CNAME into cdn.com.vn, which CNAMEs again to a dual-stack host.',
    parent: 'com.vn',
    zone: {
      nameServers: [ns('ns1', 26, 1), ns('ns2', 26, 2)],
      records: [
        rr('@', 'A', labV4(26, 80)),
        rr('www', 'CNAME', 'alias.cdn.com.vn.'),
        rr('@', 'MX', '10 mail'),
        ...dual('mail', 26, 25),
      ],
      signing: 'signed',
    },
    expect: {
      query: { name: 'www.cname.com.vn', type: 'AAAA' },
      rcode: 'NOERROR',
      dnssec: 'secure',
      answerIncludes: labV6(25, 81),
      ipv6: { apex: false, www: true, mail: true, nameServers: 2 },
      mail: 'mx',
    },
  },
  {
    id: 'mx-no-v6',
    domain: 'mxv4.com.vn',
    unicode: 'mxv4.com.vn',
    description: 'Web is dual-stack; the only MX host has an A but no AAAA.',
    parent: 'com.vn',
    zone: {
      nameServers: [ns('ns1', 27, 1), ns('ns2', 27, 2)],
      records: [
        ...dual('@', 27, 80),
        ...dual('www', 27, 80),
        rr('@', 'MX', '10 mail'),
        rr('mail', 'A', labV4(27, 25)),
      ],
      signing: 'signed',
    },
    expect: {
      query: { name: 'mail.mxv4.com.vn', type: 'AAAA' },
      rcode: 'NOERROR',
      dnssec: 'secure',
      noData: true,
      ipv6: { apex: true, www: true, mail: false, nameServers: 2 },
      mail: 'mx',
    },
  },
  {
    id: 'null-mx',
    domain: 'nullmx.com.vn',
    unicode: 'nullmx.com.vn',
    description: 'Declares it receives no mail with a Null MX (RFC 7505: MX 0 .).',
    parent: 'com.vn',
    zone: {
      nameServers: [ns('ns1', 28, 1), ns('ns2', 28, 2)],
      records: [...dual('@', 28, 80), ...dual('www', 28, 80), rr('@', 'MX', '0 .')],
      signing: 'signed',
    },
    expect: {
      query: { name: 'nullmx.com.vn', type: 'MX' },
      rcode: 'NOERROR',
      dnssec: 'secure',
      answerIncludes: '0 .',
      ipv6: { apex: true, www: true, mail: null, nameServers: 2 },
      mail: 'null-mx',
    },
  },
  {
    id: 'no-mx',
    domain: 'nomx.com.vn',
    unicode: 'nomx.com.vn',
    description: 'Has no MX at all (mail would fall back to the apex A/AAAA, RFC 5321 §5.1).',
    parent: 'com.vn',
    zone: {
      nameServers: [ns('ns1', 29, 1), ns('ns2', 29, 2)],
      records: [...dual('@', 29, 80), ...dual('www', 29, 80)],
      signing: 'signed',
    },
    expect: {
      query: { name: 'nomx.com.vn', type: 'MX' },
      rcode: 'NOERROR',
      dnssec: 'secure',
      noData: true,
      ipv6: { apex: true, www: true, mail: null, nameServers: 2 },
      mail: 'none',
    },
  },
  {
    id: 'signed',
    domain: 'signed.edu.vn',
    unicode: 'signed.edu.vn',
    description: 'Correctly signed, DS in edu.vn: the chain of trust validates.',
    parent: 'edu.vn',
    zone: { nameServers: [ns('ns1', 30, 1), ns('ns2', 30, 2)], records: site(30), signing: 'signed' },
    expect: { query: { name: 'signed.edu.vn', type: 'A' }, rcode: 'NOERROR', dnssec: 'secure' },
  },
  {
    id: 'island',
    domain: 'island.edu.vn',
    unicode: 'island.edu.vn',
    description: 'Signed, but edu.vn has no DS for it (an island of security): insecure.',
    parent: 'edu.vn',
    zone: { nameServers: [ns('ns1', 31, 1), ns('ns2', 31, 2)], records: site(31), signing: 'island' },
    expect: { query: { name: 'island.edu.vn', type: 'A' }, rcode: 'NOERROR', dnssec: 'insecure' },
  },
  {
    id: 'unsigned',
    domain: 'unsigned.edu.vn',
    unicode: 'unsigned.edu.vn',
    description: 'Not signed at all: insecure.',
    parent: 'edu.vn',
    zone: { nameServers: [ns('ns1', 32, 1), ns('ns2', 32, 2)], records: site(32), signing: 'unsigned' },
    expect: { query: { name: 'unsigned.edu.vn', type: 'A' }, rcode: 'NOERROR', dnssec: 'insecure' },
  },
  {
    id: 'bogus-ds',
    domain: 'bogusds.edu.vn',
    unicode: 'bogusds.edu.vn',
    description: "edu.vn publishes a DS whose digest matches none of the child's keys: bogus.",
    parent: 'edu.vn',
    zone: { nameServers: [ns('ns1', 33, 1), ns('ns2', 33, 2)], records: site(33), signing: 'bogus-ds' },
    expect: { query: { name: 'bogusds.edu.vn', type: 'A' }, rcode: 'SERVFAIL', dnssec: 'bogus', ede: true },
  },
  {
    id: 'expired',
    domain: 'expired.edu.vn',
    unicode: 'expired.edu.vn',
    description: 'Signed with DS, but every RRSIG expired days ago: bogus.',
    parent: 'edu.vn',
    zone: { nameServers: [ns('ns1', 34, 1), ns('ns2', 34, 2)], records: site(34), signing: 'expired' },
    expect: { query: { name: 'expired.edu.vn', type: 'A' }, rcode: 'SERVFAIL', dnssec: 'bogus', ede: true },
  },
  {
    id: 'nsec3',
    domain: 'nsec3.edu.vn',
    unicode: 'nsec3.edu.vn',
    description: 'NSEC3-signed with DS; a missing name is denied with a validated NSEC3 proof.',
    parent: 'edu.vn',
    zone: { nameServers: [ns('ns1', 35, 1), ns('ns2', 35, 2)], records: site(35), signing: 'nsec3' },
    expect: { query: { name: 'missing.nsec3.edu.vn', type: 'A' }, rcode: 'NXDOMAIN', dnssec: 'secure' },
  },
  {
    id: 'lame',
    domain: 'lame.com.vn',
    unicode: 'lame.com.vn',
    description: 'Delegated to name servers that answer REFUSED (lame delegation): SERVFAIL.',
    parent: 'com.vn',
    zone: {
      nameServers: [
        ns('ns1', 36, 1, { behaviour: 'lame' }),
        ns('ns2', 36, 2, { v6: false, behaviour: 'lame' }),
      ],
      records: site(36),
      signing: 'unsigned',
    },
    expect: {
      query: { name: 'lame.com.vn', type: 'A' },
      rcode: 'SERVFAIL',
      dnssec: 'insecure',
      nameServer: { address: labV4(36, 1), answer: 'refused' },
    },
  },
  {
    id: 'nxdomain',
    domain: 'khongtontai.com.vn',
    unicode: 'khongtontai.com.vn',
    description: 'Not delegated: com.vn denies it with a signed NSEC proof (NXDOMAIN).',
    parent: 'com.vn',
    zone: null,
    expect: { query: { name: 'www.khongtontai.com.vn', type: 'A' }, rcode: 'NXDOMAIN', dnssec: 'secure' },
  },
  {
    id: 'idn',
    domain: domainToASCII(IDN_UNICODE),
    unicode: IDN_UNICODE,
    description: 'A Vietnamese IDN directly under vn., dual-stack and signed with DS.',
    parent: 'vn',
    zone: { nameServers: [ns('ns1', 37, 1), ns('ns2', 37, 2)], records: site(37), signing: 'signed' },
    expect: {
      query: { name: `www.${domainToASCII(IDN_UNICODE)}`, type: 'AAAA' },
      rcode: 'NOERROR',
      dnssec: 'secure',
      answerIncludes: labV6(37, 80),
      ipv6: { apex: true, www: true, mail: true, nameServers: 2 },
      mail: 'mx',
    },
  },
  {
    id: 'slow',
    domain: 'slow.com.vn',
    unicode: 'slow.com.vn',
    description: 'Its only name server answers correctly, but about 1.5 s late.',
    parent: 'com.vn',
    zone: {
      nameServers: [ns('ns1', 38, 1, { behaviour: 'slow' })],
      records: [...dual('@', 38, 80), ...dual('www', 38, 80)],
      signing: 'unsigned',
    },
    expect: {
      query: { name: 'www.slow.com.vn', type: 'A' },
      rcode: 'NOERROR',
      dnssec: 'insecure',
      answerIncludes: labV4(38, 80),
      minLatencyMs: 1400,
      nameServer: { address: labV4(38, 1), answer: 'answers' },
    },
  },
  {
    id: 'drop',
    domain: 'drop.com.vn',
    unicode: 'drop.com.vn',
    description: 'Its only name server reads every query and never answers.',
    parent: 'com.vn',
    zone: {
      nameServers: [ns('ns1', 39, 1, { behaviour: 'drop' })],
      records: [...dual('@', 39, 80)],
      signing: 'unsigned',
    },
    expect: {
      query: { name: 'drop.com.vn', type: 'A' },
      rcode: 'SERVFAIL',
      dnssec: 'insecure',
      resolverGivesUpSlowly: true,
      nameServer: { address: labV4(39, 1), answer: 'timeout' },
    },
  },
];

/** The throughput benchmark's zone. */
export const BENCH_ZONE = 'bench.vn';

/** Number of distinct hosts in {@link BENCH_ZONE}: `h00000` … `h09999`. */
export const BENCH_HOST_COUNT = 10_000;

/**
 * Host name `i` of the bench zone (`benchHost(7)` → `h00007.bench.vn`).
 * @param index - 0 ≤ index < {@link BENCH_HOST_COUNT}
 */
export function benchHost(index: number): string {
  return `h${String(index).padStart(5, '0')}.${BENCH_ZONE}`;
}

/** Name of the lab root server; it lives in the root zone itself, so no `lab.` TLD is needed. */
export const ROOT_SERVER_NAME = 'a.root-servers.lab.';

/**
 * The lab's infrastructure: its own root, `vn.` and the second-level zones VNNIC runs.
 * Scenarios hang below these.
 */
export const INFRASTRUCTURE_ZONES: readonly ZoneSpec[] = [
  {
    name: '.',
    parent: null,
    nameServers: [{ name: ROOT_SERVER_NAME, v4: labV4(0, 1), v6: labV6(0, 1) }],
    records: [],
    signing: 'signed',
  },
  {
    name: 'vn',
    parent: '.',
    nameServers: [ns('a.dns', 1, 1), ns('b.dns', 1, 2)],
    records: [...dual('www', 1, 80)],
    signing: 'signed',
  },
  {
    name: 'gov.vn',
    parent: 'vn',
    nameServers: [ns('ns1', 2, 1), ns('ns2', 2, 2)],
    records: [...dual('@', 2, 80), ...dual('www', 2, 80)],
    signing: 'signed',
  },
  {
    name: 'com.vn',
    parent: 'vn',
    nameServers: [ns('ns1', 3, 1), ns('ns2', 3, 2)],
    records: [...dual('www', 3, 80)],
    signing: 'signed',
  },
  {
    name: 'edu.vn',
    parent: 'vn',
    nameServers: [ns('ns1', 4, 1), ns('ns2', 4, 2)],
    records: [...dual('www', 4, 80)],
    signing: 'signed',
  },
  {
    name: 'hanoi.vn',
    parent: 'vn',
    nameServers: [ns('ns1', 5, 1), ns('ns2', 5, 2)],
    records: [...dual('@', 5, 80), ...dual('www', 5, 80)],
    signing: 'signed',
  },
];

/** Builds the bench zone: {@link BENCH_HOST_COUNT} hosts, each with an A and an AAAA. */
function benchZone(): ZoneSpec {
  const records: LabRecord[] = [];
  for (let i = 0; i < BENCH_HOST_COUNT; i++) {
    const label = benchHost(i).slice(0, -(BENCH_ZONE.length + 1));
    // Spread over a /24 and a /64 so answers differ, like real hosts would.
    records.push(rr(label, 'A', labV4(200, i % 250)), rr(label, 'AAAA', `${labV6(200, 0).slice(0, -1)}${i}`));
  }
  return {
    name: BENCH_ZONE,
    parent: 'vn',
    nameServers: [ns('ns1', 9, 1), ns('ns2', 9, 2)],
    records,
    signing: 'signed',
  };
}

/**
 * Every zone of the lab, parents before children: infrastructure, bench and scenario zones.
 * Scenarios without a zone (NXDOMAIN) contribute nothing.
 */
export function allZones(scenarios: readonly Scenario[] = SCENARIOS): ZoneSpec[] {
  const zones: ZoneSpec[] = [...INFRASTRUCTURE_ZONES, benchZone()];
  for (const scenario of scenarios) {
    if (scenario.zone) zones.push({ name: scenario.domain, parent: scenario.parent, ...scenario.zone });
  }
  return zones;
}
