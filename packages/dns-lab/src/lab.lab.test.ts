import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { labStatus, startLab } from './index.js';
import { decodeHeader, encodeQuery, QTYPE } from './wire.js';

const run = promisify(execFile);
const lab = inject('lab');

/** What `dig` printed, reduced to the parts the tests look at. */
interface DigResult {
  readonly status: string | null;
  readonly flags: readonly string[];
  readonly ede: string | null;
  readonly answers: readonly string[];
  readonly output: string;
  readonly elapsedMs: number;
}

/** Runs dig (never throws: a timeout or refusal is itself a result). */
async function dig(args: readonly string[]): Promise<DigResult> {
  const began = Date.now();
  const output = await run('dig', [...args], { timeout: 30_000 }).then(
    (r) => r.stdout,
    (error: unknown) => String((error as { stdout?: unknown }).stdout ?? error),
  );
  const flagsLine = /;; flags: ([^;]*);/.exec(output)?.[1] ?? '';
  return {
    status: /status: ([A-Z]+)/.exec(output)?.[1] ?? null,
    flags: flagsLine.trim().split(/\s+/),
    ede: /; EDE: (.*)/.exec(output)?.[1] ?? null,
    answers: [
      ...(/;; ANSWER SECTION:\n([\s\S]*?)(?:\n\n|$)/.exec(output)?.[1] ?? '').matchAll(
        /^\S+\s+\d+\s+IN\s+([A-Z0-9]+)\s+(.*)$/gm,
      ),
    ]
      .filter((m) => m[1] !== 'RRSIG')
      .map((m) => m[2] ?? ''),
    output,
    elapsedMs: Date.now() - began,
  };
}

/**
 * Asks the lab's validating resolver. The generous timeout is for dead-v6: Unbound counts an ICMP
 * refusal as a timeout, so picking the dead address first costs it seconds (as in real life).
 */
/** Asks the lab's validating resolver, with DO set so AD and EDE are reported. */
function resolve(name: string, type: string, timeoutS = 25): Promise<DigResult> {
  return dig([
    `@${lab.resolver.address}`,
    '-p',
    String(lab.resolver.port),
    '+dnssec',
    `+time=${timeoutS}`,
    '+tries=1',
    name,
    type,
  ]);
}

describe('every scenario, asked through Unbound', () => {
  for (const scenario of lab.scenarios.filter((s) => !s.expect.resolverGivesUpSlowly)) {
    const { expect: want } = scenario;
    it(`${scenario.id}: ${want.query.name} ${want.query.type} is ${want.rcode} and ${want.dnssec}`, async () => {
      const result = await resolve(want.query.name, want.query.type);
      expect(result.status, result.output).toBe(want.rcode);
      expect(result.flags.includes('ad'), result.output).toBe(want.dnssec === 'secure');
      if (want.ede) expect(result.ede, result.output).not.toBeNull();
      if (want.answerIncludes !== undefined)
        expect(result.answers, result.output).toContain(want.answerIncludes);
      if (want.noData) expect(result.answers, result.output).toEqual([]);
    });
  }

  it('reports bogus answers with an RFC 8914 extended error naming the DNSSEC failure', async () => {
    // Unbound names the precise failure (9 DNSKEY Missing, 7 Signature Expired) on the first,
    // validating answer and 6 (DNSSEC Bogus) when it serves the failure from its cache.
    for (const name of ['bogusds.edu.vn', 'expired.edu.vn']) {
      const result = await resolve(name, 'A');
      const code = Number(/^(\d+)/.exec(result.ede ?? '')?.[1]);
      // RFC 8914 §4: codes 1 to 12 are the DNSSEC failures.
      expect(code, result.output).toBeGreaterThanOrEqual(1);
      expect(code, result.output).toBeLessThanOrEqual(12);
    }
  });

  it('answers through the slow name server, but only after its delay', async () => {
    const slow = lab.scenarios.find((s) => s.id === 'slow');
    // A fresh name: a cached answer would say nothing about the delay.
    const result = await resolve(`t${Date.now()}.${slow?.domain ?? ''}`, 'A', 15);
    expect(result.status, result.output).toBe('NXDOMAIN');
    expect(result.elapsedMs).toBeGreaterThanOrEqual(slow?.expect.minLatencyMs ?? 0);
    expect(result.elapsedMs).toBeLessThan(10_000);
  });

  it('serves the bench zone: first and last host have A and AAAA', async () => {
    const first = await resolve(lab.bench.firstHost, 'A');
    const last = await resolve(lab.bench.lastHost, 'AAAA');
    expect(first.status).toBe('NOERROR');
    expect(first.answers).toHaveLength(1);
    expect(last.answers).toHaveLength(1);
    expect(last.flags).toContain('ad');
  });
});

