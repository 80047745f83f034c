import { AUTHORITATIVE_PORT, labV4 } from './constants.js';
import type { LabRecord, NameServerSpec, ZoneSpec } from './scenarios.js';

/** Default TTL of lab zones: short, so a restarted lab is not hidden behind caches for long. */
const TTL = 300;

/** Fully qualified form with the trailing dot (`gov.vn` → `gov.vn.`, `.` stays `.`). */
export function fqdn(name: string): string {
  return name === '.' ? '.' : `${name.replace(/\.$/, '')}.`;
}

/** Absolute owner for a name written relative to `zone` (`@`, `www`, or already absolute). */
export function absoluteName(name: string, zone: string): string {
  if (name.endsWith('.')) return name;
  if (name === '@') return fqdn(zone);
  return zone === '.' ? `${name}.` : `${name}.${fqdn(zone)}`;
}

/** True when `name` is `zone` or below it. */
export function isInZone(name: string, zone: string): boolean {
  const n = fqdn(name).toLowerCase();
  const z = fqdn(zone).toLowerCase();
  return z === '.' || n === z || n.endsWith(`.${z}`);
}

/** A name server as the lab wires it: its absolute name and where each address is served. */
export interface PlannedNameServer {
  readonly name: string;
  readonly spec: NameServerSpec;
}

/** A slow or drop name server address that the lab's Node helper listens on. */
export interface BehaviourListener {
  readonly address: string;
  readonly mode: 'slow' | 'drop';
  /** For `slow`: the hidden BIND address holding the zone, to which queries are relayed. */
  readonly backend: string | null;
  readonly zone: string;
}

/** One BIND view: the addresses it answers on and the zones it holds. */
export interface PlannedView {
  readonly name: string;
  readonly addresses: readonly string[];
  readonly zones: readonly string[];
}

/** How every zone is served: BIND views, addresses BIND listens on, helper listeners. */
export interface ServerPlan {
  readonly views: readonly PlannedView[];
  /** Addresses that must exist on `lo` (everything the zones mention as a name-server address). */
  readonly loopbackAddresses: readonly string[];
  /** Addresses BIND listens on (subset of loopbackAddresses plus hidden backends). */
  readonly bindAddresses: readonly string[];
  /** Addresses that BIND listens on but that hold no zone: they answer REFUSED (lame). */
  readonly refusedAddresses: readonly string[];
  readonly behaviourListeners: readonly BehaviourListener[];
}

/**
 * Hidden BIND addresses that `slow` name servers relay to. Block 254 is reserved for them and
 * never appears in any zone.
 */
function backendAddress(index: number): string {
  return labV4(254, index + 1);
}

/** The view name for a zone (BIND view names are free text; keep them readable in logs). */
function viewName(zone: string): string {
  return zone === '.' ? 'root' : zone;
}

/**
 * Checks the zone list is coherent: one root, each parent present and listed earlier, no address
 * used by two zones (each address is one server in the lab's hierarchy).
 * @throws Error describing the first problem found
 */
export function validateZones(zones: readonly ZoneSpec[]): void {
  const seen = new Set<string>();
  const addressOwner = new Map<string, string>();
  for (const zone of zones) {
    if (seen.has(zone.name)) throw new Error(`Zone ${zone.name} is listed twice in the lab scenarios.`);
    if (zone.parent === null) {
      if (zone.name !== '.') throw new Error(`Zone ${zone.name} has no parent; only the root may.`);
    } else if (!seen.has(zone.parent)) {
      throw new Error(`Zone ${zone.name} names parent ${zone.parent}, which is not listed before it.`);
    } else if (!isInZone(zone.name, zone.parent) || fqdn(zone.name) === fqdn(zone.parent)) {
      throw new Error(`Zone ${zone.name} is not below its parent ${zone.parent}.`);
    }
    if (zone.nameServers.length === 0) throw new Error(`Zone ${zone.name} has no name servers.`);
    for (const server of zone.nameServers) {
      for (const address of [server.v4, server.v6]) {
        if (address === undefined) continue;
        const owner = addressOwner.get(address);
        if (owner !== undefined && owner !== zone.name) {
          throw new Error(`Address ${address} is used by both ${owner} and ${zone.name}.`);
        }
        addressOwner.set(address, zone.name);
      }
    }
    seen.add(zone.name);
  }
}

/**
 * Decides which process answers on which address: normal addresses go to the zone's BIND view,
 * lame ones to a view without zones (REFUSED), `dead-v6` AAAA addresses to nobody, slow and drop
 * addresses to the lab's Node helper.
 */
export function planServers(zones: readonly ZoneSpec[]): ServerPlan {
  const views: PlannedView[] = [];
  const loopback = new Set<string>();
  const bind = new Set<string>();
  const refused: string[] = [];
  const listeners: BehaviourListener[] = [];
  for (const zone of zones) {
    const viewAddresses: string[] = [];
    for (const server of zone.nameServers) {
      const behaviour = server.behaviour ?? 'normal';
      for (const [family, address] of [
        ['v4', server.v4],
        ['v6', server.v6],
      ] as const) {
        if (address === undefined) continue;
        loopback.add(address);
        if (behaviour === 'normal' || (behaviour === 'dead-v6' && family === 'v4')) {
          viewAddresses.push(address);
          bind.add(address);
        } else if (behaviour === 'lame') {
          refused.push(address);
          bind.add(address);
        } else if (behaviour === 'slow' || behaviour === 'drop') {
          const backend = behaviour === 'slow' ? backendAddress(listeners.length) : null;
          if (backend !== null) {
            loopback.add(backend);
            bind.add(backend);
            viewAddresses.push(backend);
          }
          listeners.push({ address, mode: behaviour, backend, zone: zone.name });
        }
        // dead-v6 over IPv6: on `lo`, but nothing listens (that is the point).
      }
    }
    if (viewAddresses.length > 0)
      views.push({ name: viewName(zone.name), addresses: viewAddresses, zones: [zone.name] });
  }
  return {
    views,
    loopbackAddresses: [...loopback],
    bindAddresses: [...bind],
    refusedAddresses: refused,
    behaviourListeners: listeners,
  };
}

