// An in-process stand-in for an EventStoreDB node, for tests only: a gRPC server that speaks the
// subset of the Streams protocol @eventstore/db-client uses for appends, stream and $all reads and
// $all subscriptions, built from the service definitions and message classes that ship inside the
// client (node_modules/@eventstore/db-client/generated). No EventStoreDB server can be installed
// here; the contract suite also runs against a real one when EVENTSTORE_TEST_CONNECTION_STRING is set.
//
// What it implements:
// - event_store.client.streams.Streams/Append (client streaming): options, then proposed messages;
//   expected revision any / no_stream / stream_exists / exact; a mismatch answers with
//   AppendResp.wrong_expected_version, as the server does.
// - event_store.client.streams.Streams/BatchAppend (bidirectional): appends named by correlation
//   id, possibly split over several requests; a mismatch answers with a google.rpc.Status whose
//   details pack event_store.client.WrongExpectedVersion, as the server does.
// - event_store.client.streams.Streams/Read (server streaming): stream reads forwards and
//   backwards from start / end / a revision, with stream_not_found; $all reads forwards (from a
//   position, inclusive) and backwards (before a position, exclusive); subscriptions to $all or to
//   a stream: confirmation, catch-up, caught_up, then live events, with an optional event-type or
//   stream-name filter (regex or prefixes) and checkpoints every window x multiplier events.
// - event_store.client.server_features.ServerFeatures/GetSupportedMethods: lists Read, Append and
//   BatchAppend, so the client appends with BatchAppend as it does against current nodes. With
//   `serverFeatures: false` the service is absent (UNIMPLEMENTED, which the client tolerates by
//   assuming an old server) and the client appends with Append.
// - event_store.client.gossip.Gossip/Read: one live leader, so `esdb+discover://` also works.
// - Fault injection, off unless asked for: `dropAfter(n)` makes a forward $all read or an $all
//   subscription fail with UNAVAILABLE after n more events, as when the connection to a node drops
//   mid-stream (or with PERMISSION_DENIED, as for a user without read access to $all); `failAppends(fault)` fails appends as a node does (UNAVAILABLE, CANCELLED, NotLeader,
//   DEADLINE_EXCEEDED), before or after writing; `lagFollower(n)` serves reads that do not require
//   the leader from a follower n records behind.
// - The server's rules the adapter depends on: id deduplication as IndexWriter.CheckCommit does it,
//   MaxAppendSize (an INVALID_ARGUMENT with maximum-append-size-exceeded on Append, a status packing
//   MaximumAppendSizeExceeded on BatchAppend), INVALID_ARGUMENT for $all reads and subscriptions
//   from a position that is not a record boundary, ids reported lower-cased, link events (`$>`),
//   and soft-deleted streams (`softDelete`).
// Everything else (the Delete and Tombstone calls themselves, persistent subscriptions, projections,
// ...) answers UNIMPLEMENTED. Events live in memory. Positions are monotonic byte-offset-like numbers with gaps
// (commit = prepare), as on a real node; the log starts with a system event, as a fresh node's does.
import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';

type StreamsPb = typeof import('@eventstore/db-client/generated/streams_pb.js');
type StreamsGrpc = typeof import('@eventstore/db-client/generated/streams_grpc_pb.js');
type SharedPb = typeof import('@eventstore/db-client/generated/shared_pb.js');
type FeaturesPb = typeof import('@eventstore/db-client/generated/serverfeatures_pb.js');
type FeaturesGrpc = typeof import('@eventstore/db-client/generated/serverfeatures_grpc_pb.js');
type GossipPb = typeof import('@eventstore/db-client/generated/gossip_pb.js');
type GossipGrpc = typeof import('@eventstore/db-client/generated/gossip_grpc_pb.js');
type ReadReq = import('@eventstore/db-client/generated/streams_pb.js').ReadReq;
type ReadResp = import('@eventstore/db-client/generated/streams_pb.js').ReadResp;
type AppendReq = import('@eventstore/db-client/generated/streams_pb.js').AppendReq;
type AppendResp = import('@eventstore/db-client/generated/streams_pb.js').AppendResp;
type UUIDMessage = import('@eventstore/db-client/generated/shared_pb.js').UUID;
type BatchAppendReq = import('@eventstore/db-client/generated/streams_pb.js').BatchAppendReq;
type BatchAppendResp = import('@eventstore/db-client/generated/streams_pb.js').BatchAppendResp;
type StatusPb = typeof import('@eventstore/db-client/generated/status_pb.js');
/** The parts of google.protobuf.Any and Empty used here. */
interface AnyMessage {
  pack(serialized: Uint8Array, name: string): void;
}

const require = createRequire(import.meta.url);
const gen = (name: string): unknown => require(`@eventstore/db-client/generated/${name}.js`);
const streamsPb = gen('streams_pb') as StreamsPb;
const streamsGrpc = gen('streams_grpc_pb') as StreamsGrpc;
const sharedPb = gen('shared_pb') as SharedPb;
const featuresPb = gen('serverfeatures_pb') as FeaturesPb;
const featuresGrpc = gen('serverfeatures_grpc_pb') as FeaturesGrpc;
const gossipPb = gen('gossip_pb') as GossipPb;
const gossipGrpc = gen('gossip_grpc_pb') as GossipGrpc;
const statusPb = gen('status_pb') as StatusPb;
// google-protobuf as the client itself resolves it.
const clientRequire = createRequire(require.resolve('@eventstore/db-client'));
const GoogleAny = (clientRequire('google-protobuf/google/protobuf/any_pb.js') as { Any: new () => AnyMessage }).Any;
const GoogleEmpty = (
  clientRequire('google-protobuf/google/protobuf/empty_pb.js') as { Empty: new () => InstanceType<SharedPb['Empty']> }
).Empty;

