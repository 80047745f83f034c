/**
 * IP address text for A and AAAA RDATA (RFC 1035 §3.4.1, RFC 3596 §2.2) and the SVCB
 * address hints (RFC 9460 §7.3): dotted-quad IPv4 and RFC 5952 canonical IPv6.
 */

/** Dotted-quad text of 4 octets at `bytes[start]`. */
export function formatIPv4(bytes: Uint8Array, start = 0): string {
  return `${bytes[start]}.${bytes[start + 1]}.${bytes[start + 2]}.${bytes[start + 3]}`;
}

/**
 * Octets of dotted-quad IPv4 text. Returns `null` unless the text is exactly four decimal
 * numbers 0–255; leading zeros are refused because some parsers read them as octal.
 */
export function parseIPv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i] as string;
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    out[i] = value;
  }
  return out;
}

/**
 * RFC 5952 §4 canonical text of 16 octets at `bytes[start]`: lower-case hex, leading zeros
 * dropped (§4.1), the longest run of two or more zero fields shortened to `::` (§4.2.1–4.2.3,
 * the first run on a tie, never a lone zero field). IPv4-mapped addresses are written in hex
 * too (`::ffff:c000:201`), as WHATWG URL serialisers do, so every address has one form.
 */
export function formatIPv6(bytes: Uint8Array, start = 0): string {
  const fields: number[] = [];
  for (let i = 0; i < 8; i++) {
    fields.push(((bytes[start + 2 * i] as number) << 8) | (bytes[start + 2 * i + 1] as number));
  }
  let bestStart = -1;
  let bestLength = 1; // a run must beat 1 to be compressed (RFC 5952 §4.2.2)
  for (let i = 0; i < 8; ) {
    if (fields[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && fields[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return fields.map((f) => f.toString(16)).join(':');
  const head = fields.slice(0, bestStart).map((f) => f.toString(16));
  const tail = fields.slice(bestStart + bestLength).map((f) => f.toString(16));
  return `${head.join(':')}::${tail.join(':')}`;
}

/**
 * Octets of IPv6 text in any RFC 4291 §2.2 form (either case, `::`, embedded dotted IPv4).
 * Zone indices (`%eth0`) are refused: DNS data has none. Returns `null` for anything else.
 */
export function parseIPv6(text: string): Uint8Array | null {
  if (text.length < 2 || text.length > 45) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parseFields = (part: string, allowIPv4: boolean): number[] | null => {
    if (part === '') return [];
    const groups = part.split(':');
    const fields: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i] as string;
      if (allowIPv4 && i === groups.length - 1 && group.includes('.')) {
        const v4 = parseIPv4(group);
        if (v4 === null) return null;
        fields.push(
          ((v4[0] as number) << 8) | (v4[1] as number),
          ((v4[2] as number) << 8) | (v4[3] as number),
        );
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
      fields.push(Number.parseInt(group, 16));
    }
    return fields;
  };
  let fields: number[];
  if (halves.length === 2) {
    const head = parseFields(halves[0] as string, false);
    const tail = parseFields(halves[1] as string, true);
    if (head === null || tail === null || head.length + tail.length > 7) return null;
    fields = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    const all = parseFields(text, true);
    if (all === null || all.length !== 8) return null;
    fields = all;
  }
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    out[2 * i] = (fields[i] as number) >> 8;
    out[2 * i + 1] = (fields[i] as number) & 0xff;
  }
  return out;
}

/** RFC 5952 canonical form of IPv6 text, or `null` when the text is not an IPv6 address. */
export function canonicalIPv6(text: string): string | null {
  const bytes = parseIPv6(text);
  return bytes === null ? null : formatIPv6(bytes);
}
