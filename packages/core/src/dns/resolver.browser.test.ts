import { createServer, type Server } from 'node:http';
import { builtinModules } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type * as Dns from './index.js';

// `@dotvn/core/dns` claims to run unchanged in browsers (index.ts). This proves it in Debian's
// headless Chromium: the entry is bundled for the browser, served from one origin, and queries the
// lab's dnsdist DoH endpoint on another origin, so CORS is really exercised. Everything the page
// returns is plain JSON; the assertions run in Node.

const lab = inject('lab');
const CHROMIUM = '/usr/bin/chromium';
const BUNDLE_PATH = '/dotvn-dns.js';

/** Without the background-networking flags Chromium keeps dialling Google on this closed network. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>dotvn dns in a browser</title>
<script type="module">
import * as dns from '${BUNDLE_PATH}';
window.dotvnDns = dns;
</script>
</head>
<body></body>
</html>`;

/** What the page script puts on `window`. */
type DotvnWindow = typeof globalThis & { dotvnDns: typeof Dns };

/** An error as the page reports it: names and codes, since the object itself cannot cross. */
interface PageError {
  name: string;
  code: string | undefined;
  message: string;
  invalidInput: boolean;
  resolution: boolean;
  attempts: { name: string; status: number | undefined }[];
}

function scenario(id: string) {
  const found = lab.scenarios.find((s) => s.id === id);
  if (!found) throw new Error(`the lab has no scenario "${id}"`);
  return found;
}

/** Fails on any import of a Node built-in, naming the importer, so Node-only code cannot creep in. */
const rejectNodeBuiltins: Plugin = {
  name: 'reject-node-builtins',
  setup(pluginBuild) {
    const builtins = new Set(builtinModules);
    pluginBuild.onResolve({ filter: /.*/ }, (args) => {
      const bare = args.path.replace(/^node:/, '');
      if (!args.path.startsWith('node:') && !builtins.has(bare)) return undefined;
      return {
        errors: [{ text: `Node built-in "${args.path}" imported by ${args.importer} in a browser bundle` }],
      };
    });
  },
};

async function bundleForBrowser(entry = './index.ts'): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    plugins: [rejectNodeBuiltins],
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild wrote no bundle');
  return output.text;
}

function serve(script: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    } else if (path === BUNDLE_PATH) {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

let bundle = '';
let server: Server | undefined;
let browser: Browser | undefined;
let pageUrl: string;

/** Page errors and console errors, per page, checked after each test. */
const problems = new Map<Page, string[]>();

async function openPage(): Promise<Page> {
  if (!browser) throw new Error('Chromium did not start');
  const page = await browser.newPage();
  const seen: string[] = [];
  problems.set(page, seen);
  page.on('pageerror', (error) => seen.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') seen.push(`console.error: ${message.text()}`);
  });
  await page.goto(pageUrl);
  await page.waitForFunction(() => 'dotvnDns' in globalThis);
  return page;
}

beforeAll(async () => {
  bundle = await bundleForBrowser();
  server = await serve(bundle);
  pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => {
    if (!server) return resolve();
    server.closeAllConnections();
    server.close(() => resolve());
  });
});

