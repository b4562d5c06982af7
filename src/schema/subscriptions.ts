// Live updates over Server-Sent Events: a frontend hears of a change a moment after it is appended.
// Every subscription field's scopes are checked at subscribe time (authorizeOnSubscribe in
// builder.ts), and every one resolves its events through `resolveLive`.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { SubscriberTooSlowError, type AppendedEvent } from '../app/liveFeed.ts';
import { idInStream, streams } from '../events/streams.ts';
import { builder } from './builder.ts';
import { DocumentRef } from './document.ts';
import { today } from './scalars.ts';
import { partId } from './shared/identity.ts';
import { STAFF } from './shared/access.ts';

const slugOf = (e: AppendedEvent) => idInStream('document', e.streamId) ?? '';

const DocumentChangeRef = builder.objectRef<AppendedEvent>('DocumentChange').implement({
  fields: (t) => ({
    id: t.id({
      description: 'Cache key: the log position of the change; not accepted by node',
      resolve: (e) => partId('DocumentChange', e.position),
    }),
    documentId: t.id({
      description:
        'The global id of the document that changed (Document.id of its current state): evict or refetch that object',
      resolve: (e) => encodeGlobalID('Document', slugOf(e)),
    }),
    document: t.field({
      type: DocumentRef,
      nullable: true,
      description: 'The document as it is now, after the change (null if the read models do not have it yet)',
      resolve: (e, _args, ctx) => ctx.loaders.document.load(slugOf(e)),
    }),
    slug: t.string({ resolve: slugOf }),
    revision: t.exposeInt('revision'),
    type: t.exposeString('type'),
    position: t.string({ resolve: (e) => e.position.toString() }),
    recordedAt: t.field({ type: 'DateTime', resolve: (e) => e.recordedAt }),
  }),
});

/**
 * The global id of the current state the stream's event changed: the document, publication, board
 * or membership (the last two as of today, the state board and membership answer with no arguments).
 */
function changedNodeId(e: AppendedEvent): string | null {
  const [kind] = e.streamId.split('-', 1);
  const key = e.streamId.slice(kind!.length + 1);
  switch (kind) {
    case 'document':
      return encodeGlobalID('Document', key);
    case 'publication':
      return encodeGlobalID('Publication', key);
    case 'board':
      return encodeGlobalID('Board', today());
    case 'membership':
      return encodeGlobalID('MembershipSnapshot', today());
    default:
      return null;
  }
}

const AppendedEventRef = builder.objectRef<AppendedEvent>('AppendedEvent').implement({
  fields: (t) => ({
    id: t.id({
      description: 'Cache key: the log position of the event; not accepted by node',
      resolve: (e) => partId('AppendedEvent', e.position),
    }),
    changedId: t.id({
      nullable: true,
      description:
        "The global id of the current state the event changed: a Document, a Publication, or today's Board or MembershipSnapshot; null for streams without one (e.g. erasures)",
      resolve: changedNodeId,
    }),
    position: t.string({
      description: 'Global position in the log (a string: it can exceed 2^53)',
      resolve: (e) => e.position.toString(),
    }),
    streamId: t.exposeString('streamId'),
    revision: t.exposeInt('revision'),
    type: t.exposeString('type'),
    recordedAt: t.field({ type: 'DateTime', resolve: (e) => e.recordedAt }),
  }),
});

/**
 * Passes a live event on; the value that ends a subscription dropped for falling behind becomes its
 * one final error (code SUBSCRIBER_TOO_SLOW, with the queue limit, the count of events not sent and
 * the position of the first of them), after which the stream completes.
 */
function resolveLive(e: AppendedEvent | SubscriberTooSlowError): AppendedEvent {
  if (!(e instanceof SubscriberTooSlowError)) return e;
  throw new GraphQLError(e.message, {
    extensions: {
      code: 'SUBSCRIBER_TOO_SLOW',
      queueLimit: e.queueLimit,
      missed: e.missed,
      firstMissedPosition: e.firstMissedPosition.toString(),
    },
  });
}

builder.subscriptionType({});

builder.subscriptionFields((t) => ({
  documentChanged: t.field({
    type: DocumentChangeRef,
    description: 'Each change to a document (to any document when slug is left out)',
    args: { slug: t.arg.string() },
    subscribe: (_root, { slug }, ctx) => {
      const staff = ctx.viewer.role !== 'public';
      return ctx.services.live.events(
        (e) =>
          idInStream('document', e.streamId) !== null &&
          (!slug || e.streamId === streams.document(slug)) &&
          // Drafts are not public: their events are announced to editors and auditors only.
          (staff || e.visibility === 'public'),
      );
    },
    resolve: resolveLive,
  }),
  eventAppended: t.field({
    type: AppendedEventRef,
    description: 'Every event appended to the log, optionally only streams starting with streamPrefix',
    authScopes: STAFF,
    args: { streamPrefix: t.arg.string() },
    subscribe: (_root, { streamPrefix }, ctx) =>
      ctx.services.live.events((e) => !streamPrefix || e.streamId.startsWith(streamPrefix)),
    resolve: resolveLive,
  }),
}));
