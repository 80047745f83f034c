/** SVCB and HTTPS service parameters (RFC 9460 §2.2 wire format, §7 the keys 0–6). */

import { InvalidInputError } from '../../errors.js';
import type { SvcParam } from '../types.js';
import { octetsToText, textToOctets } from './character-string.js';
import { base64ToBytes, bytesToBase64, bytesToHex, hexToBytes } from './encoding.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './ip-text.js';
import { malformed, type WireReader } from './reader.js';
import { svcParamKeyCode, svcParamKeyName } from './types-table.js';

/**
 * Decodes the SvcParams at `[start, end)`. Following RFC 9460 §2.2 the RR is malformed when
 * a parameter runs past the RDATA, keys are not strictly increasing, or a known key's value
 * does not have its expected form (§7). Unregistered keys are kept as `key<n>` with hex.
 */
export function decodeSvcParams(reader: WireReader, start: number, end: number): SvcParam[] {
  const bytes = reader.bytes;
  const params: SvcParam[] = [];
  let previous = -1;
  let pos = start;
  while (pos < end) {
    if (pos + 4 > end) malformed('SvcParam header runs past the RDATA', pos);
    const key = ((bytes[pos] as number) << 8) | (bytes[pos + 1] as number);
    const length = ((bytes[pos + 2] as number) << 8) | (bytes[pos + 3] as number);
    const valueStart = pos + 4;
    const valueEnd = valueStart + length;
    if (valueEnd > end) malformed(`SvcParam ${svcParamKeyName(key)} runs past the RDATA`, pos);
    if (key <= previous) malformed('SvcParamKeys are not in strictly increasing order', pos);
    previous = key;
    const bad = (expected: string): never =>
      malformed(
        `SvcParam ${svcParamKeyName(key)} value of ${length} octet(s) is not ${expected}`,
        valueStart,
      );
    switch (key) {
      case 0: {
        if (length === 0 || length % 2 !== 0) bad('a non-empty list of 2-octet keys');
        const keys: string[] = [];
        for (let i = valueStart; i < valueEnd; i += 2) {
          keys.push(svcParamKeyName(((bytes[i] as number) << 8) | (bytes[i + 1] as number)));
        }
        params.push({ key: 'mandatory', keys });
        break;
      }
      case 1: {
        if (length === 0) bad('a non-empty list of alpn-ids');
        const protocols: string[] = [];
        let i = valueStart;
        while (i < valueEnd) {
          const idLength = bytes[i] as number;
          if (idLength === 0 || i + 1 + idLength > valueEnd) bad('a list of non-empty alpn-ids');
          protocols.push(octetsToText(bytes, i + 1, i + 1 + idLength));
          i += 1 + idLength;
        }
        params.push({ key: 'alpn', protocols });
        break;
      }
      case 2:
        if (length !== 0) bad('empty');
        params.push({ key: 'no-default-alpn' });
        break;
      case 3:
        if (length !== 2) bad('a 2-octet port');
        params.push({
          key: 'port',
          port: ((bytes[valueStart] as number) << 8) | (bytes[valueStart + 1] as number),
        });
        break;
      case 4: {
        if (length === 0 || length % 4 !== 0) bad('a non-empty list of IPv4 addresses');
        const addresses: string[] = [];
        for (let i = valueStart; i < valueEnd; i += 4) addresses.push(formatIPv4(bytes, i));
        params.push({ key: 'ipv4hint', addresses });
        break;
      }
      case 5:
        params.push({ key: 'ech', config: bytesToBase64(bytes.subarray(valueStart, valueEnd)) });
        break;
      case 6: {
        if (length === 0 || length % 16 !== 0) bad('a non-empty list of IPv6 addresses');
        const addresses: string[] = [];
        for (let i = valueStart; i < valueEnd; i += 16) addresses.push(formatIPv6(bytes, i));
        params.push({ key: 'ipv6hint', addresses });
        break;
      }
      default:
        params.push({ key: `key${key}`, value: bytesToHex(bytes.subarray(valueStart, valueEnd)) });
    }
    pos = valueEnd;
  }
  return params;
}

