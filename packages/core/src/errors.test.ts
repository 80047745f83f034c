import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  DotvnError,
  InvalidInputError,
  isAbortedError,
  isDotvnError,
  isInvalidInputError,
  isMalformedResponseError,
  isRcodeError,
  isResolutionError,
  isTimeoutError,
  isTransportError,
  MalformedResponseError,
  RcodeError,
  ResolutionError,
  TimeoutError,
  TransportError,
} from './errors.js';

const guards = [
  [isInvalidInputError, new InvalidInputError('bad', 'x')],
  [isTimeoutError, new TimeoutError('slow', 10)],
  [isAbortedError, new AbortedError('stopped')],
  [isTransportError, new TransportError('down')],
  [isMalformedResponseError, new MalformedResponseError('garbled')],
  [isResolutionError, new ResolutionError('none', [])],
  [isRcodeError, new RcodeError('servfail', { rcode: 2, rcodeName: 'SERVFAIL' })],
] as const;

/** `error` as another realm (a worker, an iframe, another copy of the package) would hand it over. */
function fromAnotherRealm(error: DotvnError): unknown {
  return runInNewContext(`const e = new Error(message); e.name = name; e.code = code; e;`, {
    message: error.message,
    name: error.name,
    code: error.code,
  });
}

describe('error guards', () => {
  it('match their own class and the base guard', () => {
    for (const [guard, error] of guards) {
      expect(guard(error), error.name).toBe(true);
      expect(isDotvnError(error), error.name).toBe(true);
    }
    expect(isDotvnError(new DotvnError('custom-code', 'anything'))).toBe(true);
  });

  it('match an error of the same name and code from another realm', () => {
    for (const [guard, error] of guards) {
      const foreign = fromAnotherRealm(error);
      expect(foreign instanceof Error).toBe(false);
      expect(guard(foreign), error.name).toBe(true);
      expect(isDotvnError(foreign), error.name).toBe(true);
    }
  });

  it('reject the DOMException TimeoutError of AbortSignal.timeout()', async () => {
    const signal = AbortSignal.timeout(1);
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    const reason: unknown = signal.reason;
    expect(reason).toBeInstanceOf(DOMException);
    expect((reason as DOMException).name).toBe('TimeoutError');
    expect(isTimeoutError(reason)).toBe(false);
    expect(isDotvnError(reason)).toBe(false);
  });

  it('reject an error that has the name but not the code of the class', () => {
    for (const [guard, error] of guards) {
      expect(guard({ name: error.name, message: 'x' }), `${error.name} without code`).toBe(false);
      expect(guard({ name: error.name, code: 'other', message: 'x' }), `${error.name} other code`).toBe(
        false,
      );
      expect(isDotvnError({ name: error.name, code: 'other' }), error.name).toBe(false);
    }
    expect(isDotvnError({ name: 'DotvnError', code: 7 })).toBe(false);
    expect(isDotvnError({ name: 'toString', code: 'x' })).toBe(false);
  });
});
