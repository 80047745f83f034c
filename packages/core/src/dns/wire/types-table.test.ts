import { describe, expect, it } from 'vitest';
import {
  extendedErrorPurpose,
  rcodeName,
  svcParamKeyCode,
  svcParamKeyName,
  typeCode,
  typeName,
} from './types-table.js';

describe('type, rcode and EDE tables', () => {
  it('names known types and gives RFC 3597 names to the rest', () => {
    expect(typeName(28)).toBe('AAAA');
    expect(typeName(65)).toBe('HTTPS');
    expect(typeName(65280)).toBe('TYPE65280');
    expect(typeName(99)).toBe('TYPE99');
  });

  it('reads mnemonics case-insensitively, TYPE<n> and numbers', () => {
    expect(typeCode('aaaa')).toBe(28);
    expect(typeCode('TYPE65280')).toBe(65280);
    expect(typeCode('type1')).toBe(1);
    expect(typeCode(257)).toBe(257);
    expect(typeCode('TYPE65536')).toBeNull();
    expect(typeCode('NOPE')).toBeNull();
    expect(typeCode(-1)).toBeNull();
    expect(typeCode(1.5)).toBeNull();
    expect(typeCode('toString')).toBeNull();
  });

  it('names rcodes, with RCODE<n> for unassigned ones', () => {
    expect(rcodeName(3)).toBe('NXDOMAIN');
    expect(rcodeName(16)).toBe('BADVERS');
    expect(rcodeName(4095)).toBe('RCODE4095');
  });

  it('gives IANA purposes for EDE codes 0-29 and Unknown otherwise', () => {
    expect(extendedErrorPurpose(0)).toBe('Other Error');
    expect(extendedErrorPurpose(6)).toBe('DNSSEC Bogus');
    expect(extendedErrorPurpose(7)).toBe('Signature Expired');
    expect(extendedErrorPurpose(9)).toBe('DNSKEY Missing');
    expect(extendedErrorPurpose(29)).toBe('Synthesized');
    expect(extendedErrorPurpose(30)).toBe('Unknown');
    expect(extendedErrorPurpose(49152)).toBe('Unknown');
  });

  it('maps SvcParamKey names both ways (RFC 9460 §14.3.2)', () => {
    expect(svcParamKeyName(1)).toBe('alpn');
    expect(svcParamKeyName(667)).toBe('key667');
    expect(svcParamKeyCode('ipv6hint')).toBe(6);
    expect(svcParamKeyCode('key65535')).toBe(65535);
    expect(svcParamKeyCode('key65536')).toBeNull();
    expect(svcParamKeyCode('bogus')).toBeNull();
  });
});
