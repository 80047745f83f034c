/**
 * A real DoH server on 127.0.0.1 for tests (Node only: `node:http`). It speaks RFC 8484 GET and
 * POST on `/dns-query` and the Google/Cloudflare JSON API on `/resolve`, and each test decides
 * what it answers: a message built with the codec, a slow answer, an HTTP error, garbage, the
 * wrong content type, an endless body, a hang, a dropped connection.
 *
 * Not part of the public surface; tests (and lab tests) import it directly.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DnsMessage, QuestionInput } from '../types.js';
import { base64ToBytes } from '../wire/encoding.js';
import { decodeMessage, encodeMessage, type MessageInput, type RecordInput } from '../wire/index.js';
import { typeCode, typeName } from '../wire/types-table.js';

/** One request as the server saw it. */
export interface DohTestRequest {
  method: string;
  /** Path and query string as received. */
  path: string;
  /** `wire` for `/dns-query` (RFC 8484), `json` for `/resolve`. */
  kind: 'wire' | 'json';
  headers: IncomingHttpHeaders;
  /** The raw `dns` parameter of a GET, as sent. */
  dnsParam: string | null;
  /** The query octets (GET parameter or POST body); empty for JSON. */
  wire: Uint8Array;
  /** The decoded query, or `null` when it did not decode (or for JSON). */
  query: DnsMessage | null;
  /** Name and type code asked (from the query, or from `name`/`type` for JSON); `null` if unreadable. */
  question: { name: string; typeCode: number } | null;
  /** JSON API parameters (`name`, `type`, `do`, `cd`, …). */
  params: Record<string, string>;
}

/** What to send back; encoded as wire or JSON to match the request. */
export type DohTestReply =
  | {
      /** A message to encode (wire) or map to JSON; see {@link replyTo}. */
      message: MessageInput;
      delayMs?: number;
      status?: number;
      contentType?: string;
      /** Extra response headers, e.g. `age`. */
      headers?: Record<string, string>;
    }
  | {
      /** Raw body, sent as is. */
      body: Uint8Array | string;
      delayMs?: number;
      status?: number;
      contentType?: string;
      /** Extra response headers, e.g. `age`. */
      headers?: Record<string, string>;
      /** Send without content-length, in 1 KiB chunks. */
      chunked?: boolean;
    }
  | {
      /** Arbitrary JSON (for hostile-JSON tests). */
      json: unknown;
      delayMs?: number;
      status?: number;
      contentType?: string;
      /** Extra response headers, e.g. `age`. */
      headers?: Record<string, string>;
    }
  /** Chunks forever (no content-length) until the client goes away. */
  | { endless: true; contentType?: string }
  /** Never answers; the request stays open until the client aborts or the server closes. */
  | { hang: true }
  /** Drops the connection without an HTTP response (a network error for the client). */
  | { destroy: true };

/** Decides the reply to a request. */
export type DohTestHandler = (request: DohTestRequest) => DohTestReply | Promise<DohTestReply>;

