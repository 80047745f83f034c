import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LabError } from './errors.js';
import type { ZoneSpec } from './scenarios.js';
import { fqdn, zoneText } from './zones.js';

const run = promisify(execFile);

/** Result of preparing one zone: the file BIND loads and the DS lines for the parent. */
export interface PreparedZone {
  readonly name: string;
  readonly file: string;
  /** DS records (presentation lines) the parent should publish, or `null` for none. */
  readonly ds: string | null;
}

/** What {@link prepareZones} returns. */
export interface PreparedHierarchy {
  readonly zones: ReadonlyMap<string, PreparedZone>;
  /** DS record(s) of the root KSK: the lab's trust anchor. */
  readonly rootAnchor: string;
}

/** How long signatures stay valid; cached zones are re-signed well before this runs out. */
const SIGNATURE_DAYS = 30;
/** Re-sign a cached zone when fewer days than this remain. */
const RESIGN_MARGIN_DAYS = 7;
const DAY_MS = 86_400_000;

/** `YYYYMMDDHHMMSS` in UTC, the absolute form dnssec-signzone takes for -s and -e. */
function signTime(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d+Z$/, '');
}

/** Labels in a name; the root has none. Used to sign the deepest zones first. */
function depth(zone: string): number {
  return zone === '.' ? 0 : zone.split('.').length;
}

/** Runs a DNSSEC tool, turning a failure into a LabError with its stderr. */
async function tool(command: string, args: readonly string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run(command, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error: unknown) {
    const stderr = (error as { stderr?: unknown }).stderr;
    throw new LabError(
      `${command} ${args.join(' ')} failed in ${cwd}: ${typeof stderr === 'string' ? stderr.trim().slice(0, 500) : String(error)}`,
      { cause: error },
    );
  }
}

/** `dnssec-signzone -V` (it prints the version on stderr), part of the cache key. */
async function signerVersion(): Promise<string> {
  try {
    const { stdout, stderr } = await run('dnssec-signzone', ['-V']);
    return `${stdout}${stderr}`.trim();
  } catch (error: unknown) {
    throw new LabError(`dnssec-signzone -V failed: ${String(error)}`, { cause: error });
  }
}

/**
 * Changes the last digest digit of each DS so it matches no key (RFC 4035 §5.2: the validator
 * then finds no DNSKEY matching any DS and the zone is bogus).
 */
function corruptDs(ds: string): string {
  return ds
    .split('\n')
    .map((line) => line.replace(/([0-9A-F])\s*$/i, (digit) => (digit.toUpperCase() === '0' ? '1' : '0')))
    .join('\n');
}

/**
 * Bump when the way zones are signed changes in code (algorithm, validity windows, NSEC3 options),
 * so entries signed the old way are not reused.
 */
const CACHE_FORMAT = 2;

/**
 * Cache key of a signed zone: everything that decides its content, i.e. the unsigned text (records,
 * delegations, children's DS), the signing mode, the signing code ({@link CACHE_FORMAT}) and the
 * version of the BIND tools that sign it.
 */
export function signedZoneCacheKey(signing: string, text: string, toolVersion: string): string {
  return createHash('sha256')
    .update(`format ${CACHE_FORMAT}\n${toolVersion.trim()}\n${signing}\n${text}`)
    .digest('hex')
    .slice(0, 32);
}

/** True when a cache entry exists and its signatures stay valid long enough. */
export async function cacheUsable(dir: string): Promise<boolean> {
  try {
    const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as { expires?: unknown };
    await stat(join(dir, 'zone.signed'));
    return typeof meta.expires === 'number' && meta.expires - Date.now() > RESIGN_MARGIN_DAYS * DAY_MS;
  } catch {
    return false;
  }
}

