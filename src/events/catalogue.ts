// The event catalogue: every event type the log may hold, its current schema version, the zod
// schema its data must satisfy (checked on write and on read) and the upcasters that lift older
// shapes to the current one, so the log never has to be rewritten.
import { z } from 'zod';
import { InvalidEventError, type NewEvent, type StoredEvent } from './store.ts';

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,99}$/;
export const SECTION_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export const DOCUMENT_KINDS = [
  'STATUTORY_GUIDANCE',
  'PRACTICE_GUIDANCE',
  'POLICY_PAPER',
  'NEWS_ITEM',
  'SHORT_FILM',
  'RESOURCE',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** True for a real calendar date written YYYY-MM-DD. */
export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export const CalendarDate = z.string().refine(isRealDate, 'must be a real date written YYYY-MM-DD');
const Slug = z.string().regex(SLUG_PATTERN);
const Text = z.string().min(1);

/**
 * A section of a version. `level`, `parentKey`, `number` and `paragraphNumbers` came with
 * structured versions: events written before them lack them and read as a top-level section
 * (level 1, no parent) with no printed numbers. The body is the section's own text, its
 * paragraphs separated by blank lines; it is empty only for a section whose text lies in its
 * subsections. `paragraphNumbers` gives the printed number of each paragraph, in order, when the
 * document prints them.
 */
export const SectionData = z.object({
  key: z.string().regex(SECTION_KEY_PATTERN),
  heading: Text,
  body: z.string(),
  level: z.number().int().min(1).max(6).optional(),
  parentKey: z.string().regex(SECTION_KEY_PATTERN).optional(),
  number: z.string().min(1).max(20).optional(),
  paragraphNumbers: z.array(z.string().min(1).max(20).nullable()).optional(),
});
export type SectionData = z.infer<typeof SectionData>;

const DocumentRegistered = z.object({ slug: Slug, title: Text, kind: z.enum(DOCUMENT_KINDS) });
const VersionPublished = z.object({
  slug: Slug,
  label: Text,
  publishedOn: CalendarDate,
  changeNote: Text,
  sections: z.array(SectionData),
});

const DraftSaved = z.object({ slug: Slug, label: Text, changeNote: Text, sections: z.array(SectionData) });
const DraftSectionRevised = z.object({ slug: Slug, label: Text, key: SectionData.shape.key, heading: Text, body: Text });
const DraftDiscarded = z.object({ slug: Slug, label: Text, reason: z.string().nullable() });
const VersionCorrected = z.object({ slug: Slug, label: Text, reason: Text, sections: z.array(SectionData) });
const DocumentWithdrawn = z.object({ slug: Slug, reason: Text });

/**
 * Schema version 1 of VersionPublished had no section keys: sections were `{ heading, body }`
 * and comparisons matched them by heading. Version 2 gives every section a stable key; an old
 * event gets keys made from its headings (lower-cased, hyphenated, numbered when repeated).
 */
export function versionPublishedV1toV2(data: unknown): unknown {
  const d = data as { sections?: { key?: string; heading?: string; body?: string }[] };
  if (!Array.isArray(d.sections)) return data;
  const used = new Map<string, number>();
  const sections = d.sections.map((s) => {
    if (s.key) return s;
    const base = keyFromHeading(String(s.heading ?? 'section'));
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return { key: n === 1 ? base : `${base.slice(0, 60)}-${n}`, heading: s.heading, body: s.body };
  });
  return { ...d, sections };
}

function keyFromHeading(heading: string): string {
  const key = heading
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return key || 'section';
}

// ---- board, membership and publications of an association ----

/** The nine English regions, as the Office for National Statistics names them. */
export const REGIONS = [
  'NORTH_EAST',
  'NORTH_WEST',
  'YORKSHIRE_AND_THE_HUMBER',
  'EAST_MIDLANDS',
  'WEST_MIDLANDS',
  'EAST_OF_ENGLAND',
  'LONDON',
  'SOUTH_EAST',
  'SOUTH_WEST',
] as const;
export type Region = (typeof REGIONS)[number];

/** A statutory safeguarding partnership, another organisation, or a person who joins in their own right. */
export const MEMBER_KINDS = ['PARTNERSHIP', 'ORGANISATION', 'INDIVIDUAL'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

export const PUBLICATION_KINDS = ['NEWSLETTER_ISSUE', 'INFORMATION_CIRCULAR'] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];

export const ITEM_CATEGORIES = [
  'STATUTORY_GUIDANCE',
  'PRACTICE_GUIDANCE',
  'POLICY_PAPER',
  'NEWS_ITEM',
  'SHORT_FILM',
  'VIDEO_OR_RESOURCE',
  'EVENT',
] as const;
export type ItemCategory = (typeof ITEM_CATEGORIES)[number];

/**
 * Ids of trustees and members: a prefix and an opaque part (`trustee-<uuid>`, `member-<uuid>`).
 * Logs written before ids became opaque hold ids made from names (`trustee-nasima-patel`); the
 * pattern still accepts them so those logs keep replaying.
 */
export const ENTITY_ID_PATTERN = /^[a-z][a-z0-9-]{0,119}$/;
/** A membership year as the association writes it, e.g. 2021-22. */
export const MEMBERSHIP_YEAR_PATTERN = /^\d{4}-\d{2}$/;

const EntityId = z.string().regex(ENTITY_ID_PATTERN);
const Count = z.number().int().min(0);
const Percent = z.number().min(0).max(100);

const TrusteeAppointed = z.object({ trusteeId: EntityId, name: Text, role: Text.nullable(), appointedOn: CalendarDate });
const TrusteeRoleChanged = z.object({ trusteeId: EntityId, role: Text.nullable(), changedOn: CalendarDate });
const TrusteeStoodDown = z.object({ trusteeId: EntityId, stoodDownOn: CalendarDate, reason: z.string().nullable() });
const BoardSizeReported = z.object({ size: Count, reportedOn: CalendarDate });

const MemberAdmitted = z.object({
  memberId: EntityId,
  name: Text,
  kind: z.enum(MEMBER_KINDS),
  region: z.enum(REGIONS).nullable(),
  joinedOn: CalendarDate,
});
const MemberLeft = z.object({ memberId: EntityId, leftOn: CalendarDate, reason: z.string().nullable() });
const MembershipRenewed = z.object({
  memberId: EntityId,
  membershipYear: z.string().regex(MEMBERSHIP_YEAR_PATTERN),
  renewedOn: CalendarDate,
});
const RegionFigure = z.object({ region: z.enum(REGIONS), members: Count, eligible: Count });
const MembershipFiguresReported = z.object({
  reportedOn: CalendarDate,
  membershipYear: z.string().regex(MEMBERSHIP_YEAR_PATTERN).nullable(),
  members: Count.nullable(),
  eligible: Count.nullable(),
  otherMembers: Count.nullable(),
  /** The share of eligible partnerships that are members, in percent, as the source printed it. */
  coverage: Percent.nullable(),
  /** The share the association aims for, in percent. */
  target: Percent.nullable(),
  byRegion: z.array(RegionFigure),
});
const MembershipTermsSet = z.object({
  effectiveOn: CalendarDate,
  /** Whole pounds sterling a partnership pays for a year. */
  standardFee: Count,
  /** A regional group that joins or renews together may pay less than this, in whole pounds. */
  regionalDealFeeBelow: Count.nullable(),
});

const PublicationItem = z.object({
  category: z.enum(ITEM_CATEGORIES),
  title: Text,
  summary: Text,
  documentSlug: Slug.nullable(),
  /** The people (trustee or member ids) the item is about; its title and summary are sealed with their keys. */
  aboutPersonIds: z.array(EntityId).default([]),
});
const PublicationRecorded = z.object({
  slug: Slug,
  kind: z.enum(PUBLICATION_KINDS),
  title: Text,
  publisher: Text,
  publishedOn: CalendarDate,
  items: z.array(PublicationItem),
});
export type PublicationItemData = z.infer<typeof PublicationItem>;
export type RegionFigureData = z.infer<typeof RegionFigure>;

/**
 * A person's personal data was erased: their key is destroyed, so their sealed fields stay
 * unreadable. The reason is sealed with the person's own key, so the erasure names no one.
 */
const PersonalDataErased = z.object({ personId: EntityId, reason: Text });

/** What every reader sees in place of a personal field whose person was erased. */
export const ERASED_TEXT = '[erased]';

/**
 * Privacy of one field of an event's data. `personal`: stored sealed (AES-256-GCM) with the key of
 * every person the event is about, so erasing any of them makes it unreadable; `public`: stored in
 * clear, and must never hold a name or free text about a person. An array of objects (publication
 * items) has its own fields and may name its own subjects.
 */
export type FieldPrivacy = 'personal' | 'public' | NestedPrivacy;
export interface NestedPrivacy {
  /** The field of each element holding the ids of the people that element is about. */
  subjects?: string;
  fields: Record<string, FieldPrivacy>;
}
export interface EventPrivacy {
  /** The ids of the people the event is about; its personal fields and its metadata's free text are sealed with their keys. */
  subjects?: (data: Record<string, unknown>) => string[];
  /** Every field of the data; a test fails when a string field of the schema is not listed. */
  fields: Record<string, FieldPrivacy>;
}

const idOf = (field: string) => (d: Record<string, unknown>) => (typeof d[field] === 'string' ? [d[field] as string] : []);
const SECTION_PRIVACY: NestedPrivacy = {
  fields: { key: 'public', heading: 'public', body: 'public', level: 'public', parentKey: 'public', number: 'public', paragraphNumbers: 'public' },
};

interface CatalogueEntry<S extends z.ZodType> {
  schemaVersion: number;
  schema: S;
  /** Which fields are personal and which public, beside the schema so a new event type cannot forget it. */
  privacy: EventPrivacy;
  /** upcasters[n] lifts data written at schema version n to version n + 1. */
  upcasters?: Record<number, (data: unknown) => unknown>;
}

function entry<S extends z.ZodType>(e: CatalogueEntry<S>): CatalogueEntry<S> {
  return e;
}

export const catalogue = {
  DocumentRegistered: entry({ schemaVersion: 1, schema: DocumentRegistered, privacy: { fields: { slug: 'public', title: 'public', kind: 'public' } } }),
  VersionPublished: entry({
    schemaVersion: 2,
    schema: VersionPublished,
    upcasters: { 1: versionPublishedV1toV2 },
    privacy: { fields: { slug: 'public', label: 'public', publishedOn: 'public', changeNote: 'public', sections: SECTION_PRIVACY } },
  }),
  DraftSaved: entry({
    schemaVersion: 1,
    schema: DraftSaved,
    privacy: { fields: { slug: 'public', label: 'public', changeNote: 'public', sections: SECTION_PRIVACY } },
  }),
  DraftSectionRevised: entry({
    schemaVersion: 1,
    schema: DraftSectionRevised,
    privacy: { fields: { slug: 'public', label: 'public', key: 'public', heading: 'public', body: 'public' } },
  }),
  DraftDiscarded: entry({ schemaVersion: 1, schema: DraftDiscarded, privacy: { fields: { slug: 'public', label: 'public', reason: 'public' } } }),
  VersionCorrected: entry({
    schemaVersion: 1,
    schema: VersionCorrected,
    privacy: { fields: { slug: 'public', label: 'public', reason: 'public', sections: SECTION_PRIVACY } },
  }),
  DocumentWithdrawn: entry({ schemaVersion: 1, schema: DocumentWithdrawn, privacy: { fields: { slug: 'public', reason: 'public' } } }),
  TrusteeAppointed: entry({
    schemaVersion: 1,
    schema: TrusteeAppointed,
    privacy: { subjects: idOf('trusteeId'), fields: { trusteeId: 'public', name: 'personal', role: 'public', appointedOn: 'public' } },
  }),
  TrusteeRoleChanged: entry({
    schemaVersion: 1,
    schema: TrusteeRoleChanged,
    privacy: { subjects: idOf('trusteeId'), fields: { trusteeId: 'public', role: 'public', changedOn: 'public' } },
  }),
  TrusteeStoodDown: entry({
    schemaVersion: 1,
    schema: TrusteeStoodDown,
    privacy: { subjects: idOf('trusteeId'), fields: { trusteeId: 'public', stoodDownOn: 'public', reason: 'personal' } },
  }),
  BoardSizeReported: entry({ schemaVersion: 1, schema: BoardSizeReported, privacy: { fields: { size: 'public', reportedOn: 'public' } } }),
  MemberAdmitted: entry({
    schemaVersion: 1,
    schema: MemberAdmitted,
    // Only a member who is a person has personal data; a partnership's name is public.
    privacy: {
      subjects: (d) => (d.kind === 'INDIVIDUAL' ? idOf('memberId')(d) : []),
      fields: { memberId: 'public', name: 'personal', kind: 'public', region: 'public', joinedOn: 'public' },
    },
  }),
  MemberLeft: entry({
    schemaVersion: 1,
    schema: MemberLeft,
    privacy: { subjects: idOf('memberId'), fields: { memberId: 'public', leftOn: 'public', reason: 'personal' } },
  }),
  MembershipRenewed: entry({
    schemaVersion: 1,
    schema: MembershipRenewed,
    privacy: { subjects: idOf('memberId'), fields: { memberId: 'public', membershipYear: 'public', renewedOn: 'public' } },
  }),
  MembershipFiguresReported: entry({
    schemaVersion: 1,
    schema: MembershipFiguresReported,
    privacy: {
      fields: {
        reportedOn: 'public',
        membershipYear: 'public',
        members: 'public',
        eligible: 'public',
        otherMembers: 'public',
        coverage: 'public',
        target: 'public',
        byRegion: { fields: { region: 'public', members: 'public', eligible: 'public' } },
      },
    },
  }),
  MembershipTermsSet: entry({
    schemaVersion: 1,
    schema: MembershipTermsSet,
    privacy: { fields: { effectiveOn: 'public', standardFee: 'public', regionalDealFeeBelow: 'public' } },
  }),
  PublicationRecorded: entry({
    schemaVersion: 1,
    schema: PublicationRecorded,
    privacy: {
      // The publication as a whole is about everyone its items are about: its note and source are sealed with their keys.
      subjects: (d) => [...new Set((Array.isArray(d.items) ? d.items : []).flatMap((i: { aboutPersonIds?: unknown }) => (Array.isArray(i.aboutPersonIds) ? i.aboutPersonIds : [])))],
      fields: {
        slug: 'public',
        kind: 'public',
        title: 'public',
        publisher: 'public',
        publishedOn: 'public',
        items: {
          subjects: 'aboutPersonIds',
          fields: { category: 'public', title: 'personal', summary: 'personal', documentSlug: 'public', aboutPersonIds: 'public' },
        },
      },
    },
  }),
  PersonalDataErased: entry({
    schemaVersion: 1,
    schema: PersonalDataErased,
    privacy: { subjects: idOf('personId'), fields: { personId: 'public', reason: 'personal' } },
  }),
};

/** The privacy markers of an event type, or undefined for a type the catalogue does not know. */
export function privacyOf(type: string): EventPrivacy | undefined {
  return isEventType(type) ? (catalogue[type] as CatalogueEntry<z.ZodType>).privacy : undefined;
}


export type EventType = keyof typeof catalogue;
export type EventData<T extends EventType> = z.infer<(typeof catalogue)[T]['schema']>;
/** A decoded event: its type and its data at the current schema version. */
export type DomainEvent = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];

