import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);
const script = fileURLToPath(new URL('./index.mjs', import.meta.url));

describe('the Node resolver example', () => {
  it('prints the IPv6 addresses and the validated status of a signed lab name', async () => {
    const lab = inject('lab');
    const ready = lab.scenarios.find((scenario) => scenario.id === 'ready');
    if (!ready) throw new Error('lab has no "ready" scenario');
    const { stdout } = await run(process.execPath, [script, ready.domain], {
      env: { ...process.env, DOTVN_RESOLVER: lab.doh.http },
    });
    const summary = JSON.parse(stdout) as { ipv6: string[]; ipv4: string[]; dnssecValidated: boolean };
    expect(summary.ipv6.length).toBeGreaterThan(0);
    expect(summary.ipv4.length).toBeGreaterThan(0);
    expect(summary.dnssecValidated).toBe(true);
  });

  it('exits 1 with a typed error code when the name is invalid', async () => {
    const lab = inject('lab');
    const failure = await run(process.execPath, [script, 'bad..name'], {
      env: { ...process.env, DOTVN_RESOLVER: lab.doh.http },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain('invalid-input');
  });
});
