#!/usr/bin/env node
// The main job, for now: start the DNS lab and look a few of its .vn names up with the `dotvn` CLI
// through the lab's DNS-over-HTTPS endpoint, so a newcomer sees secure, insecure and bogus answers.
// Later issues grow this into the full demo (readiness report, audit, registry).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { labStatus, startLab, stopLab } from '@dotvn/dns-lab';

const cli = fileURLToPath(new URL('../packages/cli/dist/cli.js', import.meta.url));
const lang = process.env.DOTVN_LANG ?? 'en';

const before = await labStatus();
const lab = await startLab();
console.log(`DNS lab running: DoH ${lab.doh.http} (dnsdist → Unbound → BIND)\n`);

const byId = new Map(lab.scenarios.map((scenario) => [scenario.id, scenario]));
const scenarios = ['ready', 'ipv4-only', 'island', 'bogus-ds', 'expired', 'idn', 'nxdomain'].map((id) => {
  const scenario = byId.get(id);
  if (!scenario) throw new Error(`demo: the lab has no scenario "${id}"`);
  return scenario;
});

let worst = 0;
for (const scenario of scenarios) {
  console.log(`── ${scenario.unicode} — ${scenario.description}`);
  const result = spawnSync(process.execPath, [cli, 'dns', scenario.domain, 'AAAA', '--lang', lang], {
    stdio: 'inherit',
    env: { ...process.env, DOTVN_RESOLVER: lab.doh.http },
  });
  // Exit 3 means no answer at all; NXDOMAIN (1) and SERVFAIL (2) are expected for some scenarios.
  if (result.status === 3 || result.status === null) worst = 1;
  console.log('');
}
if (!before.running) await stopLab();
process.exit(worst);
