// Members of the association: a member by id, with their periods and renewals, and the named
// members on a date as a connection.
import { ASSOCIATION } from '../domain/board/board.ts';
import { ENTITY_ID_PATTERN, MEMBER_KINDS, REGIONS } from '../events/vocabulary.ts';
import type { MemberRow, RenewalRow } from '../projections/membershipQueries.ts';
import { builder } from './builder.ts';
import { compareText, pageSizeNote, resolveConnection, textCursor } from './shared/connections.ts';
import { requireDate, today } from './scalars.ts';
import { localId } from './shared/arguments.ts';
import { loadEach } from './shared/nodes.ts';

export const RegionEnum = builder.enumType('Region', {
  description: 'The nine English regions',
  values: REGIONS,
});
export const MemberKindEnum = builder.enumType('MemberKind', {
  description: 'A statutory safeguarding partnership, another organisation, or a person who joined in their own right',
  values: MEMBER_KINDS,
});

const RenewalRef = builder.objectRef<RenewalRow>('MembershipRenewal').implement({
  fields: (t) => ({
    membershipYear: t.exposeString('membershipYear', { description: 'The membership year renewed for, e.g. 2021-22' }),
    renewedOn: t.field({ type: 'Date', resolve: (r) => r.renewedOn }),
    source: t.exposeString('source', { nullable: true }),
  }),
});

export const MemberRef = builder.objectRef<MemberRow>('Member');

builder.node(MemberRef, {
  id: { resolve: (m) => m.memberId },
  loadMany: loadEach((loaders) => loaders.member),
  description: 'A member of the association and their (latest) period of membership',
  fields: (t) => ({
    memberId: t.exposeString('memberId', {
      description:
        'The id the membership mutations take, e.g. member-sefton for an organisation; a person has an opaque one (member- and a UUID)',
    }),
    name: t.exposeString('name'),
    kind: t.field({ type: MemberKindEnum, resolve: (m) => m.kind }),
    region: t.field({ type: RegionEnum, nullable: true, resolve: (m) => m.region }),
    joinedOn: t.field({
      type: 'Date',
      description:
        'When the membership began; for history imported from the archive, possibly only when it was first reported (see note)',
      resolve: (m) => m.joinedOn,
    }),
    leftOn: t.field({ type: 'Date', nullable: true, resolve: (m) => m.leftOn }),
    leaveReason: t.exposeString('leaveReason', { nullable: true }),
    source: t.exposeString('source', { nullable: true }),
    note: t.exposeString('note', { nullable: true }),
    renewals: t.field({
      type: [RenewalRef],
      description: 'Membership years renewed for, oldest first',
      resolve: (m, _args, ctx) => ctx.loaders.renewals.load(m.memberId),
    }),
  }),
});

const MEMBER_PAGES = { defaultSize: 20, maxSize: 100 };

builder.queryFields((t) => ({
  member: t.field({
    type: MemberRef,
    nullable: true,
    description: 'A member by id (member-… or a global id), with their latest period of membership',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.loaders.member.load(localId(String(id), 'Member')),
  }),
  members: t.connection(
    {
      type: MemberRef,
      description: `Named members in membership on a date (default: today), by id, each as member(id) answers it (its latest period of membership). ${pageSizeNote(MEMBER_PAGES)}`,
      args: { asOf: t.arg({ type: 'Date' }), region: t.arg({ type: RegionEnum }) },
      resolve: async (_root, args, ctx) => {
        const asOf = args.asOf ? requireDate(args.asOf, 'asOf') : today();
        const connection = resolveConnection(args, {
          ...MEMBER_PAGES,
          cursor: textCursor('member', ENTITY_ID_PATTERN),
          keyOf: (m: MemberRow) => m.memberId,
          compare: compareText,
          page: (window) => ctx.services.membership.page(ASSOCIATION, asOf, args.region ?? null, window),
        });
        // A row here is the period in force on asOf; a Member is one cached object whatever the date,
        // so each is answered as member(id) answers it (its latest period).
        const latest = await ctx.loaders.member.loadMany(connection.edges.map((e) => e.node.memberId));
        return {
          ...connection,
          edges: connection.edges.map((edge, i) => {
            const member = latest[i];
            return member && !(member instanceof Error) ? { ...edge, node: member } : edge;
          }),
        };
      },
    },
    { name: 'MemberConnection' },
    { name: 'MemberEdge' },
  ),
}));
