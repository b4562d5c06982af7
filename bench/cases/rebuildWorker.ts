// One rebuild measurement in a process of its own, so its memory is its own: `ours` replays the
// log into fresh read models through the projection runner (what `npm run rebuild` does); `raw`
// reads every row and parses its JSON, the least any replay must do. Prints one JSON line.
import { openSqlite } from '../../src/sqlite.ts';
import { join } from 'node:path';
import { openServices } from '../../src/composition.ts';

export interface RebuildMeasurement {
  events: number;
  ms: number;
  /** RSS when a tenth of the log (100,000 events of 1,000,000) had been applied, and at the end, MB. */
  rssEarlyMB: number;
  rssEndMB: number;
  rssPeakMB: number;
  checksum: string | null;
}

const [mode, dataDir, total] = process.argv.slice(2) as ['ours' | 'raw', string, string];
const early = Math.max(1, Math.floor(Number(total) / 10));
const rssMB = () => process.memoryUsage().rss / 2 ** 20;

let applied = 0;
let rssEarlyMB = 0;
let rssPeakMB = 0;
function sample(n: number): void {
  applied += n;
  const now = rssMB();
  rssPeakMB = Math.max(rssPeakMB, now);
  if (rssEarlyMB === 0 && applied >= early) rssEarlyMB = now;
}

async function ours(): Promise<RebuildMeasurement> {
  const services = await openServices({ DATA_DIR: dataDir }, { onProgress: (_p, n) => sample(n) });
  try {
    const started = performance.now();
    await services.runner.rebuild();
    const ms = performance.now() - started;
    return { events: applied, ms, rssEarlyMB, rssEndMB: rssMB(), rssPeakMB, checksum: null };
  } finally {
    await services.close();
  }
}

function raw(): RebuildMeasurement {
  const db = openSqlite(join(dataDir, 'events.sqlite'), { readonly: true });
  const started = performance.now();
  let parsed = 0;
  for (const row of db.prepare('SELECT * FROM events ORDER BY position').iterate() as Iterable<{
    data: string;
    metadata: string;
  }>) {
    const data = JSON.parse(row.data) as unknown;
    const metadata = JSON.parse(row.metadata) as unknown;
    if (data && metadata) parsed += 1;
    if (parsed % 1_000 === 0) sample(1_000);
  }
  const ms = performance.now() - started;
  db.close();
  return { events: parsed, ms, rssEarlyMB, rssEndMB: rssMB(), rssPeakMB, checksum: null };
}

const result = mode === 'ours' ? await ours() : raw();
process.stdout.write(`${JSON.stringify(result)}\n`);
