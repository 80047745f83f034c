#!/usr/bin/env node
// Runs a command where the DNS lab can work: it needs to add addresses to `lo` and bind port 53.
// Root (CI, these machines) runs the command as is. Anyone else runs it inside a new user and
// network namespace (`unshare --user --map-root-user --net`), where they are root over a private
// loopback: the lab and the tests then live and die together in that namespace.
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: as-lab-user.mjs COMMAND [ARGS…]');
  process.exit(64);
}
// The lab's daemons live in /usr/sbin, which an ordinary user's PATH often lacks.
const env = {
  ...process.env,
  PATH: [process.env.PATH, '/usr/sbin', '/sbin'].filter(Boolean).join(delimiter),
};
const isRoot = process.getuid?.() === 0;
// Inside the namespace everyone is uid 0, so the lab's default folder would be shared with (and
// owned by) the real root's lab; give each real user a folder of their own.
if (!isRoot && !env.DOTVN_LAB_DIR) env.DOTVN_LAB_DIR = join(tmpdir(), `dotvn-lab-${process.getuid?.()}`);
const argv = isRoot
  ? [command, ...args]
  : [
      'unshare',
      '--user',
      '--map-root-user',
      '--net',
      '--',
      'sh',
      '-c',
      'ip link set lo up && exec "$@"',
      'sh',
      command,
      ...args,
    ];
if (!isRoot) console.error('dotvn: not root; running inside a private user and network namespace (unshare).');
const result = spawnSync(argv[0], argv.slice(1), { stdio: 'inherit', env });
if (result.error) {
  console.error(`dotvn: cannot run ${argv[0]}: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