describe('@dotvn/core/dns bundled for the browser', () => {
  it('bundles without any Node built-in and serves the page from another origin than the DoH endpoint', () => {
    // bundleForBrowser() ran in beforeAll; an import of a built-in would have failed it there.
    expect(new URL(pageUrl).origin).not.toBe(new URL(lab.doh.http).origin);
    expect(bundle).not.toMatch(/from\s*["']node:/);
    expect(bundle).toContain('createResolver');
  });

  it('would fail the build if a Node built-in were pulled in (checked on @dotvn/core/node)', async () => {
    await expect(bundleForBrowser('../node/index.ts')).rejects.toThrow(/Node built-in "node:/);
  });
});

describe('the resolver in headless Chromium against the lab (DoH GET, cross-origin)', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openPage();
  });
  afterEach(() => {
    expect(problems.get(page)).toEqual([]);
  });

  it('answers the ready scenario with the AD flag and the expected AAAA', async () => {
    const { query, answerIncludes } = scenario('ready').expect;
    const result = await page.evaluate(
      async ({ endpoint, name, type }) => {
        const dns = (globalThis as DotvnWindow).dotvnDns;
        const resolver = dns.createResolver({ endpoints: [endpoint], retries: 0, timeout: 10_000 });
        try {
          const answer = await resolver.query(name, type);
          return {
            rcodeName: answer.rcodeName,
            ad: answer.flags.ad,
            endpoint: answer.endpoint,
            transport: answer.transport,
            aaaa: answer.answer.flatMap((r) => (r.type === 'AAAA' ? [r.data.address] : [])),
            rrsig: answer.answer.some((r) => r.type === 'RRSIG'),
          };
        } finally {
          await resolver.close();
        }
      },
      { endpoint: lab.doh.http, name: query.name, type: query.type },
    );
    expect(result.rcodeName).toBe('NOERROR');
    expect(result.ad).toBe(true);
    expect(result.endpoint).toBe(lab.doh.http);
    expect(result.transport).toBe('doh-get');
    expect(result.aaaa).toContain(answerIncludes);
    expect(result.rrsig).toBe(true);
  });

  it('returns SERVFAIL with an extended DNS error for a DNSSEC-bogus name', async () => {
    const { query } = scenario('bogus-ds').expect;
    const result = await page.evaluate(
      async ({ endpoint, name, type }) => {
        const dns = (globalThis as DotvnWindow).dotvnDns;
        const resolver = dns.createResolver({ endpoints: [endpoint], retries: 0, timeout: 10_000 });
        try {
          const answer = await resolver.query(name, type);
          return {
            rcodeName: answer.rcodeName,
            ad: answer.flags.ad,
            extendedErrors: answer.edns?.extendedErrors.map((e) => e.infoCode) ?? [],
          };
        } finally {
          await resolver.close();
        }
      },
      { endpoint: lab.doh.http, name: query.name, type: query.type },
    );
    expect(result.rcodeName).toBe('SERVFAIL');
    expect(result.ad).toBe(false);
    expect(result.extendedErrors.length).toBeGreaterThan(0);
  });

  it('resolves a name that does not exist to status "nxdomain", validated', async () => {
    const { query } = scenario('nxdomain').expect;
    const result = await page.evaluate(
      async ({ endpoint, name }) => {
        const dns = (globalThis as DotvnWindow).dotvnDns;
        const resolver = dns.createResolver({ endpoints: [endpoint], retries: 0, timeout: 10_000 });
        try {
          const { status, secure, records } = await resolver.resolve(name, 'A');
          return { status, secure, records: records.length };
        } finally {
          await resolver.close();
        }
      },
      { endpoint: lab.doh.http, name: query.name },
    );
    expect(result).toEqual({ status: 'nxdomain', secure: true, records: 0 });
  });

  it('queries the Vietnamese IDN by its Unicode name, converted through the URL parser', async () => {
    const idn = scenario('idn');
    expect(idn.unicode).not.toBe(idn.domain);
    const result = await page.evaluate(
      async ({ endpoint, name }) => {
        const dns = (globalThis as DotvnWindow).dotvnDns;
        const resolver = dns.createResolver({ endpoints: [endpoint], retries: 0, timeout: 10_000 });
        try {
          const { name: resolved, status, secure, records } = await resolver.resolve(name, 'AAAA');
          return { name: resolved, status, secure, addresses: records.map((r) => r.address) };
        } finally {
          await resolver.close();
        }
      },
      { endpoint: lab.doh.http, name: `www.${idn.unicode}` },
    );
    expect(result.name).toBe(`www.${idn.domain}`);
    expect(result.status).toBe('ok');
    expect(result.secure).toBe(true);
    if (idn.expect.answerIncludes) expect(result.addresses).toContain(idn.expect.answerIncludes);
    else expect(result.addresses.length).toBeGreaterThan(0);
  });

  it('rejects an invalid name with a typed InvalidInputError, before any request', async () => {
    const result = await page.evaluate(
      async ({ endpoint }) => {
        const dns = (globalThis as DotvnWindow).dotvnDns;
        const resolver = dns.createResolver({ endpoints: [endpoint], retries: 0, timeout: 10_000 });
        try {
          await resolver.query('bad..name.vn', 'A');
          return null;
        } catch (error) {
          return {
            name: error instanceof Error ? error.name : typeof error,
            code: dns.isDotvnError(error) ? error.code : undefined,
            message: error instanceof Error ? error.message : String(error),
            invalidInput: dns.isInvalidInputError(error),
            resolution: dns.isResolutionError(error),
            attempts: [],
          } satisfies PageError;
        } finally {
          await resolver.close();
        }
      },
      { endpoint: lab.doh.http },
    );
    expect(result).not.toBeNull();
    expect(result?.invalidInput).toBe(true);
    expect(result?.name).toBe('InvalidInputError');
    expect(result?.code).toBe('invalid-input');
  });

  it('serves a repeated query from the cache', async () => {
    const { query } = scenario('ready').expect;
    const result = await page.evaluate(
      async ({ endpoint, name, type }) => {
        const dns = (globalThis as DotvnWindow).dotvnDns;
        const resolver = dns.createResolver({ endpoints: [endpoint], retries: 0, timeout: 10_000 });
        try {
          const first = await resolver.query(name, type);
          const second = await resolver.query(name, type);
          return {
            first: { fromCache: first.fromCache, rcodeName: first.rcodeName },
            second: { fromCache: second.fromCache, elapsedMs: second.elapsedMs, ad: second.flags.ad },
          };
        } finally {
          await resolver.close();
        }
      },
      { endpoint: lab.doh.http, name: query.name, type: query.type },
    );
    expect(result.first).toEqual({ fromCache: false, rcodeName: 'NOERROR' });
    expect(result.second).toEqual({ fromCache: true, elapsedMs: 0, ad: true });
  });
});

