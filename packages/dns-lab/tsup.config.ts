import { copyFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
  treeshake: true,
  // The slow/drop name-server helper runs as its own `node` process, so it ships as a plain file
  // next to the bundle rather than being bundled into it.
  onSuccess: async () => {
    await copyFile('src/behaviour-server.mjs', 'dist/behaviour-server.mjs');
  },
});
