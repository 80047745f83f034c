#!/usr/bin/env node
/**
 * `dotvn-lab start | stop | status [--json]`: runs the DNS lab from a shell.
 * The servers are detached, so they keep running after `start` returns.
 */
import { isLabError } from './errors.js';
import { type LabInfo, labStatus, startLab, stopLab } from './lab.js';

const USAGE = 'Usage: dotvn-lab <start|stop|status> [--json]\n  DOTVN_LAB_DIR overrides the lab folder.';

/** Human-readable endpoints of a running lab. */
function describe(info: LabInfo): string {
  const lines = [
    `DNS lab running (folder ${info.dir}, started ${info.startedAt})`,
    `  resolver (Unbound, validating)  ${info.resolver.address}:${info.resolver.port}  (udp/tcp)`,
    `  dnsdist                         ${info.dnsdist.address}:${info.dnsdist.port}  (udp/tcp)`,
    `  DoH via dnsdist (HTTP, CORS)    ${info.doh.http}`,
    `  DoH via dnsdist (TLS)           ${info.doh.https}`,
    `  DoH via Unbound (TLS, HTTP/2)   ${info.unboundDoh}`,
    `  lab CA certificate              ${info.caCertPath}`,
    `  root server                     ${info.rootServer.name} ${info.rootServer.v4 ?? ''} ${info.rootServer.v6 ?? ''}`,
    `  bench zone                      ${info.bench.zone} (${info.bench.firstHost} … ${info.bench.lastHost})`,
    '  scenarios:',
    ...info.scenarios.map(
      (s) =>
        `    ${s.id.padEnd(12)} ${s.domain.padEnd(22)} ${s.expect.rcode.padEnd(8)} ${s.expect.dnssec.padEnd(8)} ${s.unicode === s.domain ? '' : `(${s.unicode}) `}${s.description}`,
    ),
    `  try: dig @${info.resolver.address} -p ${info.resolver.port} +dnssec ${info.scenarios[0]?.domain ?? 'vn'}`,
  ];
  return lines.join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  const command = argv.find((a) => !a.startsWith('-'));
  switch (command) {
    case 'start': {
      const began = Date.now();
      const info = await startLab();
      process.stdout.write(
        json
          ? `${JSON.stringify(info, null, 2)}\n`
          : `${describe(info)}\n  ready in ${Date.now() - began} ms\n`,
      );
      return 0;
    }
    case 'stop':
      await stopLab();
      if (!json) process.stdout.write('DNS lab stopped.\n');
      return 0;
    case 'status': {
      const status = await labStatus();
      if (json) process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      else if (status.running) process.stdout.write(`${describe(status.info)}\n`);
      else
        process.stdout.write(
          `DNS lab not running${status.stale ? ' (stale state from a crash; `start` cleans it up)' : ''} (folder ${status.dir}).\n`,
        );
      return status.running ? 0 : 3;
    }
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `dotvn-lab: ${isLabError(error) || error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
