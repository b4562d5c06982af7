// `npm run bench [-- --quick] [-- --only appends,rebuild,...]`: runs every case against its
// baseline in the same run, prints one table and writes bench/results.json. --quick runs each case
// small and short, to prove in CI that the benchmark still works; its figures mean little. The
// cached logs are generated (on first use) only when a selected case reads them, so
// `--only appends,batches` starts at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { appendCases } from './cases/appends.ts';
import { asOfCases } from './cases/asof.ts';
import { compareCases } from './cases/compare.ts';
import { getReadCases } from './cases/getReads.ts';
import { documentCases } from './cases/documents.ts';
import { httpCases } from './cases/http.ts';
import { batchCases, merkleCases } from './cases/merkle.ts';
import { rebuildCases } from './cases/rebuild.ts';
import { statementCases } from './cases/statements.ts';
import { ensureLog } from './fixture.ts';
import type { BenchContext } from './lib/context.ts';
import { formatNotes, formatTable, machine, writeReport, type CaseResult } from './lib/report.ts';

/** `logs`: whether the case reads the cached logs (largeLog, smallLog, documentsLog). */
const CASES: { name: string; logs: boolean; run: (ctx: BenchContext) => Promise<CaseResult[]> }[] = [
  { name: 'appends', logs: false, run: appendCases },
  { name: 'rebuild', logs: true, run: rebuildCases },
  { name: 'http', logs: true, run: httpCases },
  { name: 'get', logs: false, run: getReadCases },
  { name: 'compare', logs: true, run: compareCases },
  { name: 'documents', logs: true, run: documentCases },
  { name: 'asof', logs: true, run: asOfCases },
  { name: 'statements', logs: true, run: statementCases },
  { name: 'merkle', logs: true, run: merkleCases },
  { name: 'batches', logs: false, run: batchCases },
];

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } },
});
const quick = values.quick ?? false;
const only = values.only ? new Set(values.only.split(',')) : null;
const unknown = only ? [...only].filter((name) => !CASES.some((c) => c.name === name)) : [];
if (unknown.length > 0)
  throw new Error(`no bench case named ${unknown.join(', ')}; cases: ${CASES.map((c) => c.name).join(', ')}`);
const selected = CASES.filter((c) => !only || only.has(c.name));
const say = (line: string) => console.log(line);

const started = performance.now();
const largeEvents = quick ? 20_000 : 1_000_000;
const smallEvents = 1_000;
const fixtureStarted = performance.now();
const needsLogs = selected.some((c) => c.logs);
const largeLog = needsLogs ? await ensureLog(largeEvents, say) : '';
const smallLog = needsLogs ? await ensureLog(smallEvents, say) : '';
const documentsLog = needsLogs ? await ensureLog(20_000, say) : '';
const fixtureSeconds = (performance.now() - fixtureStarted) / 1000;

const workDir = mkdtempSync(join(tmpdir(), 'sgh-bench-'));
const ctx: BenchContext = {
  quick,
  workDir,
  largeEvents,
  smallEvents,
  largeLog,
  smallLog,
  documentsLog,
  largeDataDir: null,
  say,
};
const results: CaseResult[] = [];
let crashed = 0;
try {
  for (const c of selected) {
    const caseStarted = performance.now();
    say(`\n== ${c.name}`);
    try {
      results.push(...(await c.run(ctx)));
    } catch (error) {
      crashed += 1;
      const message = error instanceof Error ? error.message : String(error);
      say(`  ${c.name} did not complete: ${message}`);
      results.push({
        name: c.name,
        ours: null,
        baseline: null,
        unit: '',
        ratio: null,
        goal: '',
        pass: false,
        notes: `did not complete: ${message}`,
      });
    }
    say(`  (${((performance.now() - caseStarted) / 1000).toFixed(0)} s)`);
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

const seconds = (performance.now() - started) / 1000;
const report = {
  date: new Date().toISOString(),
  quick,
  seconds: Math.round(seconds),
  fixtureSeconds: Math.round(fixtureSeconds),
  machine: machine(),
  cases: results,
};
const m = report.machine;
say(
  `\n${quick ? 'Quick run' : 'Benchmark'} of ${report.date.slice(0, 10)} on ${m.cpus} (${m.cores} cores, ${m.memoryGiB} GiB), ${m.os}, Node ${m.node}; ${report.seconds} s (fixtures ${report.fixtureSeconds} s)\n`,
);
say(formatTable(results));
say(`\n${formatNotes(results)}`);
writeReport(fileURLToPath(new URL('./results.json', import.meta.url)), report);
if (crashed > 0) process.exitCode = 1;
