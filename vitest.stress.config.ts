import { defineConfig } from 'vitest/config';
import { sharedResolve, sharedSetupFiles } from './vitest.config.ts';

// The long runs: crash rounds with kill -9 and the bounded load test. `npm run test:stress`.
export default defineConfig({
  resolve: sharedResolve,
  test: {
    include: ['tests/**/*.stress.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: sharedSetupFiles,
    fileParallelism: false,
  },
});
