import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as http2 from 'node:http2';
import { tmpdir } from 'node:os';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { dnsdistConf, rootHints, unboundConf } from './configs.js';
import {
  AUTHORITATIVE_PORT,
  DOH_PATH,
  LAB_DIR_ENV,
  LAB_DIR_NAME,
  LAB_PORTS,
  LOOPBACK_V4,
  SLOW_NS_DELAY_MS,
} from './constants.js';
import { LabError, LabPrerequisiteError, LabStartError } from './errors.js';
import {
  assertNoWildcardListener,
  assertPortsFree,
  isOurProcess,
  processStartTime,
  withFileLock,
} from './host.js';
import {
  allZones,
  BENCH_HOST_COUNT,
  BENCH_ZONE,
  benchHost,
  type NameServerSpec,
  SCENARIOS,
  type Scenario,
  type ScenarioExpect,
  type SigningMode,
  type ZoneSpec,
} from './scenarios.js';
import { prepareZones } from './sign.js';
import { encodeQuery, QTYPE, udpProbe } from './wire.js';
import { fqdn, namedConf, planServers, type ServerPlan, validateZones } from './zones.js';

const run = promisify(execFile);

/** Options of {@link startLab}, {@link stopLab} and {@link labStatus}. */
export interface LabOptions {
  /**
   * Folder holding every lab file (configs, zones, logs, `state.json`).
   * @default process.env.DOTVN_LAB_DIR ?? join(os.tmpdir(), 'dotvn-lab')
   */
  readonly dir?: string;
  /**
   * How long {@link startLab} waits for every server to answer before giving up.
   * @default 30_000
   */
  readonly timeoutMs?: number;
}

/** A host and port. */
export interface LabEndpoint {
  readonly address: string;
  readonly port: number;
}

/** A scenario as the running lab exposes it. */
export interface LabScenarioInfo {
  readonly id: string;
  readonly domain: string;
  readonly unicode: string;
  readonly description: string;
  readonly parent: string;
  /** `null` when the domain deliberately does not exist. */
  readonly signing: SigningMode | null;
  readonly nameServers: readonly NameServerSpec[];
  readonly expect: ScenarioExpect;
}

/** A zone of the lab hierarchy and its name servers. */
export interface LabZoneInfo {
  readonly name: string;
  readonly parent: string | null;
  readonly signing: SigningMode;
  readonly nameServers: readonly NameServerSpec[];
}

/** Every endpoint and fact of a running lab. Plain JSON. */
export interface LabInfo {
  /** Folder with configs, zones, logs and `state.json`. */
  readonly dir: string;
  /** ISO 8601 time the lab finished starting. */
  readonly startedAt: string;
  /** Unbound, validating recursive resolver, plain DNS (UDP and TCP). */
  readonly resolver: LabEndpoint;
  /** dnsdist, plain DNS (UDP and TCP), forwarding to Unbound. */
  readonly dnsdist: LabEndpoint;
  /** dnsdist's RFC 8484 DoH endpoints (CORS headers on both). */
  readonly doh: { readonly http: string; readonly https: string };
  /** Unbound's own DoH over TLS (HTTP/2 only): the baseline for HTTP/2 transports. */
  readonly unboundDoh: string;
  /** PEM of the lab CA that signed the certificate of both TLS endpoints. */
  readonly caCertPath: string;
  /** DS record(s) of the lab root KSK: the trust anchor Unbound uses. */
  readonly trustAnchor: string;
  /** The lab root server. */
  readonly rootServer: NameServerSpec;
  readonly scenarios: readonly LabScenarioInfo[];
  readonly bench: {
    readonly zone: string;
    readonly hostCount: number;
    readonly firstHost: string;
    readonly lastHost: string;
  };
  /** Every zone with its name servers (addresses are on `lo`, port 53). */
  readonly zones: readonly LabZoneInfo[];
  /** Log files, for debugging a failing test. */
  readonly logs: {
    readonly named: string;
    readonly unbound: string;
    readonly dnsdist: string;
    readonly behaviour: string;
  };
}

/** Which lab server a process is. */
export type LabProcessName = 'named' | 'unbound' | 'dnsdist' | 'behaviour-server';

