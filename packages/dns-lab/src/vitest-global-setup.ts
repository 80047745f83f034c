import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { type LabInfo, labStatus, startLab, stopLab } from './index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The running DNS lab; read it in tests with `inject('lab')`. */
    lab: LabInfo;
  }
}

/**
 * Vitest global setup of the `lab` project: starts the DNS lab unless it already runs, gives its
 * endpoints to tests, and at teardown stops it only if this run started it (a lab started by
 * `dotvn-lab start` or by a parallel run is left alone).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const before = await labStatus();
  const info = await startLab();
  project.provide('lab', info);
  return async () => {
    if (!before.running) await stopLab();
  };
}
