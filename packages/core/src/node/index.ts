/**
 * `@dotvn/core/node`: DNS transports that need Node's sockets.
 *
 * - {@link createHttp2Transport}: DNS-over-HTTPS (RFC 8484) over `node:http2`, for HTTP/2-only
 *   servers and private certificate authorities.
 * - {@link createDnsTransport}: plain DNS over UDP and TCP to one server address.
 * - {@link queryServer}: one plain DNS query to one server, `dig @server` style.
 *
 * The transports implement `DnsTransport` and plug into `createResolver({ endpoints })` of
 * `@dotvn/core/dns`.
 *
 * @module
 */

export type { Http2TransportOptions } from './http2.js';
export { createHttp2Transport } from './http2.js';
export type { DnsTransportOptions, PlainDnsExchange, PlainDnsProtocol, PlainDnsTransport } from './plain.js';
export { createDnsTransport } from './plain.js';
export type { QueryServerOptions } from './query-server.js';
export { queryServer } from './query-server.js';
