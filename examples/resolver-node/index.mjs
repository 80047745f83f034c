// Example: is a .vn portal reachable over IPv6, and is its answer DNSSEC-validated?
//   node index.mjs [name]            uses the SDK's default public resolvers
//   DOTVN_RESOLVER=http://127.0.0.1:15080/dns-query node index.mjs ready.gov.vn   (the DNS lab)
import { createResolver, isDotvnError } from '@dotvn/core/dns';

const name = process.argv[2] ?? 'hanoi.gov.vn';
const endpoints = process.env.DOTVN_RESOLVER?.split(',');
const resolver = createResolver(endpoints ? { endpoints } : {});

try {
  const [v6, v4] = await Promise.all([resolver.resolve(name, 'AAAA'), resolver.resolve(name, 'A')]);
  const summary = {
    name,
    ipv6: v6.records.map((record) => record.address),
    ipv4: v4.records.map((record) => record.address),
    status: v6.status,
    dnssecValidated: v6.secure,
    endpoint: v6.answer.endpoint,
  };
  console.log(JSON.stringify(summary, null, 2));
} catch (error) {
  // Every error the SDK throws on purpose is typed; `code` says which kind.
  if (isDotvnError(error)) {
    console.error(`${name}: ${error.code}: ${error.message}`);
    process.exitCode = 1;
  } else throw error;
} finally {
  await resolver.close();
}
