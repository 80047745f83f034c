// @ts-check
/**
 * The lab's misbehaving name servers, run as a detached `node` process by the lab.
 *
 * Usage: node behaviour-server.mjs <config.json> <ready-file>
 * config.json: { delayMs, port, listeners: [{ address, mode: 'slow' | 'drop', backend }], relayTimeoutMs? }
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
/** @typedef {{ delayMs: number, port: number, listeners: Listener[], relayTimeoutMs?: number }} Config */

const [configPath, readyPath] = process.argv.slice(2);
if (configPath === undefined || readyPath === undefined) {
  process.stderr.write('usage: behaviour-server.mjs <config.json> <ready-file>\n');
  process.exit(2);
}
/** @type {Config} */
const config = JSON.parse(readFileSync(configPath, 'utf8'));

/** Queries relayed at once over UDP; beyond this a flood is dropped, as a loaded server would. */
const MAX_UDP_RELAYS = 512;
/** TCP connections per listener; beyond this the kernel backlog holds them. */
const MAX_TCP_CONNECTIONS = 128;
/** An idle TCP connection is closed after this long (RFC 7766 §6.2.3 suggests seconds). */
const TCP_IDLE_MS = 30_000;

let udpRelays = 0;

/** @param {string} what @param {unknown} error */
function note(what, error) {
  process.stderr.write(`behaviour-server: ${what}: ${String(error)}\n`);
}

/**
 * @param {Listener} listener
 * @returns {Promise<void>}
 */
function serveUdp(listener) {
  const type = listener.address.includes(':') ? 'udp6' : 'udp4';
  const socket = dgram.createSocket(type);
  socket.on('message', (query, client) => {
    if (listener.mode === 'drop' || listener.backend === null) return;
    if (udpRelays >= MAX_UDP_RELAYS) return;
    udpRelays++;
    const received = Date.now();
    // The backend is always IPv4 (block 127.53.254.0/24), also behind an IPv6 listener.
    const upstream = dgram.createSocket(listener.backend.includes(':') ? 'udp6' : 'udp4');
    let done = false;
    /** Ends this relay once: a second answer, an error after a timeout, … never close twice. */
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(giveUp);
      upstream.close();
    };
    const giveUp = setTimeout(() => {
      finish();
      udpRelays--;
    }, config.relayTimeoutMs ?? 10_000);
    upstream.on('message', (answer) => {
      if (done) return;
      finish();
      const wait = Math.max(0, config.delayMs - (Date.now() - received));
      setTimeout(() => {
        udpRelays--;
        socket.send(answer, client.port, client.address, (error) => {
          if (error) note(`reply to ${client.address}`, error);
        });
      }, wait);
    });
    upstream.on('error', (error) => {
      note('relay', error);
      if (!done) {
        finish();
        udpRelays--;
      }
    });
    upstream.send(query, config.port, listener.backend, (error) => {
      if (error) upstream.emit('error', error);
    });
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(config.port, listener.address, () => {
      socket.off('error', reject);
      // Errors after start-up (a reply to a vanished client) are noted, never fatal.
      socket.on('error', (error) => note(`udp ${listener.address}`, error));
      resolve();
    });
  });
}

/**
 * @param {Listener} listener
 * @returns {Promise<void>}
 */
function serveTcp(listener) {
  const server = net.createServer((client) => {
    client.on('error', () => client.destroy());
    client.setTimeout(TCP_IDLE_MS, () => client.destroy());
    if (listener.mode === 'drop' || listener.backend === null) {
      // Read and discard (any bytes, whole DNS frames or not); closed when idle.
      client.on('data', () => {});
      return;
    }
    const backend = listener.backend;
    // Bytes are relayed as they come, so partial and coalesced DNS frames (RFC 1035 §4.2.2
    // length prefixes split across segments) reach BIND unchanged. Paused meanwhile, the
    // client's bytes wait in the kernel, not in this process.
    client.pause();
    /** @type {net.Socket | null} */
    let upstream = null;
    const timer = setTimeout(() => {
      if (client.destroyed) return;
      const relay = net.connect(config.port, backend);
      upstream = relay;
      relay.on('error', () => {
        relay.destroy();
        client.destroy();
      });
      relay.setTimeout(TCP_IDLE_MS, () => relay.destroy());
      client.pipe(relay).pipe(client);
      client.resume();
    }, config.delayMs);
    client.on('close', () => {
      clearTimeout(timer);
      upstream?.destroy();
    });
  });
  server.maxConnections = MAX_TCP_CONNECTIONS;
  server.on('error', (error) => note(`tcp ${listener.address}`, error));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, listener.address, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

try {
  await Promise.all(config.listeners.flatMap((l) => [serveUdp(l), serveTcp(l)]));
  writeFileSync(readyPath, `${process.pid}\n`);
} catch (error) {
  process.stderr.write(`behaviour-server: cannot listen: ${String(error)}\n`);
  process.exit(1);
}
