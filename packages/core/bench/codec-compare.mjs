// Compares the @dotvn/core DNS wire codec with @leichtgewicht/dns-packet: bundle size,
// decode throughput and behaviour on modern records and damaged input.
// Run: node packages/core/bench/codec-compare.mjs [--iterations 20000] [--mutations 10000]
// Results and their reading: docs/decisions/0002-dns-wire-codec.md.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as dnsPacket from '@leichtgewicht/dns-packet';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const src = resolve(here, '../src');
const { values: args } = parseArgs({
  options: {
    iterations: { type: 'string', default: '20000' },
    mutations: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '5' },
  },
});
const ITERATIONS = Number(args.iterations);
const MUTATIONS = Number(args.mutations);
const ROUNDS = Number(args.rounds);

// --- (a) bundle sizes -------------------------------------------------------------------
// The same job for both: encode an A query with EDNS+DO, decode an answer.
const entries = {
  '@dotvn/core wire': `
    import { encodeQuery, decodeMessage } from ${JSON.stringify(join(src, 'dns/wire/index.ts'))};
    export function run(answer) {
      return [encodeQuery({ name: 'example.vn', type: 'A' }), decodeMessage(answer)];
    }`,
  '@leichtgewicht/dns-packet': `
    import { encode, decode, RECURSION_DESIRED, DNSSEC_OK } from '@leichtgewicht/dns-packet';
    export function run(answer) {
      const query = encode({
        type: 'query', id: 0, flags: RECURSION_DESIRED,
        questions: [{ type: 'A', name: 'example.vn' }],
        additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, flags: DNSSEC_OK }],
      });
      return [query, decode(answer)];
    }`,
};

