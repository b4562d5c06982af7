// Durable appends: our embedded store's append against raw better-sqlite3 INSERT + COMMIT on the
// same schema with the same pragmas, one event per commit and 1,000 events per commit. Rounds
// alternate between the two so drift on a noisy machine hits both alike; the median round counts.
import type Database from 'better-sqlite3';
import { openSqlite } from '../../src/sqlite.ts';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { applyDurablePragmas, SCHEMA, SqliteEventStore } from '../../src/events/adapters/sqlite.ts';
import { newEvent } from '../../src/events/catalogue.ts';
import { ANY, type NewEvent } from '../../src/events/store.ts';
import { dataDirWith, type BenchContext } from '../lib/context.ts';
import { median, type CaseResult } from '../lib/report.ts';
import { streams } from '../../src/events/streams.ts';

const BATCH = 1_000;
const ROUNDS = 3;

/** A small, typical event: a member renewing, with the metadata a command records. */
function renewal(i: number): NewEvent {
  return newEvent(
    randomUUID(),
    {
      type: 'MembershipRenewed',
      data: { memberId: `member-bench-${i % 5000}`, membershipYear: '2024-25', renewedOn: '2024-04-01' },
    },
    '2024-04-01',
    {
      actor: 'alice',
      source: 'TASP newsletter, Spring 2024',
      changeNote: null,
      correlationId: randomUUID(),
      idempotencyKey: null,
    },
  );
}

/** Raw baseline: the same table, the same pragmas, one INSERT per event, no hash chain or checks. */
class RawLog {
  private readonly db: Database.Database;
  private readonly insert;
  private revision = 0;

  constructor(path: string) {
    this.db = openSqlite(path);
    applyDurablePragmas(this.db);
    this.db.exec(SCHEMA);
    this.insert = this.db.prepare(
      `INSERT INTO events (id, stream_id, revision, type, schema_version, data, metadata, effective_at, recorded_at, previous_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  readonly append = (events: NewEvent[]): void => {
    this.db
      .transaction(() => {
        const recordedAt = new Date().toISOString();
        for (const e of events) {
          this.insert.run(
            e.id,
            streams.membership('bench'),
            this.revision++,
            e.type,
            e.schemaVersion,
            JSON.stringify(e.data),
            JSON.stringify(e.metadata),
            e.effectiveAt,
            recordedAt,
            PLACEHOLDER_HASH,
            PLACEHOLDER_HASH,
          );
        }
      })
      .immediate();
  };

  close(): void {
    this.db.close();
  }
}

const PLACEHOLDER_HASH = 'f'.repeat(64);

/** Events per second over `ms` of back-to-back calls, each given a fresh batch made beforehand. */
async function rate(ms: number, size: number, append: (events: NewEvent[]) => unknown): Promise<number> {
  const batches = Array.from({ length: 64 }, (_, b) => Array.from({ length: size }, (_, i) => renewal(b * size + i)));
  let events = 0;
  let calls = 0;
  const started = performance.now();
  const until = started + ms;
  while (performance.now() < until) {
    const batch = batches[calls % batches.length]!.map((e) => ({ ...e, id: randomUUID() }));
    await append(batch);
    events += batch.length;
    calls += 1;
  }
  return events / ((performance.now() - started) / 1000);
}

async function compare(
  ctx: BenchContext,
  label: string,
  size: number,
  ms: number,
): Promise<{ ours: number; raw: number }> {
  const dir = dataDirWith(ctx, `appends-${label}`, null);
  const store = new SqliteEventStore({ path: join(dir, 'ours.sqlite') });
  const raw = new RawLog(join(dir, 'raw.sqlite'));
  const ours: number[] = [];
  const baseline: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      ours.push(
        await rate(ms, size, (events) => store.append(streams.membership('bench'), events, { expectedRevision: ANY })),
      );
      baseline.push(await rate(ms, size, raw.append));
    }
  } finally {
    await store.close();
    raw.close();
  }
  ctx.say(`  ${label}: ours ${ours.map(Math.round).join(', ')} / raw ${baseline.map(Math.round).join(', ')} events/s`);
  return { ours: median(ours), raw: median(baseline) };
}

export async function appendCases(ctx: BenchContext): Promise<CaseResult[]> {
  const ms = ctx.quick ? 400 : 3_000;
  const single = await compare(ctx, 'single', 1, ms);
  const batched = await compare(ctx, 'batched', BATCH, ms);
  const batchedRatio = batched.ours / batched.raw;
  return [
    {
      name: 'durable single-event appends',
      ours: single.ours,
      baseline: single.raw,
      unit: 'events/s',
      ratio: single.ours / single.raw,
      goal: '≥ 0.5× raw INSERT+COMMIT',
      pass: single.ours / single.raw >= 0.5,
      notes: `one event per append, each committed with synchronous=FULL in WAL before it returns; median of ${ROUNDS} alternating rounds`,
    },
    {
      name: 'batched appends (1,000 a call)',
      ours: batched.ours,
      baseline: batched.raw,
      unit: 'events/s',
      ratio: batchedRatio,
      goal: '≥ 0.5× raw and ≥ 50,000/s',
      pass: batchedRatio >= 0.5 && batched.ours >= 50_000,
      notes: 'ours checks ids and the expected revision and extends the SHA-256 hash chain; raw only inserts',
    },
  ];
}
