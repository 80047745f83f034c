// @ts-check
/**
 * The lab's misbehaving name servers, run as a detached `node` process by the lab.
 *
 * Usage: node behaviour-server.mjs <config.json> <ready-file>
 * config.json: { delayMs, port, listeners: [{ address, mode: 'slow' | 'drop', backend }] }
 *
 * - `slow` relays each query to the hidden BIND address that holds the zone and returns the real
 *   answer once `delayMs` have passed since the query arrived (UDP and TCP).
 * - `drop` reads every query and never answers (UDP), or accepts and stays silent (TCP), which is
 *   what a firewall that drops packets looks like to a resolver.
 *
 * A plain .mjs file (checked by tsc through @ts-check) so it runs under `node` both from the
 * sources (vitest) and from dist, with no build step in between.
 */
import * as dgram from 'node:dgram';
import { readFileSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';

/** @typedef {{ address: string, mode: 'slow' | 'drop', backend: string | null }} Listener */
/** @typedef {{ delayMs: number, port: number, listeners: Listener[] }} Config */

const [configPath, readyPath] = process.argv.slice(2);
if (configPath === undefined || readyPath === undefined) {
  process.stderr.write('usage: behaviour-server.mjs <config.json> <ready-file>\n');
  process.exit(2);
}
/** @type {Config} */
const config = JSON.parse(readFileSync(configPath, 'utf8'));

/**
 * @param {Listener} listener
 * @returns {Promise<void>}
 */
function serveUdp(listener) {
  const type = listener.address.includes(':') ? 'udp6' : 'udp4';
  const socket = dgram.createSocket(type);
  socket.on('message', (query, client) => {
    if (listener.mode === 'drop' || listener.backend === null) return;
    const received = Date.now();
    // The backend is always IPv4 (block 127.53.254.0/24), also behind an IPv6 listener.
    const upstream = dgram.createSocket(listener.backend.includes(':') ? 'udp6' : 'udp4');
    const giveUp = setTimeout(() => upstream.close(), 10_000);
    upstream.on('message', (answer) => {
      clearTimeout(giveUp);
      upstream.close();
      const wait = Math.max(0, config.delayMs - (Date.now() - received));
      setTimeout(() => socket.send(answer, client.port, client.address), wait);
    });
    upstream.on('error', () => upstream.close());
    upstream.send(query, config.port, listener.backend);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(config.port, listener.address, () => resolve());
  });
}

/**
 * @param {Listener} listener
 * @returns {Promise<void>}
 */
function serveTcp(listener) {
  const server = net.createServer((client) => {
    client.on('error', () => client.destroy());
    if (listener.mode === 'drop' || listener.backend === null) {
      // Read and discard; close eventually so sockets do not pile up.
      client.on('data', () => {});
      client.setTimeout(60_000, () => client.destroy());
      return;
    }
    const backend = listener.backend;
    client.pause();
    setTimeout(() => {
      const upstream = net.connect(config.port, backend);
      upstream.on('error', () => client.destroy());
      client.pipe(upstream).pipe(client);
      client.resume();
    }, config.delayMs);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, listener.address, () => resolve());
  });
}

try {
  await Promise.all(config.listeners.flatMap((l) => [serveUdp(l), serveTcp(l)]));
  writeFileSync(readyPath, `${process.pid}\n`);
} catch (error) {
  process.stderr.write(`behaviour-server: cannot listen: ${String(error)}\n`);
  process.exit(1);
}
