import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http2 from 'node:http2';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { transportRequest } from '../dns/test-support/transport-request.js';
import type { DnsTransport, TransportRequest } from '../dns/transport.js';
import { decodeMessage, encodeMessage } from '../dns/wire/index.js';
import { isMalformedResponseError, isTransportError } from '../errors.js';
import { createHttp2Transport } from './http2.js';

type Mode =
  | 'ok'
  | 'status-500'
  | 'html'
  | 'oversize'
  | 'other-question'
  | 'wrong-id'
  | 'age'
  | 'garbage'
  | 'hang'
  | 'goaway';

interface Seen {
  method: string;
  path: string;
  contentType: string | undefined;
  query: Uint8Array;
}

/** A small RFC 8484 server over HTTP/2 (h2c, or TLS when given a key pair) answering with codec-built packets. */
function startDohServer(tls?: { key: Buffer; cert: Buffer }) {
  const state = {
    mode: 'ok' as Mode,
    seen: [] as Seen[],
    sessions: 0,
    closedStreams: [] as number[],
  };
  const server = tls ? http2.createSecureServer({ ...tls, allowHTTP1: false }) : http2.createServer();
  const open = new Set<http2.ServerHttp2Session>();
  server.on('session', (session) => {
    state.sessions++;
    open.add(session);
    session.on('close', () => open.delete(session));
  });
  server.on('stream', (stream, headers) => {
    const method = String(headers[':method']);
    const path = String(headers[':path']);
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('close', () => state.closedStreams.push(stream.rstCode));
    stream.on('error', () => {});
    stream.on('end', () => {
      const query =
        method === 'GET'
          ? new Uint8Array(Buffer.from(new URL(path, 'http://x').searchParams.get('dns') ?? '', 'base64url'))
          : new Uint8Array(Buffer.concat(chunks));
      state.seen.push({ method, path, contentType: headers['content-type'], query });
      answer(stream, query);
    });
  });

  function answer(stream: http2.ServerHttp2Stream, query: Uint8Array): void {
    const asked = decodeMessage(query);
    const q = asked.question[0];
    if (q === undefined) throw new Error('no question');
    const respond = (
      body: Uint8Array | string,
      contentType = 'application/dns-message',
      extra: http2.OutgoingHttpHeaders = {},
    ) => {
      stream.respond({ ':status': 200, 'content-type': contentType, ...extra });
      stream.end(body);
    };
    switch (state.mode) {
      case 'hang':
        return;
      case 'goaway':
        stream.session?.goaway();
        stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
        return;
      case 'status-500':
        stream.respond({ ':status': 500, 'content-type': 'text/plain' });
        stream.end('boom');
        return;
      case 'html':
        respond('<html>not dns</html>', 'text/html; charset=utf-8');
        return;
      case 'garbage':
        respond(Uint8Array.of(1, 2, 3));
        return;
      case 'oversize':
        stream.respond({ ':status': 200, 'content-type': 'application/dns-message' });
        stream.write(Buffer.alloc(40_000));
        stream.write(Buffer.alloc(40_000));
        // Never ends: the client must stop reading on its own.
        return;
      default:
        respond(
          encodeMessage({
            id: state.mode === 'wrong-id' ? (asked.id + 1) & 0xffff : asked.id,
            flags: { qr: true, rd: true, ra: true },
            question: [
              state.mode === 'other-question'
                ? { name: 'other.example', type: 'A' }
                : { name: q.name, type: q.type },
            ],
            answer: [{ name: q.name, type: 'A', ttl: 300, data: { address: '192.0.2.1' } }],
          }),
          'application/dns-message',
          state.mode === 'age' ? { age: '120' } : {},
        );
    }
  }

  return new Promise<{ url: string; state: typeof state; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}/dns-query`,
        state,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Node keeps a server session it sent GOAWAY on until its socket closes; close() would wait.
            for (const session of open) session.destroy();
          }),
      });
    });
  });
}

function request(name = 'example.vn', signal = AbortSignal.timeout(5000)): TransportRequest {
  return transportRequest(name, 'A', { signal });
}

describe('createHttp2Transport over h2c', () => {
  let server: Awaited<ReturnType<typeof startDohServer>>;
  const transports: DnsTransport[] = [];
  const make = (options: Partial<Parameters<typeof createHttp2Transport>[0]> = {}) => {
    const transport = createHttp2Transport({ url: server.url, ...options });
    transports.push(transport);
    return transport;
  };

  beforeAll(async () => {
    server = await startDohServer();
  });
  afterEach(async () => {
    await Promise.all(transports.splice(0).map((t) => t.close?.()));
    server.state.mode = 'ok';
    server.state.seen.length = 0;
    server.state.sessions = 0;
    server.state.closedStreams.length = 0;
  });
  afterAll(() => server.close());

  it('sends a GET query as unpadded base64url and decodes the answer', async () => {
    const transport = make();
    expect(transport.kind).toBe('doh-http2');
    expect(transport.endpoint).toBe(server.url);
    const message = await transport.send(request());
    expect(message.answer).toEqual([
      expect.objectContaining({ name: 'example.vn', type: 'A', data: { address: '192.0.2.1' } }),
    ]);
    const seen = server.state.seen[0];
    expect(seen?.method).toBe('GET');
    expect(seen?.path).toMatch(/^\/dns-query\?dns=[A-Za-z0-9_-]+$/);
    expect(seen?.query).toEqual(request().wire);
  });

  it('keeps the query string of the endpoint URL when adding dns=', async () => {
    await make({ url: `${server.url}?token=abc` }).send(request());
    expect(server.state.seen[0]?.path).toMatch(/^\/dns-query\?token=abc&dns=/);
  });

  it('sends a POST query as an application/dns-message body', async () => {
    const message = await make({ method: 'POST' }).send(request());
    expect(message.answer).toHaveLength(1);
    expect(server.state.seen[0]).toMatchObject({
      method: 'POST',
      path: '/dns-query',
      contentType: 'application/dns-message',
    });
    expect(server.state.seen[0]?.query).toEqual(request().wire);
  });

  it('multiplexes concurrent queries over one session', async () => {
    const transport = make();
    const names = ['a.example', 'b.example', 'c.example', 'd.example'];
    const answers = await Promise.all(names.map((name) => transport.send(request(name))));
    expect(answers.map((a) => a.question[0]?.name)).toEqual(names);
    expect(server.state.sessions).toBe(1);
  });

  it('reconnects after the server sends GOAWAY', async () => {
    const transport = make();
    await transport.send(request());
    server.state.mode = 'goaway';
    await expect(transport.send(request())).rejects.toSatisfy(isTransportError);
    server.state.mode = 'ok';
    await expect(transport.send(request())).resolves.toMatchObject({ rcodeName: 'NOERROR' });
    expect(server.state.sessions).toBe(2);
  });

  it('reconnects after close()', async () => {
    const transport = make();
    await transport.send(request());
    await transport.close?.();
    await transport.send(request());
    expect(server.state.sessions).toBe(2);
  });

  it('rejects a non-2xx status with a TransportError carrying status and endpoint', async () => {
    server.state.mode = 'status-500';
    const error = await make()
      .send(request())
      .catch((e: unknown) => e);
    expect(isTransportError(error)).toBe(true);
    expect(error).toMatchObject({ status: 500, endpoint: server.url, query: 'example.vn/A' });
  });

  it('rejects a wrong content type with a MalformedResponseError', async () => {
    server.state.mode = 'html';
    const error = await make()
      .send(request())
      .catch((e: unknown) => e);
    expect(isMalformedResponseError(error)).toBe(true);
    expect((error as Error).message).toContain('text/html');
  });

  it('stops reading a body over maxResponseBytes and cancels the stream', async () => {
    server.state.mode = 'oversize';
    const error = await make({ maxResponseBytes: 1000 })
      .send(request())
      .catch((e: unknown) => e);
    expect(isMalformedResponseError(error)).toBe(true);
    expect((error as Error).message).toContain('exceeds 1000 bytes');
    await expect.poll(() => server.state.closedStreams).toEqual([http2.constants.NGHTTP2_CANCEL]);
  });

  it('rejects an undecodable body with a MalformedResponseError', async () => {
    server.state.mode = 'garbage';
    const error = await make()
      .send(request())
      .catch((e: unknown) => e);
    expect(isMalformedResponseError(error)).toBe(true);
    expect(error).toMatchObject({ endpoint: server.url, query: 'example.vn/A' });
  });

  it('rejects an answer to another question with a MalformedResponseError', async () => {
    server.state.mode = 'other-question';
    const error = await make()
      .send(request())
      .catch((e: unknown) => e);
    expect(isMalformedResponseError(error)).toBe(true);
    expect((error as Error).message).toContain('other.example/A');
  });

  it("rejects an answer whose message ID is not the query's with a MalformedResponseError", async () => {
    server.state.mode = 'wrong-id';
    for (const method of ['GET', 'POST'] as const) {
      const error = await make({ method })
        .send(request())
        .catch((e: unknown) => e);
      expect(isMalformedResponseError(error), method).toBe(true);
      expect((error as Error).message).toMatch(/message ID 1; expected 0/);
    }
  });

  it('lowers TTLs by the Age of an answer from an HTTP cache and says it came over HTTP/2', async () => {
    server.state.mode = 'age';
    const message = await make().send(request());
    expect(message.answer[0]?.ttl).toBe(180);
    expect(message.transport).toBe('doh-http2');
  });

  it('cancels the stream with NGHTTP2_CANCEL when the signal fires', async () => {
    server.state.mode = 'hang';
    const controller = new AbortController();
    const reason = new Error('stop');
    const pending = make().send(request('example.vn', controller.signal));
    await expect.poll(() => server.state.seen.length).toBe(1);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await expect.poll(() => server.state.closedStreams).toEqual([http2.constants.NGHTTP2_CANCEL]);
  });

  it('rejects at once when the signal has already fired', async () => {
    const reason = new Error('early');
    await expect(make().send(request('example.vn', AbortSignal.abort(reason)))).rejects.toBe(reason);
    expect(server.state.seen).toHaveLength(0);
  });

  it('rejects with a TransportError when nothing listens', async () => {
    const port = await closedPort();
    const error = await make({ url: `http://127.0.0.1:${port}/dns-query` })
      .send(request())
      .catch((e: unknown) => e);
    expect(isTransportError(error)).toBe(true);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('refuses URLs that are not http(s) and bad limits', () => {
    expect(() => createHttp2Transport({ url: 'ftp://x/dns' })).toThrow(/expected https:/);
    expect(() => createHttp2Transport({ url: 'not a url' })).toThrow(/not an absolute URL/);
    expect(() => createHttp2Transport({ url: server.url, maxResponseBytes: 3 })).toThrow(/maxResponseBytes/);
    for (const sessionIdleTimeout of [-1, Number.NaN, 2 ** 31]) {
      expect(() => createHttp2Transport({ url: server.url, sessionIdleTimeout })).toThrow(
        expect.objectContaining({
          name: 'InvalidInputError',
          message: expect.stringMatching(/sessionIdleTimeout/),
        }),
      );
    }
  });
});

