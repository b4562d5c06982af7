// Fans the store's catch-up subscription out to GraphQL subscribers. It starts at the head of the
// log, so a replay or rebuild never sends anything: only events appended while it runs.
import { createPubSub, filter, pipe } from 'graphql-yoga';
import type { EventStore, EventSubscription, StoredEvent } from '../events/store.ts';

export interface AppendedEvent {
  position: bigint;
  streamId: string;
  revision: number;
  type: string;
  recordedAt: string;
}

export class LiveFeed {
  private readonly pubsub = createPubSub<{ appended: [AppendedEvent] }>();
  private subscription: EventSubscription | null = null;
  private done: Promise<void> | null = null;

  constructor(private readonly store: EventStore) {}

  async start(): Promise<void> {
    const subscription = this.store.subscribeAll({ after: await this.store.headPosition() });
    this.subscription = subscription;
    this.done = (async () => {
      try {
        for await (const e of subscription) this.pubsub.publish('appended', summary(e));
      } catch {
        // The store was closed: the feed ends with it.
      }
    })();
  }

  /** Events appended from now on that satisfy the predicate. */
  events(predicate: (e: AppendedEvent) => boolean): AsyncIterable<AppendedEvent> {
    return pipe(this.pubsub.subscribe('appended'), filter(predicate));
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    await this.done;
  }
}

function summary(e: StoredEvent): AppendedEvent {
  return { position: e.position, streamId: e.streamId, revision: e.revision, type: e.type, recordedAt: e.recordedAt };
}
