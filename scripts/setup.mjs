#!/usr/bin/env node
// Installs the Debian packages the DNS lab, the tests and the demo need, when they are missing.
// Root installs with apt-get; anyone else gets the exact command to run (or sudo is used when it
// works without a password). npm packages come through pnpm and the lockfile, not from here.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Debian package for each program the lab and its tests call. */
const NEEDED = {
  named: 'bind9',
  'dnssec-keygen': 'bind9',
  'dnssec-signzone': 'bind9',
  dig: 'bind9-dnsutils',
  unbound: 'unbound',
  dnsdist: 'dnsdist',
  kdig: 'knot-dnsutils',
  dnsperf: 'dnsperf',
  openssl: 'openssl',
  ip: 'iproute2',
  unshare: 'util-linux',
  // Browser tests (`*.browser.test.ts`) drive Debian's Chromium through playwright-core.
  chromium: 'chromium',
};

const searchPath = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'];
const has = (program) =>
  searchPath.some((dir) => {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

const missing = [
  ...new Set(
    Object.entries(NEEDED)
      .filter(([program]) => !has(program))
      .map(([, pkg]) => pkg),
  ),
];
if (missing.length === 0) process.exit(0);

const apt = ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing];
const isRoot = process.getuid?.() === 0;
const sudoWorks = !isRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
if (!isRoot && !sudoWorks) {
  console.error(
    `dotvn setup: missing Debian packages: ${missing.join(' ')}\nRun as root:\n  apt-get update && ${apt.join(' ')}`,
  );
  process.exit(1);
}
const run = (argv) => {
  const command = isRoot ? argv : ['sudo', '-n', ...argv];
  console.log(`dotvn setup: ${command.join(' ')}`);
  const result = spawnSync(command[0], command.slice(1), {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    console.error(`dotvn setup: ${command.join(' ')} failed (exit ${result.status})`);
    process.exit(1);
  }
};
run(['apt-get', 'update', '-qq']);
run(apt);
