// The auditor's check: the hash chain holds over the whole log, and the read models equal what
// a fresh replay of the log produces.
import { ChainVerifier, type ChainVerdict } from '../events/hashChain.ts';
import { ChainBrokenError, type EventStore, type StoredEvent } from '../events/store.ts';
import { projectors } from '../projections/index.ts';
import { openReadDatabase } from '../projections/readStore.ts';
import { ProjectionRunner } from '../projections/runner.ts';
import { aheadOfLog } from './integrity.ts';
import type { Services } from './services.ts';

export interface Verification extends ChainVerdict {
  /** Checksum of the service's read models. */
  liveChecksum: string | null;
  /** Checksum of read models replayed from scratch up to the same position. */
  replayChecksum: string | null;
  readModelsMatch: boolean | null;
  /** One line for a terminal. */
  line: string;
}

/**
 * Checks the hash chain over the whole log. A row the store cannot read as an event (its data is
 * not JSON: ChainBrokenError from the read) breaks the chain there, like a row whose hash is wrong.
 */
export async function verifyChain(store: EventStore, onEvent?: () => void): Promise<ChainVerdict> {
  const verifier = new ChainVerifier(store.chainScope);
  try {
    for await (const e of store.readAll()) {
      if (!verifier.check(e)) break;
      onEvent?.();
    }
  } catch (error) {
    if (!(error instanceof ChainBrokenError)) throw error;
    return { ...verifier.verdict(), ok: false, firstBrokenPosition: error.position, reason: error.reason };
  }
  return verifier.verdict();
}

/** Replays the log into a scratch in-memory database and returns its read-model checksum. */
export async function replayChecksum(
  store: EventStore,
  toPosition: bigint,
  openEvent?: (e: StoredEvent) => StoredEvent,
): Promise<string> {
  const db = openReadDatabase(':memory:');
  try {
    const runner = new ProjectionRunner(store, db, projectors, { toPosition, ...(openEvent ? { openEvent } : {}) });
    await runner.catchUp();
    return runner.checksum();
  } finally {
    db.close();
  }
}

export async function verify(services: Services, onEvent?: () => void): Promise<Verification> {
  const verdict = await verifyChain(services.store, onEvent);
  let liveChecksum: string | null = null;
  let replayed: string | null = null;
  if (verdict.ok) {
    await services.runner.catchUp();
    const at = services.runner.checkpoint;
    liveChecksum = services.runner.checksum();
    replayed = await replayChecksum(services.store, at, (e) => services.vault.unsealEvent(e));
  }
  const readModelsMatch = liveChecksum === null ? null : liveChecksum === replayed;
  const damage = services.integrity.reason;
  const ok = verdict.ok && readModelsMatch !== false && damage === null;
  const reason = verdict.reason ?? (ok ? null : await readModelsReason(services, liveChecksum, replayed));
  const line = !verdict.ok
    ? `BROKEN at position ${verdict.firstBrokenPosition}: ${verdict.reason} (${verdict.checkedEvents} events verified before it)`
    : !ok
      ? `READ MODELS DIFFER: ${verdict.checkedEvents} events checked, head hash ${verdict.headHash}; ${reason}`
      : `OK: ${verdict.checkedEvents} events checked, head hash ${verdict.headHash}, read models match a fresh replay (${liveChecksum})`;
  return { ...verdict, liveChecksum, replayChecksum: replayed, readModelsMatch, ok, reason, line };
}

/** The verification running for each service, if one is (see verifyShared). */
const running = new WeakMap<Services, Promise<Verification>>();

/**
 * verify, with one run at a time per service: a verification asked for while one is running (an
 * alias of the same GraphQL request, or another request) is answered by that run. Each run reads
 * the whole log twice and replays it into a scratch database, with a worker thread hashing leaves
 * on a long log (about 70 MB; events/adapters/leavesAhead.ts), so thirty aliases of one request
 * were thirty replays at once. The answer's checkedEvents and headHash say which log it checked.
 */
export function verifyShared(services: Services): Promise<Verification> {
  const current = running.get(services);
  if (current) return current;
  const run = verify(services).finally(() => running.delete(services));
  running.set(services, run);
  return run;
}

/**
 * Why a log whose chain holds still fails verification: the start-up check found it damaged, the
 * read models are ahead of it, or they differ from a fresh replay.
 */
async function readModelsReason(
  services: Services,
  liveChecksum: string | null,
  replayed: string | null,
): Promise<string> {
  const ahead = aheadOfLog(services.runner.highestCheckpoint(), await services.store.headPosition());
  return (
    services.integrity.reason ??
    ahead ??
    `the read models differ from a fresh replay of the log up to position ${services.runner.checkpoint} (checksum ${liveChecksum}, replay ${replayed})`
  );
}
