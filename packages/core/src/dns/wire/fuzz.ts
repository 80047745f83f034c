/**
 * Deterministic mutation fuzzing for the decoder: a seeded PRNG and a packet mutator that
 * applies DNS-aware damage (header counts, compression pointers, lengths) on top of generic
 * bit flips, overwrites, truncation, insertion, deletion and splicing. The same seed always
 * gives the same packets, so any failure reproduces from its seed and iteration number.
 *
 * Test tooling: not re-exported from the codec's entry point.
 */

/** A small seeded PRNG. */
export interface Rng {
  /** The next 32-bit unsigned integer. */
  next(): number;
  /** An integer in `[0, bound)`; `bound` ≥ 1. */
  int(bound: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

/** Mulberry32: tiny, fast, and good enough to spread mutations; not for cryptography. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    next,
    int: (bound) => (bound <= 1 ? 0 : next() % bound),
    chance: (p) => next() / 0x1_0000_0000 < p,
  };
}

/** The kinds of damage {@link mutatePacket} applies. */
export const MutationKind = {
  BIT_FLIP: 'bit-flip',
  BYTE_OVERWRITE: 'byte-overwrite',
  TRUNCATE: 'truncate',
  INSERT: 'insert',
  DELETE: 'delete',
  COUNT_BUMP: 'count-bump',
  POINTER_CORRUPT: 'pointer-corrupt',
  LENGTH_BUMP: 'length-bump',
  SPLICE: 'splice',
} as const;
/** One kind of damage. */
export type MutationKind = (typeof MutationKind)[keyof typeof MutationKind];

const KINDS: readonly MutationKind[] = Object.values(MutationKind);

/** Options of {@link mutatePacket}. */
export interface MutateOptions {
  /** Other packets to splice with; splicing is skipped when empty. @default [] */
  corpus?: readonly Uint8Array[];
  /** At most this many mutations are stacked on one packet. @default 4 */
  maxMutations?: number;
  /** Only these kinds are used. @default every kind */
  kinds?: readonly MutationKind[];
}

/** Values that tend to hit boundaries in 8- and 16-bit fields. */
const INTERESTING_16 = [0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x3fff, 0x4000, 0x7fff, 0x8000, 0xfffe, 0xffff];

function applyOne(
  input: Uint8Array,
  rng: Rng,
  kind: MutationKind,
  corpus: readonly Uint8Array[],
): Uint8Array {
  const length = input.length;
  const out = input.slice();
  switch (kind) {
    case 'bit-flip': {
      if (length === 0) return out;
      const flips = 1 + rng.int(8);
      for (let i = 0; i < flips; i++) {
        const at = rng.int(length);
        out[at] = (out[at] as number) ^ (1 << rng.int(8));
      }
      return out;
    }
    case 'byte-overwrite': {
      if (length === 0) return out;
      const count = 1 + rng.int(4);
      for (let i = 0; i < count; i++) {
        out[rng.int(length)] = rng.chance(0.5)
          ? rng.int(256)
          : ([0, 0x3f, 0x40, 0x80, 0xc0, 0xff][rng.int(6)] as number);
      }
      return out;
    }
    case 'truncate':
      return input.slice(0, rng.int(length + 1));
    case 'insert': {
      const at = rng.int(length + 1);
      const extra = new Uint8Array(1 + rng.int(rng.chance(0.1) ? 300 : 16));
      for (let i = 0; i < extra.length; i++) extra[i] = rng.int(256);
      const grown = new Uint8Array(length + extra.length);
      grown.set(input.subarray(0, at));
      grown.set(extra, at);
      grown.set(input.subarray(at), at + extra.length);
      return grown;
    }
    case 'delete': {
      if (length === 0) return out;
      const at = rng.int(length);
      const count = 1 + rng.int(Math.min(32, length - at));
      const shrunk = new Uint8Array(length - count);
      shrunk.set(input.subarray(0, at));
      shrunk.set(input.subarray(at + count), at);
      return shrunk;
    }
    case 'count-bump': {
      if (length < 12) return out;
      // QDCOUNT, ANCOUNT, NSCOUNT or ARCOUNT (RFC 1035 §4.1.1).
      const at = 4 + 2 * rng.int(4);
      const current = ((out[at] as number) << 8) | (out[at + 1] as number);
      const choice = rng.int(4);
      const value =
        choice === 0
          ? current + 1
          : choice === 1
            ? current - 1
            : choice === 2
              ? (INTERESTING_16[rng.int(INTERESTING_16.length)] as number)
              : rng.int(0x10000);
      out[at] = (value >> 8) & 0xff;
      out[at + 1] = value & 0xff;
      return out;
    }
    case 'pointer-corrupt': {
      if (length < 14) return out;
      const pointers: number[] = [];
      for (let i = 12; i + 1 < length; i++) if (((out[i] as number) & 0xc0) === 0xc0) pointers.push(i);
      // Corrupt an existing pointer when there is one, else plant a new one.
      const at =
        pointers.length > 0 && rng.chance(0.8)
          ? (pointers[rng.int(pointers.length)] as number)
          : 12 + rng.int(length - 13);
      const choice = rng.int(5);
      const target =
        choice === 0
          ? at // to itself
          : choice === 1
            ? at + 1 + rng.int(64) // forward
            : choice === 2 && pointers.length > 0
              ? (pointers[rng.int(pointers.length)] as number) // into another pointer: chains and loops
              : choice === 3
                ? rng.int(12) // into the header
                : rng.int(Math.max(1, at));
      out[at] = 0xc0 | ((target >> 8) & 0x3f);
      out[at + 1] = target & 0xff;
      return out;
    }
    case 'length-bump': {
      // Nudge an octet or 16-bit value that may be a label, RDLENGTH, option or string length.
      if (length < 2) return out;
      const at = rng.int(length - 1);
      if (rng.chance(0.5)) {
        out[at] = ((out[at] as number) + (rng.chance(0.5) ? 1 : -1)) & 0xff;
      } else {
        const value = ((((out[at] as number) << 8) | (out[at + 1] as number)) + (rng.int(5) - 2)) & 0xffff;
        out[at] = value >> 8;
        out[at + 1] = value & 0xff;
      }
      return out;
    }
    case 'splice': {
      if (corpus.length === 0) return out;
      const other = corpus[rng.int(corpus.length)] as Uint8Array;
      const cut = rng.int(length + 1);
      const otherCut = rng.int(other.length + 1);
      const spliced = new Uint8Array(cut + other.length - otherCut);
      spliced.set(input.subarray(0, cut));
      spliced.set(other.subarray(otherCut), cut);
      return spliced;
    }
  }
}

/**
 * A damaged copy of `seed`: one to `maxMutations` randomly chosen mutations stacked. The
 * result never exceeds 65,535 + 4,096 octets, so fuzz loops stay fast. `seed` is not changed.
 */
export function mutatePacket(seed: Uint8Array, rng: Rng, options: MutateOptions = {}): Uint8Array {
  const corpus = options.corpus ?? [];
  const kinds = options.kinds ?? KINDS;
  const rounds = 1 + rng.int(Math.max(1, options.maxMutations ?? 4));
  let packet = seed;
  for (let i = 0; i < rounds; i++) {
    packet = applyOne(packet, rng, kinds[rng.int(kinds.length)] as MutationKind, corpus);
    if (packet.length > 0xffff + 4096) packet = packet.slice(0, 0xffff);
  }
  return packet === seed ? seed.slice() : packet;
}
