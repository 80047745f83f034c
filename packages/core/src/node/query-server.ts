import { normaliseQueryName, parseRecordType } from '../dns/names.js';
import { checkTimeout } from '../dns/options.js';
import type { DnsAnswer, RecordType, UnknownTypeName } from '../dns/types.js';
import { encodeQuery } from '../dns/wire/index.js';
import { AbortedError, TimeoutError } from '../errors.js';
import { createDnsTransport, type PlainDnsProtocol } from './plain.js';

/** Options of {@link queryServer}. */
export interface QueryServerOptions {
  /**
   * Server port.
   * @default 53
   */
  port?: number;
  /**
   * `udp`, `tcp`, or UDP then TCP when the UDP answer is truncated (see `createDnsTransport`).
   * @default 'udp-then-tcp'
   */
  protocol?: PlainDnsProtocol;
  /**
   * Recursion desired. Off by default because the usual target is an authoritative server;
   * set it when asking a recursive resolver.
   * @default false
   */
  rd?: boolean;
  /**
   * Checking disabled (RFC 4035 §3.2.2), for recursive resolvers.
   * @default false
   */
  cd?: boolean;
  /**
   * Set the DNSSEC OK bit (RFC 3225) so the server includes RRSIG, NSEC and NSEC3 records.
   * @default false
   */
  dnssec?: boolean;
  /**
   * EDNS UDP payload size advertised (RFC 6891 §6.2.5).
   * @default 1232
   */
  udpPayloadSize?: number;
  /**
   * Milliseconds before the query is given up with a `TimeoutError`: a whole number from 1, as
   * for the resolver's `timeout`.
   * @default 5000
   */
  timeout?: number;
  /** Aborts the query with an `AbortedError`. @default undefined */
  signal?: AbortSignal;
  /**
   * Largest TCP response accepted.
   * @default 65535
   */
  maxResponseBytes?: number;
}

type ResolvedQueryServerOptions = Required<Omit<QueryServerOptions, 'signal'>> & {
  signal: AbortSignal | undefined;
};

/**
 * Resolves the defaults of {@link QueryServerOptions}.
 * @throws {InvalidInputError} When `timeout` is not a whole number of milliseconds from 1.
 */
function resolveQueryServerOptions(options: QueryServerOptions): ResolvedQueryServerOptions {
  const timeout = options.timeout === undefined ? 5000 : checkTimeout(options.timeout);
  return {
    port: options.port ?? 53,
    protocol: options.protocol ?? 'udp-then-tcp',
    rd: options.rd ?? false,
    cd: options.cd ?? false,
    dnssec: options.dnssec ?? false,
    udpPayloadSize: options.udpPayloadSize ?? 1232,
    timeout,
    signal: options.signal,
    maxResponseBytes: options.maxResponseBytes ?? 65535,
  };
}

/**
 * Sends one query to one DNS server over plain DNS and returns its answer, as `dig @server`
 * does. Meant for asking authoritative name servers directly (hence `rd: false` by default).
 *
 * The answer is returned whatever its RCODE (NXDOMAIN, REFUSED, … are answers, not errors);
 * `transport` says whether UDP or TCP answered.
 *
 * @param server IPv4 or IPv6 address literal of the server.
 * @param name Domain name, Unicode or ASCII; IDNA-converted like the resolver does.
 * @param type Record type name, `TYPE<n>` form or number.
 * @default type 'A'
 * @throws {InvalidInputError} For a bad server address, name, type or option.
 * @throws {TimeoutError} When no answer arrived within `timeout`.
 * @throws {AbortedError} When `signal` fired.
 * @throws {TransportError} When the socket failed or the TCP connection was refused or cut.
 * @throws {MalformedResponseError} When the answer could not be decoded or did not match the query.
 */
export async function queryServer(
  server: string,
  name: string,
  type: RecordType | UnknownTypeName | string | number = 'A',
  options: QueryServerOptions = {},
): Promise<DnsAnswer> {
  const config = resolveQueryServerOptions(options);
  const qname = normaliseQueryName(name);
  const qtype = parseRecordType(type);
  const transport = createDnsTransport({
    server,
    port: config.port,
    protocol: config.protocol,
    maxResponseBytes: config.maxResponseBytes,
  });
  const query = `${qname}/${qtype.name}`;
  const context = { endpoint: transport.endpoint, query };
  if (config.signal?.aborted) {
    throw new AbortedError(`Query ${query} to ${transport.endpoint} was aborted before it was sent`, {
      ...context,
      cause: config.signal.reason,
    });
  }
  const timeoutSignal = AbortSignal.timeout(config.timeout);
  const signal =
    config.signal === undefined ? timeoutSignal : AbortSignal.any([config.signal, timeoutSignal]);
  const wire = encodeQuery(
    { name: qname, type: qtype.code },
    {
      id: 0,
      rd: config.rd,
      cd: config.cd,
      edns: true,
      dnssecOk: config.dnssec,
      udpPayloadSize: config.udpPayloadSize,
    },
  );
  const started = performance.now();
  try {
    const { message, transport: kind } = await transport.exchange({
      question: { name: qname, type: qtype.name, typeCode: qtype.code },
      wire,
      cd: config.cd,
      dnssecOk: config.dnssec,
      signal,
    });
    return {
      ...message,
      endpoint: transport.endpoint,
      transport: kind,
      elapsedMs: Math.round(performance.now() - started),
      fromCache: false,
    };
  } catch (error) {
    if (config.signal?.aborted) {
      throw new AbortedError(`Query ${query} to ${transport.endpoint} was aborted`, {
        ...context,
        cause: error,
      });
    }
    if (timeoutSignal.aborted) {
      throw new TimeoutError(
        `Query ${query} to ${transport.endpoint} got no answer within ${config.timeout} ms`,
        config.timeout,
        { ...context, cause: error },
      );
    }
    throw error;
  }
}
