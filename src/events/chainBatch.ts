// Chaining a fresh batch of events onto a stream's or the log's tail: revisions, recorded time,
// normalised metadata and each event's hash over the one before it (hashChain.ts defines the
// canonical form and the hash), written from pieces the batch's events share.
import { hash } from 'node:crypto';
import {
  canonicalFormSlow,
  canonicalJson,
  inCanonicalOrder,
  normaliseMetadata,
  quote,
  quoteNullable,
  quotedShared,
  type SharedFields,
} from './hashChain.ts';
import { noteLeaf } from './merkle.ts';
import type { EventMetadata, NewEvent, StoredEvent } from './store.ts';

/**
 * Appends of at most this many events also note each event's Merkle leaf (see noteLeaf): one
 * mutation's events, which the projection hashes one at a time right after an fsync. A larger
 * batch is hashed by the projection in one run, warm, and its append stays as cheap as it can be.
 */
const NOTED_LEAVES_UP_TO = 16;

/**
 * Fresh events chained by chainEvents, in their stored form (positions 0n until the store assigns
 * them), with the JSON an embedded store writes for each: `dataJson[i]` is JSON.stringify of
 * `events[i].data`, `metadataJson[i]` of its normalised metadata.
 */
export interface ChainedEvents {
  events: StoredEvent[];
  dataJson: string[];
  metadataJson: string[];
}

/**
 * Gives fresh events of one stream their revisions, recorded time, normalised metadata and hashes,
 * each chained onto the one before, the first onto `tail` (the stream's tail for a per-stream
 * chain, the log's for a global one). Both adapters append through this. Each event's data is
 * serialised once, for its canonical form and its stored JSON alike; the pieces of both that the
 * batch's events share are written once (BatchPieces).
 */
export function chainEvents(
  streamId: string,
  fresh: readonly NewEvent[],
  tail: { revision: number | null; hash: string },
  recordedAt: string,
): ChainedEvents {
  const events = new Array<StoredEvent>(fresh.length);
  const dataJson = new Array<string>(fresh.length);
  const metadataJsonOf = new Array<string>(fresh.length);
  const pieces = new BatchPieces(streamId, recordedAt);
  let previousHash = tail.hash;
  let revision = tail.revision ?? -1;
  for (let i = 0; i < fresh.length; i += 1) {
    const e = fresh[i]!;
    revision += 1;
    const metadata = normaliseMetadata(e.metadata);
    const event: StoredEvent = {
      id: e.id,
      type: e.type,
      schemaVersion: e.schemaVersion,
      data: e.data,
      effectiveAt: e.effectiveAt,
      metadata,
      streamId,
      revision,
      position: 0n,
      recordedAt,
      hash: '',
      previousHash,
    };
    const json = JSON.stringify(e.data);
    // The one metadata value that differs from event to event in most batches, quoted once for both.
    const correlationId = quoteNullable(metadata.correlationId);
    const input =
      pieces.hashInput(previousHash, event, metadata, correlationId, json) ??
      `${previousHash}\n${canonicalFormSlow(event, metadata)}`;
    event.hash = hash('sha256', input, 'hex');
    // The leaf covers the same canonical form the chain hash does, after "<previous hash>\n".
    if (fresh.length <= NOTED_LEAVES_UP_TO)
      noteLeaf(event, hash('sha256', `\u0000${input.slice(previousHash.length + 1)}`, 'buffer'));
    events[i] = event;
    dataJson[i] = json;
    metadataJsonOf[i] = pieces.metadataJson(metadata, correlationId) ?? JSON.stringify(metadata);
    previousHash = event.hash;
  }
  return { events, dataJson, metadataJson: metadataJsonOf };
}

/** Stands for "no value seen yet" in BatchPieces (no event field is ever this symbol). */
const UNSEEN = Symbol('unseen');

/**
 * The canonical form and the stored metadata JSON of one append's events, written from pieces
 * that the events of a batch mostly share (stream, recorded time, type, effective date, actor,
 * source...): each piece is made again only when a value it holds differs from the event before,
 * so an event costs a few concatenations of existing strings, with no quoting, for everything but
 * its id, correlation id, revision and data. A piece is null when a value in it is not a plain
 * string (or null for metadata), and then the caller takes the reference form, so the bytes never
 * differ from canonicalFormSlow's.
 */
class BatchPieces {
  private readonly streamAndRecorded: SharedFields | null;
  private effectiveAt: unknown = UNSEEN;
  /** `,"effectiveAt":…,"id":` */
  private afterData: string | null = null;
  private metaHeadKey: [unknown, unknown, unknown, unknown] = [UNSEEN, UNSEEN, UNSEEN, UNSEEN];
  /** `,"metadata":{"actor":…,"causationId":…,"changeNote":…,"commandHash":…,"correlationId":` */
  private metaHead: string | null = null;
  private metaTailKey: [unknown, unknown] = [UNSEEN, UNSEEN];
  /** `,"idempotencyKey":…,"source":…},"recordedAt":…,"revision":` */
  private metaTail: string | null = null;
  private endKey: [unknown, unknown] = [UNSEEN, UNSEEN];
  /** `,"schemaVersion":…,"streamId":…,"type":…}` */
  private end: string | null = null;
  private storedHeadKey: [unknown, unknown, unknown] = [UNSEEN, UNSEEN, UNSEEN];
  /** `{"actor":…,"source":…,"changeNote":…,"correlationId":` (normaliseMetadata's key order) */
  private storedHead: string | null = null;
  private storedTailKey: [unknown, unknown, unknown] = [UNSEEN, UNSEEN, UNSEEN];
  /** `,"causationId":…,"idempotencyKey":…,"commandHash":…}` */
  private storedTail: string | null = null;

