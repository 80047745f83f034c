import { spawn } from 'node:child_process';
import * as dgram from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertPortsFree, isOurProcess, processStartTime, withFileLock } from './host.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dotvn-host-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('isOurProcess', () => {
  it('needs the exact marker argument and, when recorded, the same start time (a reused pid is not ours)', async () => {
    const marker = join(dir, 'named.conf');
    const child = spawn('sh', ['-c', 'sleep 30', 'sh', marker], { stdio: 'ignore' });
    const pid = child.pid ?? 0;
    await sleep(50);
    const startTime = (await processStartTime(pid)) ?? '';
    expect(startTime).toMatch(/^\d+$/);
    expect(await isOurProcess(pid, marker)).toBe(true);
    expect(await isOurProcess(pid, marker, startTime)).toBe(true);
    // Same pid and marker, another start time: the pid was reused.
    expect(await isOurProcess(pid, marker, String(Number(startTime) + 1))).toBe(false);
    // A marker that is only a prefix of an argument (named.conf.bak, an editor's file) is not ours.
    expect(await isOurProcess(pid, join(dir, 'named.con'))).toBe(false);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    await sleep(50);
    expect(await isOurProcess(pid, marker)).toBe(false);
  });
});

describe('assertPortsFree', () => {
  async function freePort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((r) => server.close(r));
    return port;
  }

  it('names the port and the process that holds it over UDP only', async () => {
    const port = await freePort();
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((r) => socket.bind(port, '127.0.0.1', () => r()));
    try {
      const error = await assertPortsFree('127.0.0.1', { unboundDns: port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).toBe('LabPrerequisiteError');
      expect((error as Error).message).toContain(`127.0.0.1:${port} (unboundDns)`);
      expect((error as Error).message).toContain(`process ${process.pid}`);
    } finally {
      socket.close();
    }
  });

  it('names the port and the process that listens on it over TCP', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as net.AddressInfo;
    try {
      await expect(assertPortsFree('127.0.0.1', { dnsdistDohHttp: port })).rejects.toThrow(
        new RegExp(`127\\.0\\.0\\.1:${port} \\(dnsdistDohHttp\\).*process ${process.pid}`),
      );
    } finally {
      server.close();
    }
    await expect(assertPortsFree('127.0.0.1', { dnsdistDohHttp: port })).resolves.toBeUndefined();
  });
});

describe('withFileLock', () => {
  it('runs one holder at a time', async () => {
    const lock = join(dir, 'lock-a');
    const events: string[] = [];
    const work = (name: string) => async () => {
      events.push(`${name} in`);
      await sleep(150);
      events.push(`${name} out`);
    };
    await Promise.all([withFileLock(lock, 10_000, work('a')), withFileLock(lock, 10_000, work('b'))]);
    expect(events[0]?.endsWith(' in') && events[1]?.endsWith(' out')).toBe(true);
    expect(events[2]?.endsWith(' in') && events[3]?.endsWith(' out')).toBe(true);
  });

  it('is released when its holder is killed with SIGKILL (no stale lock to take over)', async () => {
    const lock = join(dir, 'lock-b');
    const script = join(dir, 'hold.mjs');
    const hostModule = new URL('./host.ts', import.meta.url).pathname;
    await writeFile(
      script,
      `import { withFileLock } from ${JSON.stringify(hostModule)};\nawait withFileLock(${JSON.stringify(lock)}, 10000, async () => { console.log('held'); await new Promise(() => {}); });\n`,
    );
    // node itself (not the tsx wrapper, whose child would survive the kill) holds the lock.
    const holder = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((r) => holder.stdout?.once('data', () => r()));
    await expect(withFileLock(lock, 1000, async () => 'got')).rejects.toThrow(/still held/);
    holder.kill('SIGKILL');
    const began = Date.now();
    await expect(withFileLock(lock, 10_000, async () => 'got')).resolves.toBe('got');
    expect(Date.now() - began).toBeLessThan(3000);
  }, 20_000);
});
