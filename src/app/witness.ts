// Witnessing: while the service runs it signs a new tree head every N events or T milliseconds
// (whichever comes first, and only when the log grew) and appends it, one JSON object a line, to an
// append-only checkpoint file meant to be shipped elsewhere (mail, another host, a newsletter).
// A head that has left the machine is what later lets `verify --since` catch a rewrite.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { ensurePrivateFile } from '../events/privateFiles.ts';
import { LogDamagedError } from './integrity.ts';
import type { SignedTreeHead } from './signing.ts';
import type { TreeProofs } from './proofs.ts';

export interface WitnessSettings {
  /** The append-only file of heads (NDJSON). */
  file: string;
  /** Sign after this many new events; 0 turns counting off. */
  everyEvents: number;
  /** Sign this often when the log grew, in ms; 0 turns the timer's own trigger off. */
  intervalMs: number;
  /** How often the tree's size is looked at, in ms. */
  pollMs?: number;
}

export class Witness {
  private timer: NodeJS.Timeout | null = null;
  private lastSize: number;
  private lastAt: number;
  /** The file ends without a newline (a crash mid-append): the next head starts a line of its own. */
  private tornTail: boolean;
  /** The damage the last skipped head was skipped for, so it is reported once, not every poll. */
  private skippedFor: string | null = null;

  constructor(
    private readonly proofs: TreeProofs,
    private readonly settings: WitnessSettings,
    private readonly now: () => number = Date.now,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.lastSize = lastWitnessedSize(settings.file);
    this.lastAt = now();
    this.tornTail =
      existsSync(settings.file) &&
      !readFileSync(settings.file, 'utf8').endsWith('\n') &&
      readFileSync(settings.file).length > 0;
  }

  /** Starts looking at the tree; does nothing when both triggers are off. */
  start(): void {
    if (this.timer || (this.settings.everyEvents === 0 && this.settings.intervalMs === 0)) return;
    const poll = this.settings.pollMs ?? Math.min(1_000, this.settings.intervalMs || 1_000);
    this.timer = setInterval(() => {
      try {
        this.tick();
      } catch (error) {
        this.onError(error);
      }
    }, poll);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Signs and records a head if N events arrived or T ms passed since the last one; returns it.
   * While the log is taken as damaged nothing is signed: onError gets a LogDamagedError, once per reason.
   */
  tick(): SignedTreeHead | null {
    const damage = this.proofs.damage();
    if (damage !== null) {
      if (damage !== this.skippedFor) this.onError(new LogDamagedError(damage));
      this.skippedFor = damage;
      return null;
    }
    this.skippedFor = null;
    const size = this.proofs.size();
    if (size <= this.lastSize) return null;
    const byCount = this.settings.everyEvents > 0 && size - this.lastSize >= this.settings.everyEvents;
    const byTime = this.settings.intervalMs > 0 && this.now() - this.lastAt >= this.settings.intervalMs;
    if (!byCount && !byTime) return null;
    const head = this.proofs.head(size);
    // Like everything in DATA_DIR, owner-only (0600) whatever the umask; copies shipped elsewhere are public.
    ensurePrivateFile(this.settings.file);
    appendFileSync(this.settings.file, `${this.tornTail ? '\n' : ''}${JSON.stringify(head)}\n`);
    this.tornTail = false;
    this.lastSize = size;
    this.lastAt = this.now();
    return head;
  }
}

/** Tree size of the last head in the file (0 when there is none), so a restart does not repeat it. */
function lastWitnessedSize(file: string): number {
  if (!existsSync(file)) return 0;
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    try {
      const head = JSON.parse(lines[i]!) as Partial<SignedTreeHead>;
      if (typeof head.treeSize === 'string') return Number(head.treeSize);
    } catch {
      // A torn last line (a crash mid-append) is skipped; the next head is appended after it.
    }
  }
  return 0;
}
