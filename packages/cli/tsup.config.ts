import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  // A bin has no importers: no declarations.
  dts: false,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  // The SDK is a dependency and stays an import (tsconfig `paths` point at its sources only for
  // type-checking and tests).
  external: [/^@dotvn\/core(\/|$)/],
  banner: { js: '#!/usr/bin/env node' },
  splitting: false,
  treeshake: true,
});
