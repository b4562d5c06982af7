// Events of a publication's stream (`publication-<slug>`): a newsletter issue or circular, recorded
// once. An item about people has its title and summary sealed with their keys.
import { z } from 'zod';
import { CalendarDate, ENTITY_ID_PATTERN, ITEM_CATEGORIES, PUBLICATION_KINDS, SLUG_PATTERN } from '../vocabulary.ts';
import { entry } from './entry.ts';

const Slug = z.string().regex(SLUG_PATTERN);
const EntityId = z.string().regex(ENTITY_ID_PATTERN);
const Text = z.string().min(1);

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

export const publicationEvents = {
  PublicationRecorded: entry({
    aggregate: 'publication',
    visibility: 'public',
    schemaVersion: 1,
    schema: PublicationRecorded,
    privacy: {
      // The publication as a whole is about everyone its items are about: its note and source are sealed with their keys.
      subjects: (d) => [
        ...new Set(
          (Array.isArray(d.items) ? d.items : []).flatMap((i: { aboutPersonIds?: unknown }) =>
            Array.isArray(i.aboutPersonIds) ? i.aboutPersonIds : [],
          ),
        ),
      ],
      fields: {
        slug: 'public',
        kind: 'public',
        title: 'public',
        publisher: 'public',
        publishedOn: 'public',
        items: {
          subjects: 'aboutPersonIds',
          fields: {
            category: 'public',
            title: 'personal',
            summary: 'personal',
            documentSlug: 'public',
            aboutPersonIds: 'public',
          },
        },
      },
    },
  }),
};
