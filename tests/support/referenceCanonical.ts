// The canonical form and chain hash of an event as their definition states them (every field
// through canonicalJson, metadata normalised), for tests to hold the service's faster paths to.
import { createHash } from 'node:crypto';
import { canonicalJson, normaliseMetadata } from '../../src/events/hashChain.ts';
import type { StoredEvent } from '../../src/events/store.ts';

export type Hashable = Omit<StoredEvent, 'hash' | 'previousHash' | 'position'>;

export function referenceCanonical(e: Hashable): string {
  return canonicalJson({
    id: e.id,
    streamId: e.streamId,
    revision: e.revision,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    effectiveAt: e.effectiveAt,
    recordedAt: e.recordedAt,
    metadata: normaliseMetadata(e.metadata),
  });
}

/** Lower-case hex SHA-256 of the previous hash, a newline and the reference canonical form. */
export function referenceHash(previousHash: string, e: Hashable): string {
  return createHash('sha256')
    .update(`${previousHash}\n${referenceCanonical(e)}`)
    .digest('hex');
}
