/** DNSKEY key tags (RFC 4034 Appendix B). */

/**
 * The RFC 4034 Appendix B key tag of DNSKEY RDATA `rdata[start, end)` (flags, protocol,
 * algorithm and key, as on the wire). For algorithm 1 (RSA/MD5, Appendix B.1) the tag is the
 * third- and second-to-last octets of the modulus; for every other algorithm it is the
 * one's-complement-style checksum of Appendix B.
 */
export function computeKeyTag(rdata: Uint8Array, start = 0, end = rdata.length): number {
  const length = end - start;
  if (length >= 4 && rdata[start + 3] === 1) {
    if (length < 7) return 0;
    return ((rdata[end - 3] as number) << 8) | (rdata[end - 2] as number);
  }
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const octet = rdata[start + i] as number;
    sum += (i & 1) === 0 ? octet << 8 : octet;
  }
  sum += (sum >>> 16) & 0xffff;
  return sum & 0xffff;
}
