/**
 * Checks every transport applies to what comes back, whatever carried it (fetch, `node:http2`,
 * UDP, TCP) and which the resolver repeats for transports written elsewhere: the answer decodes,
 * is a response, and answers the question asked. Internal; not part of the public surface.
 */
import { isMalformedResponseError, MalformedResponseError, toError, truncate } from '../../errors.js';
import type { TransportRequest } from '../transport.js';
import type { DnsMessage, DnsRecord } from '../types.js';
import { decodeMessage } from '../wire/index.js';

/** `name/TYPE` of a request, as errors show it. */
export function describeQuestion(request: Pick<TransportRequest, 'question'>): string {
  return `${request.question.name}/${request.question.type}`;
}

/**
 * Compares two presentation names as DNS does: only ASCII letters case-insensitively (RFC 4343
 * §3), a trailing dot ignored.
 */
export function sameName(a: string, b: string): boolean {
  return canonical(a) === canonical(b);
}

function canonical(name: string): string {
  const lower = name.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return lower.length > 1 && lower.endsWith('.') && !lower.endsWith('\\.') ? lower.slice(0, -1) : lower;
}

/** The 16-bit ID of a wire-format message (0 when it is too short to hold one). */
export function messageId(wire: Uint8Array): number {
  return wire.length >= 2 ? ((wire[0] ?? 0) << 8) | (wire[1] ?? 0) : 0;
}

/**
 * Why `message` is not a response to `question` (RFC 5452 §4.3, RFC 8484 §4.2 leaves matching to
 * the client): QR clear, not exactly one question, another name (RFC 4343 comparison), type or
 * class. `null` when it is one.
 */
export function answerMismatch(message: DnsMessage, question: TransportRequest['question']): string | null {
  if (!message.flags.qr) return 'a message that is not a response (QR bit clear)';
  const received = message.question[0];
  if (message.question.length !== 1 || !received) {
    return `${message.question.length} questions; expected the one asked`;
  }
  if (
    received.typeCode !== question.typeCode ||
    !sameName(received.name, question.name) ||
    received.class !== 1
  ) {
    return `an answer to another question (${truncate(received.name, 80)}/${received.type})`;
  }
  return null;
}

/**
 * Checks that `message` answers `request`, and when `expectedId` is given that it carries that
 * message ID.
 * @throws {MalformedResponseError} When it does not, naming the endpoint and query.
 */
export function checkAnswerMatches(
  message: DnsMessage,
  request: Pick<TransportRequest, 'question'>,
  endpoint: string,
  expectedId?: number,
): void {
  let problem = answerMismatch(message, request.question);
  if (problem === null && expectedId !== undefined && message.id !== expectedId) {
    problem = `message ID ${message.id}; expected ${expectedId}, the query's`;
  }
  if (problem === null) return;
  const query = describeQuestion(request);
  throw new MalformedResponseError(`Endpoint ${endpoint} answered ${query} with ${problem}`, {
    endpoint,
    query,
  });
}

/**
 * Decodes a wire-format answer. Record TTLs with the top bit set read as 0 (RFC 2181 §8).
 * @throws {MalformedResponseError} When it does not decode; it names the endpoint and query and
 *   keeps the codec's offset.
 */
export function decodeAnswer(
  bytes: Uint8Array,
  request: Pick<TransportRequest, 'question'>,
  endpoint: string,
): DnsMessage {
  let message: DnsMessage;
  try {
    message = decodeMessage(bytes);
  } catch (error) {
    const query = describeQuestion(request);
    const offset = isMalformedResponseError(error) ? error.offset : undefined;
    throw new MalformedResponseError(
      `Endpoint ${endpoint} sent an undecodable answer for ${query}: ${truncate(toError(error).message, 160)}`,
      { endpoint, query, cause: error, ...(offset === undefined ? {} : { offset }) },
    );
  }
  return withTtlsInRange(message);
}

/** Largest meaningful TTL (RFC 2181 §8): the top bit of the 32-bit field must be clear. */
const MAX_TTL = 0x7fffffff;

/** A record TTL as RFC 2181 §8 has it read: a value with the top bit set counts as 0. */
export function effectiveTtl(ttl: number): number {
  return ttl > MAX_TTL ? 0 : ttl;
}

function over(record: DnsRecord): boolean {
  return record.ttl > MAX_TTL;
}

/**
 * `message` with every record TTL over 2^31 − 1 set to 0 (RFC 2181 §8), so that such a record is
 * neither shown nor cached as lasting 68 years. The message itself when there is none, as usual.
 */
function withTtlsInRange<T extends DnsMessage>(message: T): T {
  if (!message.answer.some(over) && !message.authority.some(over) && !message.additional.some(over)) {
    return message;
  }
  const fix = (record: DnsRecord): DnsRecord => (over(record) ? { ...record, ttl: 0 } : record);
  return {
    ...message,
    answer: message.answer.map(fix),
    authority: message.authority.map(fix),
    additional: message.additional.map(fix),
  };
}

/**
 * `message` with every record TTL lowered by `seconds` (never below 0) and, when given, capped at
 * `cap`. Used for the age of cached answers, ours (`cache.ts`) and HTTP caches' (RFC 8484 §5.1).
 */
export function lowerTtls<T extends DnsMessage>(
  message: T,
  seconds: number,
  cap = Number.POSITIVE_INFINITY,
): T {
  if (seconds <= 0 && cap === Number.POSITIVE_INFINITY) return message;
  const lower = (record: DnsRecord): DnsRecord => ({
    ...record,
    ttl: Math.max(0, Math.min(record.ttl - seconds, cap)),
  });
  return {
    ...message,
    answer: message.answer.map(lower),
    authority: message.authority.map(lower),
    additional: message.additional.map(lower),
  };
}
