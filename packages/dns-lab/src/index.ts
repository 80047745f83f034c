/**
 * @dotvn/dns-lab: a small DNS Internet on loopback (own root, vn., scenario zones, a validating
 * Unbound and a dnsdist DoH front end) for dotvn's tests, benchmarks and demo.
 */
export {
  AUTHORITATIVE_PORT,
  DOH_PATH,
  LAB_DIR_ENV,
  LAB_PORTS,
  LAB_V4_PREFIX,
  LAB_V6_PREFIX,
  type LabPortName,
  labV4,
  labV6,
  SLOW_NS_DELAY_MS,
} from './constants.js';
export { isLabError, LabError, LabPrerequisiteError, LabStartError } from './errors.js';
export {
  type LabEndpoint,
  type LabInfo,
  type LabLease,
  type LabOptions,
  type LabProcess,
  type LabProcessName,
  type LabScenarioInfo,
  type LabStatus,
  type LabZoneInfo,
  labStatus,
  resolveLabDir,
  startLab,
  stopLab,
  useLab,
} from './lab.js';
export {
  allZones,
  BENCH_HOST_COUNT,
  BENCH_ZONE,
  benchHost,
  type DnssecOutcome,
  type LabRecord,
  type LabRecordType,
  type NameServerBehaviour,
  type NameServerSpec,
  SCENARIOS,
  type Scenario,
  type ScenarioExpect,
  type ScenarioRcode,
  type SigningMode,
  type ZoneSpec,
} from './scenarios.js';
