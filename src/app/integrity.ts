// The start-up check of the log against what the read models have seen. A log that lost its last
// events (rows deleted, a WAL cut short, an old backup put back) would otherwise be served as
// healthy and hand out positions the read models already applied, so its new events would never
// be projected. When the check fails, writes are refused until an operator restores the log from
// a backup or accepts the loss with `npm run rebuild`; reads go on, flagged.
import { DomainError } from '../domain/errors.ts';
import { eventHash, GENESIS_HASH } from '../events/hashChain.ts';
import { ChainBrokenError, type EventStore, type StoredEvent } from '../events/store.ts';
import type { ProjectionRunner } from '../projections/runner.ts';

/** How many of the log's last events have their hash chain checked at start. */
export const TAIL_EVENTS = 1_000;

/** Refuses a write because the log failed the start-up check; nothing is appended. */
export class LogDamagedError extends DomainError {
  readonly code = 'LOG_DAMAGED';
  constructor(readonly reason: string) {
    super(
      `The event log is damaged, so writes are refused until it is restored from a backup or the loss is accepted with a rebuild: ${reason}`,
    );
    this.name = 'LogDamagedError';
  }
}

/** Whether the log may take writes; set once at start by checkLogIntegrity. */
export class LogIntegrity {
  private damage: string | null = null;

  /** Why the log is taken as damaged, or null when it passed the check. */
  get reason(): string | null {
    return this.damage;
  }

  markDamaged(reason: string): void {
    this.damage = reason;
  }

  /** Throws LogDamagedError when the log failed the check. */
  assertWritable(): void {
    if (this.damage !== null) throw new LogDamagedError(this.damage);
  }
}

/**
 * Why the log cannot be trusted with writes, or null when it can: the read models must not have
 * applied a position beyond the log's head, the last event they applied must still be in the log
 * with the hash they recorded, and the hash chain of the last `tail` events must hold.
 */
export async function checkLogIntegrity(
  store: EventStore,
  runner: ProjectionRunner,
  tail = TAIL_EVENTS,
): Promise<string | null> {
  const head = await store.headPosition();
  const ahead = aheadOfLog(runner.highestCheckpoint(), head);
  if (ahead) return ahead;
  const applied = runner.appliedHead();
  if (applied) {
    const stored = await eventAt(store, applied.position).catch(unreadable);
    if (typeof stored === 'string') return stored;
    if (!stored)
      return `the event at position ${applied.position}, which the read models applied, is missing from the log`;
    if (stored.hash !== applied.hash) {
      return `the event at position ${applied.position} is not the one the read models applied (hash ${stored.hash}, they recorded ${applied.hash}): the log was rewritten after it`;
    }
  }
  const broken = await verifyTail(store, head, tail);
  return broken
    ? `the hash chain of the log's last ${tail} events breaks at position ${broken.position}: ${broken.reason}`
    : null;
}

/** The reason the read models are ahead of the log, or null when they are not. */
export function aheadOfLog(readModelsAt: bigint, head: bigint): string | null {
  if (readModelsAt <= head) return null;
  return `the read models have applied events up to position ${readModelsAt}, but the log ends at position ${head}: events acknowledged after position ${head} are missing from the log`;
}

/**
 * The reason a row the store cannot read as an event (data that is not JSON: ChainBrokenError)
 * makes the log damaged; rethrows anything else (the store unreachable is no verdict on the log).
 */
function unreadable(error: unknown): string {
  if (!(error instanceof ChainBrokenError)) throw error;
  return `the event at position ${error.position} cannot be read: ${error.reason}`;
}

async function eventAt(store: EventStore, position: bigint): Promise<StoredEvent | null> {
  // Positions are read from, never computed with: a node reads $all only from record boundaries.
  for await (const e of store.readAll({ from: position, to: position })) if (e.position === position) return e;
  return null;
}

/**
 * Checks the links and hashes of the log's last `count + 1` events (from store.positionFromEnd).
 * The first event read seeds the chain (its content hash is still checked), unless the window
 * starts at the log's beginning, where the chain starts at the genesis hash.
 */
export async function verifyTail(
  store: EventStore,
  head: bigint,
  count: number,
): Promise<{ position: bigint; reason: string } | null> {
  const from = await store.positionFromEnd(count + 1);
  const after = from === 0n ? 0n : -1n;
  const lastHash = new Map<string, string>();
  try {
    for await (const e of store.readAll({ from, to: head })) {
      const key = store.chainScope === 'global' ? '' : e.streamId;
      const previous = lastHash.get(key) ?? (after === 0n ? GENESIS_HASH : undefined);
      if (previous !== undefined && e.previousHash !== previous) {
        return { position: e.position, reason: 'its previous hash is not the hash of the event before it' };
      }
      if (eventHash(e.previousHash, e) !== e.hash) {
        return { position: e.position, reason: 'its stored hash does not match its content' };
      }
      lastHash.set(key, e.hash);
    }
  } catch (error) {
    // A row the store cannot read as an event breaks the chain where it stands.
    if (error instanceof ChainBrokenError) return { position: error.position, reason: error.reason };
    throw error;
  }
  return null;
}
