// A publication of the association (a newsletter issue, an information circular), rebuilt from
// its stream. A publication is recorded once; what it said does not change afterwards.
import type { PublicationEvent } from '../../events/catalogue.ts';
import { streams } from '../../events/streams.ts';
import { assertNever } from '../aggregate.ts';

export interface PublicationState {
  recorded: boolean;
  slug: string | null;
  publishedOn: string | null;
}

export const initialState = (): PublicationState => ({ recorded: false, slug: null, publishedOn: null });

export const publicationStreamId = streams.publication;

export function evolve(state: PublicationState, event: PublicationEvent): PublicationState {
  switch (event.type) {
    case 'PublicationRecorded':
      return { recorded: true, slug: event.data.slug, publishedOn: event.data.publishedOn };
    default:
      return assertNever(event.type);
  }
}