const {
  ReadReq: ReadReqClass,
  ReadResp: ReadRespClass,
  AppendReq: AppendReqClass,
  AppendResp: AppendRespClass,
} = streamsPb;
const StreamCase = ReadReqClass.Options.StreamOptionCase;
const RevisionCase = ReadReqClass.Options.StreamOptions.RevisionOptionCase;
const AllCase = ReadReqClass.Options.AllOptions.AllOptionCase;
const CountCase = ReadReqClass.Options.CountOptionCase;
const FilterCase = ReadReqClass.Options.FilterOptions.FilterCase;
const ExpectedCase = AppendReqClass.Options.ExpectedStreamRevisionCase;
const BatchAppendRespClass = streamsPb.BatchAppendResp;
const BatchExpectedCase = streamsPb.BatchAppendReq.Options.ExpectedStreamPositionCase;
/** google.rpc.Code values. */
const GRPC_INVALID_ARGUMENT = 3;
const GRPC_FAILED_PRECONDITION = 9;

/** Events a subscription scans between checkpoints when the filter names no window. */
const DEFAULT_CHECKPOINT_WINDOW = 32;
const SERVER_VERSION = '24.10.0-emulator';

interface EmulatedRecord {
  streamId: string;
  revision: number;
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as the gRPC API reports `created`. */
  created: bigint;
  position: bigint;
}

type Proposed = Omit<EmulatedRecord, 'streamId' | 'revision' | 'position' | 'created'>;
type Expected =
  | { kind: 'any' }
  | { kind: 'no_stream' }
  | { kind: 'stream_exists' }
  | { kind: 'revision'; revision: number };
type WriteOutcome =
  | { ok: true; revision: number; last: EmulatedRecord | null; idempotent: boolean }
  | { ok: false; current: number };
/** A fault an append can meet: the gRPC status a real node answers with in each case. */
export type AppendFault = 'unavailable' | 'cancelled' | 'not-leader' | 'deadline';

interface ProposedMessageLike {
  getId(): UUIDMessage | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

function toProposed(m: ProposedMessageLike): Proposed | null {
  const type = m.getMetadataMap().get('type');
  const contentType = m.getMetadataMap().get('content-type');
  if (!type || !contentType) return null;
  return {
    id: uuidToString(m.getId()),
    type,
    contentType,
    data: m.getData_asU8(),
    customMetadata: m.getCustomMetadata_asU8(),
  };
}

export interface EsdbEmulator {
  /** e.g. `esdb://127.0.0.1:PORT?tls=false` */
  connectionString: string;
  /** Appends a system event (stream and type starting with `$`), as a node does for stats. */
  writeSystemEvent(): void;
  /**
   * Appends a link event (type `$>`, data `revision@stream`) to `stream`, as the system
   * projections do into `$ce-…` and `$et-…` streams, or a user projection's linkTo into any stream.
   * A read without link resolution returns the link itself, which $all holds like any record.
   */
  writeLinkEvent(stream: string, target: { streamId: string; revision: number }): void;
  /** How many calls each gRPC method has received, by method name (e.g. `Append`, `BatchAppend`). */
  readonly calls: Record<string, number>;
  /**
   * Fault injection: after `n` more events sent on forward $all reads or $all subscriptions
   * (counted over every such call, open or new, that `options.on` selects), the call about to send
   * the next one fails with gRPC UNAVAILABLE instead, as when the connection to a node drops
   * mid-stream (the client then reconnects on its next call). The events before it arrive
   * normally. With `times` the fault fires again after every further `n` events. Stream reads,
   * backward $all reads and appends are never hit. Faults armed one after another apply in turn.
   */
  dropAfter(n: number, options?: DropOptions): void;
  /**
   * Fault injection on appends (Append and BatchAppend alike): the next `times` appends (default 1)
   * fail with the status a node answers in that case: UNAVAILABLE (node going away), CANCELLED
   * (node shutting down), NotLeader (a follower after failover: NOT_FOUND with the leader's
   * endpoint in the trailers; the client reconnects there) or DEADLINE_EXCEEDED. With
   * `afterWrite` the append is written first and only its answer is lost, as when the connection
   * drops between the commit and the reply.
   */
  failAppends(fault: AppendFault, options?: { times?: number; afterWrite?: boolean }): void;
  /**
   * A lagging follower: reads that do not carry `requires-leader: true` see the log without its
   * last `events` records, as a follower that has not yet replicated them would (0 heals it).
   */
  lagFollower(events: number): void;
  /**
   * Soft-deletes a stream as DeleteStream does: its metadata stream (`$$stream`) gets `$tb` (truncate
   * before) one past its last revision, so reads of the stream answer not found while $all keeps
   * its events. An append expecting no stream (or any) recreates it, numbering on from `$tb`.
   */
  softDelete(streamId: string): void;
  /** Bytes of event data and metadata sent by reads so far. */
  readonly readBytes: number;
  /** Disarms every fault not yet fired. */
  heal(): void;
  /** How many injected faults have fired. */
  readonly drops: number;
  stop(): Promise<void>;
}

export interface DropOptions {
  /** The calls the fault hits: `read` (forward $all reads), `subscription` ($all subscriptions) or `any` (default). */
  on?: 'read' | 'subscription' | 'any';
  /** How many times it fires, each `n` events after the last (default 1). */
  times?: number;
  /**
   * The status the call fails with: `unavailable` (default, the connection dropped) or
   * `permission-denied`, as a node answers a user whose ACLs do not allow reading `$all`.
   */
  status?: 'unavailable' | 'permission-denied';
}

export interface EsdbEmulatorOptions {
  /** Write a system event at start, as a fresh node does (default true). */
  initialSystemEvent?: boolean;
  /**
   * Serve ServerFeatures, advertising BatchAppend as current nodes do, so the client appends with
   * BatchAppend (default true). Without it the client gets UNIMPLEMENTED, assumes an old server
   * and appends with Append.
   */
  serverFeatures?: boolean;
  /**
   * The node's MaxAppendSize in bytes (default 1,048,576, the server's default up to 25.0): an
   * append whose events sum to more (each counted as data + metadata + 2 x type length, as the
   * server's Event.SizeOnDisk does) is refused with maximum-append-size-exceeded.
   */
  maxAppendSize?: number;
}

class EmulatedLog {
  readonly all: EmulatedRecord[] = [];
  readonly streams = new Map<string, EmulatedRecord[]>();
  readonly appended = new EventEmitter();
  /** Where each stored event id sits, as the server's committed-events index knows it. */
  readonly committed = new Map<string, { streamId: string; revision: number }>();
  nextPosition = 0n;

