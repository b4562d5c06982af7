// The EventStoreDB adapter's reads: a stream forwards, the log ($all) forwards, a stream's last
// revision, and positions counted back from the end. Every read skips system events and events
// this adapter did not write (see toStored).
import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  StreamNotFoundError,
  type EventStoreDBClient,
  type ReadPosition,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { ReadAllOptions, ReadStreamOptions, StoredEvent } from '../store.ts';
import { collect, positionOf, readError, toStored } from './esdbRecords.ts';

/** Events per read request. */
export const PAGE = 512;

/** The events of `streamId` from `options.fromRevision` (default 0), read from the leader; none for a stream not found. */
export async function* readStream(
  client: EventStoreDBClient,
  streamId: string,
  options: ReadStreamOptions = {},
): AsyncIterable<StoredEvent> {
  let from = options.fromRevision ?? 0;
  for (let left = options.maxCount ?? Number.POSITIVE_INFINITY; left > 0; ) {
    const want = Math.min(PAGE, left);
    let page: ResolvedEvent[];
    try {
      page = await collect(
        client.readStream(streamId, {
          fromRevision: BigInt(from),
          maxCount: want,
          direction: FORWARDS,
          requiresLeader: true,
        }),
      );
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw error;
    }
    for (const resolved of page) {
      const e = toStored(resolved);
      if (e) yield e;
    }
    const last = page.at(-1)?.event;
    if (page.length < want || !last) return;
    left -= page.length;
    from = Number(last.revision) + 1;
  }
}

/** The log in commit order after `options.after`, from `options.from`, up to `options.to` (see the port). */
export async function* readAll(client: EventStoreDBClient, options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
  let after = options.after ?? 0n;
  const to = options.to;
  // `from` is read from itself (a forward read includes the event at its position).
  let start: bigint | null = options.from !== undefined && options.from > after ? options.from : null;
  if (start !== null) after = start - 1n;
  for (;;) {
    // Reading forwards from a position includes the event at it; `after` excludes it again.
    const at = start ?? after;
    start = null;
    const fromPosition: ReadPosition = at > 0n ? { commit: at, prepare: at } : START;
    let page: ResolvedEvent[];
    try {
      page = await collect(client.readAll({ fromPosition, maxCount: PAGE, direction: FORWARDS }));
    } catch (error) {
      throw readError(error, at);
    }
    let progressed = false;
    for (const resolved of page) {
      const position = positionOf(resolved);
      if (position === null || position <= after) continue;
      if (to !== undefined && position > to) return;
      after = position;
      progressed = true;
      const e = toStored(resolved);
      if (e) yield e;
    }
    if (page.length < PAGE || !progressed) return;
  }
}

/** The revision of the last event of `streamId` as the leader holds it, or null for no stream. */
export async function streamRevision(client: EventStoreDBClient, streamId: string): Promise<number | null> {
  try {
    const [last] = await collect(
      client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1, requiresLeader: true }),
    );
    return last?.event ? Number(last.event.revision) : null;
  } catch (error) {
    if (error instanceof StreamNotFoundError) return null;
    throw error;
  }
}

/**
 * The position of the `count`th last event readAll would yield (ours, not system events), read
 * backwards from the end on the leader; 0n when the log holds fewer.
 */
export async function positionFromEnd(client: EventStoreDBClient, count: number): Promise<bigint> {
  let fromPosition: ReadPosition = END;
  let before: bigint | null = null;
  let seen = 0;
  for (;;) {
    const page = await collect(
      client.readAll({ fromPosition, maxCount: PAGE, direction: BACKWARDS, requiresLeader: true }),
    );
    let lowest: bigint | null = null;
    for (const resolved of page) {
      const position = positionOf(resolved);
      if (position === null || (before !== null && position >= before)) continue;
      lowest = position;
      if (toStored(resolved)) {
        seen += 1;
        if (seen >= count) return position;
      }
    }
    if (page.length < PAGE || lowest === null) return 0n;
    before = lowest;
    fromPosition = { commit: lowest, prepare: lowest };
  }
}
