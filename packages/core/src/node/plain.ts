import * as dgram from 'node:dgram';
import * as net from 'node:net';
import type { DnsTransport, TransportRequest, TransportResponse } from '../dns/transport.js';
import {
  answerMismatch,
  checkAnswerMatches,
  decodeAnswer,
  describeQuestion,
  messageId,
} from '../dns/transports/answer.js';
import type { DnsMessage } from '../dns/types.js';
import { InvalidInputError, MalformedResponseError, TransportError, truncate } from '../errors.js';
import { abortReason, describeNetworkError } from './shared.js';

/** How {@link createDnsTransport} reaches its server. */
export type PlainDnsProtocol = 'udp' | 'tcp' | 'udp-then-tcp';

/** Options of {@link createDnsTransport}. */
export interface DnsTransportOptions {
  /** The server's IPv4 or IPv6 address (a literal, not a host name). */
  server: string;
  /**
   * Server port.
   * @default 53
   */
  port?: number;
  /**
   * `udp` only (a truncated answer is returned as is, with `flags.tc` set), `tcp` only
   * (RFC 7766), or `udp-then-tcp`: UDP first, repeated over TCP when the answer has TC set
   * (RFC 1035 §4.2.1, RFC 7766 §5).
   * @default 'udp-then-tcp'
   */
  protocol?: PlainDnsProtocol;
  /**
   * Largest response accepted over TCP; reading stops beyond it. UDP datagrams are bounded by
   * the EDNS payload size the query advertised.
   * @default 65535
   */
  maxResponseBytes?: number;
}

/** The result of one exchange, with the protocol that actually answered. */
export interface PlainDnsExchange {
  message: DnsMessage;
  transport: 'udp' | 'tcp';
}

/**
 * A {@link DnsTransport} for plain DNS (port 53). Each answer of `send()` says which protocol
 * carried it (`transport`), as does {@link PlainDnsTransport.exchange}.
 */
export interface PlainDnsTransport extends DnsTransport {
  /**
   * `'tcp'` for `protocol: 'tcp'`; otherwise `'udp'` until an exchange has fallen back to TCP,
   * then the protocol of the most recent completed exchange. With concurrent queries this is
   * only indicative; the `transport` of each answer says which protocol carried it.
   */
  readonly kind: 'udp' | 'tcp';
  /** Resolves to the answer, with `transport` set to the protocol that carried it. */
  send(request: TransportRequest): Promise<TransportResponse & { transport: 'udp' | 'tcp' }>;
  /** Like `send()`, with the message and the protocol apart. */
  exchange(request: TransportRequest): Promise<PlainDnsExchange>;
}

type ResolvedDnsTransportOptions = {
  server: string;
  family: 4 | 6;
  port: number;
  protocol: PlainDnsProtocol;
  maxResponseBytes: number;
};

/** Resolves the defaults of {@link DnsTransportOptions}; throws InvalidInputError on bad values. */
function resolveDnsTransportOptions(options: DnsTransportOptions): ResolvedDnsTransportOptions {
  const raw = String(options.server ?? '');
  // Accept `[2001:db8::1]` as well as the bare literal.
  const server = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  const detected = net.isIP(server);
  if (detected === 0) {
    throw new InvalidInputError(
      `Invalid DNS server: expected an IPv4 or IPv6 address, received "${truncate(raw, 60)}"`,
      raw,
    );
  }
  const family = detected === 6 ? 6 : 4;
  const port = options.port ?? 53;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidInputError(`Invalid DNS server port: expected 1–65535, received ${port}`, port);
  }
  const protocol = options.protocol ?? 'udp-then-tcp';
  if (protocol !== 'udp' && protocol !== 'tcp' && protocol !== 'udp-then-tcp') {
    throw new InvalidInputError(
      `Invalid DNS protocol: expected udp, tcp or udp-then-tcp, received ${truncate(String(protocol), 40)}`,
      protocol,
    );
  }
  const maxResponseBytes = options.maxResponseBytes ?? 65535;
  if (!Number.isInteger(maxResponseBytes) || maxResponseBytes < 12) {
    throw new InvalidInputError(
      `Invalid maxResponseBytes: expected an integer of at least 12 (a DNS header), received ${maxResponseBytes}`,
      maxResponseBytes,
    );
  }
  return { server: canonicalAddress(server, family), family, port, protocol, maxResponseBytes };
}

/**
 * Canonical text of an address literal, so it compares equal to `rinfo.address`. An IPv6 zone
 * (`fe80::1%eth0`, RFC 4007 §11) is kept as written; the URL parser below does not take one.
 */
