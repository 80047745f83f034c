#!/usr/bin/env node
// Benchmark (issue 2, §5): throughput and peak memory of the SDK resolving 10,000 distinct lab
// names at concurrency 64, against `dnsperf -m doh` on the same names and endpoint in the same run.
//
// Baseline endpoint: Unbound's own DoH over TLS (HTTP/2). dnsperf 2.10 completes only a few
// percent of its queries against dnsdist 1.7's DoH (shared/notes/dns-lab.md), so dnsdist is measured
// for the SDK's fetch transport as a secondary figure and its dnsperf completion rate is printed, not
// used as a baseline. Both sides run on a warm Unbound cache (a UDP pass first), the SDK with its own
// cache off, each measured ROUNDS times; the median is reported.
//
// Run: pnpm bench   (root; builds first, starts the lab if needed, needs root or unshare)
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_HOST_COUNT, benchHost, labStatus, startLab, stopLab } from '@dotvn/dns-lab';

const CONCURRENCY = 64;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const here = fileURLToPath(new URL('.', import.meta.url));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

function run(command, args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${command} exited ${code}: ${stderr.slice(-500)}`)),
    );
  });
}

/** dnsperf's summary: queries sent/completed and queries per second. */
function parseDnsperf(output) {
  const sent = Number(/Queries sent:\s+(\d+)/.exec(output)?.[1] ?? Number.NaN);
  const completed = Number(/Queries completed:\s+(\d+)/.exec(output)?.[1] ?? Number.NaN);
  const qps = Number(/Queries per second:\s+([\d.]+)/.exec(output)?.[1] ?? Number.NaN);
  return { sent, completed, qps };
}

async function dnsperfDoh(namesFile, url) {
  const { hostname, port } = new URL(url);
  const output = await run('dnsperf', [
    '-m',
    'doh',
    '-s',
    hostname,
    '-p',
    port,
    '-O',
    `doh-uri=${url}`,
    '-O',
    'doh-method=GET',
    '-d',
    namesFile,
    '-n',
    '1',
    '-c',
    '1',
    '-q',
    String(CONCURRENCY),
    '-t',
    '5',
  ]);
  return parseDnsperf(output);
}

async function sdk(transport, url, caCertPath) {
  const output = await run(
    process.execPath,
    [
      join(here, 'resolver-throughput-sdk.mjs'),
      transport,
      url,
      String(BENCH_HOST_COUNT),
      String(CONCURRENCY),
      caCertPath,
    ],
    transport === 'fetch' ? { NODE_EXTRA_CA_CERTS: caCertPath } : {},
  );
  return JSON.parse(output);
}

const before = await labStatus();
const lab = await startLab();
const work = await mkdtemp(join(tmpdir(), 'dotvn-bench-'));
try {
  const names = Array.from({ length: BENCH_HOST_COUNT }, (_, i) => benchHost(i));
  const namesFile = join(work, 'names.txt');
  await writeFile(namesFile, `${names.map((name) => `${name} A`).join('\n')}\n`);

  // Warm Unbound's cache over UDP so both sides see the same cache state.
  await run('dnsperf', [
    '-s',
    lab.resolver.address,
    '-p',
    String(lab.resolver.port),
    '-d',
    namesFile,
    '-n',
    '1',
    '-c',
    '4',
    '-q',
    '64',
    '-t',
    '5',
  ]);

  const baseline = [];
  const http2 = [];
  for (let round = 0; round < ROUNDS; round++) {
    baseline.push(await dnsperfDoh(namesFile, lab.unboundDoh));
    http2.push(await sdk('http2', lab.unboundDoh, lab.caCertPath));
  }
  const viaDnsdist = await sdk('fetch', lab.doh.https, lab.caCertPath);
  const dnsperfDnsdist = await dnsperfDoh(namesFile, lab.doh.https).catch((error) => ({
    error: String(error),
  }));

  const baselineQps = median(baseline.map((r) => r.qps));
  const sdkQps = median(http2.map((r) => r.qps));
  const peakRssMb = Math.max(...http2.map((r) => r.peakRssMb));
  const report = {
    names: BENCH_HOST_COUNT,
    concurrency: CONCURRENCY,
    rounds: ROUNDS,
    baseline: { tool: 'dnsperf -m doh (Unbound DoH over TLS, HTTP/2)', qps: baselineQps, runs: baseline },
    sdk: {
      transport: '@dotvn/core/node createHttp2Transport (same endpoint)',
      qps: sdkQps,
      peakRssMb,
      runs: http2,
    },
    ratio: Number((sdkQps / baselineQps).toFixed(3)),
    secondary: {
      sdkFetchViaDnsdistTls: viaDnsdist,
      dnsperfViaDnsdistTls: dnsperfDnsdist,
    },
  };
  console.log(JSON.stringify(report, null, 2));
  console.log(
    `\nSDK ${sdkQps.toFixed(0)} q/s vs dnsperf ${baselineQps.toFixed(0)} q/s → ratio SDK/dnsperf ${report.ratio} (goal ≥ 0.5); ` +
      `peak RSS ${peakRssMb.toFixed(1)} MB (goal < 200 MB); SDK via dnsdist/TLS (fetch, HTTP/1.1) ${viaDnsdist.qps.toFixed(0)} q/s`,
  );
} finally {
  await rm(work, { recursive: true, force: true });
  if (!before.running) await stopLab();
}
