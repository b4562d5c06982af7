// What an EventStoreDB append reads around its write: the stream's tail before (the last event to
// chain onto and the ids already stored, for idempotency) and the events it wrote after.
import {
  BACKWARDS,
  END,
  FORWARDS,
  StreamDeletedError as ClientStreamDeletedError,
  StreamNotFoundError,
  type EventStoreDBClient,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { GENESIS_HASH } from '../hashChain.ts';
import { StreamDeletedError, type AppendResult, type NewEvent, type StoredEvent } from '../store.ts';
import { collect, recordBytes, type StreamTail, toStored } from './esdbRecords.ts';
import { PAGE } from './esdbReads.ts';

/** How far back an append looks for event ids already stored in the stream: at most this many events... */
const IDEMPOTENCY_WINDOW = 128;
/** ...and about this many bytes of them (data + metadata), whichever comes first. */
const IDEMPOTENCY_BYTES = 256 * 1024;
/** Streams whose average event size an adapter remembers. */
const AVERAGE_SIZE_ENTRIES = 10_000;

/**
 * The stream's last event (to chain onto) and the ids of its last events, read backwards from
 * the leader until every id of `proposed` is found or the look-back window is spent (see
 * IDEMPOTENCY_WINDOW and IDEMPOTENCY_BYTES). `averageSize` holds the average bytes per event of
 * recently read streams (at most AVERAGE_SIZE_ENTRIES, oldest dropped first); this read updates it.
 * StreamDeletedError for a deleted stream that `proposed` would write to.
 */
export async function readTail(
  client: EventStoreDBClient,
  averageSize: Map<string, number>,
  streamId: string,
  proposed: NewEvent[],
): Promise<StreamTail> {
  const none: StreamTail = { revision: null, lastHash: GENESIS_HASH, lastPosition: null, ids: new Set() };
  const readBackwards = async (from: bigint | typeof END, maxCount: number) => {
    try {
      return await collect(
        client.readStream(streamId, { fromRevision: from, direction: BACKWARDS, maxCount, requiresLeader: true }),
      );
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      if (error instanceof ClientStreamDeletedError) throw new StreamDeletedError(streamId);
      throw error;
    }
  };
  // The first read takes as many events as the look-back budget allows at this stream's average
  // size when last seen (one event for a stream not seen yet), so a stream of small events needs
  // a single read.
  const knownAverage = averageSize.get(streamId);
  const firstCount = knownAverage
    ? Math.max(1, Math.min(PAGE, IDEMPOTENCY_WINDOW, Math.floor(IDEMPOTENCY_BYTES / knownAverage)))
    : 1;
  const head = await readBackwards(END, proposed.length > 0 ? firstCount : 1);
  const lastRecord = head?.[0]?.event;
  if (!head || !lastRecord) {
    // Not found may mean soft-deleted: the server would then accept a write expecting no stream
    // and number it on from `$tb`, out of step with a chain started afresh. Refuse instead.
    if (proposed.length > 0) {
      const { metadata } = await client.getStreamMetadata(streamId, { requiresLeader: true });
      if (metadata?.truncateBefore !== undefined) throw new StreamDeletedError(streamId);
    }
    return none;
  }
  const last = toStored(head[0]!);
  if (!last)
    throw new Error(`The last event of ${streamId} was not written by this adapter, so it cannot be chained onto`);
  const wanted = new Set(proposed.map((e) => e.id));
  const ids = new Set<string>();
  let bytes = 0;
  let count = 0;
  let next = Number(lastRecord.revision);
  const take = (page: ResolvedEvent[]) => {
    for (const r of page) {
      if (!r.event) continue;
      ids.add(r.event.id);
      wanted.delete(r.event.id);
      bytes += recordBytes(r);
      count += 1;
      next = Number(r.event.revision) - 1;
    }
  };
  take(head);
  while (wanted.size > 0 && next >= 0 && count < IDEMPOTENCY_WINDOW) {
    // Page by the average size seen so far, so a stream of long versions is not read whole.
    const budget = IDEMPOTENCY_BYTES - bytes;
    const average = Math.max(1, bytes / count);
    const maxCount = Math.min(PAGE, IDEMPOTENCY_WINDOW - count, Math.floor(budget / average));
    if (maxCount < 1) break;
    const page = await readBackwards(BigInt(next), maxCount);
    if (!page || page.length === 0) break;
    take(page);
  }
  if (averageSize.size >= AVERAGE_SIZE_ENTRIES) averageSize.delete(averageSize.keys().next().value!);
  averageSize.set(streamId, Math.max(1, bytes / count));
  return { revision: Number(lastRecord.revision), lastHash: last.hash, lastPosition: last.position, ids };
}

/**
 * The events just written, as the leader now holds them (with their positions): only the
 * revisions this append took. When the same ids sit there with other hashes, another writer
 * stored these events first (the server acknowledged ours without writing): already stored.
 */
export async function readBack(
  client: EventStoreDBClient,
  streamId: string,
  drafts: StoredEvent[],
): Promise<AppendResult> {
  const first = drafts[0]!.revision;
  const resolved = await collect(
    client.readStream(streamId, {
      fromRevision: BigInt(first),
      maxCount: drafts.length,
      direction: FORWARDS,
      requiresLeader: true,
    }),
  );
  const stored = resolved.map(toStored);
  const sameIds = drafts.every((draft, i) => stored[i]?.id === draft.id && stored[i]?.revision === draft.revision);
  if (!sameIds) throw new Error(`EventStoreDB did not return ${streamId}@${first} as it was written`);
  const last = stored.at(-1)!;
  if (drafts.every((draft, i) => stored[i]!.hash === draft.hash)) {
    return { nextRevision: last.revision, position: last.position, appended: stored as StoredEvent[] };
  }
  return { nextRevision: last.revision, position: last.position, appended: [] };
}
