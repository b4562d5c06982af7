// Live updates over Server-Sent Events: a frontend hears of a change a moment after it is appended.
// Every subscription field's scopes are checked at subscribe time (authorizeOnSubscribe in
// builder.ts), and every one resolves its events through `resolveLive`.
import { GraphQLError } from 'graphql';
import { SubscriberTooSlowError, type AppendedEvent } from '../app/liveFeed.ts';
import { idInStream, streams } from '../events/streams.ts';
import { builder } from './builder.ts';
import { STAFF } from './shared/access.ts';


const DocumentChangeRef = builder.objectRef<AppendedEvent>('DocumentChange').implement({
  fields: (t) => ({
    slug: t.string({ resolve: (e) => idInStream('document', e.streamId) ?? '' }),
    revision: t.exposeInt('revision'),
    type: t.exposeString('type'),
    position: t.string({ resolve: (e) => e.position.toString() }),
    recordedAt: t.field({ type: 'DateTime', resolve: (e) => e.recordedAt }),
  }),
});

const AppendedEventRef = builder.objectRef<AppendedEvent>('AppendedEvent').implement({
  fields: (t) => ({
    position: t.string({ description: 'Global position in the log (a string: it can exceed 2^53)', resolve: (e) => e.position.toString() }),
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
