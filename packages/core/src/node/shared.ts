import type { TransportRequest } from '../dns/transport.js';
import type { DnsMessage } from '../dns/types.js';
import { decodeMessage } from '../dns/wire/index.js';
import { isMalformedResponseError, MalformedResponseError, toError, truncate } from '../errors.js';

/** `name/TYPE`, the form errors use for the `query` context. */
export function describeQuery(question: TransportRequest['question']): string {
  return `${question.name}/${question.type}`;
}

/**
 * Decodes a response and checks it answers the question asked (RFC 5452 §4.3 / RFC 8484 §4.2:
 * a response is only usable for the query it matches). Throws {@link MalformedResponseError}
 * carrying the endpoint and query.
 */
export function decodeResponse(
  bytes: Uint8Array,
  request: Pick<TransportRequest, 'question'>,
  endpoint: string,
): DnsMessage {
  const message = decodeOnly(bytes, request, endpoint);
  const mismatch = questionMismatch(message, request.question);
  if (mismatch !== null) {
    throw new MalformedResponseError(
      `Response from ${endpoint} answers another question: expected ${describeQuery(request.question)}, received ${mismatch}`,
      { endpoint, query: describeQuery(request.question) },
    );
  }
  return message;
}

/** Decodes a response without checking its question; throws {@link MalformedResponseError}. */
export function decodeOnly(
  bytes: Uint8Array,
  request: Pick<TransportRequest, 'question'>,
  endpoint: string,
): DnsMessage {
  const query = describeQuery(request.question);
  try {
    return decodeMessage(bytes);
  } catch (error) {
    const offset = isMalformedResponseError(error) ? error.offset : undefined;
    throw new MalformedResponseError(
      `Undecodable DNS message from ${endpoint} for ${query}: ${truncate(toError(error).message)}`,
      { endpoint, query, cause: error, ...(offset === undefined ? {} : { offset }) },
    );
  }
}

/**
 * Returns `null` when the message's question section is the one asked (names compared
 * case-insensitively, RFC 4343), else a short description of what was received.
 */
export function questionMismatch(message: DnsMessage, question: TransportRequest['question']): string | null {
  const received = message.question[0];
  if (received === undefined) return 'an empty question section';
  if (
    message.question.length === 1 &&
    received.typeCode === question.typeCode &&
    asciiLower(received.name) === asciiLower(question.name)
  ) {
    return null;
  }
  return message.question.map((q) => `${q.name}/${q.type}`).join(', ');
}

function asciiLower(name: string): string {
  // RFC 4343: only ASCII letters compare case-insensitively; a trailing dot is not significant.
  const lower = name.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return lower.length > 1 && lower.endsWith('.') && !lower.endsWith('\\.') ? lower.slice(0, -1) : lower;
}

/** Rejects with the signal's reason; `undefined` reasons become an `AbortError`-named Error. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
}

/** Describes a thrown network error for an error message: `ECONNREFUSED: connect ECONNREFUSED …`. */
export function describeNetworkError(error: unknown): string {
  const err = toError(error);
  const code = (err as { code?: unknown }).code;
  return truncate(
    typeof code === 'string' && !err.message.includes(code) ? `${code}: ${err.message}` : err.message,
  );
}