function addressList(
  addresses: unknown,
  parse: (text: string) => Uint8Array | null,
  size: number,
): Uint8Array {
  if (!Array.isArray(addresses) || addresses.length === 0) {
    throw new InvalidInputError('Address hints must be a non-empty array', addresses);
  }
  const out = new Uint8Array(addresses.length * size);
  addresses.forEach((address: unknown, i) => {
    const parsed = typeof address === 'string' ? parse(address) : null;
    if (parsed === null) throw new InvalidInputError('Address hint is not a valid address', address);
    out.set(parsed, i * size);
  });
  return out;
}

function paramValue(param: SvcParam): [number, Uint8Array] {
  switch (param.key) {
    case 'mandatory': {
      if (param.keys.length === 0)
        throw new InvalidInputError('mandatory needs at least one key', param.keys);
      const out = new Uint8Array(param.keys.length * 2);
      param.keys.forEach((name, i) => {
        const code = svcParamKeyCode(name);
        if (code === null) throw new InvalidInputError('Unknown SvcParamKey in mandatory', name);
        out[2 * i] = code >> 8;
        out[2 * i + 1] = code & 0xff;
      });
      return [0, out];
    }
    case 'alpn': {
      if (param.protocols.length === 0)
        throw new InvalidInputError('alpn needs at least one protocol', param);
      const ids = param.protocols.map((p) => textToOctets(p));
      const out = new Uint8Array(ids.reduce((sum, id) => sum + id.length + 1, 0));
      let offset = 0;
      for (const id of ids) {
        if (id.length === 0)
          throw new InvalidInputError('alpn protocol ids must not be empty', param.protocols);
        out[offset++] = id.length;
        out.set(id, offset);
        offset += id.length;
      }
      return [1, out];
    }
    case 'no-default-alpn':
      return [2, new Uint8Array(0)];
    case 'port': {
      const port = param.port;
      if (!Number.isInteger(port) || port < 0 || port > 0xffff) throw new InvalidInputError('Bad port', port);
      return [3, Uint8Array.of(port >> 8, port & 0xff)];
    }
    case 'ipv4hint':
      return [4, addressList(param.addresses, parseIPv4, 4)];
    case 'ech':
      return [5, base64ToBytes(param.config)];
    case 'ipv6hint':
      return [6, addressList(param.addresses, parseIPv6, 16)];
    default: {
      const code = svcParamKeyCode(param.key);
      if (code === null) throw new InvalidInputError('Unknown SvcParamKey', param.key);
      return [code, hexToBytes(param.value)];
    }
  }
}

/**
 * Wire form of SvcParams, sorted by key as RFC 9460 §2.2 requires. Throws
 * {@link InvalidInputError} on a duplicate key, an unknown key name or a bad value.
 */
export function encodeSvcParams(params: readonly SvcParam[]): Uint8Array {
  const encoded = params.map(paramValue).sort((a, b) => a[0] - b[0]);
  let length = 0;
  for (let i = 0; i < encoded.length; i++) {
    const [key, value] = encoded[i] as [number, Uint8Array];
    if (i > 0 && (encoded[i - 1] as [number, Uint8Array])[0] === key) {
      throw new InvalidInputError('SvcParamKey appears twice', svcParamKeyName(key));
    }
    if (value.length > 0xffff)
      throw new InvalidInputError('SvcParam value is too long', svcParamKeyName(key));
    length += 4 + value.length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const [key, value] of encoded) {
    out[offset] = key >> 8;
    out[offset + 1] = key & 0xff;
    out[offset + 2] = value.length >> 8;
    out[offset + 3] = value.length & 0xff;
    out.set(value, offset + 4);
    offset += 4 + value.length;
  }
  return out;
}
