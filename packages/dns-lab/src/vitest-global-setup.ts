import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { type LabInfo, useLab } from './index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The running DNS lab; read it in tests with `inject('lab')`. */
    lab: LabInfo;
  }
}

/**
 * Vitest global setup of the `lab` project: starts the DNS lab unless it already runs and gives its
 * endpoints to tests. At teardown the lab is stopped only if a test run started it and no other
 * run still uses it (a lab started by `dotvn-lab start` is always left alone). When the lab cannot
 * start, the error names the server that failed and carries the tail of its log.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const lease = await useLab();
  project.provide('lab', lease.info);
  return () => lease.release();
}
