import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  isInvalidInputError,
  isMalformedResponseError,
  isTransportError,
  MalformedResponseError,
  TransportError,
} from '../../errors.js';
import {
  aRecord,
  type DohTestServer,
  defaultHandler,
  replyTo,
  soaRecord,
  startDohTestServer,
} from '../test-support/doh-test-server.js';
import { transportRequest } from '../test-support/transport-request.js';
import { createDohTransport } from './doh.js';

let server: DohTestServer;
beforeAll(async () => {
  server = await startDohTestServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  server.handle(defaultHandler);
});

function request(name = 'ready.gov.vn', type: 'A' | 'AAAA' | 'TXT' = 'A', signal?: AbortSignal) {
  return transportRequest(name, type, signal ? { signal } : {});
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('createDohTransport (RFC 8484)', () => {
  it('sends GET with the query as unpadded base64url, ID 0 and accept: application/dns-message', async () => {
    const transport = createDohTransport({ url: server.url });
    expect(transport.kind).toBe('doh-get');
    // A name whose query encodes to base64 with padding and + or / characters in standard base64.
    const message = await transport.send(request('a.ready.gov.vn'));
    expect(message.answer[0]).toMatchObject({ type: 'A', data: { address: '192.0.2.1' } });
    const seen = server.requests[0];
    expect(seen?.method).toBe('GET');
    expect(seen?.headers.accept).toBe('application/dns-message');
    expect(seen?.dnsParam).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(seen?.query?.id).toBe(0);
    expect(seen?.query?.question[0]).toMatchObject({ name: 'a.ready.gov.vn', typeCode: 1 });
  });

  it('sends POST with content-type: application/dns-message and the query as body', async () => {
    const transport = createDohTransport({ url: server.url, method: 'POST' });
    expect(transport.kind).toBe('doh-post');
    await transport.send(request('ready.gov.vn', 'AAAA'));
    const seen = server.requests[0];
    expect(seen?.method).toBe('POST');
    expect(seen?.headers['content-type']).toBe('application/dns-message');
    expect(seen?.dnsParam).toBeNull();
    expect(seen?.query?.question[0]).toMatchObject({ name: 'ready.gov.vn', typeCode: 28 });
  });

  it('accepts an RFC 8484 URI template and sends extra headers through a custom fetch', async () => {
    const calls: string[] = [];
    const transport = createDohTransport({
      url: `${server.url}{?dns}`,
      headers: { 'x-test': 'yes', accept: 'text/html' },
      fetch: (input, init) => {
        calls.push(input instanceof Request ? input.url : String(input));
        return globalThis.fetch(input, init);
      },
    });
    expect(transport.endpoint).toBe(server.url);
    await transport.send(request());
    expect(calls).toHaveLength(1);
    expect(server.requests[0]?.headers['x-test']).toBe('yes');
    expect(server.requests[0]?.headers.accept).toBe('application/dns-message');
  });

  it('leaves credentials at the runtime default, a field Cloudflare Workers refuse', async () => {
    const seen: string[] = [];
    const transport = createDohTransport({
      url: server.url,
      fetch: (input, init) => {
        seen.push(input instanceof Request ? input.credentials : String(init?.credentials));
        return globalThis.fetch(input, init);
      },
    });
    await transport.send(request());
    // 'same-origin', the default: no cookies go to a cross-origin DoH server either way.
    expect(seen).toEqual(['same-origin']);
  });

  it('lowers every TTL by the Age of an answer from an HTTP cache, never below 0 (RFC 8484 §5.1)', async () => {
    let age = '100';
    server.handle((req) => ({
      message: replyTo(req, {
        answer: [aRecord('ready.gov.vn', '192.0.2.1', 300), aRecord('ready.gov.vn', '192.0.2.2', 60)],
        authority: [soaRecord('gov.vn', 3600, 300)],
      }),
      headers: { age },
    }));
    const transport = createDohTransport({ url: server.url });
    const ttls = async () => {
      const message = await transport.send(request());
      return [...message.answer, ...message.authority].map((record) => record.ttl);
    };
    expect(await ttls()).toEqual([200, 0, 3500]);
    // RFC 9111 §5.1: the first member of a list; an invalid value is ignored.
    age = '30, 500';
    expect(await ttls()).toEqual([270, 30, 3570]);
    age = 'soon';
    expect(await ttls()).toEqual([300, 60, 3600]);
  });

  it('says which transport carried each answer', async () => {
    expect((await createDohTransport({ url: server.url }).send(request())).transport).toBe('doh-get');
    const post = createDohTransport({ url: server.url, method: 'POST' });
    expect((await post.send(request())).transport).toBe('doh-post');
  });

  it('turns HTTP 4xx/5xx into a TransportError carrying status and endpoint', async () => {
    server.handle(() => ({ status: 503, body: 'overloaded, try later', contentType: 'text/plain' }));
    const error = await failure(createDohTransport({ url: server.url }).send(request()));
    expect(isTransportError(error)).toBe(true);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).status).toBe(503);
    expect((error as TransportError).endpoint).toBe(server.url);
    expect((error as Error).message).toMatch(/HTTP 503.*overloaded/);
  });

  it('rejects a wrong content type as malformed', async () => {
    server.handle((req) => ({ message: replyTo(req), contentType: 'text/html; charset=utf-8' }));
    const error = await failure(createDohTransport({ url: server.url }).send(request()));
    expect(isMalformedResponseError(error)).toBe(true);
    expect((error as Error).message).toMatch(/text\/html/);
  });

  it('refuses a body whose content-length exceeds maxResponseBytes', async () => {
    server.handle(() => ({ body: new Uint8Array(5000) }));
    const error = await failure(
      createDohTransport({ url: server.url, maxResponseBytes: 4096 }).send(request()),
    );
    expect(isMalformedResponseError(error)).toBe(true);
    expect((error as Error).message).toMatch(/5000 octets.*limit is 4096/);
  });

  it('stops reading an endless streamed body once it passes the limit', async () => {
    server.handle(() => ({ endless: true }));
    const error = await failure(
      createDohTransport({ url: server.url, maxResponseBytes: 2048 }).send(request()),
    );
    expect(isMalformedResponseError(error)).toBe(true);
    expect((error as Error).message).toMatch(/more than 2048 octets/);
  });

  it('rejects a chunked body over the limit without content-length', async () => {
    server.handle(() => ({ body: new Uint8Array(10_000), chunked: true }));
    const error = await failure(
      createDohTransport({ url: server.url, maxResponseBytes: 4096 }).send(request()),
    );
    expect(isMalformedResponseError(error)).toBe(true);
  });

  it('rejects a body that does not decode, naming the endpoint', async () => {
    server.handle(() => ({ body: new Uint8Array([1, 2, 3, 4, 5, 6, 7]) }));
    const error = await failure(createDohTransport({ url: server.url }).send(request()));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as MalformedResponseError).endpoint).toBe(server.url);
  });

  it('rejects an answer to another question', async () => {
    server.handle((req) => ({
      message: replyTo(req, {
        question: { name: 'evil.example', type: 'A' },
        answer: [aRecord('evil.example', '203.0.113.66')],
      }),
    }));
    const error = await failure(createDohTransport({ url: server.url }).send(request()));
    expect(isMalformedResponseError(error)).toBe(true);
    expect((error as Error).message).toMatch(/another question/);
  });

  it('rejects an answer of another type and a message that is not a response', async () => {
    server.handle((req) => ({ message: replyTo(req, { question: { name: 'ready.gov.vn', type: 'AAAA' } }) }));
    expect(
      isMalformedResponseError(await failure(createDohTransport({ url: server.url }).send(request()))),
    ).toBe(true);
    server.handle((req) => ({ message: { ...replyTo(req), flags: { qr: false } } }));
    const error = await failure(createDohTransport({ url: server.url }).send(request()));
    expect((error as Error).message).toMatch(/QR/);
  });

  it('matches the question name case-insensitively', async () => {
    server.handle((req) => ({ message: replyTo(req, { question: { name: 'READY.Gov.VN', type: 'A' } }) }));
    const message = await createDohTransport({ url: server.url }).send(request());
    expect(message.question[0]?.name).toBe('READY.Gov.VN');
  });

  it('reports a dropped connection as a TransportError', async () => {
    server.handle(() => ({ destroy: true }));
    const error = await failure(createDohTransport({ url: server.url }).send(request()));
    expect(isTransportError(error)).toBe(true);
  });

  it('reports a connection dropped in the middle of the body as a TransportError', async () => {
    // Headers and the first octets of a 100-octet body, then the connection goes.
    const raw = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/dns-message', 'content-length': '100' });
      res.write(new Uint8Array(10), () => res.socket?.destroy());
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/dns-query`;
      const error = await failure(createDohTransport({ url }).send(request()));
      expect(isTransportError(error)).toBe(true);
      expect(error).toMatchObject({ endpoint: url, query: 'ready.gov.vn/A' });
      expect((error as Error).message).toMatch(/body/);
    } finally {
      raw.closeAllConnections();
      await new Promise<void>((resolve) => raw.close(() => resolve()));
    }
  });

  it('reports an HTTP 503 at once even when its error page trickles in without end', async () => {
    // Status and headers, then one octet of the error page every 100 ms, forever.
    const raw = createServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      const drip = setInterval(() => res.write('x'), 100);
      res.on('close', () => clearInterval(drip));
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/dns-query`;
      // The caller's signal never fires: only the transport's own bound on the error page can end it.
      const outcome = await Promise.race([
        failure(createDohTransport({ url }).send(request())),
        new Promise((resolve) => setTimeout(() => resolve('still reading the error page'), 3_000)),
      ]);
      expect(isTransportError(outcome)).toBe(true);
      expect(outcome).toMatchObject({ status: 503, endpoint: url });
    } finally {
      raw.closeAllConnections();
      await new Promise<void>((resolve) => raw.close(() => resolve()));
    }
  });

  it('stops when the signal fires', async () => {
    server.handle(() => ({ hang: true }));
    const controller = new AbortController();
    const pending = createDohTransport({ url: server.url }).send(
      request('ready.gov.vn', 'A', controller.signal),
    );
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await expect(pending).rejects.toThrow();
    expect(controller.signal.aborted).toBe(true);
  });

  it('rejects endpoint URLs that are not http(s)', () => {
    for (const url of ['dns.google', 'ftp://dns.example/', 'tls://1.1.1.1']) {
      let caught: unknown;
      try {
        createDohTransport({ url });
      } catch (error) {
        caught = error;
      }
      expect(isInvalidInputError(caught)).toBe(true);
    }
  });
});
