// The association's publications (newsletter issues, information circulars) and their items;
// each item may link to a document in the history, and a document lists the publications that
// mention it.
import { randomUUID } from 'node:crypto';
import { PERSON_ID_PREFIX, personDecider, personStreamId } from '../domain/people/decide.ts';
import { publicationDecider, type PublicationCommand } from '../domain/publications/decide.ts';
import { publicationStreamId } from '../domain/publications/publication.ts';
import { ITEM_CATEGORIES, PUBLICATION_KINDS, SLUG_PATTERN } from '../events/vocabulary.ts';
import type { PublicationCursor, PublicationItemRow, PublicationRow } from '../projections/publicationQueries.ts';
import { builder } from './builder.ts';
import { compareText, pageSizeNote, resolveConnection, type CursorFormat } from './shared/connections.ts';
import { DocumentRef } from './document.ts';
import { command, editorMutation, reload } from './shared/editorMutation.ts';
import { partId } from './shared/identity.ts';
import { idempotencyKeyField, mutationOptions } from './shared/inputFields.ts';
import { loadEach } from './shared/nodes.ts';

const PublicationKindEnum = builder.enumType('PublicationKind', { values: PUBLICATION_KINDS });
const ItemCategoryEnum = builder.enumType('PublicationItemCategory', { values: ITEM_CATEGORIES });

const PublicationItemRef = builder.objectRef<PublicationItemRow>('PublicationItem').implement({
  description: 'One piece of a publication, summarised in our own words',
  fields: (t) => ({
    id: t.id({
      description: "Cache key: the publication and the item's place in it; not accepted by node",
      resolve: (i) => partId('PublicationItem', i.slug, String(i.position)),
    }),
    position: t.exposeInt('position', { description: '1-based place in the publication' }),
    category: t.field({ type: ItemCategoryEnum, resolve: (i) => i.category }),
    title: t.exposeString('title'),
    summary: t.exposeString('summary'),
    aboutPersonIds: t.idList({
      description:
        'The trustees or members the item is about; its title and summary read [erased] once any of them is erased',
      resolve: (i) => i.aboutPersonIds,
    }),
    document: t.field({
      type: DocumentRef,
      nullable: true,
      description: 'The document in the history this item is about, if any',
      resolve: (i, _args, ctx) => (i.documentSlug ? ctx.loaders.document.load(i.documentSlug) : null),
    }),
  }),
});

export const PublicationRef = builder.objectRef<PublicationRow>('Publication');

builder.node(PublicationRef, {
  id: { resolve: (p) => p.slug },
  loadMany: loadEach((loaders) => loaders.publication),
  description: 'A newsletter issue or information circular, with the items it carried',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    kind: t.field({ type: PublicationKindEnum, resolve: (p) => p.kind }),
    title: t.exposeString('title'),
    publisher: t.exposeString('publisher'),
    publishedOn: t.field({
      type: 'Date',
      description:
        'When it was published; for an issue named only by its season, the first day of that season (see note)',
      resolve: (p) => p.publishedOn,
    }),
    source: t.exposeString('source', { nullable: true }),
    note: t.exposeString('note', { nullable: true }),
    itemCount: t.exposeInt('itemCount'),
    items: t.field({
      type: [PublicationItemRef],
      description: 'Items in the order the publication gave them',
      resolve: (p, _args, ctx) => ctx.loaders.publicationItems.load(p.slug),
    }),
  }),
});

builder.objectField(DocumentRef, 'publications', (t) =>
  t.field({
    type: [PublicationRef],
    description: 'Publications with an item about this document, newest first',
    resolve: (d, _args, ctx) => ctx.loaders.publicationsMentioning.load(d.slug),
  }),
);

const PUBLICATION_PAGES = { defaultSize: 20, maxSize: 100 };
const PUBLICATION_CURSOR: CursorFormat<PublicationCursor> = {
  kind: 'publication',
  write: (p) => `${p.publishedOn}:${p.slug}`,
  read: (text) => {
    const match = /^(\d{4}-\d{2}-\d{2}):(.+)$/.exec(text);
    return match && SLUG_PATTERN.test(match[2]!) ? { publishedOn: match[1]!, slug: match[2]! } : null;
  },
};

builder.queryFields((t) => ({
  publication: t.field({
    type: PublicationRef,
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    resolve: (_root, { slug }, ctx) => ctx.loaders.publication.load(slug),
  }),
  publications: t.connection(
    {
      type: PublicationRef,
      description: `Publications, newest first. ${pageSizeNote(PUBLICATION_PAGES)}`,
      args: { kind: t.arg({ type: PublicationKindEnum }) },
      resolve: (_root, args, ctx) => {
        const connection = resolveConnection(args, {
          ...PUBLICATION_PAGES,
          cursor: PUBLICATION_CURSOR,
          keyOf: (p: PublicationRow): PublicationCursor => ({ publishedOn: p.publishedOn, slug: p.slug }),
          // Newest first: by date, then slug, both descending.
          compare: (a, b) => compareText(b.publishedOn, a.publishedOn) || compareText(b.slug, a.slug),
          page: (window) => ctx.services.publications.page(args.kind ?? null, window),
        });
        for (const { node } of connection.edges) ctx.loaders.publication.prime(node.slug, node);
        return connection;
      },
    },
    { name: 'PublicationConnection' },
    { name: 'PublicationEdge' },
  ),
}));

