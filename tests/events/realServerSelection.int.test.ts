// The contract suite's real-node block runs only against EVENTSTORE_TEST_CONNECTION_STRING. It once
// read the application's own EVENTSTORE_CONNECTION_STRING, so `npm test` on a machine configured
// for production wrote test events into the production log (where the runner then stopped on them
// as poison). Here the suite runs in a child vitest with only EVENTSTORE_CONNECTION_STRING set,
// pointing at a stand-in node that plays the production log: nothing may reach it.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { startEsdbEmulator } from '../support/esdbEmulator.ts';
import { tempDir } from '../support/tempDir.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { assertionResults: { ancestorTitles: string[]; status: string }[] }[];
}

it('with only EVENTSTORE_CONNECTION_STRING set, the real-node block is skipped and the application log gets no call', async () => {
  const production = await startEsdbEmulator();
  const dir = tempDir('sgh-real-node-');
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, EVENTSTORE_CONNECTION_STRING: production.connectionString };
    delete env.EVENTSTORE_TEST_CONNECTION_STRING;
    const report = join(dir.path, 'report.json');
    await run(
      process.execPath,
      [
        join(root, 'node_modules/vitest/vitest.mjs'),
        'run',
        'tests/events/store.contract.test.ts',
        '-t',
        'real server',
        '--reporter=json',
        `--outputFile=${report}`,
      ],
      { cwd: root, env, timeout: 120_000 },
    );
    const results = (JSON.parse(readFileSync(report, 'utf8')) as VitestReport).testResults.flatMap(
      (f) => f.assertionResults,
    );
    const realNode = results.filter((r) => r.ancestorTitles.includes('real server'));
    // The block exists and was selected by the filter, and every test in it was skipped.
    expect(realNode.length).toBeGreaterThan(10);
    expect(realNode.filter((r) => r.status !== 'skipped' && r.status !== 'pending')).toEqual([]);
    expect(production.calls).toEqual({});
  } finally {
    dir.remove();
    await production.stop();
  }
}, 150_000);
