import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labV4 } from './constants.js';
import type { ZoneSpec } from './scenarios.js';
import { cacheUsable, prepareZones, signedZoneCacheKey } from './sign.js';

const DAY = 86_400_000;
const hasBind = existsSync('/usr/bin/dnssec-signzone') || existsSync('/usr/sbin/dnssec-signzone');

/** A three-zone hierarchy: a signed root with a signed child and an expired child. */
function hierarchy(extra = ''): ZoneSpec[] {
  const zone = (
    name: string,
    block: number,
    signing: ZoneSpec['signing'],
    parent: string | null,
  ): ZoneSpec => ({
    name,
    parent,
    signing,
    nameServers: [{ name: name === '.' ? 'a.root-servers.lab.' : 'ns1', v4: labV4(block, 1) }],
    records: [{ name: '@', type: 'TXT', value: `"${name}${extra}"` }],
  });
  return [zone('.', 0, 'signed', null), zone('ok.lab', 1, 'signed', '.'), zone('old.lab', 2, 'expired', '.')];
}

/** RRSIG expiration times in a signed zone file. */
function rrsigExpirations(text: string): number[] {
  return [...text.matchAll(/RRSIG\s+\S+\s+\d+\s+\d+\s+\d+\s+(?:\(\s*)?(\d{14})/g)].map((m) => {
    const t = m[1] ?? '';
    return Date.UTC(+t.slice(0, 4), +t.slice(4, 6) - 1, +t.slice(6, 8), +t.slice(8, 10), +t.slice(10, 12));
  });
}

describe('signed zone cache key', () => {
  it('changes with the zone text, the signing mode and the signing tools', () => {
    const key = signedZoneCacheKey('signed', 'zone text', 'dnssec-signzone 9.18.49');
    expect(signedZoneCacheKey('signed', 'zone text', 'dnssec-signzone 9.18.49')).toBe(key);
    expect(signedZoneCacheKey('signed', 'zone text 2', 'dnssec-signzone 9.18.49')).not.toBe(key);
    expect(signedZoneCacheKey('nsec3', 'zone text', 'dnssec-signzone 9.18.49')).not.toBe(key);
    expect(signedZoneCacheKey('signed', 'zone text', 'dnssec-signzone 9.20.1')).not.toBe(key);
  });
});

describe.runIf(hasBind)('prepareZones with its cache', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dotvn-sign-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('signs valid zones for weeks, keeps the expired zone expired, and reuses the cache', async () => {
    const cache = join(dir, 'cache');
    const first = await prepareZones(hierarchy(), join(dir, 'zones'), cache);
    const ok = await readFile(first.zones.get('ok.lab')?.file ?? '', 'utf8');
    const old = await readFile(first.zones.get('old.lab')?.file ?? '', 'utf8');
    expect(rrsigExpirations(ok).length).toBeGreaterThan(3);
    expect(Math.min(...rrsigExpirations(ok))).toBeGreaterThan(Date.now() + 29 * DAY);
    expect(rrsigExpirations(old).length).toBeGreaterThan(0);
    expect(Math.max(...rrsigExpirations(old))).toBeLessThan(Date.now() - DAY);

    const entries = await readdir(cache);
    const mtimes = await Promise.all(
      entries.map(async (e) => (await stat(join(cache, e, 'zone.signed'))).mtimeMs),
    );
    const again = await prepareZones(hierarchy(), join(dir, 'zones2'), cache);
    expect(await readdir(cache)).toEqual(entries);
    expect(
      await Promise.all(entries.map(async (e) => (await stat(join(cache, e, 'zone.signed'))).mtimeMs)),
    ).toEqual(mtimes);
    expect(again.rootAnchor).toBe(first.rootAnchor);
  });

  it('re-signs a zone whose text changed, and its parents (new DS), dropping the old entries', async () => {
    const cache = join(dir, 'cache');
    const before = await readdir(cache);
    const changed = hierarchy();
    const child = changed[1];
    if (child === undefined) throw new Error('no child');
    changed[1] = { ...child, records: [{ name: '@', type: 'TXT', value: '"changed"' }] };
    await prepareZones(changed, join(dir, 'zones3'), cache);
    const after = await readdir(cache);
    expect(after.filter((e) => before.includes(e))).toEqual(before.filter((e) => e.startsWith('old.lab-')));
    expect(after).toHaveLength(before.length);
  });

  it('refuses a cache entry whose signatures end within the re-signing margin (7 days)', async () => {
    const entry = join(dir, 'cache', (await readdir(join(dir, 'cache')))[0] ?? '');
    expect(await cacheUsable(entry)).toBe(true);
    await writeFile(join(entry, 'meta.json'), JSON.stringify({ expires: Date.now() + 8 * DAY }));
    expect(await cacheUsable(entry)).toBe(true);
    await writeFile(join(entry, 'meta.json'), JSON.stringify({ expires: Date.now() + 6 * DAY }));
    expect(await cacheUsable(entry)).toBe(false);
  });
});
