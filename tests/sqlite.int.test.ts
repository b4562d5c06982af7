// openSqlite keeps better-sqlite3's native objects out of the garbage collector's reach: on
// Node 24 a collected statement aborts the process (see src/sqlite.ts). The churn runs in a child
// process on the same runtime as the tests, so the CI runs on Node 20, 22 and 24 each check it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { tempDir } from './support/tempDir.ts';

const run = promisify(execFile);

it('a process that keeps preparing, iterating and dropping statements runs on and exits cleanly', async () => {
  const dir = tempDir('sgh-sqlite-');
  try {
    const result = await run(process.execPath, [
      '--import',
      'tsx',
      'tests/support/sqliteChurn.ts',
      dir.path,
      '1500',
    ]).then(
      (r) => ({ code: 0, signal: null, out: r.stdout + r.stderr }),
      (e: { code: number | null; signal: string | null; stdout: string; stderr: string }) => ({
        code: e.code,
        signal: e.signal,
        out: e.stdout + e.stderr,
      }),
    );
    expect(result.out).not.toContain('Assertion failed');
    expect(result).toMatchObject({ code: 0, signal: null });
    expect(result.out).toMatch(/churned [1-9]\d* statements/);
  } finally {
    dir.remove();
  }
});
