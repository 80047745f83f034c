// The `dotvn` executable: hands the process over to `run()` (src/run.ts) and exits with its code.
// Dispatch lives in run.ts so tests can call it in-process without this file's side effects.
import { run } from './run.js';

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
