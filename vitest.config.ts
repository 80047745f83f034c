import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Test groups follow the file names (CONVENTIONS.md): `*.lab.test.ts` needs the DNS lab,
// `*.browser.test.ts` a Chromium, `*.pg.test.ts` a PostgreSQL; everything else is a unit test.
const integration = ['**/*.lab.test.ts', '**/*.browser.test.ts', '**/*.pg.test.ts'];
const common = { exclude: ['**/node_modules/**', '**/dist/**'] };

export default defineConfig({
  // Tests run against the sources of the workspace packages, so no build is needed first.
  resolve: {
    alias: {
      '@dotvn/core/dns': source('packages/core/src/dns/index.ts'),
      '@dotvn/core/node': source('packages/core/src/node/index.ts'),
    },
  },
  test: {
    // CI reads the tally from a JSON report (.ci/run prints the closing line from it).
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]]
      : ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/scripts/**/*.test.ts'],
          exclude: [...common.exclude, ...integration],
        },
      },
      {
        extends: true,
        test: {
          name: 'lab',
          include: ['packages/*/src/**/*.lab.test.ts', 'examples/**/*.lab.test.ts'],
          exclude: common.exclude,
          // Starts the lab once per run, only when a lab test is selected.
          globalSetup: ['packages/dns-lab/src/vitest-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Lab test files share one set of servers and may run in parallel (`fileParallelism` is a
          // global option in Vitest 3.2), so they never stop the lab and allow for a loaded machine.
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['packages/*/src/**/*.browser.test.ts'],
          exclude: common.exclude,
          // Browser tests query the lab's DoH endpoint from a page in Debian's headless Chromium.
          globalSetup: ['packages/dns-lab/src/vitest-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // `fileParallelism` is global in Vitest 3.2 (not a project option), so ordering is set here:
          // a later group than unit and lab, so Chromium never competes with the lab's timing tests.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