  constructor() {
    this.appended.setMaxListeners(0);
  }

  revisionOf(streamId: string): number {
    return (this.streams.get(streamId)?.length ?? 0) - 1;
  }

  write(streamId: string, proposed: Proposed[]): EmulatedRecord[] {
    let stream = this.streams.get(streamId);
    if (!stream) {
      stream = [];
      this.streams.set(streamId, stream);
    }
    const created = BigInt(Date.now()) * 10_000n;
    const written: EmulatedRecord[] = [];
    for (const p of proposed) {
      const record: EmulatedRecord = { ...p, streamId, revision: stream.length, position: this.nextPosition, created };
      // Like a transaction file offset: grows with the record's size, so positions have gaps.
      this.nextPosition += BigInt(96 + streamId.length + p.type.length + p.data.length + p.customMetadata.length);
      stream.push(record);
      this.all.push(record);
      this.committed.set(record.id, { streamId, revision: record.revision });
      written.push(record);
    }
    if (written.length > 0) this.appended.emit('appended');
    return written;
  }

  /** Index in `all` of the first record whose position is >= `position`. */
  indexAtOrAfter(position: bigint): number {
    let lo = 0;
    let hi = this.all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.all[mid]!.position < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function uuidToString(uuid: UUIDMessage | undefined): string {
  if (!uuid) return randomUUID();
  if (uuid.hasStructured()) {
    const s = uuid.getStructured()!;
    const msb = BigInt.asUintN(64, BigInt(s.getMostSignificantBits()));
    const lsb = BigInt.asUintN(64, BigInt(s.getLeastSignificantBits()));
    const hex = msb.toString(16).padStart(16, '0') + lsb.toString(16).padStart(16, '0');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  // The server parses the id into a Guid and reports it in its canonical form: lower case.
  return uuid.getString().toLowerCase();
}

function uuidMessage(id: string, structured: boolean): UUIDMessage {
  const uuid = new sharedPb.UUID();
  if (!structured) {
    uuid.setString(id);
    return uuid;
  }
  const hex = id.replace(/-/g, '');
  const s = new sharedPb.UUID.Structured();
  s.setMostSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)).toString());
  s.setLeastSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`)).toString());
  uuid.setStructured(s);
  return uuid;
}

function streamName(identifier: { getStreamName_asU8(): Uint8Array } | undefined): string {
  return identifier ? Buffer.from(identifier.getStreamName_asU8()).toString('utf8') : '';
}

function eventResponse(record: EmulatedRecord, structuredIds: boolean): ReadResp {
  const recorded = new ReadRespClass.ReadEvent.RecordedEvent();
  recorded.setId(uuidMessage(record.id, structuredIds));
  const identifier = new sharedPb.StreamIdentifier();
  identifier.setStreamName(Buffer.from(record.streamId, 'utf8'));
  recorded.setStreamIdentifier(identifier);
  recorded.setStreamRevision(String(record.revision));
  recorded.setPreparePosition(String(record.position));
  recorded.setCommitPosition(String(record.position));
  const map = recorded.getMetadataMap();
  map.set('type', record.type);
  map.set('content-type', record.contentType);
  map.set('created', String(record.created));
  recorded.setCustomMetadata(record.customMetadata);
  recorded.setData(record.data);
  const event = new ReadRespClass.ReadEvent();
  event.setEvent(recorded);
  event.setCommitPosition(String(record.position));
  const resp = new ReadRespClass();
  resp.setEvent(event);
  return resp;
}

type Filter = (record: EmulatedRecord) => boolean;

function buildFilter(options: InstanceType<StreamsPb['ReadReq']['Options']>): {
  matches: Filter;
  checkpointEvery: number | null;
} {
  if (!options.hasFilter()) return { matches: () => true, checkpointEvery: null };
  const filter = options.getFilter()!;
  const onStream = filter.getFilterCase() === FilterCase.STREAM_IDENTIFIER;
  const expression = onStream ? filter.getStreamIdentifier() : filter.getEventType();
  const regex = expression?.getRegex() ? new RegExp(expression.getRegex()) : null;
  const prefixes = expression?.getPrefixList() ?? [];
  const matches: Filter = (record) => {
    const subject = onStream ? record.streamId : record.type;
    if (regex && !regex.test(subject)) return false;
    if (prefixes.length > 0 && !prefixes.some((p) => subject.startsWith(p))) return false;
    return true;
  };
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_CHECKPOINT_WINDOW;
  const multiplier = Math.max(1, filter.getCheckpointintervalmultiplier() || 1);
  return { matches, checkpointEvery: window * multiplier };
}

/** Writes one message, waiting for the transport when it asks us to. Resolves false once the call is gone. */
async function send(
  call: grpc.ServerWritableStream<ReadReq, ReadResp>,
  resp: ReadResp,
  gone: () => boolean,
): Promise<boolean> {
  if (gone()) return false;
  if (call.write(resp)) return true;
  await new Promise<void>((resolve) => {
    const done = () => {
      call.off('drain', done);
      call.off('cancelled', done);
      call.off('close', done);
      resolve();
    };
    call.on('drain', done);
    call.on('cancelled', done);
    call.on('close', done);
  });
  return !gone();
}

export async function startEsdbEmulator(options: EsdbEmulatorOptions = {}): Promise<EsdbEmulator> {
  const log = new EmulatedLog();
  const stopping = new EventEmitter();
  stopping.setMaxListeners(0);
  let stopped = false;
  const calls: Record<string, number> = {};
  const countCall = (method: string) => {
    calls[method] = (calls[method] ?? 0) + 1;
  };

  /** Armed faults; the first that matches a call's kind counts that call's events. */
  const faults: {
    on: 'read' | 'subscription' | 'any';
    every: number;
    left: number;
    times: number;
    status: grpc.status;
  }[] = [];
  let drops = 0;
  /** Asked before an $all call sends an event: the status to fail it with when an armed fault fires now. */
  const dropNow = (kind: 'read' | 'subscription'): grpc.status | null => {
    const fault = faults.find((f) => f.on === 'any' || f.on === kind);
    if (!fault) return null;
    if (fault.left > 0) {
      fault.left -= 1;
      return null;
    }
    drops += 1;
    fault.times -= 1;
    if (fault.times > 0) fault.left = fault.every;
    else faults.splice(faults.indexOf(fault), 1);
    return fault.status;
  };
  /** `$tb` of soft-deleted streams. */
  const truncateBefore = new Map<string, number>();
  let followerLag = 0;
  let readBytes = 0;
  /**
   * Whether a read may start at this $all position: the start, the end, or a record's own
   * position. A node reads the transaction file from record boundaries only.
   */
  const isBoundary = (position: bigint): boolean =>
    position === 0n || position === log.nextPosition || log.all[log.indexAtOrAfter(position)]?.position === position;
  /** Ends a read with the status a node answers for a position that is not a record boundary. */
  const invalidPosition = (call: grpc.ServerWritableStream<ReadReq, ReadResp>) => {
    call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: 'Trying to read from an invalid position.' });
  };
  /** Ends a server-streaming call with UNAVAILABLE, as a node going away does, or with the fault's other status. */
  const dropCall = (call: grpc.ServerWritableStream<ReadReq, ReadResp>, code: grpc.status) => {
    if (code !== grpc.status.PERMISSION_DENIED) {
      call.emit('error', { code, details: 'Connection dropped (emulator fault injection)' });
      return;
    }
    // As the server's RpcExceptions.AccessDenied: the status, and the exception key the client reads.
    const metadata = new grpc.Metadata();
    metadata.set('exception', 'access-denied');
    call.emit('error', { code, details: 'Access Denied', metadata });
  };

  const writeSystemEvent = () => {
    const data = Buffer.from(JSON.stringify({ at: new Date().toISOString() }), 'utf8');
    log.write('$stats-127.0.0.1:2113', [
      {
        id: randomUUID(),
        type: '$statsCollected',
        contentType: 'application/json',
        data,
        customMetadata: new Uint8Array(),
      },
    ]);
  };
  if (options.initialSystemEvent ?? true) writeSystemEvent();
  const writeLinkEvent = (stream: string, target: { streamId: string; revision: number }) => {
    const data = Buffer.from(`${target.revision}@${target.streamId}`, 'utf8');
    log.write(stream, [
      { id: randomUUID(), type: '$>', contentType: 'application/octet-stream', data, customMetadata: new Uint8Array() },
    ]);
  };

  /**
   * Checks the expectation and writes atomically; what both Append and BatchAppend do. The checks
   * follow the server's commit check (IndexWriter.CheckCommit): with `any` or `stream_exists`, a
   * batch whose ids are all stored in this stream already is acknowledged without writing, one
   * whose first id is new is written, one that is part stored and part new is refused as a wrong
   * expected version. With an expected revision (or no_stream, i.e. -1) below the current one, the
   * batch is acknowledged without writing only when its ids sit at exactly the revisions after the
   * expected one; otherwise it is a wrong expected version. Above the current one it is refused;
   * equal, written. (The server's id cache is bounded; this one remembers every id.)
   */
  const tryWrite = (streamId: string, expected: Expected, proposed: Proposed[]): WriteOutcome => {
    const current = log.revisionOf(streamId);
    const stream = log.streams.get(streamId) ?? [];
    const acknowledge = (end: number): WriteOutcome => ({
      ok: true,
      revision: end,
      last: stream[end] ?? null,
      idempotent: true,
    });
    if (expected.kind === 'stream_exists' && current < 0) return { ok: false, current };
    if (expected.kind === 'any' || expected.kind === 'stream_exists') {
      let end = -1;
      for (const [i, p] of proposed.entries()) {
        const at = log.committed.get(p.id);
        if (!at || at.streamId !== streamId) {
          if (i === 0) return write(streamId, proposed);
          return { ok: false, current };
        }
        end = at.revision;
      }
      return proposed.length === 0 ? write(streamId, proposed) : acknowledge(end);
    }
    const expectedRevision = expected.kind === 'no_stream' ? -1 : expected.revision;
    if (expectedRevision < current) {
      let revision = expectedRevision;
      for (const p of proposed) {
        revision += 1;
        if (stream[revision]?.id !== p.id) {
          // A soft-deleted stream is recreated by an append that expects no stream.
          if (revision === 0 && expected.kind === 'no_stream' && truncateBefore.has(streamId))
            return write(streamId, proposed);
          return { ok: false, current };
        }
      }
      if (revision === expectedRevision) return { ok: false, current };
      return acknowledge(revision);
    }
    if (expectedRevision > current) return { ok: false, current };
    return write(streamId, proposed);
  };
  const write = (streamId: string, proposed: Proposed[]): WriteOutcome => {
    log.write(streamId, proposed);
    return {
      ok: true,
      revision: log.revisionOf(streamId),
      last: log.streams.get(streamId)?.at(-1) ?? null,
      idempotent: false,
    };
  };

  const maxAppendSize = options.maxAppendSize ?? 1_048_576;
  /** The size the server counts for an append (Event.SizeOnDisk summed over its events). */
  const appendSize = (proposed: Proposed[]) =>
    proposed.reduce((sum, p) => sum + p.data.length + p.customMetadata.length + Buffer.byteLength(p.type) * 2, 0);
  const tooLarge = (): grpc.ServiceError => {
    const metadata = new grpc.Metadata();
    metadata.set('exception', 'maximum-append-size-exceeded');
    metadata.set('maximum-append-size', String(maxAppendSize));
    const details = `Maximum Append Size of ${maxAppendSize} Exceeded.`;
    return { code: grpc.status.INVALID_ARGUMENT, details, message: details, name: 'Error', metadata };
  };

  const appendFaults: { fault: AppendFault; afterWrite: boolean }[] = [];
  /** The error an armed append fault answers with, or null. */
  const appendFault = (): { error: grpc.ServiceError; afterWrite: boolean } | null => {
    const armed = appendFaults.shift();
    if (!armed) return null;
    drops += 1;
    const metadata = new grpc.Metadata();
    let code: grpc.status;
    let details: string;
    switch (armed.fault) {
      case 'unavailable':
        code = grpc.status.UNAVAILABLE;
        details = 'Server is unavailable (emulator fault injection)';
        break;
      case 'cancelled':
        code = grpc.status.CANCELLED;
        details = 'Server is shutting down (emulator fault injection)';
        break;
      case 'deadline':
        code = grpc.status.DEADLINE_EXCEEDED;
        details = 'Deadline exceeded (emulator fault injection)';
        break;
      default:
        code = grpc.status.NOT_FOUND;
        details = 'Leader info available';
        metadata.set('exception', 'not-leader');
        metadata.set('leader-endpoint-host', '127.0.0.1');
        metadata.set('leader-endpoint-port', String(port));
    }
    return { error: { code, details, message: details, name: 'Error', metadata }, afterWrite: armed.afterWrite };
  };

  const append: grpc.handleClientStreamingCall<AppendReq, AppendResp> = (call, callback) => {
    countCall('Append');
    let header: InstanceType<StreamsPb['AppendReq']['Options']> | null = null;
    const proposed: Proposed[] = [];
    let failed = false;
    const fail = (code: grpc.status, details: string) => {
      if (failed) return;
      failed = true;
      callback({ code, details, name: 'Error', message: details, metadata: new grpc.Metadata() });
    };
    call.on('data', (req: AppendReq) => {
      if (req.hasOptions()) {
        if (header) return fail(grpc.status.INVALID_ARGUMENT, 'options sent twice');
        header = req.getOptions()!;
      } else if (req.hasProposedMessage()) {
        if (!header) return fail(grpc.status.INVALID_ARGUMENT, 'proposed message before options');
        const message = toProposed(req.getProposedMessage()!);
        if (!message) return fail(grpc.status.INVALID_ARGUMENT, 'type and content-type are required');
        proposed.push(message);
      }
    });
    call.on('error', () => fail(grpc.status.CANCELLED, 'append cancelled'));
    call.on('end', () => {
      if (failed) return;
      if (!header) return fail(grpc.status.INVALID_ARGUMENT, 'no options');
      let expected: Expected;
      switch (header.getExpectedStreamRevisionCase()) {
        case ExpectedCase.REVISION:
          expected = { kind: 'revision', revision: Number(header.getRevision()) };
          break;
        case ExpectedCase.NO_STREAM:
          expected = { kind: 'no_stream' };
          break;
        case ExpectedCase.STREAM_EXISTS:
          expected = { kind: 'stream_exists' };
          break;
        default:
          expected = { kind: 'any' };
      }
      if (appendSize(proposed) > maxAppendSize) {
        failed = true;
        return callback(tooLarge());
      }
      const fault = appendFault();
      if (fault && !fault.afterWrite) {
        failed = true;
        return callback(fault.error);
      }
      const outcome = tryWrite(streamName(header.getStreamIdentifier()), expected, proposed);
      if (fault) {
        failed = true;
        return callback(fault.error);
      }
      const resp = new AppendRespClass();
      if (!outcome.ok) {
        const wrong = new AppendRespClass.WrongExpectedVersion();
        if (expected.kind === 'revision') wrong.setExpectedRevision(String(expected.revision));
        else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new sharedPb.Empty());
        else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new sharedPb.Empty());
        else wrong.setExpectedAny(new sharedPb.Empty());
        if (outcome.current >= 0) wrong.setCurrentRevision(String(outcome.current));
        else wrong.setCurrentNoStream(new sharedPb.Empty());
        resp.setWrongExpectedVersion(wrong);
        return callback(null, resp);
      }
      const success = new AppendRespClass.Success();
      if (outcome.revision >= 0) success.setCurrentRevision(String(outcome.revision));
      else success.setNoStream(new sharedPb.Empty());
      if (outcome.last) {
        const position = new AppendRespClass.Position();
        position.setCommitPosition(String(outcome.last.position));
        position.setPreparePosition(String(outcome.last.position));
        success.setPosition(position);
      } else {
        success.setNoPosition(new sharedPb.Empty());
      }
      resp.setSuccess(success);
      callback(null, resp);
    });
  };

  // One long-lived bidirectional call carries many appends, each named by a correlation id; an
  // append may span several requests and is written when the one marked final arrives.
  const batchAppend: grpc.handleBidiStreamingCall<BatchAppendReq, BatchAppendResp> = (call) => {
    countCall('BatchAppend');
    const pending = new Map<
      string,
      { options: InstanceType<StreamsPb['BatchAppendReq']['Options']>; proposed: Proposed[]; invalid: boolean }
    >();
    call.on('data', (req: BatchAppendReq) => {
      const correlationId = uuidToString(req.getCorrelationId());
      let entry = pending.get(correlationId);
      if (!entry) {
        const options = req.getOptions();
        if (!options) return;
        entry = { options, proposed: [], invalid: false };
        pending.set(correlationId, entry);
      }
      for (const m of req.getProposedMessagesList()) {
        const message = toProposed(m);
        if (message) entry.proposed.push(message);
        else entry.invalid = true;
      }
      if (!req.getIsFinal()) return;
      pending.delete(correlationId);
      const { options } = entry;
      const resp = new BatchAppendRespClass();
      resp.setCorrelationId(req.getCorrelationId());
      resp.setStreamIdentifier(options.getStreamIdentifier());
      let expected: Expected;
      const wrong = new sharedPb.WrongExpectedVersion();
      switch (options.getExpectedStreamPositionCase()) {
        case BatchExpectedCase.STREAM_POSITION:
          expected = { kind: 'revision', revision: Number(options.getStreamPosition()) };
          resp.setStreamPosition(options.getStreamPosition());
          wrong.setExpectedStreamPosition(options.getStreamPosition());
          break;
        case BatchExpectedCase.NO_STREAM:
          expected = { kind: 'no_stream' };
          resp.setNoStream(new GoogleEmpty());
          wrong.setExpectedNoStream(new GoogleEmpty());
          break;
        case BatchExpectedCase.STREAM_EXISTS:
          expected = { kind: 'stream_exists' };
          resp.setStreamExists(new GoogleEmpty());
          wrong.setExpectedStreamExists(new GoogleEmpty());
          break;
        default:
          expected = { kind: 'any' };
          resp.setAny(new GoogleEmpty());
          wrong.setExpectedAny(new GoogleEmpty());
      }
      if (entry.invalid) {
        const status = new statusPb.Status();
        status.setCode(GRPC_INVALID_ARGUMENT);
        status.setMessage('type and content-type are required');
        resp.setError(status);
        call.write(resp);
        return;
      }
      if (appendSize(entry.proposed) > maxAppendSize) {
        // BatchAppend answers in the response's status, with the limit packed in its details.
        const limit = new sharedPb.MaximumAppendSizeExceeded();
        limit.setMaxappendsize(maxAppendSize);
        const details = new GoogleAny();
        details.pack(limit.serializeBinary(), 'event_store.client.MaximumAppendSizeExceeded');
        const status = new statusPb.Status();
        status.setCode(GRPC_INVALID_ARGUMENT);
        status.setMessage(`Maximum Append Size of ${maxAppendSize} Exceeded.`);
        status.setDetails(details as unknown as Parameters<typeof status.setDetails>[0]);
        resp.setError(status);
        call.write(resp);
        return;
      }
      // A fault ends the whole bidirectional call, failing every append on it, as a node going away does.
      const fault = appendFault();
      if (fault && !fault.afterWrite) {
        call.emit('error', fault.error);
        return;
      }
      const outcome = tryWrite(streamName(options.getStreamIdentifier()), expected, entry.proposed);
      if (fault) {
        call.emit('error', fault.error);
        return;
      }
      if (!outcome.ok) {
        if (outcome.current >= 0) wrong.setCurrentStreamRevision(String(outcome.current));
        else wrong.setCurrentNoStream(new GoogleEmpty());
        const details = new GoogleAny();
        details.pack(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion');
        const status = new statusPb.Status();
        status.setCode(GRPC_FAILED_PRECONDITION);
        status.setMessage('Wrong expected version');
        status.setDetails(details as unknown as Parameters<typeof status.setDetails>[0]);
        resp.setError(status);
        call.write(resp);
        return;
      }
      const success = new BatchAppendRespClass.Success();
      if (outcome.revision >= 0) success.setCurrentRevision(String(outcome.revision));
      else success.setNoStream(new GoogleEmpty());
      if (outcome.last) {
        const position = new sharedPb.AllStreamPosition();
        position.setCommitPosition(String(outcome.last.position));
        position.setPreparePosition(String(outcome.last.position));
        success.setPosition(position);
      } else {
        success.setNoPosition(new GoogleEmpty());
      }
      resp.setSuccess(success);
      call.write(resp);
    });
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      stopping.off('stop', end);
      call.end();
    };
    call.on('end', end);
    call.on('error', end);
    call.on('cancelled', end);
    stopping.on('stop', end);
  };

  const read: grpc.handleServerStreamingCall<ReadReq, ReadResp> = (call) => {
    countCall('Read');
    let gone = false;
    const markGone = () => {
      gone = true;
    };
    call.on('cancelled', markGone);
    call.on('close', markGone);
    call.on('error', markGone);
    const isGone = () => gone;
    const finish = () => {
      if (!gone) call.end();
      markGone();
    };

    const options = call.request.getOptions();
    if (!options) {
      call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: 'no options' });
      return;
    }
    const structuredIds = options.getUuidOption()?.hasStructured() ?? false;
    const { matches, checkpointEvery } = buildFilter(options);
    // A read that does not require the leader may be served by a lagging follower.
    const fromLeader = call.metadata.get('requires-leader')[0] === 'true';
    const visible = fromLeader ? log.all.length : Math.max(0, log.all.length - followerLag);
    const cutoff = log.all[visible]?.position ?? log.nextPosition + 1n;
    const backwards = options.getReadDirection() === ReadReqClass.Options.ReadDirection.BACKWARDS;
    const subscription = options.getCountOptionCase() === CountCase.SUBSCRIPTION;
    const count =
      options.getCountOptionCase() === CountCase.COUNT ? BigInt(options.getCount()) : BigInt(Number.MAX_SAFE_INTEGER);

    if (subscription) {
      void subscribe(call, options, matches, checkpointEvery, structuredIds, isGone).then(finish, finish);
      return;
    }

    void (async () => {
      let records: EmulatedRecord[];
      if (options.getStreamOptionCase() === StreamCase.STREAM) {
        const streamOptions = options.getStream()!;
        const streamId = streamName(streamOptions.getStreamIdentifier());
        const hiddenBefore = truncateBefore.get(streamId) ?? 0;
        const stream = log.streams.get(streamId)?.filter((r) => r.position < cutoff && r.revision >= hiddenBefore);
        if (!stream || stream.length === 0) {
          const notFound = new ReadRespClass.StreamNotFound();
          notFound.setStreamIdentifier(streamOptions.getStreamIdentifier());
          const resp = new ReadRespClass();
          resp.setStreamNotFound(notFound);
          await send(call, resp, isGone);
          return;
        }
        // Revisions, not indexes: a soft-deleted stream's first visible revision is its `$tb`.
        const lastRevision = stream.at(-1)!.revision;
        let from: number;
        switch (streamOptions.getRevisionOptionCase()) {
          case RevisionCase.END:
            from = backwards ? lastRevision : lastRevision + 1;
            break;
          case RevisionCase.REVISION:
            from = Number(streamOptions.getRevision());
            break;
          default:
            from = backwards ? -1 : 0;
        }
        records = backwards
          ? stream.filter((r) => r.revision <= from).reverse()
          : stream.filter((r) => r.revision >= from);
      } else {
        const allOptions = options.getAll()!;
        let index: number;
        switch (allOptions.getAllOptionCase()) {
          case AllCase.END:
            index = visible;
            break;
          case AllCase.POSITION: {
            // Forwards from a position includes the event at it; backwards reads what lies before it.
            const position = BigInt(allOptions.getPosition()!.getCommitPosition());
            if (!isBoundary(position)) return invalidPosition(call);
            index = Math.min(visible, log.indexAtOrAfter(position));
            break;
          }
          default:
            index = 0;
        }
        records = backwards ? log.all.slice(0, index).reverse() : log.all.slice(index, visible);
      }
      // Catch-up reads (forwards through $all) can be dropped; the backward reads behind headPosition cannot.
      const droppable = options.getStreamOptionCase() !== StreamCase.STREAM && !backwards;
      let sent = 0n;
      for (const record of records) {
        if (sent >= count) break;
        if (!matches(record)) continue;
        const readFault = droppable && !isGone() ? dropNow('read') : null;
        if (readFault !== null) return dropCall(call, readFault);
        if (!(await send(call, eventResponse(record, structuredIds), isGone))) return;
        readBytes += record.data.length + record.customMetadata.length;
        sent += 1n;
      }
    })().then(finish, finish);
  };

  async function subscribe(
    call: grpc.ServerWritableStream<ReadReq, ReadResp>,
    options: InstanceType<StreamsPb['ReadReq']['Options']>,
    matches: Filter,
    checkpointEvery: number | null,
    structuredIds: boolean,
    gone: () => boolean,
  ): Promise<void> {
    // A stream subscription is an $all subscription limited to that stream, counted in revisions.
    const ofAll = options.getStreamOptionCase() !== StreamCase.STREAM;
    let inScope: Filter = () => true;
    let cursor: number;
    if (options.getStreamOptionCase() === StreamCase.STREAM) {
      const streamOptions = options.getStream()!;
      const streamId = streamName(streamOptions.getStreamIdentifier());
      const stream = log.streams.get(streamId) ?? [];
      inScope = (r) => r.streamId === streamId;
      switch (streamOptions.getRevisionOptionCase()) {
        case RevisionCase.END:
          cursor = log.all.length;
          break;
        case RevisionCase.REVISION: {
          // Events after the given revision.
          const after = stream[Number(streamOptions.getRevision())];
          cursor = after ? log.indexAtOrAfter(after.position) + 1 : log.all.length;
          break;
        }
        default:
          cursor = 0;
      }
    } else {
      const allOptions = options.getAll()!;
      switch (allOptions.getAllOptionCase()) {
        case AllCase.END:
          cursor = log.all.length;
          break;
        case AllCase.POSITION: {
          // A subscription from a position delivers the events after it.
          const position = BigInt(allOptions.getPosition()!.getCommitPosition());
          if (!isBoundary(position)) {
            invalidPosition(call);
            return;
          }
          cursor = log.indexAtOrAfter(position);
          if (log.all[cursor]?.position === position) cursor += 1;
          break;
        }
        default:
          cursor = 0;
      }
    }

    const confirmation = new ReadRespClass.SubscriptionConfirmation();
    confirmation.setSubscriptionId(randomUUID());
    const confirm = new ReadRespClass();
    confirm.setConfirmation(confirmation);
    if (!(await send(call, confirm, gone))) return;

    let caughtUpSent = false;
    let scannedSinceCheckpoint = 0;
    const checkpoint = async (position: bigint) => {
      const c = new ReadRespClass.Checkpoint();
      c.setCommitPosition(String(position));
      c.setPreparePosition(String(position));
      const resp = new ReadRespClass();
      resp.setCheckpoint(c);
      scannedSinceCheckpoint = 0;
      return send(call, resp, gone);
    };

    while (!gone()) {
      while (cursor < log.all.length) {
        const record = log.all[cursor]!;
        cursor += 1;
        if (!inScope(record)) continue;
        scannedSinceCheckpoint += 1;
        if (matches(record)) {
          const subscriptionFault = ofAll && !gone() ? dropNow('subscription') : null;
          if (subscriptionFault !== null) return dropCall(call, subscriptionFault);
          if (!(await send(call, eventResponse(record, structuredIds), gone))) return;
        }
        if (
          checkpointEvery !== null &&
          scannedSinceCheckpoint >= checkpointEvery &&
          !(await checkpoint(record.position))
        )
          return;
      }
      if (!caughtUpSent) {
        caughtUpSent = true;
        const resp = new ReadRespClass();
        resp.setCaughtUp(new ReadRespClass.CaughtUp());
        if (!(await send(call, resp, gone))) return;
        const last = log.all.at(-1);
        if (checkpointEvery !== null && last && !(await checkpoint(last.position))) return;
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          log.appended.off('appended', wake);
          call.off('cancelled', wake);
          call.off('close', wake);
          stopping.off('stop', wake);
          resolve();
        };
        if (gone() || cursor < log.all.length) return resolve();
        log.appended.on('appended', wake);
        call.on('cancelled', wake);
        call.on('close', wake);
        stopping.on('stop', wake);
      });
      if (stopped) return;
    }
  }

  const getSupportedMethods: grpc.handleUnaryCall<
    InstanceType<SharedPb['Empty']>,
    InstanceType<FeaturesPb['SupportedMethods']>
  > = (_call, callback) => {
    countCall('GetSupportedMethods');
    const methods = new featuresPb.SupportedMethods();
    methods.setEventStoreServerVersion(SERVER_VERSION);
    for (const name of ['read', 'append', 'batchappend']) {
      const m = new featuresPb.SupportedMethod();
      m.setServiceName('event_store.client.streams.streams');
      m.setMethodName(name);
      methods.addMethods(m);
    }
    callback(null, methods);
  };

  let port = 0;
  const gossipRead: grpc.handleUnaryCall<InstanceType<SharedPb['Empty']>, InstanceType<GossipPb['ClusterInfo']>> = (
    _call,
    callback,
  ) => {
    countCall('Gossip');
    const member = new gossipPb.MemberInfo();
    member.setInstanceId(uuidMessage(instanceId, false));
    member.setTimeStamp(String(BigInt(Date.now()) * 10_000n));
    member.setState(gossipPb.MemberInfo.VNodeState.LEADER);
    member.setIsAlive(true);
    const endpoint = new gossipPb.EndPoint();
    endpoint.setAddress('127.0.0.1');
    endpoint.setPort(port);
    member.setHttpEndPoint(endpoint);
    const info = new gossipPb.ClusterInfo();
    info.addMembers(member);
    callback(null, info);
  };

  const instanceId = randomUUID();
  const server = new grpc.Server();
  server.addService(streamsGrpc.StreamsService, { read, append, batchAppend } as grpc.UntypedServiceImplementation);
  if (options.serverFeatures ?? true) {
    server.addService(featuresGrpc.ServerFeaturesService, { getSupportedMethods } as grpc.UntypedServiceImplementation);
  }
  server.addService(gossipGrpc.GossipService, { read: gossipRead } as grpc.UntypedServiceImplementation);
  port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, boundPort) =>
      error ? reject(error) : resolve(boundPort),
    );
  });

  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    writeSystemEvent,
    writeLinkEvent,
    calls,
    dropAfter: (n, dropOptions = {}) => {
      if (!Number.isInteger(n) || n < 0) throw new Error(`dropAfter needs a whole number of events, not ${n}`);
      const times = dropOptions.times ?? 1;
      if (!Number.isInteger(times) || times < 1) throw new Error(`dropAfter needs times >= 1, not ${times}`);
      const status =
        dropOptions.status === 'permission-denied' ? grpc.status.PERMISSION_DENIED : grpc.status.UNAVAILABLE;
      faults.push({ on: dropOptions.on ?? 'any', every: n, left: n, times, status });
    },
    failAppends: (fault, faultOptions = {}) => {
      const times = faultOptions.times ?? 1;
      for (let i = 0; i < times; i += 1) appendFaults.push({ fault, afterWrite: faultOptions.afterWrite ?? false });
    },
    softDelete: (streamId) => {
      const tb = log.revisionOf(streamId) + 1;
      truncateBefore.set(streamId, tb);
      const data = Buffer.from(JSON.stringify({ $tb: tb }), 'utf8');
      log.write(`$$${streamId}`, [
        {
          id: randomUUID(),
          type: '$metadata',
          contentType: 'application/json',
          data,
          customMetadata: new Uint8Array(),
        },
      ]);
    },
    lagFollower: (events) => {
      followerLag = events;
    },
    get readBytes() {
      return readBytes;
    },
    heal: () => {
      faults.length = 0;
      appendFaults.length = 0;
      followerLag = 0;
    },
    get drops() {
      return drops;
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // Subscriptions waiting for new events end their calls; then the server shuts down.
      stopping.emit('stop');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