/** A process the lab started. */
export interface LabProcess {
  readonly name: LabProcessName;
  readonly pid: number;
  /** An argument the process's /proc/PID/cmdline must hold for it to still be ours. */
  readonly marker: string;
  /**
   * Start time (clock ticks since boot, /proc/PID/stat field 22): a pid reused by another process
   * has another one. Absent in state files written by older versions.
   */
  readonly startTime?: string;
  readonly log: string;
}

/** Contents of `state.json`. */
interface LabState {
  readonly version: 1;
  readonly processes: readonly LabProcess[];
  /** Addresses the lab added to `lo` (pre-existing ones are never listed, so never removed). */
  readonly addedAddresses: readonly string[];
  readonly info: LabInfo | null;
}

/** Result of {@link labStatus}. */
export type LabStatus =
  | {
      readonly running: true;
      readonly dir: string;
      readonly info: LabInfo;
      readonly processes: readonly LabProcess[];
    }
  | {
      readonly running: false;
      readonly dir: string;
      /** A state file exists but some of its processes are gone (e.g. after a crash). */
      readonly stale: boolean;
    };

/** Debian binaries the lab needs, with the apt package that provides each. */
const BINARIES = [
  ['named', 'bind9'],
  ['dnssec-keygen', 'bind9-utils'],
  ['dnssec-signzone', 'bind9-utils'],
  ['unbound', 'unbound'],
  ['dnsdist', 'dnsdist'],
  ['openssl', 'openssl'],
  ['ip', 'iproute2'],
] as const;

/**
 * Resolves the lab folder from options and environment (the one place defaults live), as an
 * absolute path: Unbound changes into its `directory`, so a relative path would point elsewhere.
 * @throws LabError when the path holds a character the generated configs cannot quote
 */
export function resolveLabDir(options: LabOptions = {}): string {
  // An empty DOTVN_LAB_DIR counts as unset (it would otherwise name the current folder).
  const dir = resolvePath(options.dir || process.env[LAB_DIR_ENV] || join(tmpdir(), LAB_DIR_NAME));
  // named.conf and unbound.conf quote paths with "…" (Unbound has no escapes), dnsdist's Lua with
  // '…': spaces are fine, quotes, backslashes and control characters are not.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/["'\\\u0000-\u001f\u007f]/.test(dir)) {
    throw new LabError(
      `The lab folder ${JSON.stringify(dir)} contains a quote, a backslash or a control character, which the generated server configs cannot hold. Choose another ${LAB_DIR_ENV}.`,
    );
  }
  return dir;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export { isOurProcess } from './host.js';

async function readState(dir: string): Promise<LabState | null> {
  try {
    return JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as LabState;
  } catch {
    return null;
  }
}

async function writeState(dir: string, state: LabState): Promise<void> {
  await writeFile(join(dir, 'state.json'), `${JSON.stringify(state, null, 2)}\n`);
}

/** How long start and stop wait for another process's start or stop in the same folder. */
const LOCK_TIMEOUT_MS = 180_000;

/**
 * Serialises start and stop across processes (parallel vitest runs, a CLI call during tests) with a
 * kernel lock on `<dir>/lock`, released however its holder dies.
 */
async function withLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  await mkdir(dir, { recursive: true });
  return withFileLock(join(dir, 'lock'), LOCK_TIMEOUT_MS, work);
}

async function allAlive(state: LabState): Promise<boolean> {
  const alive = await Promise.all(state.processes.map((p) => isOurProcess(p.pid, p.marker, p.startTime)));
  return state.processes.length > 0 && alive.every(Boolean);
}

/**
 * Reports whether the lab in the folder is running, with its endpoints.
 * Never starts or stops anything.
 */
export async function labStatus(options: LabOptions = {}): Promise<LabStatus> {
  const dir = resolveLabDir(options);
  const state = await readState(dir);
  if (state === null) return { running: false, dir, stale: false };
  if (state.info !== null && (await allAlive(state))) {
    return { running: true, dir, info: state.info, processes: state.processes };
  }
  return { running: false, dir, stale: true };
}

/**
 * Starts the lab, or returns the running lab's info when it already runs. A state file left by
 * a crash is cleaned up (remaining processes killed, addresses removed) before starting afresh.
 * @throws LabPrerequisiteError when not root, a binary is missing or a port is taken
 * @throws LabStartError when a server does not answer in time (the message has its log tail)
 */
