// The association's publications (newsletter issues, information circulars) and their items;
// each item may link to a document in the history, and a document lists the publications that
// mention it.
import { publicationDecider } from '../domain/publications/decide.ts';
import { publicationStreamId } from '../domain/publications/publication.ts';
import { ITEM_CATEGORIES, PUBLICATION_KINDS, SLUG_PATTERN } from '../events/vocabulary.ts';
import type { PublicationCursor, PublicationItemRow, PublicationRow } from '../projections/publicationQueries.ts';
import { builder } from './builder.ts';
import { compareText, pageSizeNote, resolveConnection, type CursorFormat } from './shared/connections.ts';
import { DocumentRef } from './document.ts';
import { command, editorMutation, reload } from './shared/editorMutation.ts';
import { idempotencyKeyField, mutationOptions } from './shared/inputFields.ts';
import { loadEach } from './shared/nodes.ts';

const PublicationKindEnum = builder.enumType('PublicationKind', { values: PUBLICATION_KINDS });
const ItemCategoryEnum = builder.enumType('PublicationItemCategory', { values: ITEM_CATEGORIES });

const PublicationItemRef = builder.objectRef<PublicationItemRow>('PublicationItem').implement({
  description: 'One piece of a publication, summarised in our own words',
  fields: (t) => ({
    position: t.exposeInt('position', { description: '1-based place in the publication' }),
    category: t.field({ type: ItemCategoryEnum, resolve: (i) => i.category }),
    title: t.exposeString('title'),
    summary: t.exposeString('summary'),
    aboutPersonIds: t.idList({
      description: 'The trustees or members the item is about; its title and summary read [erased] once any of them is erased',
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
      description: 'When it was published; for an issue named only by its season, the first day of that season (see note)',
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
  publications: t.connection({
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
  }, { name: 'PublicationConnection' }, { name: 'PublicationEdge' }),
}));

// ---- mutations ----

const PublicationItemInput = builder.inputType('PublicationItemInput', {
  fields: (t) => ({
    category: t.field({ type: ItemCategoryEnum, required: true }),
    title: t.string({ required: true }),
    summary: t.string({ required: true, description: 'What the item says, in our own words' }),
    documentSlug: t.string({ description: 'The document in the history the item is about' }),
    aboutPersonIds: t.idList({
      description: 'Trustees or members (persons) the item is about: its title and summary are sealed with their keys, so erasing one of them erases the item text',
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
    const data = {
      slug: input.slug,
      kind: input.kind,
      title: input.title,
      publisher: input.publisher,
      publishedOn: input.publishedOn,
      items: input.items.map((i) => ({ ...i, aboutPersonIds: i.aboutPersonIds?.map(String) ?? null })),
    };
    const about = [...new Set(data.items.flatMap((i) => i.aboutPersonIds ?? []))];
    const [trustees, members] = await Promise.all([ctx.loaders.trustee.loadMany(about), ctx.loaders.member.loadMany(about)]);
    const knownPeople = about.filter((_id, i) => {
      const member = members[i];
      return (trustees[i] && !(trustees[i] instanceof Error)) || (member && !(member instanceof Error) && member.kind === 'INDIVIDUAL');
    });
    const linked = [...new Set(input.items.flatMap((i) => (i.documentSlug ? [i.documentSlug] : [])))];
    const existingDocuments = (await ctx.loaders.document.loadMany(linked)).flatMap((d) => (d && !(d instanceof Error) ? [d.slug] : []));
    const cmd = { type: 'RecordPublication', data, existingDocuments, knownPeople } as const;
    return command(publicationDecider, publicationStreamId(input.slug), cmd, mutationOptions(input));
  },
  readBack: async (_recorded, { slug }, ctx) => ({ publication: await reload(ctx.loaders.publication, slug, 'Publication') }),
});