function canonicalAddress(address: string, family: number): string {
  if (family !== 6) return address;
  const percent = address.indexOf('%');
  const bare = percent === -1 ? address : address.slice(0, percent);
  const zone = percent === -1 ? '' : address.slice(percent);
  // The WHATWG URL parser serialises IPv6 hosts in RFC 5952 form, as Node reports peers.
  return `${new URL(`http://[${bare}]/`).hostname.slice(1, -1)}${zone}`;
}

/** `address` without its IPv6 zone: Node reports a peer with or without one, depending on its scope. */
function withoutZone(address: string): string {
  const percent = address.indexOf('%');
  return percent === -1 ? address : address.slice(0, percent);
}

/** Formats `address#port`, the endpoint notation of dig. */
function formatEndpoint(server: string, port: number): string {
  return `${server}#${port}`;
}

/** A copy of `wire` with a fresh random ID (RFC 5452 §4.3: unpredictable IDs). */
function withRandomId(wire: Uint8Array): { wire: Uint8Array; id: number } {
  if (wire.byteLength < 12) {
    throw new InvalidInputError(
      `Invalid DNS query: expected at least 12 bytes, received ${wire.byteLength}`,
      wire.byteLength,
    );
  }
  const id = globalThis.crypto.getRandomValues(new Uint16Array(1))[0] ?? 0;
  const copy = new Uint8Array(wire);
  copy[0] = id >> 8;
  copy[1] = id & 0xff;
  return { wire: copy, id };
}

/**
 * A plain DNS transport (RFC 1035 over UDP, RFC 7766 over TCP) to one server address, for
 * querying a recursive resolver or an authoritative name server directly from Node.
 *
 * Each query uses a fresh random 16-bit ID and, over UDP, a fresh connected socket with an
 * OS-chosen (random) source port (RFC 5452). Over UDP, datagrams from another address or port,
 * with another ID, that are not responses or that answer another question are ignored (they may
 * be spoofed, RFC 5452 §9.1), so the query waits for the real answer or for `request.signal`;
 * an ICMP port-unreachable rejects at once with `TransportError` (`ECONNREFUSED`). A datagram
 * that matches but cannot be decoded rejects with `MalformedResponseError`. Over TCP, any
 * mismatch rejects with `MalformedResponseError`.
 *
 * The transport does not retransmit over UDP and sets no time limit of its own: the resolver's
 * per-attempt timeout and retries (or `queryServer`'s `timeout`) apply through `request.signal`.
 *
 * The query is sent as the resolver built it (`request.wire`), apart from the ID: RD, CD and
 * EDNS flags are the caller's; use {@link queryServer} to set `rd: false` for authoritative use.
 *
 * `send()` rejects with `TransportError` (socket error, connection refused or closed early),
 * `MalformedResponseError`, or the signal's reason once `request.signal` fires (the socket is
 * closed at once). The transport keeps no sockets between queries; `close()` is a no-op.
 *
 * @throws {InvalidInputError} When `server` is not an IP address literal, or `port`,
 *   `protocol` or `maxResponseBytes` is invalid.
 */
export function createDnsTransport(options: DnsTransportOptions): PlainDnsTransport {
  const config = resolveDnsTransportOptions(options);
  const endpoint = formatEndpoint(config.server, config.port);
  let lastKind: 'udp' | 'tcp' = config.protocol === 'tcp' ? 'tcp' : 'udp';

  async function exchange(request: TransportRequest): Promise<PlainDnsExchange> {
    if (request.signal.aborted) throw abortReason(request.signal);
    if (config.protocol !== 'tcp') {
      const message = await sendUdp(request, config, endpoint);
      if (!message.flags.tc || config.protocol === 'udp') {
        lastKind = 'udp';
        return { message, transport: 'udp' };
      }
    }
    const message = await sendTcp(request, config, endpoint);
    lastKind = 'tcp';
    return { message, transport: 'tcp' };
  }

  return {
    get kind() {
      return lastKind;
    },
    endpoint,
    exchange,
    send: async (request) => {
      const { message, transport } = await exchange(request);
      return { ...message, transport };
    },
    close: async () => {},
  };
}

