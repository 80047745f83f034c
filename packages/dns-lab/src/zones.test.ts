import { describe, expect, it } from 'vitest';
import { labV4, labV6 } from './constants.js';
import { allZones, BENCH_HOST_COUNT, BENCH_ZONE, SCENARIOS, type ZoneSpec } from './scenarios.js';
import { absoluteName, namedConf, planServers, validateZones, zoneText } from './zones.js';

const zones = allZones();
const zone = (name: string): ZoneSpec => {
  const found = zones.find((z) => z.name === name);
  if (!found) throw new Error(`no zone ${name}`);
  return found;
};

describe('scenario zones', () => {
  it('form a coherent hierarchy with the root first and no shared addresses', () => {
    expect(() => validateZones(zones)).not.toThrow();
    expect(zones[0]?.name).toBe('.');
  });

  it('give every scenario a unique id and domain', () => {
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
    expect(new Set(SCENARIOS.map((s) => s.domain)).size).toBe(SCENARIOS.length);
  });

  it('delegate vn. from the root with glue for its in-bailiwick name servers', () => {
    const text = zoneText(zone('.'), zones);
    expect(text).toContain('vn. 300 IN NS a.dns.vn.');
    expect(text).toContain(`a.dns.vn. 300 IN A ${labV4(1, 1)}`);
    expect(text).toContain(`b.dns.vn. 300 IN AAAA ${labV6(1, 2)}`);
    expect(text).toContain(`a.root-servers.lab. 300 IN A ${labV4(0, 1)}`);
  });

  it('delegate scenario zones from their parent with A and AAAA glue', () => {
    const text = zoneText(zone('gov.vn'), zones);
    expect(text).toContain('ready.gov.vn. 300 IN NS ns1.ready.gov.vn.');
    expect(text).toContain('ready.gov.vn. 300 IN NS ns2.ready.gov.vn.');
    expect(text).toContain(`ns2.ready.gov.vn. 300 IN AAAA ${labV6(20, 2)}`);
  });

  it('publish glue for addresses that are lame or dead, since that is the fault being modelled', () => {
    const text = zoneText(zone('com.vn'), zones);
    expect(text).toContain(`ns1.lame.com.vn. 300 IN A ${labV4(36, 1)}`);
    expect(text).toContain(`ns2.deadv6ns.com.vn. 300 IN AAAA ${labV6(23, 2)}`);
    expect(text).not.toContain('khongtontai');
  });

  it('write the Null MX of RFC 7505 and the IDN in A-label form', () => {
    expect(zoneText(zone('nullmx.com.vn'), zones)).toContain('nullmx.com.vn. 300 IN MX 0 .');
    const idn = SCENARIOS.find((s) => s.id === 'idn');
    expect(idn?.domain).toMatch(/^xn--[a-z0-9-]+\.vn$/);
    expect(idn?.parent).toBe('vn');
    expect(zoneText(zone('vn'), zones)).toContain(`${idn?.domain}. 300 IN NS`);
  });

  it('hold the bench hosts, each with A and AAAA', () => {
    const bench = zone(BENCH_ZONE);
    expect(bench.records.length).toBe(2 * BENCH_HOST_COUNT);
    expect(absoluteName(bench.records.at(-1)?.name ?? '', BENCH_ZONE)).toBe('h09999.bench.vn.');
  });

  it('rejects an address used by two zones', () => {
    const clash: ZoneSpec = { ...zone('ready.gov.vn'), name: 'clash.gov.vn' };
    expect(() => validateZones([...zones, clash])).toThrow(/used by both/);
  });
});

describe('server plan', () => {
  const plan = planServers(zones);

  it('puts dead IPv6 addresses on lo without anything listening there', () => {
    expect(plan.loopbackAddresses).toContain(labV6(23, 2));
    expect(plan.bindAddresses).not.toContain(labV6(23, 2));
    expect(plan.bindAddresses).toContain(labV4(23, 2));
  });

  it('sends lame addresses to the view without zones, which answers REFUSED', () => {
    expect(plan.refusedAddresses).toContain(labV4(36, 1));
    expect(plan.views.some((v) => v.zones.includes('lame.com.vn'))).toBe(false);
  });

  it('hands slow and drop addresses to the helper, slow ones with a hidden BIND backend', () => {
    const slow = plan.behaviourListeners.find((l) => l.zone === 'slow.com.vn');
    const drop = plan.behaviourListeners.find((l) => l.zone === 'drop.com.vn');
    expect(slow?.mode).toBe('slow');
    expect(slow?.backend).toMatch(/^127\.53\.254\./);
    expect(plan.views.find((v) => v.zones.includes('slow.com.vn'))?.addresses).toContain(slow?.backend);
    expect(drop?.backend).toBeNull();
    expect(plan.bindAddresses).not.toContain(labV4(39, 1));
  });

  it('writes one view per zone selected by destination address', () => {
    const conf = namedConf(plan, { directory: '/d', pidFile: '/d/p', zoneFile: (z) => `/d/${z}` });
    expect(conf).toContain('view "root" {');
    expect(conf).toContain(`match-destinations { ${labV4(0, 1)}; ${labV6(0, 1)}; };`);
    expect(conf).toContain('zone "gov.vn." { type primary; file "/d/gov.vn"; };');
    expect(conf).toContain('controls { };');
  });
});