  constructor(streamId: string, recordedAt: string) {
    this.streamAndRecorded = quotedShared({ streamId, recordedAt });
  }

  /**
   * The hash input `previousHash\n` + canonical form, or null when the reference form must write
   * it. `correlationId` is quoteNullable(m.correlationId); `dataJson` JSON.stringify(e.data).
   */
  hashInput(
    previousHash: string,
    e: StoredEvent,
    m: Required<EventMetadata>,
    correlationId: string | null,
    dataJson: string | undefined,
  ): string | null {
    const shared = this.streamAndRecorded;
    if (shared === null || correlationId === null || typeof e.id !== 'string' || !Number.isFinite(e.revision))
      return null;
    // Data whose keys are out of order (most events' data is written in the decider's order) is
    // sorted here alone; undefined: data JSON cannot write (absent, a function), and the reference
    // form decides what it is.
    const data = dataJson === undefined ? undefined : inCanonicalOrder(e.data) ? dataJson : canonicalJson(e.data);
    if (data === undefined) return null;

    if (e.effectiveAt !== this.effectiveAt) {
      this.effectiveAt = e.effectiveAt;
      this.afterData = typeof e.effectiveAt === 'string' ? `,"effectiveAt":${quote(e.effectiveAt)},"id":` : null;
    }
    const head = this.metaHeadKey;
    if (m.actor !== head[0] || m.causationId !== head[1] || m.changeNote !== head[2] || m.commandHash !== head[3]) {
      this.metaHeadKey = [m.actor, m.causationId, m.changeNote, m.commandHash];
      const actor = quoteNullable(m.actor);
      const causationId = quoteNullable(m.causationId);
      const changeNote = quoteNullable(m.changeNote);
      const commandHash = quoteNullable(m.commandHash);
      this.metaHead =
        actor === null || causationId === null || changeNote === null || commandHash === null
          ? null
          : `,"metadata":{"actor":${actor},"causationId":${causationId},"changeNote":${changeNote}` +
            `,"commandHash":${commandHash},"correlationId":`;
    }
    const tail = this.metaTailKey;
    if (m.idempotencyKey !== tail[0] || m.source !== tail[1]) {
      this.metaTailKey = [m.idempotencyKey, m.source];
      const idempotencyKey = quoteNullable(m.idempotencyKey);
      const source = quoteNullable(m.source);
      this.metaTail =
        idempotencyKey === null || source === null
          ? null
          : `,"idempotencyKey":${idempotencyKey},"source":${source}},"recordedAt":${shared.recordedAt},"revision":`;
    }
    const end = this.endKey;
    if (e.schemaVersion !== end[0] || e.type !== end[1]) {
      this.endKey = [e.schemaVersion, e.type];
      this.end =
        Number.isFinite(e.schemaVersion) && typeof e.type === 'string'
          ? `,"schemaVersion":${e.schemaVersion},"streamId":${shared.streamId},"type":${quote(e.type)}}`
          : null;
    }
    if (this.afterData === null || this.metaHead === null || this.metaTail === null || this.end === null) return null;
    return (
      `${previousHash}\n{"data":${data}${this.afterData}${quote(e.id)}${this.metaHead}${correlationId}` +
      `${this.metaTail}${e.revision}${this.end}`
    );
  }

  /**
   * JSON.stringify(m) (normalised metadata), or null when a value is neither a string nor null.
   * `correlationId` is quoteNullable(m.correlationId).
   */
  metadataJson(m: Required<EventMetadata>, correlationId: string | null): string | null {
    if (correlationId === null) return null;
    const head = this.storedHeadKey;
    if (m.actor !== head[0] || m.source !== head[1] || m.changeNote !== head[2]) {
      this.storedHeadKey = [m.actor, m.source, m.changeNote];
      const actor = quoteNullable(m.actor);
      const source = quoteNullable(m.source);
      const changeNote = quoteNullable(m.changeNote);
      this.storedHead =
        actor === null || source === null || changeNote === null
          ? null
          : `{"actor":${actor},"source":${source},"changeNote":${changeNote},"correlationId":`;
    }
    const tail = this.storedTailKey;
    if (m.causationId !== tail[0] || m.idempotencyKey !== tail[1] || m.commandHash !== tail[2]) {
      this.storedTailKey = [m.causationId, m.idempotencyKey, m.commandHash];
      const causationId = quoteNullable(m.causationId);
      const idempotencyKey = quoteNullable(m.idempotencyKey);
      const commandHash = quoteNullable(m.commandHash);
      this.storedTail =
        causationId === null || idempotencyKey === null || commandHash === null
          ? null
          : `,"causationId":${causationId},"idempotencyKey":${idempotencyKey},"commandHash":${commandHash}}`;
    }
    if (this.storedHead === null || this.storedTail === null) return null;
    return `${this.storedHead}${correlationId}${this.storedTail}`;
  }
}