/** A running test server. */
export interface DohTestServer {
  /** RFC 8484 endpoint, `http://127.0.0.1:<port>/dns-query`. */
  readonly url: string;
  /** JSON API endpoint, `http://127.0.0.1:<port>/resolve`. */
  readonly jsonUrl: string;
  /** Every request received, in order. */
  readonly requests: DohTestRequest[];
  /** Requests being handled now. */
  readonly inFlight: number;
  /** Most requests ever handled at once. */
  readonly maxInFlight: number;
  /** Octets written by `endless` replies so far. */
  readonly bytesStreamed: number;
  /** Replaces the handler. */
  handle(handler: DohTestHandler): void;
  /** Forgets recorded requests and counters. */
  reset(): void;
  /** Closes the server and every open connection. */
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 with a free port. The default handler is {@link defaultHandler}. */
export async function startDohTestServer(handler: DohTestHandler = defaultHandler): Promise<DohTestServer> {
  let current = handler;
  const requests: DohTestRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let bytesStreamed = 0;

  const server = createServer((req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let counted = true;
    const done = () => {
      if (counted) inFlight -= 1;
      counted = false;
    };
    res.on('close', done);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = new Uint8Array(Buffer.concat(chunks));
      const request = parseRequest(req.method ?? 'GET', req.url ?? '/', req.headers, body);
      requests.push(request);
      Promise.resolve()
        .then(() => current(request))
        .then((reply) => send(res, request, reply, (n) => (bytesStreamed += n)))
        .catch((error: unknown) => {
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`test handler failed: ${error instanceof Error ? error.message : String(error)}`);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/dns-query`,
    jsonUrl: `${origin}/resolve`,
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get bytesStreamed() {
      return bytesStreamed;
    },
    handle(next) {
      current = next;
    },
    reset() {
      requests.length = 0;
      maxInFlight = inFlight;
      bytesStreamed = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

function parseRequest(
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: Uint8Array,
): DohTestRequest {
  const url = new URL(path, 'http://127.0.0.1');
  const params = Object.fromEntries(url.searchParams);
  if (url.pathname === '/resolve') {
    const type =
      params.type === undefined
        ? 1
        : (typeCode(/^\d+$/.test(params.type) ? Number(params.type) : params.type) ?? 0);
    return {
      method,
      path,
      kind: 'json',
      headers,
      dnsParam: null,
      wire: new Uint8Array(0),
      query: null,
      question: params.name === undefined ? null : { name: params.name, typeCode: type },
      params,
    };
  }
  const dnsParam = url.searchParams.get('dns');
  let wire = body;
  if (method === 'GET') {
    try {
      wire = dnsParam === null ? new Uint8Array(0) : base64ToBytes(dnsParam);
    } catch {
      wire = new Uint8Array(0);
    }
  }
  let query: DnsMessage | null = null;
  try {
    query = decodeMessage(wire);
  } catch {
    query = null;
  }
  const first = query?.question[0];
  return {
    method,
    path,
    kind: 'wire',
    headers,
    dnsParam,
    wire,
    query,
    question: first ? { name: first.name, typeCode: first.typeCode } : null,
    params,
  };
}

async function send(
  res: ServerResponse,
  request: DohTestRequest,
  reply: DohTestReply,
  onStreamed: (octets: number) => void,
): Promise<void> {
  if ('destroy' in reply) {
    res.socket?.destroy();
    return;
  }
  if ('hang' in reply) return;
  if ('endless' in reply) {
    res.writeHead(200, { 'content-type': reply.contentType ?? contentTypeFor(request) });
    const chunk = new Uint8Array(1024);
    // Writes until the client goes away; `res.destroyed` flips when it does.
    while (!res.destroyed && !res.writableEnded) {
      const ok = res.write(chunk);
      onStreamed(chunk.length);
      if (!ok) await new Promise((resolve) => setTimeout(resolve, 1));
      else await new Promise((resolve) => setImmediate(resolve));
    }
    return;
  }
  if (reply.delayMs) {
    await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (res.destroyed) return;
  }
  let body: Uint8Array;
  if ('message' in reply) {
    body =
      request.kind === 'json'
        ? new TextEncoder().encode(JSON.stringify(messageToJson(reply.message)))
        : encodeMessage(reply.message);
  } else if ('json' in reply) {
    body = new TextEncoder().encode(JSON.stringify(reply.json));
  } else {
    body = typeof reply.body === 'string' ? new TextEncoder().encode(reply.body) : reply.body;
  }
  const headers: Record<string, string | number> = {
    ...reply.headers,
    'content-type': reply.contentType ?? contentTypeFor(request),
  };
  if ('chunked' in reply && reply.chunked) {
    res.writeHead(reply.status ?? 200, headers);
    for (let i = 0; i < body.length && !res.destroyed; i += 1024) res.write(body.subarray(i, i + 1024));
    res.end();
    return;
  }
  headers['content-length'] = body.length;
  res.writeHead(reply.status ?? 200, headers);
  res.end(body);
}

function contentTypeFor(request: DohTestRequest): string {
  return request.kind === 'json' ? 'application/dns-json' : 'application/dns-message';
}

/** Options of {@link replyTo}. */
export interface ReplyOptions {
  /** @default 0 (NOERROR) */
  rcode?: number;
  /** @default [] */
  answer?: RecordInput[];
  /** @default [] */
  authority?: RecordInput[];
  /** Authentic data. @default false */
  ad?: boolean;
  /** Answer this question instead of the one asked. @default the request's question */
  question?: { name: string; type: QuestionInput['type'] };
  /** RFC 8914 extended errors to attach (wire: EDNS option 15; JSON: `extended_dns_errors`). @default [] */
  extendedErrors?: Array<{ infoCode: number; extraText?: string }>;
}

/** A response message to `request`, echoing its question, ID and CD bit (QR, RD, RA set). */
export function replyTo(request: DohTestRequest, options: ReplyOptions = {}): MessageInput {
  const asked = request.question ?? { name: '.', typeCode: 1 };
  const question = options.question ?? { name: asked.name, type: asked.typeCode };
  const extended = options.extendedErrors ?? [];
  const withOpt = request.query?.edns != null || extended.length > 0;
  return {
    id: request.query?.id ?? 0,
    rcode: options.rcode ?? 0,
    flags: {
      qr: true,
      rd: true,
      ra: true,
      ad: options.ad ?? false,
      cd: request.query?.flags.cd ?? request.params.cd === '1',
    },
    question: [{ name: question.name, type: question.type }],
    answer: options.answer ?? [],
    authority: options.authority ?? [],
    edns: withOpt
      ? {
          udpPayloadSize: 1232,
          dnssecOk: request.query?.edns?.dnssecOk ?? false,
          options: extended.map((e) => ({
            code: 15,
            data:
              e.infoCode.toString(16).padStart(4, '0') +
              Array.from(new TextEncoder().encode(e.extraText ?? ''), (b) =>
                b.toString(16).padStart(2, '0'),
              ).join(''),
          })),
        }
      : null,
  };
}

/** An A record. */
export function aRecord(name: string, address: string, ttl = 300): RecordInput {
  return { name, type: 'A', ttl, data: { address } };
}

/** An AAAA record. */
export function aaaaRecord(name: string, address: string, ttl = 300): RecordInput {
  return { name, type: 'AAAA', ttl, data: { address } };
}

/** A CNAME record. */
export function cnameRecord(name: string, target: string, ttl = 300): RecordInput {
  return { name, type: 'CNAME', ttl, data: { target } };
}

/** An SOA record for negative answers (RFC 2308): `ttl` and `minimum` decide the negative TTL. */
export function soaRecord(zone: string, ttl: number, minimum: number): RecordInput {
  return {
    name: zone,
    type: 'SOA',
    ttl,
    data: {
      mname: `ns1.${zone}`,
      rname: `hostmaster.${zone}`,
      serial: 2024010101,
      refresh: 7200,
      retry: 3600,
      expire: 1209600,
      minimum,
    },
  };
}

/**
 * Answers A with `192.0.2.1` and AAAA with `2001:db8::1` (TTL 300) for any name, and everything
 * else with NODATA and an SOA of the parent (TTL 3600, MINIMUM 300).
 */
export const defaultHandler: DohTestHandler = (request) => {
  const q = request.question;
  if (q?.typeCode === 1) return { message: replyTo(request, { answer: [aRecord(q.name, '192.0.2.1')] }) };
  if (q?.typeCode === 28)
    return { message: replyTo(request, { answer: [aaaaRecord(q.name, '2001:db8::1')] }) };
  const zone = q?.name.split('.').slice(1).join('.') || 'test';
  return { message: replyTo(request, { authority: [soaRecord(zone, 3600, 300)] }) };
};

/** The Google/Cloudflare JSON form of a message, for record types whose presentation tests need. */
export function messageToJson(message: MessageInput): Record<string, unknown> {
  const flags = message.flags ?? {};
  const rr = (record: RecordInput) => ({
    name: fqdn(record.name),
    type: typeCode(record.type) ?? 0,
    TTL: record.ttl,
    data: presentation(record),
  });
  const extended = (message.edns?.options ?? [])
    .filter((option) => option.code === 15)
    .map((option) => ({
      info_code: Number.parseInt(option.data.slice(0, 4), 16),
      extra_text: new TextDecoder().decode(
        Uint8Array.from(option.data.slice(4).match(/../g) ?? [], (h) => Number.parseInt(h, 16)),
      ),
    }));
  return {
    Status: message.rcode ?? 0,
    TC: flags.tc ?? false,
    RD: flags.rd ?? false,
    RA: flags.ra ?? false,
    AD: flags.ad ?? false,
    CD: flags.cd ?? false,
    Question: (message.question ?? []).map((q) => ({ name: fqdn(q.name), type: typeCode(q.type) ?? 0 })),
    ...(message.answer?.length ? { Answer: message.answer.map(rr) } : {}),
    ...(message.authority?.length ? { Authority: message.authority.map(rr) } : {}),
    ...(extended.length ? { extended_dns_errors: extended } : {}),
  };
}

function fqdn(name: string): string {
  return name === '.' ? '.' : `${name}.`;
}

function presentation(record: RecordInput): string {
  switch (record.type) {
    case 'A':
    case 'AAAA':
      return record.data.address;
    case 'NS':
    case 'CNAME':
    case 'DNAME':
    case 'PTR':
      return fqdn(record.data.target);
    case 'MX':
      return `${record.data.preference} ${fqdn(record.data.exchange)}`;
    case 'TXT':
      return record.data.strings.map((s) => JSON.stringify(s)).join(' ');
    case 'SOA': {
      const d = record.data;
      return `${fqdn(d.mname)} ${fqdn(d.rname)} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`;
    }
    case 'DS':
      return `${record.data.keyTag} ${record.data.algorithm} ${record.data.digestType} ${record.data.digest.toUpperCase()}`;
    default:
      throw new Error(
        `messageToJson: no presentation form for ${typeName(typeCode(record.type) ?? 0)} in the test server`,
      );
  }
}
