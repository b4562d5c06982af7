// How the projection runner follows the log when the store refuses its subscription: an error that
// retrying cannot mend (a checkpoint that is not a record boundary of this log, refused
// credentials) is reported once and ends the following; a dropped connection is reported and
// retried. Both show in status(), which /health serves.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EsdbEventStore } from '../../src/events/adapters/esdb.ts';
import { InvalidPositionError, StoreAccessDeniedError } from '../../src/events/store.ts';
import { projectors } from '../../src/projections/index.ts';
import { ProjectionRunner } from '../../src/projections/runner.ts';
import { openReadDatabase } from '../../src/projections/readStore.ts';
import { startEsdbEmulator, type EsdbEmulator } from '../support/esdbEmulator.ts';

describe('projection runner: subscription errors', () => {
  let emulator: EsdbEmulator;
  let store: EsdbEventStore;
  let runner: ProjectionRunner | null = null;
  beforeEach(async () => {
    emulator = await startEsdbEmulator();
    store = new EsdbEventStore({ connectionString: emulator.connectionString });
  });
  afterEach(async () => {
    await runner?.stop();
    runner = null;
    await store.close();
    await emulator.stop();
  });

  it('stops following at a checkpoint the log cannot read from, says so once, and retries nothing', async () => {
    const db = openReadDatabase(':memory:');
    new ProjectionRunner(store, db, projectors);
    // Read models carried over from another log: their checkpoint is no record boundary here.
    const move = db.prepare('INSERT OR REPLACE INTO projection_checkpoints (projector, position) VALUES (?, ?)');
    for (const p of projectors) move.run(p.name, 7n);
    runner = new ProjectionRunner(store, db, projectors);
    const errors: { error: unknown; retryInMs: number | null }[] = [];
    runner.start({ onError: (error, retryInMs) => errors.push({ error, retryInMs }) });

    await vi.waitFor(() => expect(runner!.status().subscription).toMatchObject({ retrying: false }), { timeout: 5000 });
    expect(runner.status().subscription!.message).toMatch(/not the position of an event/);
    const reads = emulator.calls.Read;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(emulator.calls.Read).toBe(reads);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.error).toBeInstanceOf(InvalidPositionError);
    expect(errors[0]!.retryInMs).toBeNull();
  });

  it('stops following when the node refuses access to $all, says so once, and retries nothing', async () => {
    const db = openReadDatabase(':memory:');
    runner = new ProjectionRunner(store, db, projectors);
    await store.append('document-refused', [
      {
        id: crypto.randomUUID(),
        type: 'Unknown',
        schemaVersion: 1,
        data: {},
        effectiveAt: '2021-01-01',
        metadata: { actor: 'ed' },
      },
    ]);
    // A user whose ACLs do not allow reading $all: the node answers PERMISSION_DENIED, every time.
    emulator.dropAfter(0, { on: 'any', times: 1_000, status: 'permission-denied' });
    const errors: { error: unknown; retryInMs: number | null }[] = [];
    runner.start({ onError: (error, retryInMs) => errors.push({ error, retryInMs }) });

    await vi.waitFor(() => expect(runner!.status().subscription).toMatchObject({ retrying: false }), { timeout: 5000 });
    const reads = emulator.calls.Read;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(emulator.calls.Read).toBe(reads);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.error).toBeInstanceOf(StoreAccessDeniedError);
    expect(errors[0]!.retryInMs).toBeNull();
  });

  it('reports a dropped subscription as retrying, and clears it once events flow again', async () => {
    const db = openReadDatabase(':memory:');
    runner = new ProjectionRunner(store, db, projectors);
    emulator.dropAfter(0, { on: 'subscription', times: 1_000 });
    const errors: (number | null)[] = [];
    runner.start({ onError: (_error, retryInMs) => errors.push(retryInMs) });
    await store.append('document-dropped', [
      {
        id: crypto.randomUUID(),
        type: 'Unknown',
        schemaVersion: 1,
        data: {},
        effectiveAt: '2021-01-01',
        metadata: { actor: 'ed' },
      },
    ]);
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(1), { timeout: 5000 });
    expect(errors.every((retryInMs) => retryInMs !== null && retryInMs > 0)).toBe(true);
    expect(runner.status().subscription).toMatchObject({ retrying: true });
    emulator.heal();
    await vi.waitFor(() => expect(runner!.status().subscription).toBeNull(), { timeout: 5000 });
  });
});