function sendUdp(
  request: TransportRequest,
  config: ResolvedDnsTransportOptions,
  endpoint: string,
): Promise<DnsMessage> {
  const { signal } = request;
  const query = describeQuestion(request);
  const { wire, id } = withRandomId(request.wire);
  return new Promise<DnsMessage>((resolve, reject) => {
    const socket = dgram.createSocket(config.family === 6 ? 'udp6' : 'udp4');
    let settled = false;
    const finish = (error: unknown, message?: DnsMessage): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners('message');
      // Swallow errors after the fact; close() may race with a late ICMP error.
      socket.on('error', () => {});
      try {
        socket.close();
      } catch {
        // Already closed.
      }
      if (message !== undefined) resolve(message);
      else reject(error);
    };
    const onAbort = (): void => finish(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });

    socket.on('error', (error) =>
      finish(
        new TransportError(`UDP exchange with ${endpoint} failed: ${describeNetworkError(error)}`, {
          endpoint,
          query,
          cause: error,
        }),
      ),
    );
    socket.on('message', (datagram, rinfo) => {
      // RFC 5452 §9.1: accept only what comes from the address and port queried, with our ID.
      if (
        rinfo.port !== config.port ||
        withoutZone(canonicalAddress(rinfo.address, config.family)) !== withoutZone(config.server)
      )
        return;
      if (datagram.byteLength < 2 || messageId(datagram) !== id) return;
      let message: DnsMessage;
      try {
        message = decodeAnswer(datagram, request, endpoint);
      } catch (error) {
        finish(error);
        return;
      }
      // Not a response, or an answer to another question: possibly spoofed, keep waiting.
      if (answerMismatch(message, request.question) !== null) return;
      finish(undefined, message);
    });
    // connect() binds an OS-chosen ephemeral port and makes the kernel drop datagrams from any
    // other peer; it also surfaces ICMP port-unreachable as ECONNREFUSED instead of a timeout.
    // A failed connect (no route, a broadcast address) comes to this callback, not as 'error';
    // sending anyway would throw from a callback and crash the process.
    socket.connect(config.port, config.server, (error?: Error) => {
      if (settled) return;
      if (error) {
        finish(
          new TransportError(`Could not reach ${endpoint} over UDP: ${describeNetworkError(error)}`, {
            endpoint,
            query,
            cause: error,
          }),
        );
        return;
      }
      socket.send(wire, (error) => {
        if (error) {
          finish(
            new TransportError(`Could not send UDP query to ${endpoint}: ${describeNetworkError(error)}`, {
              endpoint,
              query,
              cause: error,
            }),
          );
        }
      });
    });
  });
}

function sendTcp(
  request: TransportRequest,
  config: ResolvedDnsTransportOptions,
  endpoint: string,
): Promise<DnsMessage> {
  const { signal } = request;
  const query = describeQuestion(request);
  const { wire, id } = withRandomId(request.wire);
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<DnsMessage>((resolve, reject) => {
    const socket = net.connect({ host: config.server, port: config.port, family: config.family });
    let settled = false;
    const finish = (error: unknown, message?: DnsMessage): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (message !== undefined) resolve(message);
      else reject(error);
    };
    const onAbort = (): void => finish(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });

    const framed = new Uint8Array(wire.byteLength + 2);
    framed[0] = wire.byteLength >> 8;
    framed[1] = wire.byteLength & 0xff;
    framed.set(wire, 2);
    socket.write(framed);

    let buffer: Buffer = Buffer.alloc(0);
    let expected = -1;
    socket.on('data', (chunk: Buffer) => {
      if (settled) return;
      buffer = buffer.byteLength === 0 ? chunk : Buffer.concat([buffer, chunk]);
      if (expected < 0 && buffer.byteLength >= 2) {
        expected = buffer.readUInt16BE(0);
        if (expected > config.maxResponseBytes) {
          finish(
            new MalformedResponseError(
              `TCP response from ${endpoint} for ${query} declares ${expected} bytes, more than the ${config.maxResponseBytes} allowed`,
              { endpoint, query },
            ),
          );
          return;
        }
      }
      if (expected < 0 || buffer.byteLength < expected + 2) return;
      const payload = buffer.subarray(2, expected + 2);
      if (payload.byteLength < 2 || messageId(payload) !== id) {
        finish(
          new MalformedResponseError(
            `TCP response from ${endpoint} for ${query} carries ID ${messageId(payload)}, expected ${id}`,
            { endpoint, query },
          ),
        );
        return;
      }
      try {
        const message = decodeAnswer(payload, request, endpoint);
        checkAnswerMatches(message, request, endpoint);
        finish(undefined, message);
      } catch (error) {
        finish(error);
      }
    });
    socket.on('end', () =>
      finish(
        new TransportError(
          expected < 0
            ? `TCP connection to ${endpoint} closed before a response to ${query}`
            : `TCP connection to ${endpoint} closed after ${buffer.byteLength - 2} of ${expected} response bytes for ${query}`,
          { endpoint, query },
        ),
      ),
    );
    socket.on('close', () =>
      finish(
        new TransportError(`TCP connection to ${endpoint} closed before a response to ${query}`, {
          endpoint,
          query,
        }),
      ),
    );
    socket.on('error', (error) =>
      finish(
        new TransportError(`TCP exchange with ${endpoint} failed: ${describeNetworkError(error)}`, {
          endpoint,
          query,
          cause: error,
        }),
      ),
    );
  });
}
