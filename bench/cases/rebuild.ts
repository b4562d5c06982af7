// Full rebuild of every read model from the large log, against reading and parsing every row, and
// against the rebuild of the commit before the search, version-text and paragraph read models
// (BEFORE_PARAGRAPH_MODELS) on the same log: those models must not make a rebuild slower relative
// to reading and parsing than it was without them. Each side runs in a child process so its
// resident memory is measured alone.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dataDirWith, type BenchContext } from '../lib/context.ts';
import type { CaseResult } from '../lib/report.ts';
import { ROOT } from '../lib/servers.ts';
import type { RebuildMeasurement } from './rebuildWorker.ts';

const run = promisify(execFile);

/**
 * The last commit whose read models had no full-text search, no table of version texts and no
 * paragraphs: its rebuild took 52.2 s against 3.8 s of raw read+parse (0.073×) in its own full
 * benchmark, on the machine the README's table comes from.
 */
export const BEFORE_PARAGRAPH_MODELS = '3f5584edbbdf7abca8e4676dfb990960ee11bb6c';

async function measure(
  mode: 'ours' | 'raw',
  dataDir: string,
  events: number,
  root = ROOT,
): Promise<RebuildMeasurement> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'bench/cases/rebuildWorker.ts', mode, dataDir, String(events)],
    { cwd: root, maxBuffer: 1 << 20, env: { ...process.env, NODE_OPTIONS: '' } },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as RebuildMeasurement;
}

/**
 * The rebuild of BEFORE_PARAGRAPH_MODELS on a copy of the large log: its tree is taken from this
 * clone's history (`git archive`) with this checkout's node_modules. Null, with the reason, when
 * the history does not hold it (a shallow clone, or a copy without .git).
 */
async function measureBefore(ctx: BenchContext): Promise<RebuildMeasurement | string> {
  const tree = join(ctx.workDir, 'before-paragraph-models');
  mkdirSync(tree, { recursive: true });
  const dataDir = dataDirWith(ctx, 'large-before', ctx.largeLog);
  try {
    await run('sh', ['-c', `git -C "$0" archive "$1" | tar -x -C "$2"`, ROOT, BEFORE_PARAGRAPH_MODELS, tree]);
    symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
    return await measure('ours', dataDir, ctx.largeEvents, tree);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return `not measured: ${message}`;
  } finally {
    rmSync(tree, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const seconds = (m: RebuildMeasurement) => `${(m.ms / 1000).toFixed(1)} s`;

export async function rebuildCases(ctx: BenchContext): Promise<CaseResult[]> {
  const dataDir = dataDirWith(ctx, 'large', ctx.largeLog);
  const raw = await measure('raw', dataDir, ctx.largeEvents);
  ctx.say(
    `  raw: ${raw.events} rows in ${seconds(raw)}, RSS ${raw.rssEarlyMB.toFixed(0)} → ${raw.rssEndMB.toFixed(0)} MB`,
  );
  const before = await measureBefore(ctx);
  ctx.say(
    typeof before === 'string' ? `  before: ${before}` : `  before: ${before.events} events in ${seconds(before)}`,
  );
  const ours = await measure('ours', dataDir, ctx.largeEvents);
  ctx.say(
    `  ours: ${ours.events} events in ${seconds(ours)}, RSS ${ours.rssEarlyMB.toFixed(0)} → ${ours.rssEndMB.toFixed(0)} MB (peak ${ours.rssPeakMB.toFixed(0)})`,
  );
  ctx.largeDataDir = dataDir;
  const oursRate = ours.events / (ours.ms / 1000);
  const rawRate = raw.events / (raw.ms / 1000);
  const growth = ours.rssEndMB - ours.rssEarlyMB;
  const tenth = Math.floor(ctx.largeEvents / 10).toLocaleString('en-GB');
  const oursToRaw = oursRate / rawRate;
  const beforeToRaw = typeof before === 'string' ? null : before.events / (before.ms / 1000) / rawRate;
  return [
    {
      name: `full rebuild from ${ctx.largeEvents.toLocaleString('en-GB')} events`,
      ours: oursRate,
      baseline: rawRate,
      unit: 'events/s',
      ratio: oursToRaw,
      goal: '≥ 0.2× raw SELECT + JSON.parse',
      pass: oursToRaw >= 0.2,
      notes: `ours ${seconds(ours)} (ProjectionRunner.rebuild, as npm run rebuild), raw ${seconds(raw)}`,
    },
    {
      name: 'full rebuild relative to raw, against the same before the paragraph read models',
      ours: oursToRaw,
      baseline: beforeToRaw,
      unit: '× raw',
      ratio: beforeToRaw === null ? null : oursToRaw / beforeToRaw,
      goal: `≥ 1× the rebuild of ${BEFORE_PARAGRAPH_MODELS.slice(0, 7)} (no search, texts or paragraphs)`,
      pass: beforeToRaw === null ? null : oursToRaw >= beforeToRaw,
      notes:
        typeof before === 'string'
          ? before
          : `same log, same raw pass: ours ${seconds(ours)}, ${BEFORE_PARAGRAPH_MODELS.slice(0, 7)} ${seconds(before)}, raw ${seconds(raw)}`,
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
