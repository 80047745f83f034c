import type { Messages } from './messages.js';

/** English. */
export const en: Messages = {
  locale: 'en',
  help: {
    main: (version) => `dotvn ${version} — tools for Vietnam's Internet resources

Usage: dotvn <command> [options]

Commands:
  dns <name> [type]    look up DNS records over DNS-over-HTTPS, like dig

Options:
  -h, --help           show help (dotvn <command> --help for one command)
  -v, --version        print the version
  --lang vi|en         output language (default: from DOTVN_LANG, LC_ALL, LC_MESSAGES, LANG)

Exit codes and examples: dotvn dns --help
`,
    dns: `Usage: dotvn dns <name> [type] [options]

Asks one DNS question over DNS-over-HTTPS and prints the answer like dig.

Arguments:
  name                 domain name, Unicode or ASCII (tên-miền.vn is converted with IDNA)
  type                 record type: A, AAAA, MX, TXT, NS, SOA, CAA, DS, DNSKEY, HTTPS,
                       TYPE<n> or a number (default: A)

Options:
  --resolver URL       DoH endpoint to ask; repeat it for failover (default: DOTVN_RESOLVER,
                       comma-separated URLs, else the SDK's default resolvers)
  --post               send queries with POST instead of GET
  --http2              use Node's HTTP/2 client, for HTTP/2-only servers (Unbound, BIND)
  --ca FILE            trust this PEM certificate authority (a private CA, such as the lab's);
                       implies --http2
  --dnssec             show DNSSEC records (RRSIG, NSEC, NSEC3) and ask for them with the DO
                       bit (which the SDK sets by default); without it, they are hidden from
                       the text view
  --cd                 checking disabled: ask the resolver not to validate DNSSEC
  --timeout MS         give up on a resolver after MS milliseconds (default: the SDK's)
  --json               print the whole answer as JSON (nothing hidden)
  --lang vi|en         output language (default: DOTVN_LANG, LC_ALL, LC_MESSAGES, LANG;
                       vi* means Vietnamese, anything else English)
  -h, --help           show this help

Exit codes:
  0    an answer with NOERROR (including an empty answer: the name has no such records)
  1    NXDOMAIN: the name does not exist
  2    another response code (SERVFAIL, REFUSED, …)
  3    no answer: every resolver failed or timed out
  64   usage error: bad arguments, invalid name or record type
  70   internal error (a bug: please report it)

Environment:
  DOTVN_RESOLVER       default resolvers, comma-separated URLs
  DOTVN_LANG           output language
  NO_COLOR             turn colours off (they are only used on a terminal anyway)

Examples:
  dotvn dns vnnic.vn
  dotvn dns tên-miền.vn AAAA --dnssec
  dotvn dns vnnic.vn MX --resolver https://dns.google/dns-query --json
  dotvn dns lab.example --http2 --ca lab-ca.pem --resolver https://127.0.0.1:8443/dns-query
`,
  },
  usage: {
    prefix: 'dotvn: ',
    seeHelp: (command) => `Run "${command} --help" for usage.`,
    unknownCommand: (command) => `unknown command "${command}"`,
    missingCommand: 'missing command',
    missingName: 'missing domain name',
    tooManyArguments: (extra) => `unexpected argument(s): ${extra}`,
    badArguments: (detail) => `invalid arguments: ${detail}`,
    badTimeout: (value) => `--timeout expects a positive number of milliseconds, received "${value}"`,
    badLang: (value) => `--lang expects vi or en, received "${value}"`,
    badResolver: (value) => `--resolver expects an https:// (or http://) URL, received "${value}"`,
    unreadableCa: (file, detail) => `cannot read the CA file "${file}": ${detail}`,
    invalidInput: (detail) => `invalid input: ${detail}`,
  },
  dns: {
    header: ({ opcode, status, id }) => `;; ->>HEADER<<- opcode: ${opcode}, status: ${status}, id: ${id}`,
    flags: (flags, c) =>
      `;; flags: ${flags}; QUERY: ${c.query}, ANSWER: ${c.answer}, AUTHORITY: ${c.authority}, ADDITIONAL: ${c.additional}`,
    noFlags: '(none)',
    edns: ({ version, flags, udp }) => `;; EDNS: version: ${version}, flags: ${flags}; udp: ${udp}`,
    noEdns: ';; no EDNS (OPT record) in the answer',
    extendedError: ({ code, purpose, text }) =>
      `;; EXTENDED DNS ERROR: ${code} (${purpose})${text === '' ? '' : `: "${text}"`}`,
    padding: (length) => `;; padding: ${length} bytes`,
    questionSection: ';; QUESTION SECTION:',
    answerSection: ';; ANSWER SECTION:',
    authoritySection: ';; AUTHORITY SECTION:',
    additionalSection: ';; ADDITIONAL SECTION:',
    hiddenDnssec: (count) =>
      `;; ${count} DNSSEC record${count === 1 ? '' : 's'} hidden (add --dnssec to show ${count === 1 ? 'it' : 'them'})`,
    validation: {
      validated: ';; DNSSEC: validated: the resolver checked the signatures (AD flag set)',
      checkingDisabled: ';; DNSSEC: not validated: checking was disabled on request (CD flag)',
      failed:
        ';; DNSSEC: validation failed: the resolver rejected the signatures (see the extended DNS error)',
      notValidated:
        ';; DNSSEC: not validated: the zone is unsigned or the resolver does not validate (no AD flag)',
    },
    elapsed: (ms) => `;; Query time: ${ms} ms`,
    fromCache: ' (from cache)',
    server: (endpoint, transport) => `;; SERVER: ${endpoint} (${transport})`,
  },
  failure: {
    noAnswer: (query) => `No answer for ${query}: every resolver failed.`,
    attempt: (kind, endpoint, detail) => `  - ${endpoint}: ${kind}: ${detail}`,
    kinds: {
      timeout: 'timed out',
      transport: 'network or HTTP error',
      'malformed-response': 'malformed response',
      aborted: 'aborted',
      other: 'error',
    },
    internal: (detail) => `Internal error (a bug: please report it): ${detail}`,
  },
};
