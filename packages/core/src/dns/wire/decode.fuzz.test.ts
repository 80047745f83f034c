import { describe, expect, it } from 'vitest';
import { isMalformedResponseError } from '../../errors.js';
import { decodeMessage } from './decode.js';
import { encodeMessage } from './encode.js';
import { bytesToHex } from './encoding.js';
import { createRng, MutationKind, mutatePacket } from './fuzz.js';
import { sampleMessages, typicalAnswers } from './samples.js';

const ITERATIONS = 100_000;

describe('decodeMessage under mutation fuzzing', () => {
  const seeds = [
    ...sampleMessages().map((m) => encodeMessage(m)),
    ...sampleMessages().map((m) => encodeMessage(m, { compress: false })),
    ...typicalAnswers().map((m) => encodeMessage(m)),
  ];

  it('the mutator is deterministic for a given seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const seed = seeds[0] as Uint8Array;
    for (let i = 0; i < 100; i++) {
      expect(mutatePacket(seed, a, { corpus: seeds })).toEqual(mutatePacket(seed, b, { corpus: seeds }));
    }
  });

  it('every mutation kind changes packets', () => {
    const rng = createRng(7);
    const seed = seeds[0] as Uint8Array;
    for (const kind of Object.values(MutationKind)) {
      let changed = 0;
      for (let i = 0; i < 50; i++) {
        const mutated = mutatePacket(seed, rng, { corpus: seeds, kinds: [kind], maxMutations: 1 });
        if (mutated.length !== seed.length || mutated.some((octet, j) => octet !== seed[j])) changed++;
      }
      expect(changed, kind).toBeGreaterThan(0);
    }
  });

  it(`returns a message or throws MalformedResponseError for ${ITERATIONS} mutated packets`, () => {
    const rng = createRng(0x5eed);
    const failures: string[] = [];
    let decoded = 0;
    let refused = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const packet = mutatePacket(seeds[i % seeds.length] as Uint8Array, rng, { corpus: seeds });
      try {
        decodeMessage(packet);
        decoded++;
      } catch (error) {
        if (isMalformedResponseError(error) && typeof error.offset === 'number') refused++;
        else if (failures.length < 5)
          failures.push(`#${i} ${String(error)}: ${bytesToHex(packet).slice(0, 400)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(decoded + refused).toBe(ITERATIONS);
    // Both outcomes must be well represented, or the mutator is too gentle or too harsh.
    expect(decoded).toBeGreaterThan(ITERATIONS / 50);
    expect(refused).toBeGreaterThan(ITERATIONS / 10);
  }, 60_000);
});