/** Zone-file line for one record. */
function recordLine(record: LabRecord, zone: string): string {
  return `${absoluteName(record.name, zone)} ${TTL} IN ${record.type} ${record.value}`;
}

/**
 * The unsigned zone file text: SOA, apex NS, address records of in-zone name servers, the zone's
 * records, and for each child its delegation (NS) plus glue for in-bailiwick name servers
 * (RFC 1034 §4.2.1). DS records are appended later, when the child is signed.
 */
export function zoneText(zone: ZoneSpec, zones: readonly ZoneSpec[]): string {
  const apex = fqdn(zone.name);
  const first = zone.nameServers[0];
  const primary = first ? absoluteName(first.name, zone.name) : apex;
  const hostmaster = zone.name === '.' ? 'hostmaster.root-servers.lab.' : `hostmaster.${apex}`;
  const lines = [`$TTL ${TTL}`, `${apex} ${TTL} IN SOA ${primary} ${hostmaster} 1 3600 600 86400 ${TTL}`];
  for (const server of zone.nameServers)
    lines.push(`${apex} ${TTL} IN NS ${absoluteName(server.name, zone.name)}`);
  for (const server of zone.nameServers) lines.push(...addressLines(server, zone.name));
  for (const record of zone.records) lines.push(recordLine(record, zone.name));
  for (const child of zones.filter((z) => z.parent === zone.name)) {
    lines.push(`; delegation of ${fqdn(child.name)}`);
    for (const server of child.nameServers) {
      lines.push(`${fqdn(child.name)} ${TTL} IN NS ${absoluteName(server.name, child.name)}`);
    }
    for (const server of child.nameServers) lines.push(...addressLines(server, child.name));
  }
  return `${lines.join('\n')}\n`;
}

/** A/AAAA lines for a name server whose name lies inside `zone` (glue, or the zone's own data). */
function addressLines(server: NameServerSpec, zone: string): string[] {
  const name = absoluteName(server.name, zone);
  if (!isInZone(name, zone)) return [];
  const lines: string[] = [];
  if (server.v4 !== undefined) lines.push(`${name} ${TTL} IN A ${server.v4}`);
  if (server.v6 !== undefined) lines.push(`${name} ${TTL} IN AAAA ${server.v6}`);
  return lines;
}

/** Where BIND's files live, for {@link namedConf}. */
export interface NamedPaths {
  readonly directory: string;
  readonly pidFile: string;
  /** Signed (or plain) zone file for each zone name. */
  readonly zoneFile: (zone: string) => string;
}

/**
 * named.conf for one `named` process: one view per zone selected by `match-destinations`, so each
 * address answers only for its own zone, like separate servers of a real hierarchy. A last
 * view without zones catches lame addresses and answers REFUSED.
 */
export function namedConf(plan: ServerPlan, paths: NamedPaths): string {
  const v4 = plan.bindAddresses.filter((a) => !a.includes(':'));
  const v6 = plan.bindAddresses.filter((a) => a.includes(':'));
  const list = (addresses: readonly string[]): string =>
    addresses.length > 0 ? `{ ${addresses.map((a) => `${a};`).join(' ')} }` : '{ none; }';
  const out = [
    '// Generated by @dotvn/dns-lab; rewritten at every start.',
    'options {',
    `  directory "${paths.directory}";`,
    `  pid-file "${paths.pidFile}";`,
    `  session-keyfile "${paths.directory}/session.key";`,
    `  managed-keys-directory "${paths.directory}";`,
    `  listen-on port ${AUTHORITATIVE_PORT} ${list(v4)};`,
    `  listen-on-v6 port ${AUTHORITATIVE_PORT} ${list(v6)};`,
    '  recursion no;',
    '  dnssec-validation no;',
    '  notify no;',
    '  allow-transfer { 127.0.0.0/8; ::1; };',
    // Addresses are added before named starts; rescanning would only add noise to the log.
    '  automatic-interface-scan no;',
    '  minimal-responses no-auth-recursive;',
    '};',
    // Without this named tries to read /etc/bind/rndc.key, which the lab does not own.
    'controls { };',
  ];
  for (const view of plan.views) {
    out.push(
      `view "${view.name}" {`,
      '  match-clients { any; };',
      `  match-destinations ${list(view.addresses)};`,
    );
    for (const zone of view.zones) {
      out.push(`  zone "${fqdn(zone)}" { type primary; file "${paths.zoneFile(zone)}"; };`);
    }
    out.push('};');
  }
  out.push('view "refused" {', '  match-clients { any; };', '  match-destinations { any; };', '};');
  return `${out.join('\n')}\n`;
}
