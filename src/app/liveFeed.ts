// Fans the store's catch-up subscription out to GraphQL subscribers. It starts at the head of the
// log, so a replay or rebuild never sends anything: only events appended while it runs. When the
// subscription drops, it subscribes again after the last event it published, so subscribers miss
// none and get none twice.
//
// Each subscriber has its own queue of at most `queueLimit` events. A subscriber that reads slower
// than the log grows (a client that stops reading its socket holds up the whole chain back to its
// queue) is dropped when one more event would not fit: its queue is freed at once and the last
// value it reads is a SubscriberTooSlowError. Publishing never waits for a subscriber and never
// throws because of one, so one stalled client can neither hold memory nor stop the others.
import { visibilityOf, type Visibility } from '../events/catalogue.ts';
import { followAll, type Follower } from '../events/follow.ts';
import type { EventStore, StoredEvent } from '../events/store.ts';

export interface AppendedEvent {
  position: bigint;
  streamId: string;
  revision: number;
  type: string;
  recordedAt: string;
  /** Who may hear of it (the catalogue's visibility of its type): drafts are announced to staff only. */
  visibility: Visibility;
}

/** The default of SUBSCRIBER_QUEUE_LIMIT: events held for one subscriber that has not read them yet. */
export const DEFAULT_SUBSCRIBER_QUEUE_LIMIT = 256;

/** The last value a dropped subscriber reads: it fell more than `queueLimit` events behind. */
export class SubscriberTooSlowError extends Error {
  constructor(
    readonly queueLimit: number,
    /** Events it will not be sent: the full queue plus the one that did not fit. */
    readonly missed: number,
    /** Position of the first event it was not sent (it has every matching event before it). */
    readonly firstMissedPosition: bigint,
  ) {
    super(
      `This subscription fell ${missed} events behind (more than the ${queueLimit} held for a subscriber) and was ended; ` +
        `events from position ${firstMissedPosition} on were not sent. Read faster, or subscribe again.`,
    );
    this.name = 'SubscriberTooSlowError';
  }
}

export interface LiveFeedStats {
  /** Subscribers currently attached. */
  subscribers: number;
  /** Events queued for all of them, not yet read. */
  queued: number;
  /** Subscribers dropped for falling behind since the feed was created. */
  dropped: number;
}

/** One subscriber's iterator: a bounded queue, and the consumer's pending read when it is waiting. */
class Subscriber implements AsyncIterableIterator<AppendedEvent | SubscriberTooSlowError> {
  queue: AppendedEvent[] = [];
  private failure: SubscriberTooSlowError | null = null;
  private ended = false;
  private waiting: ((result: IteratorResult<AppendedEvent | SubscriberTooSlowError>) => void) | null = null;

  constructor(
    private readonly predicate: (e: AppendedEvent) => boolean,
    private readonly limit: number,
    private readonly detach: (s: Subscriber) => void,
  ) {}

  /** Hands on or queues an event; false when the queue was full and the subscriber is now dropped. */
  offer(e: AppendedEvent): boolean {
    if (this.ended || !this.predicate(e)) return true;
    if (this.waiting) {
      this.settle({ value: e, done: false });
      return true;
    }
    if (this.queue.length < this.limit) {
      this.queue.push(e);
      return true;
    }
    this.failure = new SubscriberTooSlowError(this.limit, this.queue.length + 1, this.queue[0]?.position ?? e.position);
    this.queue = [];
    this.detach(this);
    return false;
  }

  next(): Promise<IteratorResult<AppendedEvent | SubscriberTooSlowError>> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve({ value: queued, done: false });
    if (this.failure) {
      const failure = this.failure;
      this.failure = null;
      this.end();
      return Promise.resolve({ value: failure, done: false });
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** The consumer went away (a closed connection): frees the queue at once, even mid-wait. */
  return(): Promise<IteratorResult<AppendedEvent | SubscriberTooSlowError>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.queue = [];
    this.detach(this);
    this.settle({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private settle(result: IteratorResult<AppendedEvent | SubscriberTooSlowError>): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.(result);
  }
}

export class LiveFeed {
  private readonly subscribers = new Set<Subscriber>();
  private follower: Follower | null = null;
  /** Position of the last event published (the head of the log when the feed started). */
  private last = 0n;
  private dropped = 0;

  constructor(
    private readonly store: EventStore,
    /** Most events held for one subscriber (SUBSCRIBER_QUEUE_LIMIT). */
    private readonly queueLimit = DEFAULT_SUBSCRIBER_QUEUE_LIMIT,
  ) {
    if (!Number.isInteger(queueLimit) || queueLimit < 1)
      throw new RangeError(`queueLimit must be a positive integer, got ${queueLimit}`);
  }

  async start(): Promise<void> {
    if (this.follower) return;
    this.last = await this.store.headPosition();
    this.follower = followAll(this.store, {
      after: () => this.last,
      onEvent: (e) => {
        this.last = e.position;
        this.publish(summary(e));
      },
    });
  }

  /**
   * Events appended from now on that satisfy the predicate, in log order. If the reader falls more
   * than the queue limit behind, the last value is a SubscriberTooSlowError and the iteration ends.
   */
  events(predicate: (e: AppendedEvent) => boolean): AsyncIterableIterator<AppendedEvent | SubscriberTooSlowError> {
    const subscriber = new Subscriber(predicate, this.queueLimit, (s) => this.subscribers.delete(s));
    this.subscribers.add(subscriber);
    return subscriber;
  }

  stats(): LiveFeedStats {
    let queued = 0;
    for (const s of this.subscribers) queued += s.queue.length;
    return { subscribers: this.subscribers.size, queued, dropped: this.dropped };
  }

  /** Stops following the log and ends every subscription (their readers see the end of the stream). */
  async stop(): Promise<void> {
    const follower = this.follower;
    this.follower = null;
    await follower?.stop();
    for (const s of [...this.subscribers]) s.end();
  }

  private publish(e: AppendedEvent): void {
    // A copy: a subscriber dropped while publishing leaves the set.
    for (const s of [...this.subscribers]) {
      if (!s.offer(e)) this.dropped += 1;
    }
  }
}

function summary(e: StoredEvent): AppendedEvent {
  return {
    position: e.position,
    streamId: e.streamId,
    revision: e.revision,
    type: e.type,
    recordedAt: e.recordedAt,
    visibility: visibilityOf(e.type),
  };
}
