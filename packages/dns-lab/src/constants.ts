/**
 * Every port and address block the lab uses, in one place so tests, benchmarks and docs agree.
 *
 * Ports sit in the 15xxx range: far from well-known services (53, 5353 mDNS, 8080 dev servers)
 * that a developer machine may already run.
 */
export const LAB_PORTS = {
  /** Unbound, plain DNS over UDP and TCP on 127.0.0.1. */
  unboundDns: 15353,
  /** Unbound's own DNS-over-HTTPS (RFC 8484) over TLS, HTTP/2 only. */
  unboundDoh: 15443,
  /** dnsdist, plain DNS over UDP and TCP, forwarding to Unbound. */
  dnsdistDns: 15053,
  /** dnsdist DoH over cleartext HTTP/1.1 and HTTP/2, with CORS headers. */
  dnsdistDohHttp: 15080,
  /** dnsdist DoH over TLS with the lab CA's certificate. */
  dnsdistDohHttps: 15444,
} as const;

/** Names of the ports in {@link LAB_PORTS}. */
export type LabPortName = keyof typeof LAB_PORTS;

/**
 * Authoritative servers listen on port 53 because a recursive resolver follows glue to port 53
 * and cannot be told otherwise per delegation.
 */
export const AUTHORITATIVE_PORT = 53;

/** Address the resolvers and front ends listen on. */
export const LOOPBACK_V4 = '127.0.0.1';

/** IPv4 block for lab name servers: 127.53.0.0/16 (inside 127.0.0.0/8, so loopback-only). */
export const LAB_V4_PREFIX = '127.53';

/**
 * IPv6 block for lab name servers: a ULA /48 (RFC 4193) that never leaves the machine because
 * its addresses only exist on `lo`.
 */
export const LAB_V6_PREFIX = 'fd53:7e5a:1ab';

/** The DoH path served by dnsdist and Unbound (RFC 8484 §6 suggests it; both default to it). */
export const DOH_PATH = '/dns-query';

/** Delay, in milliseconds, before the `slow` name server relays an answer. */
export const SLOW_NS_DELAY_MS = 1500;

/** Default lab folder name under `os.tmpdir()`; `DOTVN_LAB_DIR` overrides the whole path. */
export const LAB_DIR_NAME = 'dotvn-lab';

/** Environment variable that overrides the lab folder. */
export const LAB_DIR_ENV = 'DOTVN_LAB_DIR';

/**
 * IPv4 address `127.53.<block>.<host>` of the lab.
 * @param block - third octet, one per zone or server group
 * @param host - fourth octet
 */
export function labV4(block: number, host: number): string {
  return `${LAB_V4_PREFIX}.${block}.${host}`;
}

/**
 * IPv6 address `fd53:7e5a:1ab:<block>::<host>` of the lab (both numbers written in decimal
 * digits, so `labV6(20, 1)` pairs visibly with `labV4(20, 1)`).
 */
export function labV6(block: number, host: number): string {
  return `${LAB_V6_PREFIX}:${block}::${host}`;
}