export async function startLab(options: LabOptions = {}): Promise<LabInfo> {
  return (await ensureLab(resolveLabDir(options), options)).info;
}

async function ensureLab(dir: string, options: LabOptions): Promise<{ info: LabInfo; started: boolean }> {
  return withLock(dir, async () => {
    const state = await readState(dir);
    if (state !== null) {
      if (state.info !== null && (await allAlive(state))) return { info: state.info, started: false };
      await teardown(dir, state);
    }
    await checkPrerequisites();
    return { info: await launch(dir, options.timeoutMs ?? 30_000), started: true };
  });
}

/** A running lab held by this process; see {@link useLab}. */
export interface LabLease {
  readonly info: LabInfo;
  /** True when this call started the lab (false: it was already running). */
  readonly started: boolean;
  /**
   * Gives the lab back. The last live user of a lab that a {@link useLab} call started stops it; a
   * lab started otherwise (`dotvn-lab start`, {@link startLab}) is never stopped here.
   */
  release(): Promise<void>;
}

/** Leases of live users: `<dir>/users/<pid>-<start time>`; a dead user's lease is dropped. */
async function liveUsers(usersDir: string): Promise<string[]> {
  const live: string[] = [];
  for (const entry of await readdir(usersDir).catch(() => [] as string[])) {
    const match = /^(\d+)-(\d+)$/.exec(entry);
    if (match === null) continue;
    if ((await processStartTime(Number(match[1]))) === match[2]) live.push(entry);
    else await rm(join(usersDir, entry), { force: true });
  }
  return live;
}

/**
 * Starts the lab unless it runs and registers this process as one of its users, for test runners
 * and tools that share one lab (vitest's global setup, two runs at once in one checkout). The lease
 * is written before the start, so a run that is finishing never stops the lab under a run that
 * is joining.
 */
export async function useLab(options: LabOptions = {}): Promise<LabLease> {
  const dir = resolveLabDir(options);
  const usersDir = join(dir, 'users');
  const marker = join(usersDir, 'started-by-lease');
  await mkdir(usersDir, { recursive: true });
  const lease = join(usersDir, `${process.pid}-${(await processStartTime(process.pid)) ?? '0'}`);
  await writeFile(lease, '');
  let result: { info: LabInfo; started: boolean };
  try {
    result = await ensureLab(dir, options);
    if (result.started) await writeFile(marker, result.info.startedAt);
  } catch (error: unknown) {
    await rm(lease, { force: true });
    throw error;
  }
  const { info, started } = result;
  let released = false;
  return {
    info,
    started,
    release: async () => {
      if (released) return;
      released = true;
      await rm(lease, { force: true });
      await withLock(dir, async () => {
        const state = await readState(dir);
        const startedAt = await readFile(marker, 'utf8').catch(() => null);
        // Stop only the very lab a lease started (not one restarted since) once nobody uses it.
        if (state?.info == null || startedAt !== state.info.startedAt) return;
        if ((await liveUsers(usersDir)).length > 0) return;
        await teardown(dir, state);
        await rm(marker, { force: true });
      });
    },
  };
}

/** Stops the lab: kills exactly the processes it started and removes exactly the addresses it added. */
export async function stopLab(options: LabOptions = {}): Promise<void> {
  const dir = resolveLabDir(options);
  if (!existsSync(dir)) return;
  await withLock(dir, async () => {
    const state = await readState(dir);
    if (state !== null) await teardown(dir, state);
  });
}

async function teardown(dir: string, state: LabState): Promise<void> {
  // Front ends first, so nothing queries a half-stopped hierarchy.
  for (const process_ of [...state.processes].reverse()) await killProcess(process_);
  await removeAddresses(state.addedAddresses);
  await rm(join(dir, 'state.json'), { force: true });
}

