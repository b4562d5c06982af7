// How the EventStoreDB adapter sends a call again after a fault, and how it sends one append.
import { MaxAppendSizeExceededError, WrongExpectedVersionError, type EventStoreDBClient } from '@eventstore/db-client';
import { EventTooLargeError, StoreUnavailableError, type StoredEvent } from '../store.ts';
import { esdbExpected, isTransient, toEsdbEvent } from './esdbRecords.ts';

/** A call that meets a fault (see isTransient) is sent again at most this many times in all... */
const MAX_TRANSIENT_ATTEMPTS = 8;
/** ...waiting this long times the attempt number before each. */
const RETRY_STEP_MS = 25;

/**
 * Runs `call` again after a fault (see isTransient), waiting RETRY_STEP_MS times the attempt number
 * before each, and gives up after MAX_TRANSIENT_ATTEMPTS with StoreUnavailableError. Any other
 * error is thrown at once.
 */
export async function retrying<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error)) throw error;
      if (attempt >= MAX_TRANSIENT_ATTEMPTS) throw new StoreUnavailableError(attempt, error);
      await new Promise((resolve) => setTimeout(resolve, RETRY_STEP_MS * attempt));
    }
  }
}

/**
 * Sends one append of `drafts` (`size` bytes) to `streamId` expecting the stream at `revision`
 * (null: no stream). A fault is answered by sending the very same events at the same expected
 * revision again: if the first one was written, the server acknowledges it without writing twice.
 * Answers 'conflict' when the stream is not at `revision`; EventTooLargeError when the node
 * refuses the size (its MaxAppendSize, else `maxAppendSize`).
 */
export function sendAppend(
  client: EventStoreDBClient,
  streamId: string,
  drafts: StoredEvent[],
  revision: number | null,
  size: number,
  maxAppendSize: number,
): Promise<'written' | 'conflict'> {
  return retrying(async () => {
    try {
      const result = await client.appendToStream(streamId, drafts.map(toEsdbEvent), {
        expectedRevision: esdbExpected(revision),
        requiresLeader: true,
      });
      // With throwOnAppendFailure=false in the connection string a conflict is an answer, not an error.
      return result.success ? 'written' : 'conflict';
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return 'conflict';
      if (error instanceof MaxAppendSizeExceededError) {
        throw new EventTooLargeError(streamId, size, error.maxAppendSize ?? maxAppendSize);
      }
      throw error;
    }
  });
}
