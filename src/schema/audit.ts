// The log itself, for auditors: browse every event with its metadata, and verify the chain.
import { verifyShared, type Verification } from '../app/verify.ts';
import type { AuditEventRow } from '../projections/audit.ts';
import { builder } from './builder.ts';
import { compareNumbers, pageSizeNote, resolveConnection, type CursorFormat } from './shared/connections.ts';
import { readLogPosition, requireDateOrInstant } from './scalars.ts';
import { leafHashLoader } from './proofs.ts';
import type { Context } from './context.ts';
import { AUDITOR } from './shared/access.ts';
import { effectiveTimeFields } from './shared/effectiveTime.ts';

interface Opened {
  data: unknown;
  source: string | null;
  changeNote: string | null;
}

/**
 * The event with its personal fields and metadata opened for the auditor (`[erased]` once the key
 * is destroyed). Its data is read from the log (the index holds none), and names the people whose
 * keys open the metadata too.
 */
const openedEvents = new WeakMap<AuditEventRow, Promise<Opened>>();
function opened(e: AuditEventRow, ctx: Context): Promise<Opened> {
  let o = openedEvents.get(e);
  if (!o) {
    o = ctx.loaders.stored.load(e).then((stored) => {
      const { data, metadata } = ctx.services.vault.unsealEvent({
        type: e.type,
        data: stored.data,
        metadata: { actor: e.actor, source: e.source, changeNote: e.changeNote },
      });
      return { data, source: metadata.source ?? null, changeNote: metadata.changeNote ?? null };
    });
    openedEvents.set(e, o);
  }
  return o;
}

const EventRef = builder.objectRef<AuditEventRow>('Event').implement({
  description: 'One stored event of the log, exactly as recorded, with its place in the hash chain',
  fields: (t) => ({
    id: t.exposeID('id'),
    position: t.string({
      description: 'Global position (a string: it can exceed 2^53)',
      resolve: (e) => e.position.toString(),
    }),
    revision: t.exposeInt('revision'),
    streamId: t.exposeString('streamId'),
    type: t.exposeString('type'),
    schemaVersion: t.exposeInt('schemaVersion'),
    ...effectiveTimeFields(t),
    recordedAt: t.field({ type: 'DateTime', description: 'When the log learned of it', resolve: (e) => e.recordedAt }),
    actor: t.exposeString('actor'),
    source: t.string({ nullable: true, resolve: async (e, _args, ctx) => (await opened(e, ctx)).source }),
    changeNote: t.string({ nullable: true, resolve: async (e, _args, ctx) => (await opened(e, ctx)).changeNote }),
    correlationId: t.exposeString('correlationId', { nullable: true }),
    causationId: t.exposeString('causationId', { nullable: true }),
    data: t.field({
      type: 'JSON',
      description:
        'The data at its stored schema version, personal fields opened (`[erased]` once the person is erased)',
      resolve: async (e, _args, ctx) => (await opened(e, ctx)).data,
    }),
    hash: t.exposeString('hash'),
    previousHash: t.exposeString('previousHash'),
    leafHash: t.string({
      description: "The event's leaf in the log's Merkle tree: SHA-256(0x00 ‖ canonical event bytes), lower-case hex",
      // The tree and this index are projected in the same transactions, so every listed event has a leaf.
      resolve: async (e, _args, ctx) =>
        (await leafHashLoader(ctx).load(e.position)) ?? Promise.reject(new Error(`No leaf for position ${e.position}`)),
    }),
  }),
});

const VerificationRef = builder.objectRef<Verification>('Verification').implement({
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    checkedEvents: t.exposeInt('checkedEvents'),
    headHash: t.exposeString('headHash'),
    firstBrokenPosition: t.string({ nullable: true, resolve: (v) => v.firstBrokenPosition?.toString() ?? null }),
    reason: t.exposeString('reason', {
      nullable: true,
      description:
        'Why ok is false: where the hash chain breaks, or that the log is damaged (the read models are ahead of it or it failed the start-up check), or that the read models differ from a fresh replay; null only when ok is true',
    }),
    readModelsMatch: t.exposeBoolean('readModelsMatch', { nullable: true }),
    readModelChecksum: t.exposeString('liveChecksum', { nullable: true }),
  }),
});

const EVENT_PAGES = { defaultSize: 50, maxSize: 500 };
const EVENT_CURSOR: CursorFormat<bigint> = {
  kind: 'event',
  write: (position) => position.toString(),
  read: readLogPosition,
};

builder.queryFields((t) => ({
  events: t.connection(
    {
      type: EventRef,
      authScopes: AUDITOR,
      description: `The log in order, filtered; every filter left out matches everything. ${pageSizeNote(EVENT_PAGES)}`,
      args: {
        streamId: t.arg.string(),
        streamPrefix: t.arg.string(),
        types: t.arg.stringList(),
        actor: t.arg.string(),
        recordedFrom: t.arg({ type: 'DateTime' }),
        recordedTo: t.arg({ type: 'DateTime' }),
        effectiveFrom: t.arg.string({ description: 'A date or date-time; compared with effectiveAt' }),
        effectiveTo: t.arg.string({ description: 'A date or date-time; compared with effectiveAt (inclusive)' }),
      },
      resolve: (_root, args, ctx) => {
        const effectiveFrom = args.effectiveFrom && requireDateOrInstant(args.effectiveFrom, 'effectiveFrom');
        const to = args.effectiveTo && requireDateOrInstant(args.effectiveTo, 'effectiveTo');
        // A bare date as the upper bound includes the whole of that day.
        const effectiveTo = to && to.length === 10 ? `${to}\uffff` : to;
        const filter = { ...args, effectiveFrom, effectiveTo };
        return resolveConnection(args, {
          ...EVENT_PAGES,
          cursor: EVENT_CURSOR,
          keyOf: (e: AuditEventRow) => e.position,
          compare: compareNumbers,
          page: (window) => ctx.services.audit.window(filter, window),
        });
      },
    },
    { name: 'EventConnection' },
    { name: 'EventEdge' },
  ),
  verification: t.field({
    type: VerificationRef,
    authScopes: AUDITOR,
    description: 'Recomputes the hash chain over the whole log and compares the read models with a fresh replay',
    // One run answers every verification asked for while it runs (see verifyShared).
    resolve: (_root, _args, ctx) => verifyShared(ctx.services),
  }),
}));
