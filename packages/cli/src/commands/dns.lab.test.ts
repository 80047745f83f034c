// The shipped `dotvn` binary (dist/cli.js, built by `pnpm build`) against the DNS lab's real
// BIND → Unbound → dnsdist chain, through both DoH transports.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';

const lab = inject('lab');
const bin = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

function scenario(id: string) {
  const found = lab.scenarios.find((s) => s.id === id);
  if (!found) throw new Error(`lab has no scenario ${id}`);
  return found;
}

function dotvn(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`pnpm build\` first`);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { PATH: process.env.PATH ?? '', LANG: 'C', DOTVN_RESOLVER: lab.doh.http }, timeout: 30_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
          stdout,
          stderr,
        }),
    );
  });
}

describe('dotvn dns against the DNS lab', () => {
  it('shows a validated answer with the AD flag and exits 0', async () => {
    const { query, answerIncludes } = scenario('ready').expect;
    const result = await dotvn(['dns', query.name, query.type, '--json']);
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout) as {
      flags: { ad: boolean };
      answer: { data: { address?: string } }[];
    };
    expect(answer.flags.ad).toBe(true);
    expect(answer.answer.map((r) => r.data.address)).toContain(answerIncludes);
  });

  it('exits 2 for a bogus name and prints the extended DNS error in Vietnamese', async () => {
    const result = await dotvn(['dns', scenario('expired').domain, 'A', '--lang', 'vi']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('SERVFAIL');
    expect(result.stdout).toMatch(/Signature Expired|DNSSEC Bogus/);
  });

  it('exits 1 for NXDOMAIN', async () => {
    const result = await dotvn(['dns', scenario('nxdomain').expect.query.name]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('NXDOMAIN');
  });

  it('reaches the HTTP/2-only Unbound endpoint with --http2 and the lab CA', async () => {
    const result = await dotvn([
      'dns',
      scenario('ready').domain,
      'AAAA',
      '--resolver',
      lab.unboundDoh,
      '--ca',
      lab.caCertPath,
      '--json',
    ]);
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout) as {
      transport: string;
      endpoint: string;
      flags: { ad: boolean };
    };
    expect(answer.transport).toBe('doh-http2');
    expect(answer.endpoint).toBe(lab.unboundDoh);
    expect(answer.flags.ad).toBe(true);
  });

  it('exits 64 for an invalid name without sending anything', async () => {
    const result = await dotvn(['dns', 'bad..name']);
    expect(result.code).toBe(64);
  });
});
