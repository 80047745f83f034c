// Reference for the benchmark: the same 10,000 queries over one bare `node:http2` session (no
// resolver: no validation, failover, timeouts or cache), decoding each answer with the SDK's codec.
// It shows how much of the gap to dnsperf is Node's HTTP/2 client itself rather than the SDK.
// argv: endpoint URL, name count, concurrency, CA certificate path.
import { readFileSync } from 'node:fs';
import http2 from 'node:http2';
import { decodeMessage, encodeQuery } from '@dotvn/core/dns';
import { benchHost } from '@dotvn/dns-lab';

const [url, countText, concurrencyText, caCertPath] = process.argv.slice(2);
const count = Number(countText);
const { origin, pathname } = new URL(url);
const session = http2.connect(origin, { ca: readFileSync(caCertPath) });

function get(name) {
  return new Promise((resolve, reject) => {
    const dns = Buffer.from(encodeQuery({ name, type: 'A' })).toString('base64url');
    const stream = session.request(
      { ':method': 'GET', ':path': `${pathname}?dns=${dns}`, accept: 'application/dns-message' },
      { endStream: true },
    );
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => resolve(decodeMessage(Buffer.concat(chunks))));
    stream.on('error', reject);
  });
}

let answered = 0;
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: Number(concurrencyText) }, async () => {
    while (next < count) {
      const message = await get(benchHost(next++));
      if (message.rcodeName === 'NOERROR' && message.answer.length > 0) answered++;
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
session.close();
console.log(JSON.stringify({ answered, seconds: Number(seconds.toFixed(3)), qps: answered / seconds }));