/** Signs `text` for `zone` in a fresh work folder, returning the signed file and its DS set. */
async function signInto(dir: string, zone: ZoneSpec, text: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const origin = fqdn(zone.name);
  const keygen = ['-q', '-a', 'ECDSAP256SHA256', '-K', dir];
  const [ksk, zsk] = await Promise.all([
    tool('dnssec-keygen', [...keygen, '-f', 'KSK', origin], dir),
    tool('dnssec-keygen', [...keygen, origin], dir),
  ]);
  const kskBase = ksk.trim();
  const zskBase = zsk.trim();
  const keys = await Promise.all([
    readFile(join(dir, `${kskBase}.key`), 'utf8'),
    readFile(join(dir, `${zskBase}.key`), 'utf8'),
  ]);
  await writeFile(join(dir, 'zone'), `${text}${keys.join('')}`);
  const now = Date.now();
  const args = ['-q', '-o', origin, '-d', dir, '-f', join(dir, 'zone.signed'), '-k', kskBase];
  // For the cache: an expired zone only gets more expired, so it is kept as long as any other.
  const expires = now + SIGNATURE_DAYS * DAY_MS;
  if (zone.signing === 'nsec3') args.push('-3', '-', '-H', '0');
  if (zone.signing === 'expired') {
    // Ten to three days ago: past Unbound's clock-skew allowance (at most a day, val-sig-skew-max).
    // -P: the post-signing verification would (rightly) reject the expired signatures.
    args.push('-s', signTime(new Date(now - 10 * DAY_MS)), '-e', signTime(new Date(now - 3 * DAY_MS)), '-P');
  } else {
    args.push('-s', signTime(new Date(now - DAY_MS)), '-e', signTime(new Date(expires)));
  }
  args.push(join(dir, 'zone'), `${zskBase}.key`);
  await tool('dnssec-signzone', args, dir);
  const dsFile = (await readdir(dir)).find((f) => f.startsWith('dsset-'));
  if (dsFile === undefined) throw new LabError(`dnssec-signzone wrote no dsset for ${origin} in ${dir}.`);
  await rename(join(dir, dsFile), join(dir, 'ds'));
  await writeFile(join(dir, 'meta.json'), JSON.stringify({ zone: zone.name, expires }));
}

/**
 * Writes every zone file, signing bottom-up so each parent includes its children's DS
 * (RFC 4035 §2.4). Signed zones are cached under `cacheDir` by the hash of their unsigned text,
 * so an unchanged lab restarts without re-signing (the bench zone alone takes seconds).
 */
export async function prepareZones(
  zones: readonly ZoneSpec[],
  zoneDir: string,
  cacheDir: string,
): Promise<PreparedHierarchy> {
  await mkdir(zoneDir, { recursive: true });
  await mkdir(cacheDir, { recursive: true });
  const prepared = new Map<string, PreparedZone>();
  const used = new Set<string>();
  const toolVersion = await signerVersion();
  const byDepth = [...new Set(zones.map((z) => depth(z.name)))].sort((a, b) => b - a);
  for (const level of byDepth) {
    await Promise.all(
      zones
        .filter((z) => depth(z.name) === level)
        .map(async (zone) => {
          const childDs = zones
            .filter((child) => child.parent === zone.name)
            .map((child) => prepared.get(child.name)?.ds ?? null)
            .filter((ds): ds is string => ds !== null);
          const text = `${zoneText(zone, zones)}${childDs.map((ds) => `${ds.trim()}\n`).join('')}`;
          const file = join(zoneDir, `${zone.name === '.' ? 'root' : zone.name}.zone`);
          if (zone.signing === 'unsigned') {
            await writeFile(file, text);
            prepared.set(zone.name, { name: zone.name, file, ds: null });
            return;
          }
          const key = signedZoneCacheKey(zone.signing, text, toolVersion);
          const dir = join(cacheDir, `${zone.name === '.' ? 'root' : zone.name}-${key}`);
          used.add(dir);
          if (!(await cacheUsable(dir))) await signInto(dir, zone, text);
          const signed = await readFile(join(dir, 'zone.signed'), 'utf8');
          await writeFile(file, signed);
          const ds = await readFile(join(dir, 'ds'), 'utf8');
          const published =
            zone.signing === 'island' ? null : zone.signing === 'bogus-ds' ? corruptDs(ds) : ds;
          prepared.set(zone.name, { name: zone.name, file, ds: published });
        }),
    );
  }
  // Entries for zones that changed since are dead weight; drop them so the cache stays small.
  for (const entry of await readdir(cacheDir)) {
    const path = join(cacheDir, entry);
    if (!used.has(path)) await rm(path, { recursive: true, force: true });
  }
  const root = prepared.get('.');
  if (!root?.ds) throw new LabError('The lab root zone must be signed: its KSK is the trust anchor.');
  return { zones: prepared, rootAnchor: root.ds };
}