describe('misbehaving name servers, asked directly', () => {
  for (const scenario of lab.scenarios.filter((s) => s.expect.nameServer !== undefined)) {
    const ns = scenario.expect.nameServer;
    if (ns === undefined) continue;
    it(`${scenario.id}: ${ns.address} ${ns.answer}`, async () => {
      const tcp = ns.answer === 'connection-refused' ? ['+tcp'] : [];
      const result = await dig([
        `@${ns.address}`,
        '+norec',
        '+time=3',
        '+tries=1',
        ...tcp,
        scenario.domain,
        'SOA',
      ]);
      switch (ns.answer) {
        case 'refused':
          expect(result.status, result.output).toBe('REFUSED');
          break;
        case 'timeout':
          expect(result.output).toMatch(/timed out/);
          expect(result.status).toBeNull();
          break;
        case 'connection-refused':
          expect(result.output).toMatch(/connection refused/);
          break;
        case 'answers':
          expect(result.status, result.output).toBe('NOERROR');
          expect(result.flags).toContain('aa');
          break;
      }
    });
  }

  it('gives referrals from the root, as a real root server does', async () => {
    const result = await dig([`@${lab.rootServer.v4 ?? ''}`, '+norec', 'www.ready.gov.vn', 'A']);
    expect(result.status).toBe('NOERROR');
    expect(result.flags).not.toContain('aa');
    expect(result.output).toMatch(/^vn\.\s+\d+\s+IN\s+NS\s+a\.dns\.vn\./m);
  });
});

describe('lab lifecycle', () => {
  it('returns the running lab when started again instead of starting a second one', async () => {
    const again = await startLab();
    expect(again.startedAt).toBe(lab.startedAt);
  });

  it('lists every endpoint in its status', async () => {
    const status = await labStatus();
    expect(status.running).toBe(true);
    if (!status.running) return;
    expect(status.info.resolver).toEqual(lab.resolver);
    expect(status.info.doh.http).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dns-query$/);
    expect(status.info.doh.https).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/dns-query$/);
    expect(status.info.unboundDoh).toMatch(/^https:/);
    expect(status.processes.map((p) => p.name).sort()).toEqual([
      'behaviour-server',
      'dnsdist',
      'named',
      'unbound',
    ]);
  });
});

describe('DNS over HTTPS', () => {
  const query = encodeQuery('www.ready.gov.vn', QTYPE.AAAA, { id: 0 });

  it('answers a GET over plain HTTP through dnsdist, with the CORS header', async () => {
    const response = await fetch(`${lab.doh.http}?dns=${query.toString('base64url')}`, {
      headers: { accept: 'application/dns-message' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/dns-message');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const header = decodeHeader(new Uint8Array(await response.arrayBuffer()));
    expect(header?.rcode).toBe(0);
    expect(header?.authenticData).toBe(true);
  });

  it('answers a POST with content-type application/dns-message through dnsdist', async () => {
    const response = await fetch(lab.doh.http, {
      method: 'POST',
      headers: { 'content-type': 'application/dns-message', accept: 'application/dns-message' },
      body: new Uint8Array(query),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(decodeHeader(new Uint8Array(await response.arrayBuffer()))?.answerCount).toBeGreaterThan(0);
  });

  for (const [name, url] of [
    ['Unbound', lab.unboundDoh],
    ['dnsdist', lab.doh.https],
  ] as const) {
    it(`answers over TLS and HTTP/2 from ${name}, trusting the lab CA (kdig +https)`, async () => {
      const { port } = new URL(url);
      const { stdout } = await run('kdig', [
        '@127.0.0.1',
        '-p',
        port,
        '+https',
        `+tls-ca=${lab.caCertPath}`,
        '+dnssec',
        'www.ready.gov.vn',
        'AAAA',
      ]);
      expect(stdout).toMatch(/HTTP\/2/);
      expect(stdout).toMatch(/status: NOERROR/);
      expect(stdout).toMatch(/flags: qr rd ra ad/i);
    });
  }
});
