// What each benchmark case reports, the table printed at the end of a run and bench/results.json.
import { writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';

export interface CaseResult {
  name: string;
  /** Our figure, in `unit`; null when the case could not be measured. */
  ours: number | null;
  baseline: number | null;
  unit: string;
  /** As the goal reads it: usually ours / baseline (throughput), or a ratio named in the goal. */
  ratio: number | null;
  goal: string;
  /** null: not measured (e.g. the schema does not have the field yet). */
  pass: boolean | null;
  notes: string;
}

export interface Machine {
  os: string;
  cpus: string;
  cores: number;
  memoryGiB: number;
  node: string;
}

export interface RunReport {
  date: string;
  quick: boolean;
  seconds: number;
  /** Time spent generating fixture logs not yet cached (not counted in `seconds` budgets). */
  fixtureSeconds: number;
  machine: Machine;
  cases: CaseResult[];
}

export function machine(): Machine {
  const all = cpus();
  return {
    os: `${platform()} ${release()}`,
    cpus: all[0]?.model.trim() ?? 'unknown',
    cores: all.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

/** A figure with three significant digits, thousands separated; '—' for none. */
export function figure(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-GB');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}

export function verdict(pass: boolean | null): string {
  if (pass === null) return 'n/a';
  return pass ? 'pass' : 'FAIL';
}

/** A Markdown table (it reads well in a terminal too), one row per case. */
export function formatTable(cases: readonly CaseResult[]): string {
  const header = ['case', 'ours', 'baseline', 'unit', 'ratio', 'goal', 'result'];
  const rows = cases.map((c) => [
    c.name,
    figure(c.ours),
    figure(c.baseline),
    c.unit,
    c.ratio === null ? '—' : `${figure(c.ratio)}×`,
    c.goal,
    verdict(c.pass),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatNotes(cases: readonly CaseResult[]): string {
  return cases
    .filter((c) => c.notes)
    .map((c) => `- ${c.name}: ${c.notes}`)
    .join('\n');
}

export function writeReport(path: string, report: RunReport): void {
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}

/** The value at quantile q (0..1) of unsorted samples. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[at]!;
}

export function median(samples: readonly number[]): number {
  return quantile(samples, 0.5);
}
