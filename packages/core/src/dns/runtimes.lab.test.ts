// The built `@dotvn/core/dns` runs unchanged in Node, Bun and Deno: the same script
// (test-support/runtime-smoke.mjs) resolves lab names through dnsdist's DoH in each runtime.
// Bun and Deno come from the lockfile (root optionalDependencies, Linux x64 builds).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';

const lab = inject('lab');
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const script = fileURLToPath(new URL('./test-support/runtime-smoke.mjs', import.meta.url));
const built = fileURLToPath(new URL('../../dist/dns/index.js', import.meta.url));

const runtimes = {
  node: [process.execPath],
  bun: [`${root}node_modules/@oven/bun-linux-x64/bin/bun`],
  // Deno runs sandboxed: network to the lab's loopback resolver and reading the modules only.
  deno: [`${root}node_modules/@deno/linux-x64-glibc/deno`, 'run', '--allow-net=127.0.0.1', '--allow-read'],
} as const;

function scenario(id: string) {
  const found = lab.scenarios.find((s) => s.id === id);
  if (!found) throw new Error(`lab has no scenario ${id}`);
  return found;
}

function runIn(command: readonly string[], args: string[]): Promise<string> {
  const [file, ...rest] = command;
  if (!file || !existsSync(file)) {
    throw new Error(`${file} is missing: install with \`pnpm install\` (Linux x64 builds of Bun and Deno)`);
  }
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`pnpm build\` first`);
  return new Promise((resolve, reject) => {
    execFile(file, [...rest, script, ...args], { timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${file} failed: ${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

describe.each(Object.entries(runtimes))('the built SDK in %s', (runtime, command) => {
  it('resolves through DoH GET and POST, reads the AD flag, caches, and throws typed errors', async () => {
    const ready = scenario('ready');
    const output = await runIn(command, [
      lab.doh.http,
      ready.expect.query.name,
      scenario('nxdomain').expect.query.name,
    ]);
    const facts = JSON.parse(output) as Record<string, unknown>;
    expect(facts).toEqual({
      runtime,
      rcode: 'NOERROR',
      ad: true,
      transport: 'doh-get',
      addresses: [ready.expect.answerIncludes],
      postTransport: 'doh-post',
      postAd: true,
      missing: 'nxdomain',
      fromCache: true,
      invalid: { typed: true, code: 'invalid-input' },
    });
  });
});
