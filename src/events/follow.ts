// Following the log live through the port's catch-up subscription, surviving a dropped connection.
//
// A store's subscription ends with an error when its connection drops (a server restart, a network
// fault). A follower then waits a short, capped backoff and subscribes again from its consumer's
// resume point, so nothing is skipped; events at or before that point are not handed on, so nothing
// is handed on twice. It stops retrying once stopped, and at once for an error that trying again
// cannot mend (isPermanentStoreError: a bad position, refused credentials), which it reports with
// no retry. A subscription that ends without an error was closed, with its store, so the follower
// ends too.
import { isPermanentStoreError, type EventStore, type EventSubscription, type StoredEvent } from './store.ts';

export interface FollowOptions {
  /**
   * The consumer's resume point: asked at every (re)subscription, which delivers the events after
   * it, and before each event, which is handed on only if it lies after it.
   */
  after(): bigint;
  /** Handles one event; the next waits until it settles. A rejection counts as a dropped subscription. */
  onEvent(event: StoredEvent): void | Promise<void>;
  /**
   * Told of each failure, with the wait before the next subscription, or null when the follower
   * has given up (a permanent error) and will not subscribe again.
   */
  onError?(error: unknown, retryInMs: number | null): void;
  /** The first wait after a failure (default 50 ms); it doubles after each failure in a row... */
  minDelayMs?: number;
  /** ...up to this (default 2 s), and starts again from `minDelayMs` once an event is handled. */
  maxDelayMs?: number;
}

export interface Follower {
  /** Closes the subscription, cancels a pending retry and resolves once the follower has ended. */
  stop(): Promise<void>;
}

export function followAll(store: EventStore, options: FollowOptions): Follower {
  const minDelay = options.minDelayMs ?? 50;
  const maxDelay = options.maxDelayMs ?? 2_000;
  let stopped = false;
  let subscription: EventSubscription | null = null;
  let cancelWait: (() => void) | null = null;

  const done = (async () => {
    let delay = minDelay;
    while (!stopped) {
      try {
        subscription = store.subscribeAll({ after: options.after() });
        for await (const e of subscription) {
          if (stopped) return;
          if (e.position <= options.after()) continue;
          await options.onEvent(e);
          delay = minDelay;
        }
        return;
      } catch (error) {
        if (stopped) return;
        if (isPermanentStoreError(error)) {
          options.onError?.(error, null);
          return;
        }
        options.onError?.(error, delay);
      } finally {
        const closing = subscription;
        subscription = null;
        await closing?.close().catch(() => undefined);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        // A pending retry alone does not keep the process alive.
        timer.unref?.();
        cancelWait = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      cancelWait = null;
      delay = Math.min(delay * 2, maxDelay);
    }
  })();

  return {
    async stop() {
      stopped = true;
      cancelWait?.();
      await subscription?.close().catch(() => undefined);
      await done;
    },
  };
}
