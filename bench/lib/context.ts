// What every benchmark case receives from the runner.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface BenchContext {
  quick: boolean;
  /** A directory for this run, removed at the end. */
  workDir: string;
  /** The large log (1,000,000 events; 20,000 with --quick) and the small one (1,000 events). */
  largeEvents: number;
  smallEvents: number;
  largeLog: string;
  smallLog: string;
  /** A log with at least 100 documents, for counting statements. */
  documentsLog: string;
  /** Data directory holding a copy of the large log with its read models rebuilt (set by the rebuild case). */
  largeDataDir: string | null;
  say(line: string): void;
}

/** A fresh data directory under the run's work directory holding a copy of `log` as its event store. */
export function dataDirWith(ctx: BenchContext, name: string, log: string | null): string {
  const dir = join(ctx.workDir, name);
  mkdirSync(dir, { recursive: true });
  if (log) copyFileSync(log, join(dir, 'events.sqlite'));
  return dir;
}

export function seconds(ctx: BenchContext, full: number, quick: number): number {
  return ctx.quick ? quick : full;
}