describe('createHttp2Transport and the process lifetime', () => {
  let server: Awaited<ReturnType<typeof startDohServer>>;
  let dir: string;
  const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
  const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
  const wire = fileURLToPath(new URL('../dns/wire/index.ts', import.meta.url));

  beforeAll(async () => {
    server = await startDohServer();
    dir = mkdtempSync(join(tmpdir(), 'dotvn-h2-life-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs a module that queries the test server, then ends its top level with `tail`. */
  function runScript(tail: string): Promise<{ code: number | null; stdout: string; ms: number }> {
    const file = join(dir, `script-${Math.random().toString(36).slice(2)}.mts`);
    writeFileSync(
      file,
      `import { createHttp2Transport } from ${JSON.stringify(entry)};
import { encodeQuery } from ${JSON.stringify(wire)};
const t = createHttp2Transport({ url: ${JSON.stringify(server.url)}, sessionIdleTimeout: 60_000 });
const request = (name) => ({ question: { name, type: 'A', typeCode: 1 }, wire: encodeQuery({ name, type: 'A' }), cd: false, dnssecOk: false, signal: AbortSignal.timeout(5000) });
const answers = await Promise.all([t.send(request('a.example')), t.send(request('b.example'))]);
console.log(answers.map((a) => a.rcodeName).join(','));
${tail}
`,
    );
    const started = Date.now();
    return new Promise((resolve) => {
      execFile(process.execPath, [tsxCli, file], { timeout: 20_000 }, (error, stdout) => {
        resolve({ code: error === null ? 0 : (error.code as number), stdout, ms: Date.now() - started });
      });
    });
  }

  it('lets the process exit while the session is idle, without close()', async () => {
    const result = await runScript('');
    expect(result.stdout.trim()).toBe('NOERROR,NOERROR');
    expect(result.code).toBe(0);
    // Far below the 60 s idle timeout: the idle session held nothing open.
    expect(result.ms).toBeLessThan(15_000);
  }, 30_000);

  it('keeps the process alive until an awaited close() has finished', async () => {
    // Exit code 13 would mean Node found the awaited close() unsettled with nothing left to run.
    const result = await runScript("await t.close(); console.log('closed');");
    expect(result.stdout.trim().split('\n')).toEqual(['NOERROR,NOERROR', 'closed']);
    expect(result.code).toBe(0);
  }, 30_000);
});

describe('createHttp2Transport over TLS', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startDohServer>>;
  let cert: Buffer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dotvn-h2-'));
    // A throw-away self-signed certificate for 127.0.0.1, standing in for the lab's private CA.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-subj',
        '/CN=dotvn test',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-days',
        '1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'cert.pem'));
    server = await startDohServer({ key: readFileSync(join(dir, 'key.pem')), cert });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('trusts a private CA given as PEM', async () => {
    const transport = createHttp2Transport({ url: server.url, ca: cert.toString('utf8') });
    try {
      await expect(transport.send(request())).resolves.toMatchObject({ rcodeName: 'NOERROR' });
    } finally {
      await transport.close?.();
    }
  });

  it('rejects a certificate it cannot verify with a TransportError', async () => {
    const transport = createHttp2Transport({ url: server.url });
    try {
      const error = await transport.send(request()).catch((e: unknown) => e);
      expect(isTransportError(error)).toBe(true);
      expect((error as Error).message).toMatch(/self[- ]signed/i);
    } finally {
      await transport.close?.();
    }
  });
});

async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

describe('createHttp2Transport against a server that never completes the TLS handshake', () => {
  let server: import('node:net').Server;
  let url: string;
  const sockets = new Set<import('node:net').Socket>();

  beforeAll(async () => {
    const { createServer } = await import('node:net');
    // Accepts the connection and never answers the ClientHello: the session stays `connecting`.
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/dns-query`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const settlesWithin = (promise: Promise<unknown>, ms: number) =>
    Promise.race([
      promise.then(() => 'settled'),
      new Promise((resolve) => setTimeout(() => resolve('still pending'), ms)),
    ]);

  it('closes at once after the query was aborted', async () => {
    const transport = createHttp2Transport({ url });
    const controller = new AbortController();
    const pending = transport.send(request('example.vn', controller.signal));
    await expect.poll(() => sockets.size).toBe(1);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    expect(await settlesWithin(transport.close?.() ?? Promise.resolve(), 1000)).toBe('settled');
  });

  it('closes at once with a query still waiting, which fails with a TransportError', async () => {
    const transport = createHttp2Transport({ url });
    const pending = transport.send(request()).catch((e: unknown) => e);
    await expect.poll(() => sockets.size).toBe(1);
    expect(await settlesWithin(transport.close?.() ?? Promise.resolve(), 1000)).toBe('settled');
    expect(isTransportError(await pending)).toBe(true);
  });

  it('lets the process exit once the waiting query was aborted, without close()', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dotvn-h2-stall-'));
    const file = join(dir, 'script.mts');
    const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
    const wire = fileURLToPath(new URL('../dns/wire/index.ts', import.meta.url));
    writeFileSync(
      file,
      `import { createHttp2Transport } from ${JSON.stringify(entry)};
import { encodeQuery } from ${JSON.stringify(wire)};
const t = createHttp2Transport({ url: ${JSON.stringify(url)} });
const signal = AbortSignal.timeout(200);
const error = await t.send({ question: { name: 'a.example', type: 'A', typeCode: 1 }, wire: encodeQuery({ name: 'a.example', type: 'A' }), cd: false, dnssecOk: false, signal }).catch((e) => e);
console.log(error.name);
`,
    );
    const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
    const started = Date.now();
    try {
      const result = await new Promise<{ stdout: string; killed: boolean }>((resolve) => {
        execFile(process.execPath, [tsxCli, file], { timeout: 8000 }, (error, stdout) => {
          resolve({ stdout, killed: error?.killed ?? false });
        });
      });
      expect(result.stdout.trim()).toBe('TimeoutError');
      expect(result.killed).toBe(false);
      expect(Date.now() - started).toBeLessThan(8000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 15_000);
});
