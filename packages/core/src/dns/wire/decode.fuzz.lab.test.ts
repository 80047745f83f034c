import { createSocket } from 'node:dgram';
import { describe, expect, inject, it } from 'vitest';
import { isMalformedResponseError } from '../../errors.js';
import { createRng, mutatePacket } from './fuzz.js';
import { decodeMessage, encodeQuery } from './index.js';

const MUTATIONS = 100_000;
const TYPES = ['A', 'AAAA', 'MX', 'NS', 'SOA', 'TXT', 'DNSKEY', 'DS', 'NSEC3PARAM', 'HTTPS', 'CAA'] as const;

/** Sends one query over UDP and returns the raw answer bytes (no decoding: these are fuzz seeds). */
function rawQuery(
  server: { address: string; port: number },
  name: string,
  type: (typeof TYPES)[number],
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const id = Math.floor(Math.random() * 0xffff);
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no answer from ${server.address}#${server.port} for ${name}/${type}`));
    }, 10_000);
    socket.on('message', (message) => {
      if (message.readUInt16BE(0) !== id) return;
      clearTimeout(timer);
      socket.close();
      resolve(new Uint8Array(message));
    });
    socket.send(
      encodeQuery({ name, type }, { id, dnssecOk: true, udpPayloadSize: 4096 }),
      server.port,
      server.address,
    );
  });
}

describe('decoding mutated real answers from the DNS lab', () => {
  it(`throws only MalformedResponseError for ${MUTATIONS.toLocaleString('en')} mutations of lab answers`, async () => {
    const lab = inject('lab');
    const names = [
      ...lab.scenarios.filter((s) => s.id !== 'slow' && s.id !== 'drop').map((s) => s.domain),
      ...lab.scenarios.filter((s) => s.id === 'ready').map((s) => `www.${s.domain}`),
      'no-such-name.gov.vn',
      'vn',
    ];
    const seeds: Uint8Array[] = [];
    for (const name of names) {
      seeds.push(...(await Promise.all(TYPES.map((type) => rawQuery(lab.resolver, name, type)))));
    }
    // The seeds themselves are real, valid answers: they must decode, or the fuzz test proves nothing.
    for (const seed of seeds) expect(() => decodeMessage(seed)).not.toThrow();
    expect(seeds.some((seed) => decodeMessage(seed).answer.some((r) => r.type === 'RRSIG'))).toBe(true);
    expect(seeds.some((seed) => decodeMessage(seed).edns?.extendedErrors.length)).toBe(true);

    const rng = createRng(20261128);
    const outcomes = { decoded: 0, malformed: 0 };
    for (let i = 0; i < MUTATIONS; i++) {
      const seed = seeds[i % seeds.length] as Uint8Array;
      const mutated = mutatePacket(seed, rng, { corpus: seeds });
      try {
        decodeMessage(mutated);
        outcomes.decoded++;
      } catch (error) {
        if (!isMalformedResponseError(error)) throw error;
        outcomes.malformed++;
      }
    }
    expect(outcomes.decoded + outcomes.malformed).toBe(MUTATIONS);
    // Both outcomes must occur, or the mutator is not exercising the decoder.
    expect(outcomes.malformed).toBeGreaterThan(MUTATIONS / 10);
    expect(outcomes.decoded).toBeGreaterThan(0);
  });
});
