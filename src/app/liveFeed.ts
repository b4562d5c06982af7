// Fans the store's catch-up subscription out to GraphQL subscribers. It starts at the head of the
// log, so a replay or rebuild never sends anything: only events appended while it runs. When the
// subscription drops, it subscribes again after the last event it published, so subscribers miss
// none and get none twice.
import { createPubSub, filter, pipe } from 'graphql-yoga';
import { followAll, type Follower } from '../events/follow.ts';
import type { EventStore, StoredEvent } from '../events/store.ts';

export interface AppendedEvent {
  position: bigint;
  streamId: string;
  revision: number;
  type: string;
  recordedAt: string;
}

export class LiveFeed {
  private readonly pubsub = createPubSub<{ appended: [AppendedEvent] }>();
  private follower: Follower | null = null;
  /** Position of the last event published (the head of the log when the feed started). */
  private last = 0n;

  constructor(private readonly store: EventStore) {}

  async start(): Promise<void> {
    if (this.follower) return;
    this.last = await this.store.headPosition();
    this.follower = followAll(this.store, {
      after: () => this.last,
      onEvent: (e) => {
        this.last = e.position;
        this.pubsub.publish('appended', summary(e));
      },
    });
  }

  /** Events appended from now on that satisfy the predicate. */
  events(predicate: (e: AppendedEvent) => boolean): AsyncIterable<AppendedEvent> {
    return pipe(this.pubsub.subscribe('appended'), filter(predicate));
  }

  async stop(): Promise<void> {
    const follower = this.follower;
    this.follower = null;
    await follower?.stop();
  }
}

function summary(e: StoredEvent): AppendedEvent {
  return { position: e.position, streamId: e.streamId, revision: e.revision, type: e.type, recordedAt: e.recordedAt };
}
