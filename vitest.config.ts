import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// One copy of graphql for everything: Pothos and yoga load its CommonJS build, so test code must
// too, or types built by one copy are foreign to the other.
export const sharedResolve = { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] };

// Every worker installs the better-sqlite3 keep-alive (src/sqlite.ts) before its first test: on
// Node 24 a native object collected without it aborts the worker.
export const sharedSetupFiles = ['tests/support/sqliteSetup.ts'];

export default defineConfig({
  resolve: sharedResolve,
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/**/*.stress.test.ts', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: sharedSetupFiles,
  },
});
