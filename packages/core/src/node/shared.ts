import { toError, truncate } from '../errors.js';

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
