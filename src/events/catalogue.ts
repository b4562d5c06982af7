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

export const SectionData = z.object({
  key: z.string().regex(SECTION_KEY_PATTERN),
  heading: Text,
  body: Text,
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

/** Ids of trustees and members: a prefix and a slug made from the name. */
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

/** A person's personal data was erased: their key is destroyed, so their sealed fields stay unreadable. */
const PersonalDataErased = z.object({ personId: EntityId, reason: Text });

/**
 * Fields that hold personal data, by event type: they are stored sealed with a key kept per
 * person outside the log (see src/app/personalData.ts), so erasing a person destroys the key and
 * leaves the log, and its hash chain, untouched. `person` names the field holding the person's id.
 */
/** What every reader sees in place of a personal field whose person was erased. */
export const ERASED_TEXT = '[erased]';

export const PERSONAL_FIELDS: Partial<Record<string, { person: string; fields: readonly string[] }>> = {
  TrusteeAppointed: { person: 'trusteeId', fields: ['name'] },
};

interface CatalogueEntry<S extends z.ZodType> {
  schemaVersion: number;
  schema: S;
  /** upcasters[n] lifts data written at schema version n to version n + 1. */
  upcasters?: Record<number, (data: unknown) => unknown>;
}

function entry<S extends z.ZodType>(e: CatalogueEntry<S>): CatalogueEntry<S> {
  return e;
}

export const catalogue = {
  DocumentRegistered: entry({ schemaVersion: 1, schema: DocumentRegistered }),
  VersionPublished: entry({ schemaVersion: 2, schema: VersionPublished, upcasters: { 1: versionPublishedV1toV2 } }),
  DraftSaved: entry({ schemaVersion: 1, schema: DraftSaved }),
  DraftSectionRevised: entry({ schemaVersion: 1, schema: DraftSectionRevised }),
  DraftDiscarded: entry({ schemaVersion: 1, schema: DraftDiscarded }),
  VersionCorrected: entry({ schemaVersion: 1, schema: VersionCorrected }),
  DocumentWithdrawn: entry({ schemaVersion: 1, schema: DocumentWithdrawn }),
  TrusteeAppointed: entry({ schemaVersion: 1, schema: TrusteeAppointed }),
  TrusteeRoleChanged: entry({ schemaVersion: 1, schema: TrusteeRoleChanged }),
  TrusteeStoodDown: entry({ schemaVersion: 1, schema: TrusteeStoodDown }),
  BoardSizeReported: entry({ schemaVersion: 1, schema: BoardSizeReported }),
  MemberAdmitted: entry({ schemaVersion: 1, schema: MemberAdmitted }),
  MemberLeft: entry({ schemaVersion: 1, schema: MemberLeft }),
  MembershipRenewed: entry({ schemaVersion: 1, schema: MembershipRenewed }),
  MembershipFiguresReported: entry({ schemaVersion: 1, schema: MembershipFiguresReported }),
  MembershipTermsSet: entry({ schemaVersion: 1, schema: MembershipTermsSet }),
  PublicationRecorded: entry({ schemaVersion: 1, schema: PublicationRecorded }),
  PersonalDataErased: entry({ schemaVersion: 1, schema: PersonalDataErased }),
};

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
