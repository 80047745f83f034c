import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../errors.js';
import { decodeMessage } from './decode.js';
import { bytesToBase64Url } from './encoding.js';
import { encodeQuery } from './query.js';
import { hex } from './test-helpers.js';

describe('encodeQuery', () => {
  it('builds the default query: ID 0, RD, one question, OPT with 1232 and DO (RFC 8484 §4.1, RFC 6891)', () => {
    const bytes = encodeQuery({ name: 'example.com', type: 'A' });
    expect([...bytes]).toEqual(
      hex(`
        0000 0100 0001 0000 0000 0001            ; header: ID 0, RD, QD 1, AR 1
        07 6578616d706c65 03 636f6d 00 0001 0001 ; example.com A IN
        00 0029 04d0 00 00 8000 0000             ; OPT: root, 1232, ext-rcode 0, version 0, DO, no options
      `),
    );
  });

  it('matches the RFC 8484 §4.1.1 GET example when EDNS is off', () => {
    const bytes = encodeQuery({ name: 'www.example.com', type: 'A' }, { edns: false });
    expect(bytesToBase64Url(bytes)).toBe('AAABAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB');
  });

  it('sets CD, clears RD and DO, and uses the given ID, class and payload size', () => {
    const decoded = decodeMessage(
      encodeQuery(
        { name: 'example.vn.', type: 'TYPE65280', class: 3 },
        { id: 0xabcd, rd: false, cd: true, dnssecOk: false, udpPayloadSize: 4096 },
      ),
    );
    expect(decoded.id).toBe(0xabcd);
    expect(decoded.flags).toMatchObject({ qr: false, rd: false, cd: true, ad: false });
    expect(decoded.question).toEqual([{ name: 'example.vn', type: 'TYPE65280', typeCode: 65280, class: 3 }]);
    expect(decoded.edns).toMatchObject({ dnssecOk: false, udpPayloadSize: 4096, paddingLength: null });
  });

  it('accepts numeric types and lower-case mnemonics', () => {
    expect(decodeMessage(encodeQuery({ name: 'example.vn', type: 257 })).question[0]?.type).toBe('CAA');
    expect(decodeMessage(encodeQuery({ name: 'example.vn', type: 'aaaa' as 'AAAA' })).question[0]?.type).toBe(
      'AAAA',
    );
  });

  it.each([128, 468, 1])('pads the whole query to a multiple of %i octets (RFC 8467 §4.1)', (block) => {
    for (const name of ['a.vn', 'a-much-longer-name.subdomain.example.vn', `${'x'.repeat(63)}.vn`]) {
      const bytes = encodeQuery({ name, type: 'HTTPS' }, { paddingBlockSize: block });
      expect(bytes.length % block).toBe(0);
      const unpadded = encodeQuery({ name, type: 'HTTPS' }).length;
      expect(decodeMessage(bytes).edns?.paddingLength).toBe(bytes.length - unpadded - 4);
    }
  });

  it('encodes the root and escaped labels', () => {
    expect([...encodeQuery({ name: '.', type: 'NS' }, { edns: false }).subarray(12)]).toEqual([
      0, 0, 2, 0, 1,
    ]);
    const decoded = decodeMessage(encodeQuery({ name: 'a\\.b\\032.vn', type: 'A' }));
    expect(decoded.question[0]?.name).toBe('a\\.b\\032.vn');
  });

  it.each([
    [{ name: 'a..vn', type: 'A' }, {}],
    [{ name: `${'a'.repeat(64)}.vn`, type: 'A' }, {}],
    [{ name: Array.from({ length: 128 }, () => 'a').join('.'), type: 'A' }, {}],
    [{ name: '', type: 'A' }, {}],
    [{ name: 'example.vn', type: 'NOPE' }, {}],
    [{ name: 'example.vn', type: 70000 }, {}],
    [{ name: 'example.vn', type: 'A', class: -1 }, {}],
    [{ name: 'example.vn', type: 'A' }, { id: 65536 }],
    [{ name: 'example.vn', type: 'A' }, { id: 1.5 }],
    [{ name: 'example.vn', type: 'A' }, { udpPayloadSize: 70000 }],
    [{ name: 'example.vn', type: 'A' }, { paddingBlockSize: -1 }],
    [
      { name: 'example.vn', type: 'A' },
      { edns: false, paddingBlockSize: 128 },
    ],
    [{ name: 'example.vn', type: 'A' }, { rd: 'yes' }],
    [{ name: 42, type: 'A' }, {}],
  ])('refuses %j with options %j as InvalidInputError', (questionInput, options) => {
    expect(() => encodeQuery(questionInput as never, options as never)).toThrow(InvalidInputError);
  });
});
