import { type ChildProcess, spawn } from 'node:child_process';
import * as dgram from 'node:dgram';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The helper listens on 127.0.0.1 and relays to a fake backend on 127.0.0.2 (both loopback on Linux
// without adding addresses), on a port free on both: no lab, no root, no shared port.
const script = fileURLToPath(new URL('./behaviour-server.mjs', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    const ok = await Promise.all(
      ['127.0.0.1', '127.0.0.2', '127.0.0.3'].map(
        (host) =>
          new Promise<boolean>((resolve) => {
            const s = net.createServer().once('error', () => resolve(false));
            s.listen(port, host, () => s.close(() => resolve(true)));
          }),
      ),
    );
    if (ok.every(Boolean)) return port;
  }
}

function udpAsk(port: number, host: string, payload: Buffer, timeoutMs: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve(null);
    }, timeoutMs);
    socket.once('message', (m) => {
      clearTimeout(timer);
      socket.close();
      resolve(m);
    });
    socket.send(payload, port, host);
  });
}

describe('behaviour server', () => {
  let dir = '';
  let port = 0;
  let helper: ChildProcess;
  let backendUdp: dgram.Socket;
  let backendTcp: net.Server;
  const tcpReceived: Buffer[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dotvn-behaviour-'));
    port = await freePort();
    // The fake backend answers every UDP query twice (a duplicate or spoofed answer) and echoes TCP.
    backendUdp = dgram.createSocket('udp4');
    backendUdp.on('message', (m, from) => {
      backendUdp.send(Buffer.concat([Buffer.from('A'), m]), from.port, from.address);
      backendUdp.send(Buffer.concat([Buffer.from('B'), m]), from.port, from.address);
    });
    await new Promise<void>((r) => backendUdp.bind(port, '127.0.0.2', () => r()));
    backendTcp = net.createServer((c) =>
      c.on('data', (d) => {
        tcpReceived.push(d);
        c.write(d);
      }),
    );
    await new Promise<void>((r) => backendTcp.listen(port, '127.0.0.2', () => r()));
    const config = {
      delayMs: 150,
      port,
      relayTimeoutMs: 200,
      listeners: [
        { address: '127.0.0.1', mode: 'slow', backend: '127.0.0.2' },
        { address: '127.0.0.3', mode: 'slow', backend: 'no-such-backend.invalid' },
      ],
    };
    await writeFile(join(dir, 'config.json'), JSON.stringify(config));
    helper = spawn(process.execPath, [script, join(dir, 'config.json'), join(dir, 'ready')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    for (let i = 0; i < 100 && !existsSync(join(dir, 'ready')); i++) await sleep(50);
    expect(existsSync(join(dir, 'ready'))).toBe(true);
  });

  afterAll(async () => {
    helper?.kill('SIGKILL');
    backendUdp?.close();
    backendTcp?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const alive = () => helper.exitCode === null && helper.signalCode === null;

  it('relays one UDP answer after the delay, and survives a second answer from the backend', async () => {
    const began = Date.now();
    const answer = await udpAsk(port, '127.0.0.1', Buffer.from('query-1'), 2000);
    expect(answer?.toString()).toBe('Aquery-1');
    expect(Date.now() - began).toBeGreaterThanOrEqual(140);
    await sleep(400);
    expect(alive()).toBe(true);
  });

  it('survives a backend it cannot reach, past its relay time-out (no double close)', async () => {
    expect(await udpAsk(port, '127.0.0.3', Buffer.from('q'), 300)).toBeNull();
    await sleep(500);
    expect(alive()).toBe(true);
  });

  it('survives garbage and floods over UDP and keeps answering', async () => {
    const socket = dgram.createSocket('udp4');
    for (let i = 0; i < 2000; i++)
      socket.send(Buffer.alloc(i % 3 === 0 ? 0 : 1 + (i % 600), i), port, '127.0.0.1');
    await sleep(300);
    socket.close();
    expect(alive()).toBe(true);
    expect((await udpAsk(port, '127.0.0.1', Buffer.from('after'), 2000))?.toString()).toBe('Aafter');
  });

  it('relays a DNS-over-TCP frame that arrives in pieces, unchanged', async () => {
    const frame = Buffer.concat([Buffer.from([0, 5]), Buffer.from('hello')]);
    const client = net.connect(port, '127.0.0.1');
    const got: Buffer[] = [];
    client.on('data', (d) => got.push(d));
    await new Promise<void>((r) => client.once('connect', () => r()));
    client.write(frame.subarray(0, 1));
    await sleep(60);
    client.write(frame.subarray(1, 4));
    await sleep(200);
    client.write(frame.subarray(4));
    for (let i = 0; i < 40 && Buffer.concat(got).length < frame.length; i++) await sleep(50);
    client.destroy();
    expect(Buffer.concat(got)).toEqual(frame);
  });

  it('survives TCP clients that send garbage, close early or reset', async () => {
    for (let i = 0; i < 20; i++) {
      const client = net.connect(port, i % 2 === 0 ? '127.0.0.1' : '127.0.0.3');
      client.on('error', () => undefined);
      client.on('connect', () => {
        client.write(Buffer.from([0xff, 0xff, 1, 2, 3]));
        if (i % 3 === 0) client.resetAndDestroy();
        else client.end();
      });
    }
    await sleep(600);
    expect(alive()).toBe(true);
    expect((await udpAsk(port, '127.0.0.1', Buffer.from('still'), 2000))?.toString()).toBe('Astill');
  });
});
