import { defineConfig } from 'vitest/config';

// Test groups follow the file names (CONVENTIONS.md): `*.lab.test.ts` needs the DNS lab,
// `*.browser.test.ts` a Chromium, `*.pg.test.ts` a PostgreSQL; everything else is a unit test.
const integration = ['**/*.lab.test.ts', '**/*.browser.test.ts', '**/*.pg.test.ts'];
const common = { exclude: ['**/node_modules/**', '**/dist/**'] };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/scripts/**/*.test.ts'],
          exclude: [...common.exclude, ...integration],
        },
      },
      {
        test: {
          name: 'lab',
          include: ['packages/*/src/**/*.lab.test.ts', 'examples/**/*.lab.test.ts'],
          exclude: common.exclude,
          // Starts the lab once per run, only when a lab test is selected.
          globalSetup: ['packages/dns-lab/src/vitest-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Lab tests share one set of servers; running files in sequence keeps timings honest.
          fileParallelism: false,
        },
      },
    ],
  },
});
