import type { DnsMessage, RecordType, TransportKind, UnknownTypeName } from './types.js';

/**
 * One query as handed to a transport by the resolver. The resolver has already validated
 * the name and built the wire-format query, so transports only move bytes (or JSON).
 */
export interface TransportRequest {
  /** The question, name in ASCII presentation form. */
  question: { name: string; type: RecordType | UnknownTypeName; typeCode: number };
  /** RFC 1035 wire-format query (ID 0, RFC 8484 §4.1), EDNS and padding already applied. */
  wire: Uint8Array;
  /** Checking disabled was requested. */
  cd: boolean;
  /** DNSSEC OK was requested. */
  dnssecOk: boolean;
  /**
   * Fires on timeout or on the caller's abort. Transports stop work and reject promptly;
   * the resolver tells the two apart from `signal.reason` and throws the typed error itself.
   */
  signal: AbortSignal;
}

/**
 * Moves one query to one endpoint and returns the decoded answer.
 *
 * `send` rejects with a `TransportError` (network failure, HTTP 4xx/5xx), a
 * `MalformedResponseError` (undecodable body, wrong content type, answer to another
 * question, oversized body), or anything at all once `request.signal` has fired.
 * Any object of this shape can be passed to `createResolver({ endpoints })`, which is how
 * the Node-only transports of `@dotvn/core/node` (HTTP/2, UDP/TCP) plug in.
 */
export interface DnsTransport {
  /** How this transport reaches its endpoint. */
  readonly kind: TransportKind;
  /** The endpoint as shown in answers and errors (a URL, or `address#port`). */
  readonly endpoint: string;
  send(request: TransportRequest): Promise<DnsMessage>;
  /** Releases sockets or sessions, if the transport keeps any. */
  close?(): Promise<void>;
}
