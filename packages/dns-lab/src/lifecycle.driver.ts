/**
 * Fixture of lifecycle.lab.test.ts, run by it inside a private network namespace (`unshare -n`), so
 * its labs never touch the shared lab's ports and addresses. `node --import tsx lifecycle.driver.ts
 * <start|stop|status> <dir>` prints one JSON line.
 */
import { labStatus, startLab, stopLab } from './index.js';

const [command, dir = 'missing-lab-dir-argument'] = process.argv.slice(2);
const timeoutMs = Number(process.env.LAB_TIMEOUT_MS ?? 30_000);
try {
  if (command === 'start') {
    const info = await startLab({ dir, timeoutMs });
    process.stdout.write(`${JSON.stringify({ ok: true, startedAt: info.startedAt })}\n`);
  } else if (command === 'stop') {
    await stopLab({ dir });
    process.stdout.write(`${JSON.stringify({ ok: true })}\n`);
  } else {
    process.stdout.write(`${JSON.stringify({ ok: true, status: await labStatus({ dir }) })}\n`);
  }
} catch (error: unknown) {
  const e = error as Error;
  process.stdout.write(`${JSON.stringify({ ok: false, name: e.name, message: e.message })}\n`);
  process.exitCode = 1;
}
