/**
 * A tiny counting semaphore: at most `max` holders at a time, waiters served in FIFO order.
 * The resolver uses it to bound network queries in flight; it is not part of the public surface.
 */

/** Gives back a slot taken with {@link Limiter.acquire}. Calling it twice is harmless. */
export type Release = () => void;

/** A counting semaphore with abortable waits. */
export interface Limiter {
  /**
   * Takes a slot, waiting in line while all are taken.
   * @throws `signal.reason` when `signal` fires while waiting; the waiter leaves the line.
   */
  acquire(signal?: AbortSignal): Promise<Release>;
  /** Slots taken right now. */
  readonly active: number;
  /** Callers waiting for a slot. */
  readonly pending: number;
}

interface Waiter {
  resolve: (release: Release) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * Creates a {@link Limiter} with `max` slots.
 * @throws RangeError when `max` is not a positive integer (options are validated before this).
 */
export function createLimiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1)
    throw new RangeError(`limiter size must be a positive integer, got ${max}`);
  let active = 0;
  const queue: Waiter[] = [];

  const makeRelease = (): Release => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = queue.shift();
      if (next) {
        // The slot passes straight to the next waiter, so `active` does not change.
        next.signal?.removeEventListener('abort', next.onAbort);
        next.resolve(makeRelease());
      } else {
        active -= 1;
      }
    };
  };

  return {
    get active() {
      return active;
    },
    get pending() {
      return queue.length;
    },
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (active < max) {
        active += 1;
        return Promise.resolve(makeRelease());
      }
      return new Promise<Release>((resolve, reject) => {
        const waiter: Waiter = {
          resolve,
          reject,
          signal,
          onAbort: () => {
            const index = queue.indexOf(waiter);
            if (index !== -1) queue.splice(index, 1);
            reject(signal?.reason);
          },
        };
        queue.push(waiter);
        signal?.addEventListener('abort', waiter.onAbort, { once: true });
      });
    },
  };
}
