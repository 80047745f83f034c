/**
 * The shape of a translation table. Every locale file (`en.ts`, `vi.ts`) is typed with it, so a
 * key missing from one locale, or a message taking other arguments, fails type-checking.
 * Logic never holds human text: it picks a key here.
 */
export interface Messages {
  /** BCP 47 tag of the table. */
  readonly locale: string;
  readonly help: {
    /** `dotvn --help`. */
    main: (version: string) => string;
    /** `dotvn dns --help`. */
    dns: string;
  };
  readonly usage: {
    /** Prefix of every usage error line. */
    prefix: string;
    /** Hint printed after a usage error. */
    seeHelp: (command: string) => string;
    unknownCommand: (command: string) => string;
    missingCommand: string;
    missingName: string;
    tooManyArguments: (extra: string) => string;
    /** Argument parser rejected the command line; `detail` is Node's own (English) text. */
    badArguments: (detail: string) => string;
    badTimeout: (value: string) => string;
    badLang: (value: string) => string;
    badResolver: (value: string) => string;
    unreadableCa: (file: string, detail: string) => string;
    /** The SDK rejected the input (name, type); `detail` is the SDK's (English) message. */
    invalidInput: (detail: string) => string;
  };
  readonly dns: {
    header: (fields: { opcode: string; status: string; id: number }) => string;
    flags: (
      flags: string,
      counts: { query: number; answer: number; authority: number; additional: number },
    ) => string;
    noFlags: string;
    edns: (fields: { version: number; flags: string; udp: number }) => string;
    noEdns: string;
    extendedError: (fields: { code: number; purpose: string; text: string }) => string;
    padding: (length: number) => string;
    questionSection: string;
    answerSection: string;
    authoritySection: string;
    additionalSection: string;
    hiddenDnssec: (count: number) => string;
    validation: {
      /** AD set: the resolver validated the answer. */
      validated: string;
      /** CD was set: validation was turned off on request. */
      checkingDisabled: string;
      /** SERVFAIL with a DNSSEC extended error: validation failed. */
      failed: string;
      /** No AD flag. */
      notValidated: string;
    };
    elapsed: (ms: number) => string;
    fromCache: string;
    server: (endpoint: string, transport: string) => string;
  };
  readonly failure: {
    /** Every endpoint failed: no answer at all. */
    noAnswer: (query: string) => string;
    /** One line per failed attempt. */
    attempt: (kind: string, endpoint: string, detail: string) => string;
    /** Names of the SDK error codes (`timeout`, `transport`, …), for the attempt lines. */
    kinds: Readonly<Record<'timeout' | 'transport' | 'malformed-response' | 'aborted' | 'other', string>>;
    /** A bug: an error the SDK did not expect. */
    internal: (detail: string) => string;
  };
}
