// What the projection runner reports: a projector stopped by an event it cannot apply, the live
// subscription's last failure, and which failed reads are worth trying again.
import { type ChainBrokenError, ConcurrencyError, isPermanentStoreError } from '../events/store.ts';

export interface ProjectionFailure {
  projector: string;
  position: bigint;
  eventType: string;
  message: string;
}

/** The live subscription's last failure, cleared once it delivers again. */
export interface SubscriptionFailure {
  message: string;
  /** False once the runner has stopped following the log: the error cannot mend by retrying. */
  retrying: boolean;
  /** When it happened (ISO date-time). */
  at: string;
}

export interface ProjectionStatus {
  position: bigint;
  failure: ProjectionFailure | null;
  subscription: SubscriptionFailure | null;
}

export interface FollowHooks {
  /** Told of each subscription failure, with the wait before the next attempt or null when it gave up. */
  onError?(error: unknown, retryInMs: number | null): void;
}

export class ProjectionFailedError extends Error {
  readonly code = 'PROJECTION_FAILED';
  constructor(readonly failure: ProjectionFailure) {
    super(
      `Projection ${failure.projector} stopped at position ${failure.position} (${failure.eventType}): ${failure.message}`,
    );
    this.name = 'ProjectionFailedError';
  }
}

/**
 * The failure of a projection stopped by a row the log cannot give as an event (data that is not
 * JSON, positions out of order): no projector saw it, so the log itself is named.
 */
export function unreadableEventFailure(error: ChainBrokenError): ProjectionFailure {
  return { projector: 'log', position: error.position, eventType: 'unreadable', message: error.reason };
}

/**
 * Whether a catch-up that failed with this error is worth trying again. The port's typed errors
 * are answers about the log, not about the connection to it; anything else a read throws (a
 * dropped connection, a timeout, a busy database) may pass.
 */
export function isTransient(error: unknown): boolean {
  return !(error instanceof ProjectionFailedError || isPermanentStoreError(error) || error instanceof ConcurrencyError);
}
