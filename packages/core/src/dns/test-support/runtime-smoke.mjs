// Runs the built ESM entry of `@dotvn/core/dns` in whatever runtime executes this file (Node, Bun,
// Deno) and prints one JSON line of facts for runtimes.lab.test.ts to check.
// argv: DoH endpoint URL, a signed name with AAAA, an NXDOMAIN name.
import { createResolver, isInvalidInputError } from '../../../dist/dns/index.js';

const [endpoint, signedName, missingName] = globalThis.Deno
  ? globalThis.Deno.args
  : globalThis.process.argv.slice(2);
const resolver = createResolver({ endpoints: [endpoint], retries: 0 });
const answer = await resolver.query(signedName, 'AAAA');
const posted = await createResolver({ endpoints: [{ url: endpoint, method: 'POST' }], cache: false }).query(
  signedName,
  'AAAA',
);
const missing = await resolver.resolve(missingName, 'A');
const cached = await resolver.query(signedName, 'AAAA');
let invalid = null;
try {
  await resolver.query('bad..name', 'A');
} catch (error) {
  invalid = { typed: isInvalidInputError(error), code: error.code };
}
await resolver.close();
console.log(
  JSON.stringify({
    runtime: globalThis.Deno ? 'deno' : globalThis.Bun ? 'bun' : 'node',
    rcode: answer.rcodeName,
    ad: answer.flags.ad,
    transport: answer.transport,
    addresses: answer.answer.filter((r) => r.type === 'AAAA').map((r) => r.data.address),
    postTransport: posted.transport,
    postAd: posted.flags.ad,
    missing: missing.status,
    fromCache: cached.fromCache,
    invalid,
  }),
);
