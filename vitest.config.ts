import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite takes ~1 GB while it boots: one test file per core at a time.
    maxWorkers: 2,
    // Browser assets (public/assets/app): built once if missing or stale, loaded into src/web/assets.ts per file.
    globalSetup: ['test/support/assets.global.ts'],
    setupFiles: ['test/support/assets.setup.ts'],
  },
});
