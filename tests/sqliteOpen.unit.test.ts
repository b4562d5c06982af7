// Every database in this repository opens through openSqlite (src/sqlite.ts): a better-sqlite3
// object made any other way can be collected and, on Node 24, abort the process. These checks keep
// a test, a bench case, a support script or a CI step from bringing the raw constructor back.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { keepsNativeObjects } from '../src/sqlite.ts';

const root = join(import.meta.dirname, '..');
const THIS_FILE = relative(root, import.meta.filename);
/** The one module allowed to construct better-sqlite3 databases. */
const OPENER = 'src/sqlite.ts';

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|js|mjs|cjs|sh)$|^on-node$|^run$/.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** Lines that construct or load better-sqlite3 as a value (type-only imports are fine). */
const RAW_OPEN = [
  /\bnew\s+Database\s*\(/,
  /\bnew\s*\(\s*require\s*\(\s*["']better-sqlite3["']\s*\)\s*\)/,
  /^\s*import\s+(?!type\b)[^;]*\bfrom\s+["']better-sqlite3["']/,
  /\brequire\s*\(\s*["']better-sqlite3["']\s*\)/,
  /\bimport\s*\(\s*["']better-sqlite3["']\s*\)/,
];

it('no test, bench case, support script, CI step or source file opens SQLite except through openSqlite', () => {
  const files = ['tests', 'bench', 'src', '.ci']
    .flatMap(sources)
    .concat(['vitest.config.ts', 'vitest.stress.config.ts']);
  expect(files).toContain('tests/support/server.ts');
  const offenders = files
    .filter((file) => file !== OPENER && file !== THIS_FILE)
    .flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .map((line, index) => ({ line, at: `${file}:${index + 1}` }))
        .filter(({ line }) => RAW_OPEN.some((pattern) => pattern.test(line)))
        .map(({ line, at }) => `${at}: ${line.trim()}`),
    );
  expect(offenders).toEqual([]);
});

it('the keep-alive is installed in this worker before any test opens a database', () => {
  // This file opens no database itself: only the vitest setup file can have installed it.
  expect(keepsNativeObjects()).toBe(true);
});
