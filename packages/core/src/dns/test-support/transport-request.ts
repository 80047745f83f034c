import { parseRecordType } from '../names.js';
import type { TransportRequest } from '../transport.js';
import { encodeQuery } from '../wire/index.js';

/** Options of {@link transportRequest}; each maps to the query field of the same meaning. */
export interface TransportRequestOptions {
  /** @default false */
  cd?: boolean;
  /** @default true */
  dnssecOk?: boolean;
  /** Recursion desired; `false` for queries to authoritative servers. @default true */
  rd?: boolean;
  /** @default a signal that never fires */
  signal?: AbortSignal;
}

/**
 * The request the resolver would hand a transport for `name`/`type` (ID 0, as RFC 8484 §4.1
 * asks), for transport tests that talk to their own loopback servers.
 */
export function transportRequest(
  name: string,
  type: string | number = 'A',
  options: TransportRequestOptions = {},
): TransportRequest {
  const parsed = parseRecordType(type);
  const cd = options.cd ?? false;
  const dnssecOk = options.dnssecOk ?? true;
  return {
    question: { name, type: parsed.name, typeCode: parsed.code },
    wire: encodeQuery({ name, type: parsed.code }, { id: 0, cd, dnssecOk, rd: options.rd ?? true }),
    cd,
    dnssecOk,
    signal: options.signal ?? new AbortController().signal,
  };
}
