// A live subscription to the EventStoreDB log ($all, system events excluded), with back-pressure:
// the gRPC stream is paused while the consumer is behind.
import { excludeSystemEvents, START, type EventStoreDBClient, type ResolvedEvent } from '@eventstore/db-client';
import type { EventSubscription, StoredEvent } from '../store.ts';
import { readError, toStored } from './esdbRecords.ts';

/** A subscription pauses the gRPC stream when this many events wait for the consumer... */
const HIGH_WATER = 1024;
/** ...and resumes it below this many. */
const LOW_WATER = 256;

/**
 * Events of the log after `options.after` (default 0n), then each as it is written. The iterator
 * throws the port's typed error when the node refuses the position or access (see readError), and
 * an Error when the node ends the subscription. `onClose` runs when the handle is closed.
 */
export function subscribeAll(
  client: EventStoreDBClient,
  options: { after?: bigint },
  onClose: (handle: EventSubscription) => void,
): EventSubscription {
  let last = options.after ?? 0n;
  const subscription = client.subscribeToAll({
    fromPosition: last > 0n ? { commit: last, prepare: last } : START,
    filter: excludeSystemEvents(),
  });
  const queue: StoredEvent[] = [];
  let failure: unknown = null;
  let ended = false;
  let closed = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  subscription.on('data', (resolved: ResolvedEvent) => {
    if (closed) return;
    try {
      const e = toStored(resolved);
      if (!e || e.position <= last) return;
      last = e.position;
      queue.push(e);
      if (queue.length >= HIGH_WATER) subscription.pause();
    } catch (error) {
      failure ??= error;
    }
    notify();
  });
  subscription.on('error', (error: unknown) => {
    if (!closed) failure ??= readError(error, options.after ?? 0n);
    notify();
  });
  subscription.on('end', () => {
    ended = true;
    notify();
  });

  const stop = async () => {
    if (closed) return;
    closed = true;
    notify();
    // Let a paused stream flow again so the cancelled call can finish (events are dropped now).
    subscription.resume();
    await subscription.unsubscribe().catch(() => undefined);
  };

  async function* run(): AsyncGenerator<StoredEvent> {
    try {
      for (;;) {
        if (closed) return;
        const next = queue.shift();
        if (next) {
          if (queue.length < LOW_WATER && subscription.isPaused()) subscription.resume();
          yield next;
          continue;
        }
        if (failure) throw failure;
        if (ended) throw new Error('The EventStoreDB subscription ended unexpectedly');
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      await stop();
    }
  }

  const iterator = run();
  const handle: EventSubscription = {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      onClose(handle);
      await stop();
      await iterator.return(undefined);
    },
  };
  return handle;
}