function isEventType(type: string): type is EventType {
  return Object.hasOwn(catalogue, type);
}

function parseData(type: EventType, data: unknown): DomainEvent {
  const result = catalogue[type].schema.safeParse(data);
  if (!result.success) {
    throw new InvalidEventError(`${type} data is invalid: ${z.prettifyError(result.error)}`);
  }
  return { type, data: result.data } as DomainEvent;
}

/** Checks an event about to be written against the current schema of its type. */
export function validateNewEvent(e: NewEvent): void {
  if (!isEventType(e.type)) throw new InvalidEventError(`Unknown event type ${e.type}`);
  if (e.schemaVersion !== catalogue[e.type].schemaVersion) {
    throw new InvalidEventError(`${e.type} must be written at schema version ${catalogue[e.type].schemaVersion}`);
  }
  parseData(e.type, e.data);
}

/** Upcasts a stored event to the current schema of its type and validates it. */
export function decodeEvent(e: Pick<StoredEvent, 'type' | 'schemaVersion' | 'data'>): DomainEvent {
  if (!isEventType(e.type)) throw new InvalidEventError(`Unknown event type ${e.type}`);
  const { schemaVersion, upcasters } = catalogue[e.type] as CatalogueEntry<z.ZodType>;
  let data = e.data;
  for (let v = e.schemaVersion; v < schemaVersion; v += 1) {
    const up = upcasters?.[v];
    if (!up) throw new InvalidEventError(`No upcaster for ${e.type} from schema version ${v}`);
    data = up(data);
  }
  return parseData(e.type, data);
}

/** Builds a NewEvent for a domain event at its type's current schema version. */
export function newEvent(
  id: string,
  event: DomainEvent,
  effectiveAt: string,
  metadata: NewEvent['metadata'],
): NewEvent {
  return { id, type: event.type, schemaVersion: catalogue[event.type].schemaVersion, data: event.data, effectiveAt, metadata };
}
