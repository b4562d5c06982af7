// `tsx bench/searchReplay.ts [events]`: the search index's share of a full replay, and search
// latency, over a cached log (20,000 events unless told). Replays the log twice into fresh read
// models, with every projector and without document-search, and reports each replay's CPU time
// (process.cpuUsage, user + system) and wall time side by side; then the p99 of SearchQueries.search
// (public, first page of 20) over a few phrases in turn. Run `npm run bench -- --quick --only
// documents` first if the log is not cached yet.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openServices } from '../src/composition.ts';
import { projectors } from '../src/projections/index.ts';
import type { Projector } from '../src/projections/projector.ts';
import { logPath } from './fixture.ts';
import { quantile } from './lib/report.ts';

const events = Number(process.argv[2] ?? 20_000);
const work = mkdtempSync(join(tmpdir(), 'sgh-search-replay-'));

async function replay(name: string, list: Projector[], search: boolean): Promise<void> {
  const dataDir = mkdtempSync(join(work, `${name}-`));
  copyFileSync(logPath(events), join(dataDir, 'events.sqlite'));
  const services = await openServices({ DATA_DIR: dataDir }, { projectors: list });
  try {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await services.runner.rebuild();
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    console.log(
      `${name}: replay of ${events} events, CPU ${((used.user + used.system) / 1e6).toFixed(2)} s, wall ${(wall / 1000).toFixed(2)} s`,
    );
    if (!search) return;
    const phrases = [
      'safeguarding partners',
      'child',
      'local authority',
      'review',
      'no such phrase anywhere',
      '"',
      'NEAR(',
    ];
    for (const includeDrafts of [false, true]) {
      const samples: number[] = [];
      const byPhrase = new Map<string, number[]>();
      const cpu = process.cpuUsage();
      for (let i = 0; i < 770; i += 1) {
        const phrase = phrases[i % phrases.length]!;
        const t = performance.now();
        services.search.search(phrase, { slug: null, includeDrafts, limit: 21, offset: 0 });
        const ms = performance.now() - t;
        if (i < 70) continue;
        samples.push(ms);
        byPhrase.set(phrase, [...(byPhrase.get(phrase) ?? []), ms]);
      }
      const used = process.cpuUsage(cpu);
      const medians = [...byPhrase].map(([p, ms]) => `${p} ${quantile(ms, 0.5).toFixed(2)}`).join(', ');
      console.log(
        `${name}: ${includeDrafts ? 'staff' : 'public'} search p50 ${quantile(samples, 0.5).toFixed(2)} ms, p99 ${quantile(samples, 0.99).toFixed(2)} ms, CPU per search ${((used.user + used.system) / 1000 / 770).toFixed(2)} ms; median by phrase: ${medians}`,
      );
    }
  } finally {
    await services.close();
  }
}

try {
  const modes = (process.env.MODES ?? 'with,without').split(',');
  if (modes.includes('without'))
    await replay(
      'without-index',
      projectors.filter((p) => p.name !== 'document-search'),
      false,
    );
  if (modes.includes('with')) await replay('with-index', projectors, true);
} finally {
  rmSync(work, { recursive: true, force: true });
}
