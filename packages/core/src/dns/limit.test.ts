import { describe, expect, it } from 'vitest';
import { createLimiter } from './limit.js';

describe('createLimiter', () => {
  it('hands out at most max slots and serves waiters in order', async () => {
    const limiter = createLimiter(2);
    const first = await limiter.acquire();
    await limiter.acquire();
    const order: number[] = [];
    const third = limiter.acquire().then((release) => {
      order.push(3);
      return release;
    });
    const fourth = limiter.acquire().then((release) => {
      order.push(4);
      return release;
    });
    expect(limiter.active).toBe(2);
    expect(limiter.pending).toBe(2);
    first();
    first(); // a second call is harmless
    (await third)();
    await fourth;
    expect(order).toEqual([3, 4]);
    expect(limiter.active).toBe(2);
    expect(limiter.pending).toBe(0);
  });

  it('removes a waiter whose signal fires and rejects it with the reason', async () => {
    const limiter = createLimiter(1);
    const release = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    expect(limiter.pending).toBe(1);
    controller.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    expect(limiter.pending).toBe(0);
    release();
    expect(limiter.active).toBe(0);
  });

  it('rejects at once when the signal has already fired', async () => {
    const limiter = createLimiter(1);
    await expect(limiter.acquire(AbortSignal.abort(new Error('early')))).rejects.toThrow('early');
    expect(limiter.active).toBe(0);
  });
});
