/**
 * Byte builders for hand-written test packets, so tests read as the RFC layouts they follow.
 * Test tooling: not re-exported from the codec's entry point.
 */

import { nameToWire } from './names.js';

/** Octets of hex text; spaces, newlines and `;` comments to the end of a line are ignored. */
export function hex(text: string): number[] {
  const clean = text.replace(/;[^\n]*/g, '').replace(/\s+/g, '');
  const out: number[] = [];
  for (let i = 0; i < clean.length; i += 2) out.push(Number.parseInt(clean.slice(i, i + 2), 16));
  return out;
}

/** Uncompressed wire name. */
export function wireName(name: string): number[] {
  return [...nameToWire(name)];
}

/** Big-endian 16-bit value. */
export function u16(value: number): number[] {
  return [(value >> 8) & 0xff, value & 0xff];
}

/** Big-endian 32-bit value. */
export function u32(value: number): number[] {
  return [...u16(Math.floor(value / 0x10000)), ...u16(value & 0xffff)];
}

/** ASCII octets. */
export function ascii(text: string): number[] {
  return [...new TextEncoder().encode(text)];
}

/** A question entry. */
export function question(owner: number[], type: number, qclass = 1): number[] {
  return [...owner, ...u16(type), ...u16(qclass)];
}

/** A resource record with RDLENGTH computed from `rdata` unless `rdlength` is given. */
export function record(
  owner: number[],
  type: number,
  rdata: number[],
  options: { ttl?: number; class?: number; rdlength?: number } = {},
): number[] {
  return [
    ...owner,
    ...u16(type),
    ...u16(options.class ?? 1),
    ...u32(options.ttl ?? 3600),
    ...u16(options.rdlength ?? rdata.length),
    ...rdata,
  ];
}

/** A message from sections of already-built entries; counts follow the arrays. */
export function message(sections: {
  id?: number;
  flags?: number;
  question?: number[][];
  answer?: number[][];
  authority?: number[][];
  additional?: number[][];
  trailing?: number[];
}): Uint8Array {
  const q = sections.question ?? [];
  const an = sections.answer ?? [];
  const ns = sections.authority ?? [];
  const ar = sections.additional ?? [];
  return Uint8Array.from([
    ...u16(sections.id ?? 0),
    ...u16(sections.flags ?? 0x8180),
    ...u16(q.length),
    ...u16(an.length),
    ...u16(ns.length),
    ...u16(ar.length),
    ...q.flat(),
    ...an.flat(),
    ...ns.flat(),
    ...ar.flat(),
    ...(sections.trailing ?? []),
  ]);
}

/** An OPT record (RFC 6891 §6.1.2) with raw options. */
export function opt(
  options: Array<[number, number[]]>,
  fields: { payload?: number; extRcode?: number; version?: number; do?: boolean } = {},
): number[] {
  const rdata = options.flatMap(([code, data]) => [...u16(code), ...u16(data.length), ...data]);
  return [
    0,
    ...u16(41),
    ...u16(fields.payload ?? 1232),
    fields.extRcode ?? 0,
    fields.version ?? 0,
    ...u16(fields.do ? 0x8000 : 0),
    ...u16(rdata.length),
    ...rdata,
  ];
}
