// Full rebuild of every read model from the large log, against reading and parsing every row.
// Each side runs in a child process so its resident memory is measured alone.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { dataDirWith, type BenchContext } from '../lib/context.ts';
import type { CaseResult } from '../lib/report.ts';
import { ROOT } from '../lib/servers.ts';
import type { RebuildMeasurement } from './rebuildWorker.ts';

const run = promisify(execFile);

async function measure(mode: 'ours' | 'raw', dataDir: string, events: number): Promise<RebuildMeasurement> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'bench/cases/rebuildWorker.ts', mode, dataDir, String(events)],
    { cwd: ROOT, maxBuffer: 1 << 20, env: { ...process.env, NODE_OPTIONS: '' } },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as RebuildMeasurement;
}

export async function rebuildCases(ctx: BenchContext): Promise<CaseResult[]> {
  const dataDir = dataDirWith(ctx, 'large', ctx.largeLog);
  const raw = await measure('raw', dataDir, ctx.largeEvents);
  ctx.say(
    `  raw: ${raw.events} rows in ${(raw.ms / 1000).toFixed(1)} s, RSS ${raw.rssEarlyMB.toFixed(0)} → ${raw.rssEndMB.toFixed(0)} MB`,
  );
  const ours = await measure('ours', dataDir, ctx.largeEvents);
  ctx.say(
    `  ours: ${ours.events} events in ${(ours.ms / 1000).toFixed(1)} s, RSS ${ours.rssEarlyMB.toFixed(0)} → ${ours.rssEndMB.toFixed(0)} MB (peak ${ours.rssPeakMB.toFixed(0)})`,
  );
  ctx.largeDataDir = dataDir;
  const oursRate = ours.events / (ours.ms / 1000);
  const rawRate = raw.events / (raw.ms / 1000);
  const growth = ours.rssEndMB - ours.rssEarlyMB;
  const tenth = Math.floor(ctx.largeEvents / 10).toLocaleString('en-GB');
  return [
    {
      name: `full rebuild from ${ctx.largeEvents.toLocaleString('en-GB')} events`,
      ours: oursRate,
      baseline: rawRate,
      unit: 'events/s',
      ratio: oursRate / rawRate,
      goal: '≥ 0.2× raw SELECT + JSON.parse',
      pass: oursRate / rawRate >= 0.2,
      notes: `ours ${(ours.ms / 1000).toFixed(1)} s (ProjectionRunner.rebuild, as npm run rebuild), raw ${(raw.ms / 1000).toFixed(1)} s`,
    },
    {
      name: `rebuild memory growth ${tenth} → ${ctx.largeEvents.toLocaleString('en-GB')} events`,
      ours: growth,
      baseline: raw.rssEndMB - raw.rssEarlyMB,
      unit: 'MB RSS',
      ratio: null,
      goal: '< 100 MB',
      pass: growth < 100,
      notes: `ours RSS ${ours.rssEarlyMB.toFixed(0)} MB at ${tenth} events, ${ours.rssEndMB.toFixed(0)} MB at the end, peak ${ours.rssPeakMB.toFixed(0)} MB`,
    },
  ];
}
