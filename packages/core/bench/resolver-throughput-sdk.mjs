// One SDK measurement in its own process, so its peak RSS is the SDK's alone.
// argv: transport ('http2' | 'fetch'), endpoint URL, name count, concurrency, CA certificate path.
import { readFileSync } from 'node:fs';
import { createResolver } from '@dotvn/core/dns';
import { createHttp2Transport } from '@dotvn/core/node';
import { benchHost } from '@dotvn/dns-lab';

const [transport, url, countText, concurrencyText, caCertPath] = process.argv.slice(2);
const count = Number(countText);
const concurrency = Number(concurrencyText);
const endpoint =
  transport === 'http2'
    ? createHttp2Transport({ url, ca: readFileSync(caCertPath, 'utf8') })
    : { url, method: 'GET' };
const resolver = createResolver({
  endpoints: [endpoint],
  cache: false,
  concurrency,
  retries: 0,
  timeout: 10_000,
});

let answered = 0;
let failed = 0;
let next = 0;
const started = performance.now();
// A pool of `concurrency` workers, each taking the next name: at most `concurrency` in flight.
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const name = benchHost(next++);
      try {
        const answer = await resolver.query(name, 'A');
        if (answer.rcodeName === 'NOERROR' && answer.answer.length > 0) answered++;
        else failed++;
      } catch {
        failed++;
      }
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
await resolver.close?.();
console.log(
  JSON.stringify({
    transport,
    answered,
    failed,
    seconds: Number(seconds.toFixed(3)),
    qps: answered / seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
