// End-to-end: runs the real entry (src/cli.ts through tsx, which also applies the tsconfig
// `paths` to the SDK's sources) against local DoH servers answering with codec-built packets.
import { execFile, spawn } from 'node:child_process';
import * as http from 'node:http';
import * as http2 from 'node:http2';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extendedErrorOption } from '../../core/src/dns/wire/index.js';
import { decodeMessage, encodeMessage, type MessageInput } from './test-support.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

/** Text that would drive a terminal if printed raw: CSI (C1), OSC window title, BEL. */
const HOSTILE_TEXT = '\u009b2J\u001b]0;pwned\u0007';

/** The answer of the test zone for a query, by name. `null`: never answer. */
function answerFor(query: Uint8Array): Uint8Array | null | 'http-500' | 'http-500-hostile' {
  const asked = decodeMessage(query);
  const q = asked.question[0];
  if (q === undefined) throw new Error('no question');
  const base: MessageInput = {
    id: asked.id,
    flags: { qr: true, rd: true, ra: true },
    question: [{ name: q.name, type: q.type }],
    edns: { udpPayloadSize: 1232, dnssecOk: asked.edns?.dnssecOk ?? false },
  };
  switch (q.name) {
    case 'ok.example':
      return encodeMessage({
        ...base,
        flags: { ...base.flags, ad: true },
        answer: [{ name: q.name, type: 'A', ttl: 300, data: { address: '192.0.2.10' } }],
      });
    case 'nodata.example':
      return encodeMessage(base);
    case 'missing.example':
      return encodeMessage({ ...base, rcode: 3 });
    case 'bogus.example':
      return encodeMessage({
        ...base,
        rcode: 2,
        edns: { udpPayloadSize: 1232, options: [extendedErrorOption(6, 'signature expired')] },
      });
    case 'refused.example':
      return encodeMessage({ ...base, rcode: 5 });
    case 'broken.example':
      return 'http-500';
    case 'hostile-error.example':
      return 'http-500-hostile';
    case 'hostile.example':
      return encodeMessage({
        ...base,
        answer: [{ name: q.name, type: 'TXT', ttl: 300, data: { strings: [HOSTILE_TEXT] } }],
      });
    default:
      return null;
  }
}

interface Seen {
  method: string;
  dnssecOk: boolean | undefined;
}

function startHttp1(seen: Seen[]): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const query =
        req.method === 'POST'
          ? new Uint8Array(Buffer.concat(chunks))
          : new Uint8Array(Buffer.from(url.searchParams.get('dns') ?? '', 'base64url'));
      seen.push({ method: req.method ?? '', dnssecOk: decodeMessage(query).edns?.dnssecOk });
      const answer = answerFor(query);
      if (answer === null) return; // hang: the client's timeout must fire
      if (answer === 'http-500' || answer === 'http-500-hostile') {
        res
          .writeHead(500, { 'content-type': 'text/plain' })
          .end(answer === 'http-500' ? 'boom' : HOSTILE_TEXT);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/dns-message' }).end(answer);
    });
  });
  return listen(server, 'http');
}

function startH2c(seen: Seen[]): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    const query = new Uint8Array(
      Buffer.from(new URL(String(headers[':path']), 'http://x').searchParams.get('dns') ?? '', 'base64url'),
    );
    seen.push({ method: `h2 ${String(headers[':method'])}`, dnssecOk: decodeMessage(query).edns?.dnssecOk });
    const answer = answerFor(query);
    if (answer === null || typeof answer === 'string') return;
    stream.respond({ ':status': 200, 'content-type': 'application/dns-message' });
    stream.end(answer);
  });
  return listen(server, 'http');
}