// ---- mutations ----

const PublicationItemInput = builder.inputType('PublicationItemInput', {
  fields: (t) => ({
    category: t.field({ type: ItemCategoryEnum, required: true }),
    title: t.string({ required: true }),
    summary: t.string({ required: true, description: 'What the item says, in our own words' }),
    documentSlug: t.string({ description: 'The document in the history the item is about' }),
    aboutPersonIds: t.idList({
      description:
        'Trustees, members who are people, or people recorded earlier (person ids) the item is about: its title and summary are sealed with their keys, so erasing one of them erases the item text',
    }),
    aboutPeople: t.stringList({
      description:
        "Names of people the item is about who have no record yet (a speaker, an author): each is recorded as a person of their own with an opaque id (added to the item's aboutPersonIds) and a key, so the item text is sealed with it and they can be erased. List a person once; later items name them by id",
    }),
  }),
});

editorMutation('recordPublication', {
  success: (name) =>
    builder.objectRef<{ publication: PublicationRow }>(name).implement({
      fields: (t) => ({ publication: t.field({ type: PublicationRef, resolve: (r) => r.publication }) }),
    }),
  input: (t) => ({
    slug: t.string({ required: true }),
    kind: t.field({ type: PublicationKindEnum, required: true }),
    title: t.string({ required: true }),
    publisher: t.string({ required: true }),
    publishedOn: t.field({ type: 'Date', required: true }),
    items: t.field({ type: [PublicationItemInput], required: true }),
    source: t.string({ description: 'Where the publication was found, e.g. the archive it came from' }),
    note: t.string({ description: 'A change note, e.g. how its date was chosen' }),
    idempotencyKey: idempotencyKeyField(t),
  }),
  command: async (input, ctx) => {
    // People named only in an item get a record of their own first, so the item can be sealed with their keys.
    const named = input.items.map((item, i) =>
      (item.aboutPeople ?? []).map((name, j) => ({
        name,
        personId: input.idempotencyKey
          ? ctx.services.vault.derivedId(
              PERSON_ID_PREFIX,
              'idempotency-key',
              input.idempotencyKey,
              String(i),
              String(j),
            )
          : `${PERSON_ID_PREFIX}-${randomUUID()}`,
      })),
    );
    const data = {
      slug: input.slug,
      kind: input.kind,
      title: input.title,
      publisher: input.publisher,
      publishedOn: input.publishedOn,
      items: input.items.map(({ aboutPeople: _named, ...item }, i) => ({
        ...item,
        aboutPersonIds: [...(item.aboutPersonIds?.map(String) ?? []), ...named[i]!.map((p) => p.personId)],
      })),
    };
    const about = [...new Set(input.items.flatMap((i) => i.aboutPersonIds?.map(String) ?? []))];
    const [trustees, members] = await Promise.all([
      ctx.loaders.trustee.loadMany(about),
      ctx.loaders.member.loadMany(about),
    ]);
    const recorded = about.filter((id) => ctx.services.erasure.isRecordedPerson(id));
    const knownPeople = about.filter((id, i) => {
      const member = members[i];
      return (
        (trustees[i] && !(trustees[i] instanceof Error)) ||
        (member && !(member instanceof Error) && member.kind === 'INDIVIDUAL') ||
        recorded.includes(id)
      );
    });
    const linked = [...new Set(input.items.flatMap((i) => (i.documentSlug ? [i.documentSlug] : [])))];
    const existingDocuments = (await ctx.loaders.document.loadMany(linked)).flatMap((d) =>
      d && !(d instanceof Error) ? [d.slug] : [],
    );
    const people = named.flat();
    const cmd: PublicationCommand = {
      type: 'RecordPublication',
      data,
      existingDocuments,
      knownPeople: [...knownPeople, ...people.map((p) => p.personId)],
    };
    const options = mutationOptions(input);
    // Checked before any person is recorded, so a refused publication records no one. (A retry
    // with its idempotency key is answered by the command bus with the first result instead.)
    const meta = { now: new Date().toISOString() };
    const recordedAlready =
      people.length > 0 && !options.idempotencyKey && (await ctx.loaders.publication.load(input.slug)) !== null;
    publicationDecider.decide(cmd, { ...publicationDecider.initialState(), recorded: recordedAlready }, meta);
    for (const person of people)
      personDecider.decide({ type: 'RecordPerson', data: person }, personDecider.initialState(), meta);
    const publish = command(publicationDecider, publicationStreamId(input.slug), cmd, options);
    if (people.length === 0) return publish;
    return async (ctx) => {
      for (const [k, person] of people.entries()) {
        const key = options.idempotencyKey ? `${options.idempotencyKey}:person:${k}` : null;
        await command(
          personDecider,
          personStreamId(person.personId),
          { type: 'RecordPerson', data: person },
          { ...options, idempotencyKey: key, changeNote: null, expectedRevision: null },
        )(ctx);
      }
      return publish(ctx);
    };
  },
  readBack: async (_recorded, { slug }, ctx) => ({
    publication: await reload(ctx.loaders.publication, slug, 'Publication'),
  }),
});
