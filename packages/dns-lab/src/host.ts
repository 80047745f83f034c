/**
 * What the lab asks of the Linux host: which process is which (`/proc`), who holds a port
 * (`/proc/net`), and a lock between processes (`flock(1)`, util-linux).
 */
import { spawn } from 'node:child_process';
import * as dgram from 'node:dgram';
import { readdir, readFile, readlink } from 'node:fs/promises';
import * as net from 'node:net';
import { LabError, LabPrerequisiteError } from './errors.js';

/**
 * Start time of a process in clock ticks since boot (field 22 of `/proc/PID/stat`), or `null` when
 * there is no such process. With the pid it names one process for the life of the machine: a pid
 * reused by a later process has another start time.
 */
export async function processStartTime(pid: number): Promise<string | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); field 22 is fields[19]. A zombie is dead for our purposes.
    if (fields[0] === 'Z' || fields[0] === 'X') return null;
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * True when `pid` is alive, one of its arguments is exactly `marker`, and (when given) it started at
 * `startTime`: only then is it a process the lab started. A pid reused by another program, or by an
 * editor opened on the same config file, is never ours.
 */
export async function isOurProcess(pid: number, marker: string, startTime?: string): Promise<boolean> {
  if (!Number.isInteger(pid) || pid <= 1) return false;
  try {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    // A zombie has an empty cmdline.
    if (!cmdline.split('\0').includes(marker)) return false;
  } catch {
    return false;
  }
  if (startTime === undefined) return true;
  return (await processStartTime(pid)) === startTime;
}

/** A process holding a socket, as far as `/proc` tells. */
export interface SocketHolder {
  readonly pid: number;
  readonly command: string;
}

/** Socket inodes bound to `port` (TCP listening, or UDP), optionally only on wildcard addresses. */
async function socketInodes(port: number, wildcardOnly: boolean): Promise<Set<string>> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['tcp', 'tcp6', 'udp', 'udp6']) {
    const text = await readFile(`/proc/net/${table}`, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [address, localPort] = (fields[1] ?? '').split(':');
      if (localPort !== hexPort || address === undefined) continue;
      // TCP: only listening sockets (state 0A) hold a port against a new listener.
      if (table.startsWith('tcp') && fields[3] !== '0A') continue;
      if (wildcardOnly && !/^0+$/.test(address)) continue;
      if (fields[9] !== undefined && fields[9] !== '0') inodes.add(fields[9]);
    }
  }
  return inodes;
}

/**
 * The processes with a socket bound to `port` (TCP listening or UDP). Best effort: processes of
 * other users may hide their file descriptors, and then the list is shorter.
 */
export async function portHolders(
  port: number,
  options: { wildcardOnly?: boolean } = {},
): Promise<SocketHolder[]> {
  const inodes = await socketInodes(port, options.wildcardOnly ?? false);
  if (inodes.size === 0) return [];
  const holders: SocketHolder[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const fds = await readdir(`/proc/${entry}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const link = await readlink(`/proc/${entry}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode !== undefined && inodes.has(inode)) {
        const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
        holders.push({ pid: Number(entry), command: cmdline.split('\0').filter(Boolean).join(' ') });
        break;
      }
    }
  }
  return holders;
}

function describeHolders(holders: readonly SocketHolder[]): string {
  if (holders.length === 0) return 'by a process this user cannot see';
  return `by ${holders.map((h) => `process ${h.pid} (${h.command.slice(0, 200) || '?'})`).join(', ')}`;
}

/** True when `port` can be bound on `address` over TCP and over UDP. */
async function portFree(address: string, port: number): Promise<boolean> {
  const tcp = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: address, exclusive: true }, () => server.close(() => resolve(true)));
  });
  if (!tcp) return false;
  return new Promise<boolean>((resolve) => {
    const socket = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind({ port, address, exclusive: true }, () => socket.close(() => resolve(true)));
  });
}

/**
 * Throws a {@link LabPrerequisiteError} naming the first port of `ports` that cannot be bound on
 * `address` (TCP or UDP) and the process holding it.
 */
export async function assertPortsFree(
  address: string,
  ports: Readonly<Record<string, number>>,
): Promise<void> {
  for (const [name, port] of Object.entries(ports)) {
    if (await portFree(address, port)) continue;
    const holders = await portHolders(port);
    throw new LabPrerequisiteError(
      `Port ${address}:${port} (${name}) is already in use ${describeHolders(holders)}; the lab needs it (TCP and UDP). Is another lab (another DOTVN_LAB_DIR) running? Stop it, or free the port.`,
    );
  }
}

/**
 * Throws when something listens on `port` on every address (0.0.0.0 or ::): the lab's name servers
 * could then not bind their own addresses on that port.
 */
export async function assertNoWildcardListener(port: number): Promise<void> {
  if ((await socketInodes(port, true)).size === 0) return;
  const holders = await portHolders(port, { wildcardOnly: true });
  throw new LabPrerequisiteError(
    `Port ${port} is bound on every address (0.0.0.0 or ::) ${describeHolders(holders)}, so the lab's name servers cannot listen on their own addresses. Stop that server or make it listen on specific addresses.`,
  );
}

/**
 * Runs `work` while holding an exclusive `flock(1)` on `path`. The kernel releases the lock when its
 * holder dies, however it dies (a crash, SIGKILL, a pid reused later): no stale lock to judge or
 * take over. The holder is a small `flock … cat` child that exits when this process's end of its
 * stdin pipe closes.
 */
export async function withFileLock<T>(path: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  const child = spawn(
    'flock',
    ['--exclusive', '--wait', String(Math.ceil(timeoutMs / 1000)), path, 'sh', '-c', 'echo locked; exec cat'],
    // Detached: a Ctrl-C in the terminal must not release the lock while this process cleans up.
    { stdio: ['pipe', 'pipe', 'pipe'], detached: true },
  );
  const exited = new Promise<number | null>((resolve) => {
    child.once('close', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  const acquired = await new Promise<boolean>((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.once('data', () => resolve(true));
    child.once('error', (error) =>
      reject(
        new LabPrerequisiteError(
          `Cannot run flock (apt package util-linux) to lock ${path}: ${error.message}`,
          { cause: error },
        ),
      ),
    );
    child.once('close', (code) =>
      code === 1 && stderr === ''
        ? resolve(false)
        : reject(new LabError(`flock ${path} failed (exit ${String(code)}): ${stderr.trim().slice(0, 300)}`)),
    );
  });
  if (!acquired) {
    throw new LabError(
      `The lab folder's lock ${path} is still held after ${timeoutMs} ms (another start or stop is running).`,
    );
  }
  try {
    return await work();
  } finally {
    child.stdin.end();
    await exited;
  }
}
