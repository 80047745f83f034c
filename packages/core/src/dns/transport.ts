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
 * What {@link DnsTransport.send} resolves to: the decoded answer, which may also say how this
 * particular exchange travelled.
 */
export type TransportResponse = DnsMessage & {
  /**
   * How this answer reached the client, for transports whose way can differ from one exchange to
   * the next (plain DNS: UDP, or TCP after a truncated UDP answer). The resolver reports it as
   * `answer.transport`; when it is absent, it reports the transport's `kind`. Reading `kind` after
   * `send()` would not do: with queries running concurrently, another exchange may have changed it.
   */
  transport?: TransportKind;
};

/**
 * Moves one query to one endpoint and returns the decoded answer.
 *
 * `send` rejects with a `TransportError` (network failure, HTTP 4xx/5xx), a
 * `MalformedResponseError` (undecodable body, wrong content type, answer to another question,
 * oversized body), or anything at all once `request.signal` has fired.
 * Any object of this shape can be passed to `createResolver({ endpoints })`, which is how
 * the Node-only transports of `@dotvn/core/node` (HTTP/2, UDP/TCP) plug in. A custom transport
 * may resolve to a plain {@link DnsMessage}; one that can answer in more than one way sets
 * {@link TransportResponse.transport} on each answer.
 */
export interface DnsTransport {
  /** How this transport reaches its endpoint (reported when an answer does not say otherwise). */
  readonly kind: TransportKind;
  /** The endpoint as shown in answers and errors (a URL, or `address#port`). */
  readonly endpoint: string;
  send(request: TransportRequest): Promise<TransportResponse>;
  /** Releases sockets or sessions, if the transport keeps any. */
  close?(): Promise<void>;
}
