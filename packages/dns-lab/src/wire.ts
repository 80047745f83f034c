// The lab builds its few probe queries itself instead of using @dotvn/core's codec on purpose: the
// lab is the oracle for that codec's tests, so a codec bug must not be able to stop the lab starting
// or to make its health checks agree with the bug.
import * as dgram from 'node:dgram';

/** RR type codes the lab's own probes use (RFC 1035 §3.2.2, RFC 3596). */
export const QTYPE = { A: 1, NS: 2, SOA: 6, MX: 15, TXT: 16, AAAA: 28 } as const;

/** Header fields of a DNS message (RFC 1035 §4.1.1) that the lab's readiness probes read. */
export interface DnsHeader {
  readonly id: number;
  readonly rcode: number;
  readonly authoritative: boolean;
  readonly authenticData: boolean;
  readonly answerCount: number;
}

/**
 * Encodes a one-question query (RFC 1035 §4.1), with an EDNS0 OPT record setting DO
 * (RFC 3225) so validating resolvers report AD.
 */
export function encodeQuery(
  name: string,
  type: number,
  options: { id?: number; recursion?: boolean } = {},
): Buffer {
  const labels = name
    .replace(/\.$/, '')
    .split('.')
    .filter((l) => l.length > 0);
  const qname = Buffer.concat([
    ...labels.map((l) => {
      const bytes = Buffer.from(l, 'ascii');
      return Buffer.concat([Buffer.from([bytes.length]), bytes]);
    }),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(options.id ?? Math.floor(Math.random() * 0xffff), 0);
  header.writeUInt16BE(options.recursion === false ? 0 : 0x0100, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(1, 10);
  const question = Buffer.alloc(4);
  question.writeUInt16BE(type, 0);
  question.writeUInt16BE(1, 2);
  // OPT: root owner, type 41, UDP size 1232, DO bit set (RFC 6891 §6.1.2).
  const opt = Buffer.from([0, 0, 41, 0x04, 0xd0, 0, 0, 0x80, 0, 0, 0]);
  return Buffer.concat([header, qname, question, opt]);
}

/** Reads the header of a DNS message. Returns `null` when it is shorter than a header. */
export function decodeHeader(message: Uint8Array): DnsHeader | null {
  if (message.length < 12) return null;
  const view = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  const flags = view.readUInt16BE(2);
  return {
    id: view.readUInt16BE(0),
    rcode: flags & 0x0f,
    authoritative: (flags & 0x0400) !== 0,
    authenticData: (flags & 0x0020) !== 0,
    answerCount: view.readUInt16BE(6),
  };
}

/**
 * Sends one query over UDP and resolves with the answer's header, or `null` on timeout.
 * Used only to poll lab servers until they answer.
 */
export function udpProbe(
  address: string,
  port: number,
  name: string,
  type: number,
  options: { recursion?: boolean; timeoutMs?: number } = {},
): Promise<DnsHeader | null> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
    const query = encodeQuery(name, type, { recursion: options.recursion ?? true });
    const timer = setTimeout(() => finish(null), options.timeoutMs ?? 1000);
    let done = false;
    function finish(result: DnsHeader | null): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      resolve(result);
    }
    socket.on('error', () => finish(null));
    socket.on('message', (message) => finish(decodeHeader(message)));
    socket.send(query, port, address);
  });
}
