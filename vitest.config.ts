import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Tests import the checker from its TypeScript source, so a test run never
// depends on a stale build of checker/dist.
export default defineConfig({
  resolve: {
    alias: {
      '@raft-check/checker': fileURLToPath(new URL('./checker/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-line-reporter.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
