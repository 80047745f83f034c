/**
 * The DNS wire-format codec of `@dotvn/core` (RFC 1035, RFC 3597, RFC 6891, RFC 4034,
 * RFC 5155, RFC 9460 and friends): queries out, messages in, as the JSON-safe model of
 * `../types.ts`. Pure functions over `Uint8Array`; no Node built-ins, no dependencies.
 *
 * The fuzzing helpers live in `./fuzz.js` and are deliberately not re-exported here.
 */

export { type DecodeOptions, decodeMessage } from './decode.js';
export {
  type EdnsInput,
  type EncodeMessageOptions,
  encodeMessage,
  extendedErrorOption,
  type MessageInput,
  paddingOption,
  type RecordDataInput,
  type RecordInput,
} from './encode.js';
export {
  base32HexToBytes,
  base64ToBytes,
  bytesToBase32Hex,
  bytesToBase64,
  bytesToBase64Url,
  bytesToHex,
  hexToBytes,
} from './encoding.js';
export { canonicalIPv6, formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './ip-text.js';
export { computeKeyTag } from './key-tag.js';
export {
  labelsToName,
  MAX_LABEL_LENGTH,
  MAX_NAME_WIRE_LENGTH,
  nameToWire,
  normalizeName,
  parseName,
} from './names.js';
export { encodeQuery } from './query.js';
export {
  EdnsOptionCode,
  extendedErrorPurpose,
  isKnownTypeCode,
  rcodeName,
  svcParamKeyCode,
  svcParamKeyName,
  typeCode,
  typeName,
} from './types-table.js';