function listen(
  server: http.Server | http2.Http2Server,
  scheme: string,
): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `${scheme}://127.0.0.1:${port}/dns-query`,
        close: () =>
          new Promise<void>((done) => {
            (server as http.Server).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function dotvn(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsxCli, 'src/cli.ts', ...args],
      {
        cwd: packageDir,
        // A clean environment: no inherited language or resolver settings.
        env: { PATH: process.env.PATH ?? '', LANG: 'C', ...env },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('dotvn dns (end to end)', () => {
  const seen: Seen[] = [];
  let doh: Awaited<ReturnType<typeof startHttp1>>;
  let h2c: Awaited<ReturnType<typeof startH2c>>;

  beforeAll(async () => {
    doh = await startHttp1(seen);
    h2c = await startH2c(seen);
  });
  afterAll(async () => {
    await doh.close();
    await h2c.close();
  });

  it('exits 0 and prints a dig-like answer for NOERROR', async () => {
    const { code, stdout, stderr } = await dotvn(['dns', 'OK.example.', '--resolver', doh.url]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(';; ->>HEADER<<- opcode: QUERY, status: NOERROR');
    expect(stdout).toMatch(/^ok\.example\. +300 +IN +A +192\.0\.2\.10$/m);
    expect(stdout).toContain(';; DNSSEC: validated');
    expect(stdout).toContain(`;; SERVER: ${doh.url} (doh-get)`);
    // Not a terminal: no colours.
    expect(stdout).not.toContain('\u001b[');
  }, 30_000);

  it('exits 0 for NODATA, 1 for NXDOMAIN and 2 for SERVFAIL or REFUSED', async () => {
    const [nodata, nxdomain, servfail, refused] = await Promise.all(
      ['nodata.example', 'missing.example', 'bogus.example', 'refused.example'].map((name) =>
        dotvn(['dns', name, '--resolver', doh.url]),
      ),
    );
    expect(nodata?.code).toBe(0);
    expect(nxdomain?.code).toBe(1);
    expect(nxdomain?.stdout).toContain('status: NXDOMAIN');
    expect(servfail?.code).toBe(2);
    expect(servfail?.stdout).toContain(';; EXTENDED DNS ERROR: 6 (DNSSEC Bogus): "signature expired"');
    expect(servfail?.stdout).toContain(';; DNSSEC: validation failed');
    expect(refused?.code).toBe(2);
  }, 30_000);

  it('exits 3 when every resolver fails or times out, saying why on stderr', async () => {
    const [broken, silent, json] = await Promise.all([
      dotvn(['dns', 'broken.example', '--resolver', doh.url]),
      dotvn(['dns', 'silent.example', '--resolver', doh.url, '--timeout', '200']),
      dotvn(['dns', 'broken.example', '--resolver', doh.url, '--json']),
    ]);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: {
        name: 'ResolutionError',
        code: 'resolution-failed',
        attempts: [{ status: 500, endpoint: doh.url }, {}],
      },
    });
    expect(broken.code).toBe(3);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toContain('No answer for broken.example/A: every resolver failed.');
    expect(broken.stderr).toContain('network or HTTP error');
    expect(silent.code).toBe(3);
    expect(silent.stderr).toContain('timed out');
  }, 30_000);

  it('exits 64 for usage errors and invalid names, in the chosen language', async () => {
    const [badName, noName, badOption, unknownCommand] = await Promise.all([
      dotvn(['dns', 'a..b', '--resolver', doh.url, '--lang', 'vi']),
      dotvn(['dns']),
      dotvn(['dns', 'ok.example', '--bogus']),
      dotvn(['dig', 'ok.example'], { LANG: 'vi_VN.UTF-8' }),
    ]);
    expect(badName.code).toBe(64);
    expect(badName.stderr).toContain('dotvn: đầu vào không hợp lệ:');
    expect(badName.stderr).toContain('Chạy "dotvn dns --help" để xem cách dùng.');
    expect(noName.code).toBe(64);
    expect(noName.stderr).toContain('missing domain name');
    expect(badOption.code).toBe(64);
    expect(unknownCommand.code).toBe(64);
    expect(unknownCommand.stderr).toContain('không có lệnh "dig"');
  }, 30_000);

  it('exits 64 when the SDK refuses the resolver options, e.g. an endpoint given twice', async () => {
    const { code, stderr } = await dotvn(['dns', 'ok.example', '--resolver', doh.url, '--resolver', doh.url]);
    expect(code).toBe(64);
    expect(stderr).toContain('invalid input');
    expect(stderr).toContain('listed twice');
    expect(stderr).not.toContain('Internal error');
  }, 30_000);

  it('never prints control characters sent by a server, in text, errors or JSON', async () => {
    const [text, json, error] = await Promise.all([
      dotvn(['dns', 'hostile.example', 'TXT', '--resolver', doh.url]),
      dotvn(['dns', 'hostile.example', 'TXT', '--resolver', doh.url, '--json']),
      dotvn(['dns', 'hostile-error.example', '--resolver', doh.url]),
    ]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters.
    const controls = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
    expect(text.code).toBe(0);
    expect(text.stdout).not.toMatch(controls);
    expect(text.stdout).toContain('"\\1552J\\027]0;pwned\\007"');
    expect(json.code).toBe(0);
    expect(json.stdout).not.toMatch(controls);
    expect(JSON.parse(json.stdout).answer[0].data.strings).toEqual([HOSTILE_TEXT]);
    expect(error.code).toBe(3);
    expect(error.stderr).toContain('HTTP 500');
    expect(error.stderr).not.toMatch(controls);
  }, 30_000);

  it('prints the DnsAnswer as JSON with --json', async () => {
    const { code, stdout } = await dotvn(['dns', 'ok.example', '--json'], { DOTVN_RESOLVER: doh.url });
    expect(code).toBe(0);
    const answer = JSON.parse(stdout);
    expect(answer).toMatchObject({
      rcodeName: 'NOERROR',
      endpoint: doh.url,
      transport: 'doh-get',
      fromCache: false,
      question: [{ name: 'ok.example', type: 'A' }],
      answer: [{ name: 'ok.example', type: 'A', ttl: 300, data: { address: '192.0.2.10' } }],
    });
  }, 30_000);

  it('speaks Vietnamese with --lang vi, POST with --post, HTTP/2 with --http2', async () => {
    seen.length = 0;
    const [vi, post, h2] = await Promise.all([
      dotvn(['dns', 'ok.example', '--resolver', doh.url, '--lang', 'vi']),
      dotvn(['dns', 'ok.example', '--resolver', doh.url, '--post', '--dnssec']),
      dotvn(['dns', 'ok.example', '--resolver', h2c.url, '--http2']),
    ]);
    expect(vi.stdout).toContain(';; PHẦN TRẢ LỜI:');
    expect(vi.stdout).toContain(';; DNSSEC: đã xác thực');
    expect(post.code).toBe(0);
    expect(post.stdout).toContain('(doh-post)');
    expect(seen).toContainEqual({ method: 'POST', dnssecOk: true });
    expect(h2.code).toBe(0);
    expect(h2.stdout).toContain(`;; SERVER: ${h2c.url} (doh-http2)`);
    expect(seen).toContainEqual(expect.objectContaining({ method: 'h2 GET' }));
  }, 30_000);

  it('exits with its own code, not a crash, when the reader of stdout goes away', async () => {
    const child = spawn(process.execPath, [tsxCli, 'src/cli.ts', 'dns', '--help'], {
      cwd: packageDir,
      env: { PATH: process.env.PATH ?? '', LANG: 'C' },
    });
    // Like `dotvn dns --help | head -0`: the pipe is closed before anything is written.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 30_000);

  it('documents the exit codes in --help and prints --version', async () => {
    const [help, version, none] = await Promise.all([
      dotvn(['dns', '--help']),
      dotvn(['--version']),
      dotvn([]),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}64 +usage error/m);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect(none.code).toBe(64);
    expect(none.stderr).toContain('Usage: dotvn <command>');
  }, 30_000);
});