describe('DoH POST from a page on another origin', () => {
  // A POST with `content-type: application/dns-message` is not a CORS "simple request", so the
  // browser sends an OPTIONS preflight first; dnsdist 1.7 answers that with 400, and the browser
  // refuses the POST. The SDK must turn that into its typed errors promptly, not hang.
  it('fails fast with a ResolutionError whose attempt is a TransportError', async () => {
    const page = await openPage();
    const timeout = 8_000;
    const result = await page.evaluate(
      async ({ endpoint, timeout }) => {
        const dns = (globalThis as DotvnWindow).dotvnDns;
        const resolver = dns.createResolver({
          endpoints: [{ url: endpoint, method: 'POST' }],
          retries: 0,
          timeout,
        });
        const started = performance.now();
        try {
          await resolver.query('ready.gov.vn', 'A');
          return null;
        } catch (error) {
          return {
            elapsedMs: performance.now() - started,
            error: {
              name: error instanceof Error ? error.name : typeof error,
              code: dns.isDotvnError(error) ? error.code : undefined,
              message: error instanceof Error ? error.message : String(error),
              invalidInput: dns.isInvalidInputError(error),
              resolution: dns.isResolutionError(error),
              attempts: dns.isResolutionError(error)
                ? error.attempts.map((attempt) => ({ name: attempt.name, status: attempt.status }))
                : [],
            } satisfies PageError,
          };
        } finally {
          await resolver.close();
        }
      },
      { endpoint: lab.doh.http, timeout },
    );
    expect(result).not.toBeNull();
    expect(result?.error.resolution).toBe(true);
    expect(result?.error.attempts.map((a) => a.name)).toEqual(['TransportError']);
    expect(result?.elapsedMs).toBeLessThan(timeout / 2);
    // The failure is the refused preflight, and Chromium's own reports of it are the only complaints.
    const seen = problems.get(page) ?? [];
    expect(seen.some((line) => /blocked by CORS policy: Response to preflight request/.test(line))).toBe(
      true,
    );
    expect(seen.filter((line) => !/^console\.error: .*(CORS policy|net::ERR_FAILED)/.test(line))).toEqual([]);
    problems.delete(page);
    await page.close();
  });
});