async function bundle(contents, options) {
  const result = await build({
    stdin: { contents, resolveDir: here, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    write: false,
    format: 'esm',
    logLevel: 'silent',
    ...options,
  });
  return result.outputFiles[0].contents;
}

console.log('(a) Minimal "encode a query + decode an answer" bundle (esbuild, minified, browser)');
const sizes = {};
for (const [label, contents] of Object.entries(entries)) {
  const code = await bundle(contents, { minify: true, platform: 'browser', target: 'es2022' });
  sizes[label] = { raw: code.length, gzip: gzipSync(code, { level: 9 }).length };
  console.log(
    `  ${label.padEnd(28)} ${String(sizes[label].raw).padStart(7)} B raw  ${String(sizes[label].gzip).padStart(6)} B gzip`,
  );
}

// Our codec from source: one unminified bundle of the wire module, its test tooling and errors.
const dir = mkdtempSync(join(tmpdir(), 'dotvn-codec-'));
const oursFile = join(dir, 'ours.mjs');
writeFileSync(
  oursFile,
  await bundle(
    `export * from ${JSON.stringify(join(src, 'dns/wire/index.ts'))};
     export { createRng, mutatePacket } from ${JSON.stringify(join(src, 'dns/wire/fuzz.ts'))};
     export { sampleMessages, typicalAnswers, fillerBytes } from ${JSON.stringify(join(src, 'dns/wire/samples.ts'))};
     export { isMalformedResponseError } from ${JSON.stringify(join(src, 'errors.ts'))};`,
    { platform: 'neutral', target: 'es2022' },
  ),
);
const ours = await import(pathToFileURL(oursFile).href);
rmSync(dir, { recursive: true, force: true });

// --- (b) decode throughput ---------------------------------------------------------------
// Two workloads: the signed answers as built, and the same answers without RRSIG and DNSKEY
// records, which shows how much of the difference is turning keys and signatures into
// base64 text and key tags (work dns-packet leaves to its caller as raw bytes).
const signedMessages = ours.typicalAnswers();
const workloads = {
  signed: signedMessages.map((m) => ours.encodeMessage(m)),
  unsigned: signedMessages
    .filter((m) => !(m.answer ?? []).some((r) => r.type === 'DNSKEY'))
    .map((m) =>
      ours.encodeMessage({
        ...m,
        answer: (m.answer ?? []).filter((r) => r.type !== 'RRSIG'),
        authority: (m.authority ?? []).filter((r) => r.type !== 'RRSIG'),
      }),
    ),
};
for (const packets of Object.values(workloads)) for (const packet of packets) dnsPacket.decode(packet);

function timeDecodes(decode, packets) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) decode(packets[i % packets.length]);
  return Number(process.hrtime.bigint() - started) / 1e9;
}
const contenders = { ours: (p) => ours.decodeMessage(p), 'dns-packet': (p) => dnsPacket.decode(p) };
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const throughput = {};
for (const [workload, packets] of Object.entries(workloads)) {
  for (const decode of Object.values(contenders)) timeDecodes(decode, packets); // warm-up
  const rates = { ours: [], 'dns-packet': [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate, so drift in machine load hits both.
    for (const [label, decode] of Object.entries(contenders)) {
      rates[label].push(ITERATIONS / timeDecodes(decode, packets));
    }
  }
  const avgSize = Math.round(packets.reduce((sum, p) => sum + p.length, 0) / packets.length);
  console.log(
    `\n(b) Decoding ${packets.length} ${workload} answers (avg ${avgSize} B), ${ITERATIONS} decodes × ${ROUNDS} rounds, median`,
  );
  for (const [label, values] of Object.entries(rates)) {
    console.log(
      `  ${label.padEnd(12)} ${Math.round(median(values)).toLocaleString('en').padStart(10)} decodes/s`,
    );
  }
  throughput[workload] = median(rates.ours) / median(rates['dns-packet']);
  console.log(`  ratio ours/theirs: ${throughput[workload].toFixed(2)}`);
}

// --- (c) behaviour -------------------------------------------------------------------------
console.log('\n(c) Behaviour');
const probe = ours.encodeMessage({
  flags: { qr: true, rd: true, ra: true },
  rcode: 2,
  question: [{ name: 'example.vn', type: 'HTTPS' }],
  answer: [
    {
      name: 'example.vn',
      type: 'HTTPS',
      ttl: 60,
      data: {
        priority: 1,
        target: '.',
        params: [
          { key: 'alpn', protocols: ['h2', 'h3'] },
          { key: 'port', port: 443 },
        ],
      },
    },
    { name: 'example.vn', type: 'TYPE65280', ttl: 60, data: { rdata: 'cafe' } },
    {
      name: 'example.vn',
      type: 'DNSKEY',
      ttl: 60,
      data: {
        flags: 256,
        protocol: 3,
        algorithm: 13,
        publicKey: ours.bytesToBase64(ours.fillerBytes(64, 3)),
      },
    },
  ],
  edns: { dnssecOk: true, options: [ours.extendedErrorOption(6, 'signature invalid')] },
});
const theirs = dnsPacket.decode(probe);
const mine = ours.decodeMessage(probe);
const show = (value) => {
  const json = JSON.stringify(value, (_k, v) => (v instanceof Uint8Array ? `<${v.length} raw bytes>` : v));
  return json.length > 110 ? `${json.slice(0, 107)}...` : json;
};
const theirsOpt = theirs.additionals.find((a) => a.type === 'OPT');
const rows = [
  ['HTTPS (RFC 9460) data', show(mine.answer[0].data), show(theirs.answers[0].data)],
  [
    'unknown type 65280',
    `${mine.answer[1].type} ${show(mine.answer[1].data)}`,
    `${theirs.answers[1].type} ${show(theirs.answers[1].data)}`,
  ],
  [
    'DNSKEY key tag',
    String(mine.answer[2].data.keyTag),
    String(theirs.answers[2].data.keyTag ?? 'not computed'),
  ],
  ['EDE (RFC 8914)', show(mine.edns.extendedErrors), show(theirsOpt.options)],
];
for (const [what, a, b] of rows) console.log(`  ${what}\n    ours:       ${a}\n    dns-packet: ${b}`);

// Known-bad inputs: does each codec notice?
const header = (an) => [0, 0, 0x81, 0x80, 0, 0, 0, an, 0, 0, 0, 0];
const badA = Uint8Array.from([
  ...header(2),
  0,
  0,
  1,
  0,
  1,
  0,
  0,
  0,
  60,
  0,
  5,
  192,
  0,
  2,
  1,
  9,
  0,
  0,
  1,
  0,
  1,
  0,
  0,
  0,
  60,
  0,
  4,
  192,
  0,
  2,
  2,
]);
const dotted = ours.encodeMessage({
  answer: [{ name: 'a\\.b.vn', type: 'A', ttl: 1, data: { address: '192.0.2.1' } }],
});
const outcome = (fn) => {
  try {
    return `accepted: ${show(fn())}`;
  } catch (error) {
    return `${error.name}: ${error.message.slice(0, 80)}`;
  }
};
console.log('  A record with RDLENGTH 5 followed by a second A');
console.log(`    ours:       ${outcome(() => ours.decodeMessage(badA).answer.map((a) => a.data))}`);
console.log(`    dns-packet: ${outcome(() => dnsPacket.decode(badA).answers.map((a) => a.data))}`);
console.log('  label "a.b" (a dot inside a label)');
console.log(`    ours:       ${outcome(() => ours.decodeMessage(dotted).answer[0].name)}`);
console.log(`    dns-packet: ${outcome(() => dnsPacket.decode(dotted).answers[0].name)}`);

// Same mutations for both.
const seeds = [...ours.sampleMessages(), ...ours.typicalAnswers()].map((m) => ours.encodeMessage(m));
function fuzz(decode, isTyped) {
  const rng = ours.createRng(0xc0dec);
  const tally = { returned: 0, typed: 0, other: {} };
  for (let i = 0; i < MUTATIONS; i++) {
    const packet = ours.mutatePacket(seeds[i % seeds.length], rng, { corpus: seeds });
    try {
      decode(packet);
      tally.returned++;
    } catch (error) {
      if (isTyped(error)) tally.typed++;
      else {
        const kind = error?.constructor?.name ?? typeof error;
        tally.other[kind] = (tally.other[kind] ?? 0) + 1;
      }
    }
  }
  return tally;
}
console.log(`  ${MUTATIONS} mutated packets (same seeded mutator and seeds for both):`);
const oursTally = fuzz(
  (p) => ours.decodeMessage(p),
  (e) => ours.isMalformedResponseError(e),
);
const theirTally = fuzz(
  (p) => dnsPacket.decode(p),
  () => false,
);
console.log(
  `    ours:       returned ${oursTally.returned}, MalformedResponseError ${oursTally.typed}, other ${show(oursTally.other)}`,
);
console.log(
  `    dns-packet: returned ${theirTally.returned}, untyped throws ${show(theirTally.other)} (it has no error classes)`,
);
