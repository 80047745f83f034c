import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createResolver } from '../dns/resolver.js';
import { transportRequest } from '../dns/test-support/transport-request.js';
import type { TransportRequest } from '../dns/transport.js';
import type { DnsMessage } from '../dns/types.js';
import { decodeMessage, encodeMessage } from '../dns/wire/index.js';
import {
  isAbortedError,
  isInvalidInputError,
  isMalformedResponseError,
  isTimeoutError,
  isTransportError,
} from '../errors.js';
import { createDnsTransport } from './plain.js';
import { queryServer } from './query-server.js';

type UdpMode =
  | 'ok'
  | 'truncate'
  | 'truncate-tc-names'
  | 'wrong-id'
  | 'wrong-id-then-ok'
  | 'other-question'
  | 'silent'
  | 'garbage';
type TcpMode = 'ok' | 'trickle' | 'wrong-id' | 'huge' | 'cut';

function reply(query: DnsMessage, overrides: { id?: number; tc?: boolean; name?: string } = {}): Uint8Array {
  const q = query.question[0];
  if (q === undefined) throw new Error('no question');
  return encodeMessage({
    id: overrides.id ?? query.id,
    flags: { qr: true, aa: true, rd: query.flags.rd, tc: overrides.tc ?? false },
    question: [{ name: overrides.name ?? q.name, type: q.type }],
    answer: overrides.tc ? [] : [{ name: q.name, type: 'A', ttl: 60, data: { address: '192.0.2.53' } }],
    edns: { udpPayloadSize: 1232, dnssecOk: query.edns?.dnssecOk ?? false },
  });
}

