// Test-only helpers. The codec is imported from the SDK's sources so unit tests need no build of
// @dotvn/core (vitest resolves `@dotvn/core/*` through the package's `exports`, i.e. to dist/).
import type { DnsAnswer } from '@dotvn/core/dns';
import { decodeMessage, encodeMessage } from '../../core/src/dns/wire/index.js';

export type { MessageInput } from '../../core/src/dns/wire/index.js';
export { decodeMessage, encodeMessage };

/** A DnsAnswer as the resolver returns it, built by encoding then decoding `message`. */
export function answerFrom(
  message: Parameters<typeof encodeMessage>[0],
  extra: Partial<Pick<DnsAnswer, 'endpoint' | 'transport' | 'elapsedMs' | 'fromCache'>> = {},
): DnsAnswer {
  return {
    ...decodeMessage(encodeMessage(message)),
    endpoint: 'https://doh.example/dns-query',
    transport: 'doh-get',
    elapsedMs: 12,
    fromCache: false,
    ...extra,
  };
}

/** Collects what is written, for the injected stdout/stderr. */
export function collector(): { write(text: string): void; text: () => string } {
  let out = '';
  return {
    write(text: string) {
      out += text;
    },
    text: () => out,
  };
}
