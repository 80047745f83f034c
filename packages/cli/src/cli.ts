// The `dotvn` executable: hands the process over to `run()` (src/run.ts) and exits with its code.
// Dispatch lives in run.ts so tests can call it in-process without this file's side effects.
import { run } from './run.js';

// A reader that goes away early (`dotvn dns … | head -1`) is not a failure of the command; without
// a listener the EPIPE 'error' event would crash the process with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
