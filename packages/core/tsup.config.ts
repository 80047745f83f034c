import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { 'dns/index': 'src/dns/index.ts', 'node/index': 'src/node/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  // Node built-ins stay external; only src/node imports them.
  external: [/^node:/],
  splitting: true,
  treeshake: true,
});