async function killProcess(target: LabProcess): Promise<void> {
  const ours = () => isOurProcess(target.pid, target.marker, target.startTime);
  if (!(await ours())) return;
  try {
    process.kill(target.pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 50; i++) {
    if (!(await ours())) return;
    await sleep(50);
  }
  // Checked again just before: the pid may have been reused in the last 50 ms.
  if (!(await ours())) return;
  try {
    process.kill(target.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

async function checkPrerequisites(): Promise<void> {
  const missing: string[] = [];
  for (const [binary, pkg] of BINARIES) {
    const found = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'].some((d) => existsSync(join(d, binary)));
    if (!found) missing.push(`${binary} (apt package ${pkg})`);
  }
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((m) => m.replace(/.*apt package (.*)\)/, '$1')))];
    throw new LabPrerequisiteError(
      `The DNS lab needs ${missing.join(', ')}. Install with: apt-get install -y --no-install-recommends ${packages.join(' ')}`,
    );
  }
  if (process.getuid?.() !== 0) {
    throw new LabPrerequisiteError(
      `The DNS lab must run as root (uid 0; this process has uid ${String(process.getuid?.())}): it adds name-server addresses to the loopback interface and listens on port 53. Run it as root, or inside a user and network namespace, e.g. \`unshare -rn <command>\` (scripts/as-lab-user.mjs does this).`,
    );
  }
  await assertPortsFree(LOOPBACK_V4, LAB_PORTS);
  await assertNoWildcardListener(AUTHORITATIVE_PORT);
}

