// CPU time and output hash of blame on the documents bench's fixture (20 versions of ~60,000 words),
// for comparing a change to blame side by side: `npx tsx bench/blameCpu.ts [runs]`.
import { createHash } from 'node:crypto';
import { blame } from '../src/domain/documents/blame.ts';
import { benchBlameVersions } from './lib/blameFixture.ts';

const versions = benchBlameVersions();
const runs = Number(process.argv[2] ?? 5);
const cpu: number[] = [];
let hash = '';
for (let r = 0; r < runs; r += 1) {
  const started = process.cpuUsage();
  const result = blame(versions);
  const used = process.cpuUsage(started);
  cpu.push((used.user + used.system) / 1000);
  hash = createHash('sha256').update(JSON.stringify(result)).digest('hex');
}
const sorted = [...cpu].sort((a, b) => a - b);
console.log(
  `blame CPU ms: ${cpu.map((m) => m.toFixed(0)).join(', ')} (median ${sorted[sorted.length >> 1]!.toFixed(0)})`,
);
console.log(`output sha256: ${hash}`);