/** A plain DNS server on one port for UDP and TCP, answering with codec-built packets. */
async function startDnsServer(host: string) {
  const state = {
    udp: 'ok' as UdpMode,
    tcp: 'ok' as TcpMode,
    udpQueries: [] as DnsMessage[],
    tcpQueries: [] as DnsMessage[],
  };
  const udp = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
  udp.on('message', (packet, rinfo) => {
    const query = decodeMessage(packet);
    state.udpQueries.push(query);
    const send = (bytes: Uint8Array) => udp.send(bytes, rinfo.port, rinfo.address);
    switch (state.udp) {
      case 'silent':
        return;
      case 'truncate':
        return send(reply(query, { tc: true }));
      case 'truncate-tc-names':
        return send(reply(query, { tc: query.question[0]?.name.startsWith('tc.') ?? false }));
      case 'wrong-id':
        return send(reply(query, { id: (query.id + 1) & 0xffff }));
      case 'wrong-id-then-ok':
        send(reply(query, { id: (query.id + 1) & 0xffff }));
        return setTimeout(() => send(reply(query)), 20);
      case 'other-question':
        return send(reply(query, { name: 'spoof.example' }));
      case 'garbage':
        // The right ID, then bytes that are no DNS message.
        return send(Uint8Array.of(packet[0] ?? 0, packet[1] ?? 0, 0x81, 0x80, 0, 9, 0xff));
      default:
        return send(reply(query));
    }
  });
  const tcp = net.createServer((socket) => {
    let buffer = Buffer.alloc(0);
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length < 2 || buffer.length < buffer.readUInt16BE(0) + 2) return;
      const query = decodeMessage(buffer.subarray(2, buffer.readUInt16BE(0) + 2));
      state.tcpQueries.push(query);
      const body = state.tcp === 'wrong-id' ? reply(query, { id: (query.id + 1) & 0xffff }) : reply(query);
      const framed = Buffer.concat([Buffer.from([body.length >> 8, body.length & 0xff]), body]);
      switch (state.tcp) {
        case 'huge':
          socket.end(Buffer.from([0xff, 0xff, 0, 0]));
          return;
        case 'cut':
          socket.end(framed.subarray(0, 10));
          return;
        case 'trickle': {
          // One byte at a time: the client must reassemble the length prefix and the message.
          let i = 0;
          const timer = setInterval(() => {
            if (socket.destroyed) return clearInterval(timer);
            socket.write(framed.subarray(i, i + 1));
            if (++i >= framed.length) {
              clearInterval(timer);
              socket.end();
            }
          }, 1);
          return;
        }
        default:
          socket.end(framed);
      }
    });
  });

  // UDP and TCP must share a port number for the TC fallback; retry on the rare clash.
  for (let attempt = 0; ; attempt++) {
    await new Promise<void>((resolve) => udp.bind(0, host, resolve));
    const { port } = udp.address();
    const listening = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, host, () => resolve(true));
    });
    if (listening) break;
    if (attempt > 5) throw new Error('no free port pair');
    await new Promise<void>((resolve) => udp.close(() => resolve()));
  }
  return {
    host,
    port: udp.address().port,
    state,
    close: async () => {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}

function request(name = 'ns.example.vn', signal: AbortSignal = AbortSignal.timeout(2000)): TransportRequest {
  return transportRequest(name, 'A', { rd: false, dnssecOk: false, signal });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function freeUdpPort(): Promise<number> {
  const probe = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('createDnsTransport', () => {
  let server: Awaited<ReturnType<typeof startDnsServer>>;
  const transport = (options: Partial<Parameters<typeof createDnsTransport>[0]> = {}) =>
    createDnsTransport({ server: server.host, port: server.port, ...options });

  beforeAll(async () => {
    server = await startDnsServer('127.0.0.1');
  });
  afterEach(() => {
    server.state.udp = 'ok';
    server.state.tcp = 'ok';
    server.state.udpQueries.length = 0;
    server.state.tcpQueries.length = 0;
  });
  afterAll(() => server.close());

  it('answers over UDP with a fresh random ID per query', async () => {
    const t = transport();
    expect(t.endpoint).toBe(`127.0.0.1#${server.port}`);
    const messages = await Promise.all(Array.from({ length: 8 }, () => t.send(request())));
    expect(messages[0]?.answer[0]).toMatchObject({ type: 'A', data: { address: '192.0.2.53' } });
    expect(t.kind).toBe('udp');
    const ids = new Set(server.state.udpQueries.map((q) => q.id));
    // Eight 16-bit random IDs: all equal only with probability 2^-112.
    expect(ids.size).toBeGreaterThan(1);
    expect(server.state.udpQueries[0]?.flags.rd).toBe(false);
  });

  it('falls back to TCP when the UDP answer is truncated', async () => {
    server.state.udp = 'truncate';
    const t = transport();
    const { message, transport: used } = await t.exchange(request());
    expect(used).toBe('tcp');
    expect(t.kind).toBe('tcp');
    expect(message.flags.tc).toBe(false);
    expect(message.answer).toHaveLength(1);
    expect(server.state.udpQueries).toHaveLength(1);
    expect(server.state.tcpQueries).toHaveLength(1);
  });

  it('says in each answer of send() which protocol carried it', async () => {
    server.state.udp = 'truncate-tc-names';
    const t = transport();
    const [overTcp, overUdp] = await Promise.all([
      t.send(request('tc.example.vn')),
      t.send(request('ns.example.vn')),
    ]);
    expect(overTcp.transport).toBe('tcp');
    expect(overUdp.transport).toBe('udp');
    // Through the resolver too, whatever `kind` says once both are done.
    const resolver = createResolver({ endpoints: [t], cache: false, retries: 0 });
    try {
      const answers = await Promise.all(
        ['tc.a.example.vn', 'b.example.vn', 'tc.c.example.vn', 'd.example.vn'].map((name) =>
          resolver.query(name),
        ),
      );
      expect(answers.map((answer) => answer.transport)).toEqual(['tcp', 'udp', 'tcp', 'udp']);
    } finally {
      await resolver.close();
    }
  });

  it("returns the truncated answer as is with protocol 'udp'", async () => {
    server.state.udp = 'truncate';
    const { message, transport: used } = await transport({ protocol: 'udp' }).exchange(request());
    expect(used).toBe('udp');
    expect(message.flags.tc).toBe(true);
    expect(server.state.tcpQueries).toHaveLength(0);
  });

  it("speaks TCP only with protocol 'tcp', reassembling a response that arrives a byte at a time", async () => {
    server.state.tcp = 'trickle';
    const t = transport({ protocol: 'tcp' });
    expect(t.kind).toBe('tcp');
    const message = await t.send(request());
    expect(message.answer).toHaveLength(1);
    expect(server.state.udpQueries).toHaveLength(0);
  });

  it('ignores a UDP answer with the wrong ID and waits for the right one', async () => {
    server.state.udp = 'wrong-id-then-ok';
    const message = await transport().send(request());
    expect(message.answer).toHaveLength(1);
  });

  it('ignores UDP answers with the wrong ID until the signal fires', async () => {
    server.state.udp = 'wrong-id';
    const signal = AbortSignal.timeout(150);
    const error = await transport()
      .send(request('ns.example.vn', signal))
      .catch((e: unknown) => e);
    expect(error).toBe(signal.reason);
  });

  it('ignores a UDP answer to another question (a possible spoof)', async () => {
    server.state.udp = 'other-question';
    const signal = AbortSignal.timeout(150);
    const error = await transport()
      .send(request('ns.example.vn', signal))
      .catch((e: unknown) => e);
    expect(error).toBe(signal.reason);
  });

  it('rejects a matching but undecodable UDP answer with a MalformedResponseError', async () => {
    server.state.udp = 'garbage';
    const error = await transport()
      .send(request())
      .catch((e: unknown) => e);
    expect(isMalformedResponseError(error)).toBe(true);
    expect(error).toMatchObject({ endpoint: `127.0.0.1#${server.port}`, query: 'ns.example.vn/A' });
  });

  it('rejects a TCP answer with the wrong ID with a MalformedResponseError', async () => {
    server.state.tcp = 'wrong-id';
    const error = await transport({ protocol: 'tcp' })
      .send(request())
      .catch((e: unknown) => e);
    expect(isMalformedResponseError(error)).toBe(true);
    expect((error as Error).message).toMatch(/carries ID \d+, expected \d+/);
  });

  it('stops reading a TCP answer longer than maxResponseBytes', async () => {
    server.state.tcp = 'huge';
    const error = await transport({ protocol: 'tcp', maxResponseBytes: 4096 })
      .send(request())
      .catch((e: unknown) => e);
    expect(isMalformedResponseError(error)).toBe(true);
    expect((error as Error).message).toContain('65535 bytes, more than the 4096 allowed');
  });

  it('rejects a TCP answer cut short with a TransportError', async () => {
    server.state.tcp = 'cut';
    const error = await transport({ protocol: 'tcp' })
      .send(request())
      .catch((e: unknown) => e);
    expect(isTransportError(error)).toBe(true);
    expect((error as Error).message).toMatch(/closed after 8 of \d+ response bytes/);
  });

  it('rejects with a TransportError when the TCP connection is refused', async () => {
    const port = await freePort();
    const error = await createDnsTransport({ server: '127.0.0.1', port, protocol: 'tcp' })
      .send(request())
      .catch((e: unknown) => e);
    expect(isTransportError(error)).toBe(true);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  it('rejects with a TransportError when nothing listens on the UDP port', async () => {
    const port = await freeUdpPort();
    const error = await createDnsTransport({ server: '127.0.0.1', port, protocol: 'udp' })
      .send(request())
      .catch((e: unknown) => e);
    expect(isTransportError(error)).toBe(true);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  it('rejects with a TransportError, without crashing, when the UDP socket cannot connect', async () => {
    // Linux refuses connect() to the broadcast address without SO_BROADCAST (EACCES).
    const error = await createDnsTransport({ server: '255.255.255.255', port: server.port, protocol: 'udp' })
      .send(request())
      .catch((e: unknown) => e);
    expect(isTransportError(error)).toBe(true);
    expect((error as Error).message).toMatch(/Could not reach 255\.255\.255\.255#\d+ over UDP/);
  });

  it('closes the socket and rejects with the reason as soon as the signal fires', async () => {
    server.state.udp = 'silent';
    const controller = new AbortController();
    const pending = transport().send(request('ns.example.vn', controller.signal));
    await expect.poll(() => server.state.udpQueries.length).toBe(1);
    const reason = new Error('enough');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('refuses a server that is not an IP address, and bad ports and protocols', () => {
    for (const options of [
      { server: 'ns1.example.vn' },
      { server: '127.0.0.1', port: 0 },
      { server: '127.0.0.1', protocol: 'quic' as 'udp' },
    ]) {
      expect(() => createDnsTransport(options)).toThrow(
        expect.objectContaining({ name: 'InvalidInputError' }),
      );
    }
  });
});

describe('createDnsTransport over IPv6', () => {
  let server: Awaited<ReturnType<typeof startDnsServer>>;
  beforeAll(async () => {
    server = await startDnsServer('::1');
  });
  afterAll(() => server.close());

  it('queries an IPv6 server given in any spelling and checks the source address', async () => {
    const t = createDnsTransport({ server: '[0:0:0:0:0:0:0:1]', port: server.port });
    expect(t.endpoint).toBe(`::1#${server.port}`);
    await expect(t.send(request())).resolves.toMatchObject({ rcodeName: 'NOERROR' });
  });

  it('takes an address with a zone (RFC 4007), over UDP and TCP', async () => {
    // The loopback interface's name: `lo` on Linux, `lo0` on macOS.
    const zone =
      Object.entries(networkInterfaces()).find(([, addresses]) =>
        addresses?.some((address) => address.address === '::1'),
      )?.[0] ?? 'lo';
    const udp = createDnsTransport({ server: `0:0::1%${zone}`, port: server.port, protocol: 'udp' });
    expect(udp.endpoint).toBe(`::1%${zone}#${server.port}`);
    await expect(udp.send(request())).resolves.toMatchObject({ rcodeName: 'NOERROR', transport: 'udp' });
    const tcp = createDnsTransport({ server: `[::1%${zone}]`, port: server.port, protocol: 'tcp' });
    await expect(tcp.send(request())).resolves.toMatchObject({ rcodeName: 'NOERROR', transport: 'tcp' });
  });
});

describe('queryServer', () => {
  let server: Awaited<ReturnType<typeof startDnsServer>>;
  beforeAll(async () => {
    server = await startDnsServer('127.0.0.1');
  });
  afterEach(() => {
    server.state.udp = 'ok';
    server.state.udpQueries.length = 0;
  });
  afterAll(() => server.close());

  it('asks without recursion by default and returns a DnsAnswer', async () => {
    const answer = await queryServer('127.0.0.1', 'NS.Example.VN.', 'a', { port: server.port });
    expect(answer).toMatchObject({
      endpoint: `127.0.0.1#${server.port}`,
      transport: 'udp',
      fromCache: false,
      rcodeName: 'NOERROR',
      question: [{ name: 'ns.example.vn', type: 'A' }],
    });
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(server.state.udpQueries[0]?.flags.rd).toBe(false);
    expect(server.state.udpQueries[0]?.edns?.dnssecOk).toBe(false);
    expect(JSON.parse(JSON.stringify(answer))).toEqual(answer);
  });

  it('sets RD and DO on request and reports a TCP fallback', async () => {
    server.state.udp = 'truncate';
    const answer = await queryServer('127.0.0.1', 'example.vn', 'A', {
      port: server.port,
      rd: true,
      dnssec: true,
    });
    expect(answer.transport).toBe('tcp');
    expect(server.state.udpQueries[0]?.flags.rd).toBe(true);
    expect(server.state.udpQueries[0]?.edns?.dnssecOk).toBe(true);
  });

  it('throws a TimeoutError when the server stays silent', async () => {
    server.state.udp = 'silent';
    const error = await queryServer('127.0.0.1', 'example.vn', 'A', {
      port: server.port,
      timeout: 100,
    }).catch((e: unknown) => e);
    expect(isTimeoutError(error)).toBe(true);
    expect(error).toMatchObject({
      timeoutMs: 100,
      endpoint: `127.0.0.1#${server.port}`,
      query: 'example.vn/A',
    });
  });

  it("throws an AbortedError when the caller's signal fires", async () => {
    server.state.udp = 'silent';
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await queryServer('127.0.0.1', 'example.vn', 'A', {
      port: server.port,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(isAbortedError(error)).toBe(true);
  });

  it('refuses a timeout that is not a whole number of milliseconds from 1, as the resolver does', async () => {
    for (const timeout of [1.5, 0, -1, Number.NaN]) {
      await expect(
        queryServer('127.0.0.1', 'example.vn', 'A', { port: server.port, timeout }),
        String(timeout),
      ).rejects.toSatisfy(isInvalidInputError);
    }
    expect(server.state.udpQueries).toHaveLength(0);
  });

  it('throws an InvalidInputError for a bad name or type before sending anything', async () => {
    await expect(queryServer('127.0.0.1', 'a..b', 'A', { port: server.port })).rejects.toSatisfy(
      isInvalidInputError,
    );
    await expect(queryServer('127.0.0.1', 'example.vn', 'NOPE', { port: server.port })).rejects.toSatisfy(
      isInvalidInputError,
    );
    expect(server.state.udpQueries).toHaveLength(0);
  });
});
