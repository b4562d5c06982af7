// Events of a guidance document's stream (`document-<slug>`): registration, published versions,
// drafts, corrections and withdrawal. The guidance itself (title, headings, section bodies) is
// published text and public; the free text about a change (change note, reason, and the metadata's
// change note and source) is personal when the command names the people it is about
// (`aboutPersonIds`): it is then sealed with their keys. Events written before that field, and
// changes about no one, carry no `aboutPersonIds` and keep that text in clear.
import { z } from 'zod';
import { CalendarDate, DOCUMENT_KINDS, ENTITY_ID_PATTERN, SECTION_KEY_PATTERN, SLUG_PATTERN } from '../vocabulary.ts';
import { entry, type NestedPrivacy } from './entry.ts';

const Slug = z.string().regex(SLUG_PATTERN);
const Text = z.string().min(1);
/**
 * The people (trustee, member or recorded person ids) a change's free text names: absent when it
 * names no one, so an event about no one is written exactly as before the field existed.
 */
const AboutPersonIds = z.array(z.string().regex(ENTITY_ID_PATTERN)).min(1).optional();

/** The people a document event's change text is about, as its `aboutPersonIds` lists them. */
const aboutOf = (d: Record<string, unknown>): string[] =>
  Array.isArray(d.aboutPersonIds)
    ? [...new Set(d.aboutPersonIds.filter((id): id is string => typeof id === 'string'))]
    : [];

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
  aboutPersonIds: AboutPersonIds,
});

const DraftSaved = z.object({
  slug: Slug,
  label: Text,
  changeNote: Text,
  sections: z.array(SectionData),
  aboutPersonIds: AboutPersonIds,
});
const DraftSectionRevised = z.object({
  slug: Slug,
  label: Text,
  key: SectionData.shape.key,
  heading: Text,
  body: Text,
});
const DraftDiscarded = z.object({
  slug: Slug,
  label: Text,
  reason: z.string().nullable(),
  aboutPersonIds: AboutPersonIds,
});
const VersionCorrected = z.object({
  slug: Slug,
  label: Text,
  reason: Text,
  sections: z.array(SectionData),
  aboutPersonIds: AboutPersonIds,
});
const DocumentWithdrawn = z.object({ slug: Slug, reason: Text, aboutPersonIds: AboutPersonIds });

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

const SECTION_PRIVACY: NestedPrivacy = {
  fields: {
    key: 'public',
    heading: 'public',
    body: 'public',
    level: 'public',
    parentKey: 'public',
    number: 'public',
    paragraphNumbers: 'public',
  },
};

export const documentEvents = {
  DocumentRegistered: entry({
    aggregate: 'document',
    visibility: 'public',
    schemaVersion: 1,
    schema: DocumentRegistered,
    privacy: { fields: { slug: 'public', title: 'public', kind: 'public' } },
  }),
  VersionPublished: entry({
    aggregate: 'document',
    visibility: 'public',
    noteField: 'changeNote',
    schemaVersion: 2,
    schema: VersionPublished,
    upcasters: { 1: versionPublishedV1toV2 },
    privacy: {
      subjects: aboutOf,
      fields: {
        slug: 'public',
        label: 'public',
        publishedOn: 'public',
        // Sealed with the keys of aboutPersonIds when the change names people; in clear otherwise.
        changeNote: 'personal',
        sections: SECTION_PRIVACY,
        aboutPersonIds: 'public',
      },
    },
  }),
  DraftSaved: entry({
    aggregate: 'document',
    visibility: 'staff',
    noteField: 'changeNote',
    schemaVersion: 1,
    schema: DraftSaved,
    privacy: {
      subjects: aboutOf,
      fields: {
        slug: 'public',
        label: 'public',
        changeNote: 'personal',
        sections: SECTION_PRIVACY,
        aboutPersonIds: 'public',
      },
    },
  }),
  DraftSectionRevised: entry({
    aggregate: 'document',
    visibility: 'staff',
    schemaVersion: 1,
    schema: DraftSectionRevised,
    privacy: { fields: { slug: 'public', label: 'public', key: 'public', heading: 'public', body: 'public' } },
  }),
  DraftDiscarded: entry({
    aggregate: 'document',
    visibility: 'staff',
    noteField: 'reason',
    schemaVersion: 1,
    schema: DraftDiscarded,
    privacy: {
      subjects: aboutOf,
      fields: { slug: 'public', label: 'public', reason: 'personal', aboutPersonIds: 'public' },
    },
  }),
  VersionCorrected: entry({
    aggregate: 'document',
    visibility: 'public',
    noteField: 'reason',
    schemaVersion: 1,
    schema: VersionCorrected,
    privacy: {
      subjects: aboutOf,
      fields: {
        slug: 'public',
        label: 'public',
        reason: 'personal',
        sections: SECTION_PRIVACY,
        aboutPersonIds: 'public',
      },
    },
  }),
  DocumentWithdrawn: entry({
    aggregate: 'document',
    visibility: 'public',
    noteField: 'reason',
    withdraws: true,
    schemaVersion: 1,
    schema: DocumentWithdrawn,
    privacy: { subjects: aboutOf, fields: { slug: 'public', reason: 'personal', aboutPersonIds: 'public' } },
  }),
};
