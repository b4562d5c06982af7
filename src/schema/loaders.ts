// One DataLoader set per request: every resolver level asks for many keys at once, so a query
// runs a fixed number of statements however many documents, versions or sections it touches.
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import type { Services } from '../app/services.ts';
import { ASSOCIATION } from '../domain/board/board.ts';
import type { TrusteeRoleRow, TrusteeRow } from '../projections/boardQueries.ts';
import type { CorrectionRow, DocumentRow, DraftRow, SectionRow, VersionRow } from '../projections/documentQueries.ts';
import type { MemberRow, MembershipReportRow, RenewalRow, ReportRegionRow } from '../projections/membershipQueries.ts';
import type { PublicationItemRow, PublicationRow } from '../projections/publicationQueries.ts';
import type { AuditEventRow } from '../projections/audit.ts';
import { ChainBrokenError, type EventStore, type StoredEvent } from '../events/store.ts';

export interface VersionKey {
  slug: string;
  label: string;
}

const versionKey = (k: VersionKey): string => `${k.slug}\u0000${k.label}`;

export function groupBy<K, T>(rows: readonly T[], keyOf: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

export function createLoaders({ documents, board, membership, publications, audit, store }: Services) {
  return {
    ...associationLoaders(board, membership),
    ...publicationLoaders(publications),
    ...auditLoaders(audit, store),
    document: new DataLoader<string, DocumentRow | null>(async (slugs) =>
      oneEach(slugs, documents.documents(slugs), (d) => d.slug),
    ),
    versions: new DataLoader<string, VersionRow[]>(async (slugs) =>
      listEach(slugs, documents.versions(slugs), (v) => v.slug),
    ),
    sections: new DataLoader<VersionKey, SectionRow[], string>(
      async (keys) => listEach(keys.map(versionKey), documents.sections(keys), versionKey),
      { cacheKeyFn: versionKey },
    ),
    draft: new DataLoader<string, DraftRow | null>(async (slugs) =>
      oneEach(slugs, documents.drafts(slugs), (d) => d.slug),
    ),
    corrections: new DataLoader<VersionKey, CorrectionRow[], string>(
      async (keys) => listEach(keys.map(versionKey), documents.corrections(keys), versionKey),
      { cacheKeyFn: versionKey },
    ),
  };
}

/**
 * The log's own records, for provenance: events by position and by stream from the auditors'
 * index, and indexed events as the log stores them (their data is not in the index), all of a
 * batch in one read of the log (EventStore.readEvents).
 */
export function auditLoaders(audit: Services['audit'], store: EventStore) {
  return {
    stored: new DataLoader<AuditEventRow, StoredEvent, string>(
      async (rows) => {
        try {
          const events = await store.readEvents(rows);
          return rows.map((row, i) => storedEventOf(row, events[i] ?? null));
        } catch (error) {
          if (!(error instanceof ChainBrokenError)) throw error;
          // A row of the batch is not an event (its data is not JSON): each is read alone, so that
          // only the damaged ones answer LOG_DAMAGED.
          return Promise.all(rows.map((row) => storedAlone(store, row)));
        }
      },
      { cacheKeyFn: (row) => row.id },
    ),
    eventAt: new DataLoader<bigint, AuditEventRow | null, string>(
      async (positions) => oneEach(positions, audit.atPositions(positions), (e) => e.position),
      { cacheKeyFn: String },
    ),
    streamEvents: new DataLoader<string, AuditEventRow[]>(async (streams) =>
      listEach(streams, audit.ofStreams(streams), (e) => e.streamId),
    ),
  };
}

/**
 * The event the index row stands for, as read from the log at its stream and revision. A
 * GraphQLError LOG_DAMAGED when the log holds no event there or another one: it was rewritten or
 * cut short since the read models applied it.
 */
function storedEventOf(row: AuditEventRow, e: StoredEvent | null): StoredEvent | GraphQLError {
  if (e?.id === row.id) return e;
  return new GraphQLError(
    `The log holds no event ${row.id} at revision ${row.revision} of ${row.streamId}, where the read models have it: it was rewritten or cut short since (run verify)`,
    { extensions: { code: 'LOG_DAMAGED' } },
  );
}

/** The event of one index row read by itself; LOG_DAMAGED when the log's row is not an event. */
async function storedAlone(store: EventStore, row: AuditEventRow): Promise<StoredEvent | GraphQLError> {
  try {
    const [e] = await store.readEvents([row]);
    return storedEventOf(row, e ?? null);
  } catch (error) {
    if (!(error instanceof ChainBrokenError)) throw error;
    return new GraphQLError(`${error.message} (run verify)`, { extensions: { code: 'LOG_DAMAGED' } });
  }
}

/** Rows by key, one per key in the order asked, null where there is none. */
function oneEach<K, T>(keys: readonly K[], rows: readonly T[], keyOf: (row: T) => K): (T | null)[] {
  const byKey = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => byKey.get(k) ?? null);
}

/** Rows grouped by key, one list per key in the order asked. */
function listEach<K, T>(keys: readonly K[], rows: readonly T[], keyOf: (row: T) => K): T[][] {
  const groups = groupBy(rows, keyOf);
  return keys.map((k) => groups.get(k) ?? []);
}

/** Trustees, members and reported figures of the association the service records. */
function associationLoaders(board: Services['board'], membership: Services['membership']) {
  return {
    trustee: new DataLoader<string, TrusteeRow | null>(async (ids) =>
      oneEach(ids, board.trustees(ASSOCIATION, ids), (t) => t.trusteeId),
    ),
    trusteeRoles: new DataLoader<string, TrusteeRoleRow[]>(async (ids) =>
      listEach(ids, board.roles(ASSOCIATION, ids), (r) => r.trusteeId),
    ),
    member: new DataLoader<string, MemberRow | null>(async (ids) =>
      oneEach(ids, membership.members(ASSOCIATION, ids), (m) => m.memberId),
    ),
    renewals: new DataLoader<string, RenewalRow[]>(async (ids) =>
      listEach(ids, membership.renewals(ASSOCIATION, ids), (r) => r.memberId),
    ),
    membershipReport: new DataLoader<bigint, MembershipReportRow | null, string>(
      async (positions) => oneEach(positions, membership.reports(ASSOCIATION, positions), (r) => r.position),
      { cacheKeyFn: String },
    ),
    reportRegions: new DataLoader<bigint, ReportRegionRow[], string>(
      async (positions) => listEach(positions, membership.regions(ASSOCIATION, positions), (r) => r.position),
      { cacheKeyFn: String },
    ),
  };
}

function publicationLoaders(publications: Services['publications']) {
  return {
    publication: new DataLoader<string, PublicationRow | null>(async (slugs) =>
      oneEach(slugs, publications.publications(slugs), (p) => p.slug),
    ),
    publicationItems: new DataLoader<string, PublicationItemRow[]>(async (slugs) =>
      listEach(slugs, publications.items(slugs), (i) => i.slug),
    ),
    publicationsMentioning: new DataLoader<string, PublicationRow[]>(async (documentSlugs) =>
      listEach(documentSlugs, publications.mentioning(documentSlugs), (p) => p.documentSlug),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