async function loopbackAddresses(): Promise<Set<string>> {
  const { stdout } = await run('ip', ['-o', 'addr', 'show', 'dev', 'lo']);
  const found = new Set<string>();
  for (const match of stdout.matchAll(/inet6?\s+([0-9a-f.:]+)\//gi))
    if (match[1]) found.add(canonical(match[1]));
  return found;
}

/** Canonical text of an address (RFC 5952 for IPv6), so `fd53:7e5a:1ab:0::1` matches what `ip` prints. */
function canonical(address: string): string {
  return address.includes(':') ? new URL(`http://[${address}]/`).hostname.slice(1, -1) : address;
}

async function ipBatch(lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  await new Promise<void>((resolve, reject) => {
    const child = spawn('ip', ['-force', '-batch', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(stderr.trim().slice(0, 500)))));
    child.stdin.end(`${lines.join('\n')}\n`);
  });
}

/** The addresses of `addresses` that are not on `lo` yet (bringing `lo` up if it is down). */
async function missingAddresses(addresses: readonly string[]): Promise<string[]> {
  const { stdout } = await run('ip', ['-o', 'link', 'show', 'lo']);
  if (!/[<,]UP[,>]/.test(stdout)) await run('ip', ['link', 'set', 'lo', 'up']);
  const existing = await loopbackAddresses();
  return addresses.filter((a) => !existing.has(canonical(a)));
}

/**
 * Adds `toAdd` to `lo`. The caller records them in `state.json` first, so a crash or a signal
 * half-way leaves them listed for the next start or stop to remove.
 */
async function addAddresses(toAdd: readonly string[]): Promise<void> {
  try {
    // nodad: skip IPv6 duplicate address detection, which would leave the address unusable
    // ("tentative") for a moment after it is added.
    await ipBatch(
      toAdd.map((a) =>
        a.includes(':') ? `address add ${a}/128 dev lo nodad` : `address add ${a}/32 dev lo`,
      ),
    );
  } catch (error: unknown) {
    await removeAddresses(toAdd);
    throw new LabPrerequisiteError(
      `Cannot add the lab's addresses to the loopback interface (${error instanceof Error ? error.message : String(error)}). The lab needs root, or a network namespace where it is root: run under \`unshare -rn\`.`,
      { cause: error },
    );
  }
}

async function removeAddresses(addresses: readonly string[]): Promise<void> {
  if (addresses.length === 0) return;
  const existing = await loopbackAddresses().catch(() => new Set<string>());
  const present = addresses.filter((a) => existing.has(canonical(a)));
  await ipBatch(present.map((a) => `address del ${a}/${a.includes(':') ? 128 : 32} dev lo`)).catch(
    () => undefined,
  );
}

/** Lab CA and a server certificate for 127.0.0.1, kept in the cache while valid. */
async function ensureTls(cacheDir: string): Promise<{ ca: string; key: string; cert: string }> {
  const dir = join(cacheDir, 'tls');
  const paths = { ca: join(dir, 'ca.pem'), key: join(dir, 'server.key'), cert: join(dir, 'server.pem') };
  // Reused while both certificates stay valid for 10 more days (they are made for 30), read from
  // the certificates themselves rather than file times, which a copy resets.
  const fresh =
    existsSync(paths.key) &&
    (await readFile(join(dir, 'format'), 'utf8').catch(() => '')) === TLS_FORMAT &&
    (await Promise.all(
      [paths.ca, paths.cert].map((cert) =>
        run('openssl', ['x509', '-noout', '-checkend', String(10 * 86_400), '-in', cert]).then(
          () => true,
          () => false,
        ),
      ),
    ).then((ok) => ok.every(Boolean)));
  if (fresh) return paths;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run(
    'openssl',
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      join(dir, 'ca.key'),
      '-out',
      paths.ca,
      '-days',
      '30',
      '-subj',
      '/CN=dotvn DNS lab CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    { cwd: dir },
  );
  await run(
    'openssl',
    ['req', ...ec, '-keyout', paths.key, '-out', join(dir, 'server.csr'), '-subj', '/CN=127.0.0.1'],
    {
      cwd: dir,
    },
  );
  await writeFile(
    join(dir, 'server.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\n',
  );
  await run(
    'openssl',
    [
      'x509',
      '-req',
      '-in',
      join(dir, 'server.csr'),
      '-CA',
      paths.ca,
      '-CAkey',
      join(dir, 'ca.key'),
      '-CAcreateserial',
      '-out',
      paths.cert,
      '-days',
      '30',
      '-extfile',
      join(dir, 'server.ext'),
    ],
    { cwd: dir },
  );
  await writeFile(join(dir, 'format'), TLS_FORMAT);
  return paths;
}

/** Bump when the certificates' names or extensions change, so cached ones are remade. */
const TLS_FORMAT = 'tls 2: CN=127.0.0.1, SAN IP:127.0.0.1 IP:::1 DNS:localhost';

/** Starts one detached server whose output goes to `log`, so it outlives the CLI that started it. */
async function startProcess(
  name: LabProcessName,
  command: string,
  args: readonly string[],
  log: string,
  marker: string,
): Promise<LabProcess> {
  const fd = openSync(log, 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.unref();
  // Without a listener, a failed spawn (ENOENT) would be an uncaught 'error' event.
  child.once('error', () => undefined);
  if (child.pid === undefined) throw new LabStartError(`Could not start ${command} (${name}); see ${log}.`);
  // Read at once: the start time names this process even after its pid is reused.
  const startTime = (await processStartTime(child.pid)) ?? undefined;
  return { name, pid: child.pid, marker, log, ...(startTime === undefined ? {} : { startTime }) };
}

async function logTail(path: string, lines = 25): Promise<string> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.split('\n').slice(-lines).join('\n');
}

/** Where the slow/drop helper lives: next to this module in src/ and in dist/. */
function behaviourScript(): string {
  return join(dirname(fileURLToPath(import.meta.url)), 'behaviour-server.mjs');
}

async function dohPost(url: string, ca: Buffer, name: string): Promise<number> {
  const target = new URL(url);
  const session = http2.connect(target.origin, { ca });
  try {
    return await new Promise<number>((resolve, reject) => {
      session.on('error', reject);
      const request = session.request({
        ':method': 'POST',
        ':path': target.pathname,
        'content-type': 'application/dns-message',
        accept: 'application/dns-message',
      });
      request.on('response', (headers) => resolve(Number(headers[':status'])));
      request.on('error', reject);
      request.setTimeout(2000, () => reject(new Error('timeout')));
      request.end(encodeQuery(name, QTYPE.A, { id: 0 }));
    });
  } finally {
    session.close();
  }
}

/** Files and folders a start writes in the lab folder; only these are deleted before a start. */
export const LAB_FILES = [
  'named.conf',
  'unbound.conf',
  'dnsdist.conf',
  'behaviour-server.json',
  'behaviour-server.ready',
  'root.hints',
  'root.anchor',
  'named.pid',
  'unbound.pid',
  'named.log',
  'unbound.log',
  'dnsdist.log',
  'behaviour-server.log',
  'bind',
  'zones',
] as const;

/**
 * Deletes what an earlier start wrote, and nothing else: `DOTVN_LAB_DIR` may name a folder that
 * holds other files (the cache, the lock and the users' leases stay too).
 */
export async function cleanLabFiles(dir: string): Promise<void> {
  await Promise.all(LAB_FILES.map((entry) => rm(join(dir, entry), { recursive: true, force: true })));
}

/** Raised inside {@link launch} when SIGINT, SIGTERM or SIGHUP arrives during a start. */
class LabInterruptedError extends LabError {
  override name = 'LabInterruptedError';
}

/**
 * While a start runs, turns SIGINT/SIGTERM/SIGHUP into a rejection, so the start stops at once and
 * cleans up. When nobody else listens for the signal, it is raised again afterwards, so the process
 * still ends the way the signal asked.
 */
function watchSignals(): {
  readonly race: <T>(work: Promise<T>) => Promise<T>;
  readonly check: () => void;
  readonly dispose: () => void;
} {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  let received: { signal: NodeJS.Signals; reraise: boolean } | null = null;
  let reject: (error: Error) => void = () => {};
  const interrupted = new Promise<never>((_, r) => {
    reject = r;
  });
  interrupted.catch(() => undefined);
  const handler = (signal: NodeJS.Signals): void => {
    if (received !== null) return;
    received = { signal, reraise: process.listenerCount(signal) === 1 };
    reject(
      new LabInterruptedError(
        `The lab start was interrupted by ${signal}; everything it started is stopped.`,
      ),
    );
  };
  for (const signal of signals) process.on(signal, handler);
  return {
    race: (work) => Promise.race([work, interrupted]),
    check: () => {
      if (received !== null)
        throw new LabInterruptedError(`The lab start was interrupted by ${received.signal}.`);
    },
    dispose: () => {
      for (const signal of signals) process.off(signal, handler);
      if (received?.reraise) process.kill(process.pid, received.signal);
    },
  };
}

async function launch(dir: string, timeoutMs: number): Promise<LabInfo> {
  const started = Date.now();
  await mkdir(dir, { recursive: true });
  await cleanLabFiles(dir);
  // What this start has done so far, written to state.json before each step takes effect: if the
  // start fails, is interrupted or its process dies, exactly this is undone (now or at the next
  // start or stop).
  const journal: { processes: LabProcess[]; addedAddresses: string[] } = {
    processes: [],
    addedAddresses: [],
  };
  const save = (info: LabInfo | null = null) =>
    writeState(dir, {
      version: 1,
      processes: [...journal.processes],
      addedAddresses: [...journal.addedAddresses],
      info,
    });
  const signals = watchSignals();
  try {
    const ready = await launchSteps(dir, timeoutMs, started, journal, save, signals);
    await save(ready);
    return ready;
  } catch (error: unknown) {
    await teardown(dir, { version: 1, ...journal, info: null });
    throw error;
  } finally {
    signals.dispose();
  }
}

async function launchSteps(
  dir: string,
  timeoutMs: number,
  started: number,
  journal: { processes: LabProcess[]; addedAddresses: string[] },
  save: () => Promise<void>,
  signals: ReturnType<typeof watchSignals>,
): Promise<LabInfo> {
  const cacheDir = join(dir, 'cache');
  const zones = allZones(SCENARIOS);
  validateZones(zones);
  const plan = planServers(zones);
  journal.addedAddresses = await missingAddresses(plan.loopbackAddresses);
  await save();
  // Not raced against signals: the addresses must be on `lo` (and recorded) before a teardown runs.
  const steps = await Promise.allSettled([
    prepareZones(zones, join(dir, 'zones'), join(cacheDir, 'zones')),
    ensureTls(cacheDir),
    addAddresses(journal.addedAddresses),
  ]);
  signals.check();
  for (const step of steps) if (step.status === 'rejected') throw step.reason;
  const [hierarchy, tls] = steps as [
    PromiseFulfilledResult<Awaited<ReturnType<typeof prepareZones>>>,
    PromiseFulfilledResult<Awaited<ReturnType<typeof ensureTls>>>,
    unknown,
  ];
  return launchServers(
    dir,
    timeoutMs,
    started,
    zones,
    plan,
    hierarchy.value,
    tls.value,
    journal,
    save,
    signals,
  );
}

async function launchServers(
  dir: string,
  timeoutMs: number,
  started: number,
  zones: readonly ZoneSpec[],
  plan: ServerPlan,
  hierarchy: Awaited<ReturnType<typeof prepareZones>>,
  tls: Awaited<ReturnType<typeof ensureTls>>,
  journal: { processes: LabProcess[]; addedAddresses: string[] },
  save: () => Promise<void>,
  signals: ReturnType<typeof watchSignals>,
): Promise<LabInfo> {
  const logs = {
    named: join(dir, 'named.log'),
    unbound: join(dir, 'unbound.log'),
    dnsdist: join(dir, 'dnsdist.log'),
    behaviour: join(dir, 'behaviour-server.log'),
  };
  const files = {
    named: join(dir, 'named.conf'),
    unbound: join(dir, 'unbound.conf'),
    dnsdist: join(dir, 'dnsdist.conf'),
    behaviour: join(dir, 'behaviour-server.json'),
    behaviourReady: join(dir, 'behaviour-server.ready'),
    hints: join(dir, 'root.hints'),
    anchor: join(dir, 'root.anchor'),
  };
  const bindDir = join(dir, 'bind');
  await mkdir(bindDir, { recursive: true });
  await Promise.all([
    writeFile(
      files.named,
      namedConf(plan, {
        directory: bindDir,
        pidFile: join(dir, 'named.pid'),
        zoneFile: (zone) => hierarchy.zones.get(zone)?.file ?? '',
      }),
    ),
    writeFile(files.hints, rootHints()),
    writeFile(files.anchor, hierarchy.rootAnchor),
    writeFile(
      files.unbound,
      unboundConf({
        directory: dir,
        logFile: logs.unbound,
        pidFile: join(dir, 'unbound.pid'),
        rootHints: files.hints,
        trustAnchor: files.anchor,
        tlsKey: tls.key,
        tlsCert: tls.cert,
      }),
    ),
    writeFile(files.dnsdist, dnsdistConf({ tlsKey: tls.key, tlsCert: tls.cert })),
    writeFile(
      files.behaviour,
      JSON.stringify({ delayMs: SLOW_NS_DELAY_MS, port: 53, listeners: plan.behaviourListeners }),
    ),
  ]);

  const servers: Array<[LabProcessName, string, readonly string[], string, string]> = [
    // -f: stay in the foreground, so the pid we hold is named's own. No `-u`: named keeps the
    // user that started it (root, or the mapped root of an unshare namespace, where the
    // initgroups() that `-u` implies is not permitted).
    ['named', 'named', ['-f', '-c', files.named, '-L', logs.named], logs.named, files.named],
    [
      'behaviour-server',
      process.execPath,
      [behaviourScript(), files.behaviour, files.behaviourReady],
      logs.behaviour,
      files.behaviour,
    ],
    // -d: no fork (same reason); -p: no pid file races with a stale one.
    ['unbound', 'unbound', ['-d', '-p', '-c', files.unbound], logs.unbound, files.unbound],
    [
      'dnsdist',
      'dnsdist',
      ['--supervised', '--disable-syslog', '-C', files.dnsdist],
      logs.dnsdist,
      files.dnsdist,
    ],
  ];
  for (const [name, command, args, log, marker] of servers) {
    signals.check();
    const started_ = await startProcess(name, command, args, log, marker);
    journal.processes.push(started_);
    await save();
  }

  const info = labInfo(dir, zones, hierarchy.rootAnchor, tls.ca, logs);
  await signals.race(
    waitUntilReady(
      plan,
      journal.processes,
      files.behaviourReady,
      tls.ca,
      info,
      started + timeoutMs,
      signals.check,
    ),
  );
  return { ...info, startedAt: new Date().toISOString() };
}

async function waitUntilReady(
  plan: ServerPlan,
  processes: readonly LabProcess[],
  behaviourReady: string,
  caPath: string,
  info: LabInfo,
  deadline: number,
  /** Throws to stop polling (the start was interrupted). */
  abort: () => void,
): Promise<void> {
  const ca = await readFile(caPath);
  const byName = new Map(processes.map((p) => [p.name, p]));
  const checks: Array<{ process: LabProcessName; what: string; ok: () => Promise<boolean> }> = [
    ...plan.views.map((view) => ({
      process: 'named' as const,
      what: `named view ${view.name} on ${view.addresses[0] ?? '?'}`,
      ok: async () => {
        const header = await udpProbe(view.addresses[0] ?? '', 53, fqdn(view.zones[0] ?? '.'), QTYPE.SOA, {
          recursion: false,
          timeoutMs: 300,
        });
        return header !== null && header.rcode === 0 && header.authoritative;
      },
    })),
    {
      process: 'behaviour-server',
      what: 'slow/drop name servers',
      ok: async () => existsSync(behaviourReady),
    },
    {
      process: 'unbound',
      what: `Unbound on ${info.resolver.address}:${info.resolver.port} validating ${SCENARIOS[0]?.domain ?? 'vn'}`,
      ok: async () => {
        const header = await udpProbe(
          info.resolver.address,
          info.resolver.port,
          SCENARIOS[0]?.domain ?? 'vn',
          QTYPE.A,
          {
            timeoutMs: 1500,
          },
        );
        return header !== null && header.rcode === 0 && header.authenticData;
      },
    },
    {
      process: 'unbound',
      what: `Unbound DoH ${info.unboundDoh}`,
      ok: async () => (await dohPost(info.unboundDoh, ca, 'vn').catch(() => 0)) === 200,
    },
    {
      process: 'dnsdist',
      what: `dnsdist DoH ${info.doh.http}`,
      ok: async () => {
        const query = encodeQuery('vn', QTYPE.A, { id: 0 }).toString('base64url');
        const response = await fetch(`${info.doh.http}?dns=${query}`).catch(() => null);
        return response?.status === 200;
      },
    },
    {
      process: 'dnsdist',
      what: `dnsdist DoH ${info.doh.https}`,
      ok: async () => (await dohPost(info.doh.https, ca, 'vn').catch(() => 0)) === 200,
    },
  ];
  let pending = checks;
  while (pending.length > 0) {
    abort();
    const results = await Promise.all(pending.map((c) => c.ok().catch(() => false)));
    pending = pending.filter((_, i) => !results[i]);
    if (pending.length === 0) return;
    for (const check of pending) {
      const owner = byName.get(check.process);
      if (owner && !(await isOurProcess(owner.pid, owner.marker, owner.startTime))) {
        throw new LabStartError(
          `${check.process} exited during start-up (waiting for ${check.what}). Last lines of ${owner.log}:\n${await logTail(owner.log)}`,
        );
      }
    }
    if (Date.now() > deadline) {
      // The log of every server still awaited: the first one is not always the culprit.
      const owners = [...new Set(pending.map((c) => byName.get(c.process)).filter((p) => p !== undefined))];
      const tails = await Promise.all(
        owners.map(async (p) => `Last lines of ${p.log}:\n${await logTail(p.log, 15)}`),
      );
      throw new LabStartError(
        `The lab did not come up in time; still waiting for: ${pending.map((c) => c.what).join('; ')}.\n${tails.join('\n')}`,
      );
    }
    await sleep(100);
  }
}

function labInfo(
  dir: string,
  zones: readonly ZoneSpec[],
  trustAnchor: string,
  caCertPath: string,
  logs: LabInfo['logs'],
): LabInfo {
  const root = zones.find((z) => z.name === '.')?.nameServers[0];
  if (root === undefined) throw new LabError('The lab has no root server.');
  return {
    dir,
    startedAt: new Date().toISOString(),
    resolver: { address: LOOPBACK_V4, port: LAB_PORTS.unboundDns },
    dnsdist: { address: LOOPBACK_V4, port: LAB_PORTS.dnsdistDns },
    doh: {
      http: `http://${LOOPBACK_V4}:${LAB_PORTS.dnsdistDohHttp}${DOH_PATH}`,
      https: `https://${LOOPBACK_V4}:${LAB_PORTS.dnsdistDohHttps}${DOH_PATH}`,
    },
    unboundDoh: `https://${LOOPBACK_V4}:${LAB_PORTS.unboundDoh}${DOH_PATH}`,
    caCertPath,
    trustAnchor,
    rootServer: root,
    scenarios: SCENARIOS.map((s: Scenario) => ({
      id: s.id,
      domain: s.domain,
      unicode: s.unicode,
      description: s.description,
      parent: s.parent,
      signing: s.zone?.signing ?? null,
      nameServers: s.zone?.nameServers ?? [],
      expect: s.expect,
    })),
    bench: {
      zone: BENCH_ZONE,
      hostCount: BENCH_HOST_COUNT,
      firstHost: benchHost(0),
      lastHost: benchHost(BENCH_HOST_COUNT - 1),
    },
    zones: zones.map((z) => ({
      name: z.name,
      parent: z.parent,
      signing: z.signing,
      nameServers: z.nameServers,
    })),
    logs,
  };
}
