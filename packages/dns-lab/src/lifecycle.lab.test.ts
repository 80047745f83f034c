import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Start and stop under failure: a taken port, a crash with a reused pid, two starts at once, Ctrl-C
 * during a start, and the CLI's exit codes. Each case runs in a network namespace of its own
 * (`unshare -n`: a private `lo` and private ports), so the shared lab of this test run is never
 * touched. Needs root or a user namespace that may create network namespaces.
 */
const run = promisify(execFile);
const driver = fileURLToPath(new URL('./lifecycle.driver.ts', import.meta.url));
const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));

let base = '';
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'dotvn-lifecycle-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

/** Runs a shell script in a fresh network namespace with `lo` up; resolves with its stdout. */
async function inNamespace(script: string, env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run('unshare', ['-n', 'sh', '-ec', `ip link set lo up\n${script}`], {
    env: {
      ...process.env,
      ...env,
      DRIVE: `${process.execPath} --import tsx ${driver}`,
      CLI: `${process.execPath} --import tsx ${cli}`,
    },
    timeout: 90_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/** Lab processes (by their config folder) still alive anywhere, and 127.53 addresses in the namespace. */
const LEFTOVERS = `echo "procs=$(pgrep -f -- "$D/" | wc -l)"
echo "addrs=$(ip -o addr show dev lo | grep -c '127\\.53\\.\\|fd53:' || true)"
echo "state=$(test -e "$D/state.json" && echo yes || echo no)"`;

function field(out: string, name: string): string | undefined {
  return new RegExp(`^${name}=(.*)$`, 'm').exec(out)?.[1];
}

describe('lab lifecycle in a private network namespace', () => {
  it('refuses a taken port, naming it and its process, and leaves nothing behind', async () => {
    const D = join(base, 'port');
    const out = await inNamespace(
      `node -e "require('dgram').createSocket('udp4').bind(15353,'127.0.0.1'); setTimeout(()=>{},60000)" & HOLDER=$!
sleep 0.5
$DRIVE start "$D" || true
kill $HOLDER
echo "holder=$HOLDER"
${LEFTOVERS}`,
      { D },
    );
    const result = JSON.parse(out.split('\n')[0] ?? '{}') as { ok: boolean; name: string; message: string };
    expect(result.ok).toBe(false);
    expect(result.name).toBe('LabPrerequisiteError');
    expect(result.message).toContain('127.0.0.1:15353 (unboundDns)');
    expect(result.message).toContain(`process ${field(out, 'holder')}`);
    expect([field(out, 'procs'), field(out, 'addrs'), field(out, 'state')]).toEqual(['0', '0', 'no']);
  });

  it('stops everything it started and removes only the addresses it added when a server fails during start', async () => {
    const D = join(base, 'fail');
    // 127.53.0.1 (the root server) exists before the start and something silent holds its port 53:
    // named cannot serve the root, the start times out.
    const out = await inNamespace(
      `ip addr add 127.53.0.1/32 dev lo
node -e "require('dgram').createSocket('udp4').bind(53,'127.53.0.1'); setTimeout(()=>{},60000)" & HOLDER=$!
sleep 0.5
LAB_TIMEOUT_MS=8000 $DRIVE start "$D" || true
kill $HOLDER
${LEFTOVERS}
echo "root=$(ip -o addr show dev lo | grep -c '127\\.53\\.0\\.1/' || true)"`,
      { D },
    );
    const result = JSON.parse(out.split('\n')[0] ?? '{}') as { ok: boolean; name: string; message: string };
    expect(result.ok, out).toBe(false);
    expect(result.name).toBe('LabStartError');
    expect(result.message).toMatch(/named view root/);
    expect(result.message).toMatch(/Last lines of .*named\.log/);
    // The pre-existing address stays; every address the lab added is gone.
    expect([field(out, 'procs'), field(out, 'addrs'), field(out, 'root'), field(out, 'state')]).toEqual([
      '0',
      '1',
      '1',
      'no',
    ]);
  });

  it('gives two concurrent starts from two processes one lab; status exit codes are 0 and 3', async () => {
    const D = join(base, 'twice');
    const out = await inNamespace(
      `$DRIVE start "$D" > "$D.a" & A=$!
$DRIVE start "$D" > "$D.b" & B=$!
wait $A; wait $B
cat "$D.a" "$D.b"
DOTVN_LAB_DIR="$D" $CLI status >/dev/null && echo "running=0" || echo "running=$?"
echo "named=$(pgrep -f -- "$D/named.conf" | wc -l)"
DOTVN_LAB_DIR="$D" $CLI stop >/dev/null
DOTVN_LAB_DIR="$D" $CLI status >/dev/null && echo "stopped=0" || echo "stopped=$?"
${LEFTOVERS}`,
      { D },
    );
    const [a, b] = out
      .split('\n')
      .slice(0, 2)
      .map((l) => JSON.parse(l) as { ok: boolean; startedAt: string });
    expect(a?.ok && b?.ok, out).toBe(true);
    expect(a?.startedAt).toBe(b?.startedAt);
    expect(field(out, 'named')).toBe('1');
    expect(field(out, 'running')).toBe('0');
    expect(field(out, 'stopped')).toBe('3');
    expect([field(out, 'procs'), field(out, 'addrs'), field(out, 'state')]).toEqual(['0', '0', 'no']);
  });

  it('after a crash, kills only its own processes: a reused pid with the same config path survives', async () => {
    const D = join(base, 'crash');
    await run('mkdir', ['-p', D]);
    const out = await inNamespace(
      `$DRIVE start "$D" >/dev/null
# The crash: every lab process dies at once, state.json stays.
for p in $(node -e "for (const p of JSON.parse(require('fs').readFileSync(process.argv[1])).processes) console.log(p.pid)" "$D/state.json"); do kill -9 $p; done
sleep 0.3
# An innocent process now has named's old pid... as far as state.json says: same config path argument.
sh -c 'sleep 60; :' innocent "$D/named.conf" >/dev/null 2>&1 & INNOCENT=$!
node -e "const f=process.argv[1],s=JSON.parse(require('fs').readFileSync(f));s.processes[0].pid=+process.argv[2];require('fs').writeFileSync(f,JSON.stringify(s))" "$D/state.json" $INNOCENT
$DRIVE status "$D"
$DRIVE start "$D"
echo "innocent=$(kill -0 $INNOCENT 2>/dev/null && echo alive || echo dead)"
$DRIVE stop "$D" >/dev/null
echo "innocent2=$(kill -0 $INNOCENT 2>/dev/null && echo alive || echo dead)"
pkill -P $INNOCENT || true; kill $INNOCENT 2>/dev/null || true
sleep 0.2
${LEFTOVERS}`,
      { D },
    );
    const [status, restart] = out
      .split('\n')
      .slice(0, 2)
      .map((l) => JSON.parse(l) as { ok: boolean; status?: { running: boolean; stale: boolean } });
    expect(status?.status).toMatchObject({ running: false, stale: true });
    expect(restart?.ok, out).toBe(true);
    expect(field(out, 'innocent')).toBe('alive');
    expect(field(out, 'innocent2')).toBe('alive');
    expect([field(out, 'procs'), field(out, 'addrs'), field(out, 'state')]).toEqual(['0', '0', 'no']);
  });

  it('cleans up when a start is interrupted by SIGINT, and the process still ends by SIGINT', async () => {
    const D = join(base, 'sigint');
    const out = await inNamespace(
      `$DRIVE start "$D" & P=$!
# Long enough for the servers to be started, short of ready (Unbound's first validation).
while ! grep -q dnsdist "$D/state.json" 2>/dev/null; do sleep 0.05; done
kill -INT $P
wait $P && echo "exit=0" || echo "exit=$?"
${LEFTOVERS}`,
      { D },
    );
    expect(field(out, 'exit'), out).toBe('130');
    expect([field(out, 'procs'), field(out, 'addrs'), field(out, 'state')]).toEqual(['0', '0', 'no']);
  });
});
