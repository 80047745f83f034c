/**
 * `@dotvn/core/dns`: a DNS-over-HTTPS stub resolver for browsers, Node 20+, Deno, Bun and
 * workers, with the wire-format codec and the message model it is built on.
 *
 * This file is the deliberate public surface: everything exported is listed by name.
 */

export {
  AbortedError,
  DotvnError,
  type DotvnErrorContext,
  InvalidInputError,
  isAbortedError,
  isDotvnError,
  isInvalidInputError,
  isMalformedResponseError,
  isRcodeError,
  isResolutionError,
  isTimeoutError,
  isTransportError,
  MalformedResponseError,
  RcodeError,
  ResolutionError,
  TimeoutError,
  TransportError,
} from '../errors.js';
export {
  type CacheKeyInput,
  type CachePolicy,
  cacheKey,
  cacheLifetime,
  createMemoryCacheStore,
  type DnsCacheEntry,
  type DnsCacheStore,
  type MemoryCacheStore,
  type MemoryCacheStoreOptions,
} from './cache.js';
export { normaliseQueryName, type ParsedRecordType, parseRecordType } from './names.js';
export {
  DEFAULT_ENDPOINTS,
  type DohEndpoint,
  type EndpointInput,
  type QueryOptions,
  type ResolverOptions,
} from './options.js';
export { createResolver, type ResolveResult, type Resolver } from './resolver.js';
export type { DnsTransport, TransportRequest, TransportResponse } from './transport.js';
export { createDohTransport, type DohTransportOptions } from './transports/doh.js';
export { createDohJsonTransport, type DohJsonTransportOptions } from './transports/doh-json.js';
export type { FetchLike } from './transports/http.js';
export {
  type DnsAnswer,
  type DnsFlags,
  type DnsMessage,
  type DnsQuestion,
  type DnsRecord,
  type EdnsInfo,
  type EdnsOption,
  type EncodeQueryOptions,
  type ExtendedDnsError,
  type KnownRecord,
  type KnownRecordType,
  type QuestionInput,
  Rcode,
  type RecordCommon,
  type RecordDataMap,
  RecordType,
  type SvcParam,
  type TransportKind,
  type UnknownRecord,
  type UnknownTypeName,
} from './types.js';
export {
  type DecodeOptions,
  decodeMessage,
  type EncodeMessageOptions,
  encodeMessage,
  encodeQuery,
  type MessageInput,
  type RecordInput,
} from './wire/index.js';
