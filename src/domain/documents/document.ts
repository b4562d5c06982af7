// The document aggregate's state, rebuilt from its stream: just what its rules need.
import type { DocumentKind, DomainEvent } from '../../events/catalogue.ts';

export interface DocumentState {
  registered: boolean;
  slug: string | null;
  title: string | null;
  kind: DocumentKind | null;
  /** Labels of published versions, oldest first. */
  labels: string[];
}

export const initialState = (): DocumentState => ({ registered: false, slug: null, title: null, kind: null, labels: [] });

export function evolve(state: DocumentState, event: DomainEvent): DocumentState {
  switch (event.type) {
    case 'DocumentRegistered':
      return { ...state, registered: true, slug: event.data.slug, title: event.data.title, kind: event.data.kind };
    case 'VersionPublished':
      return { ...state, labels: [...state.labels, event.data.label] };
    default:
      return state;
  }
}

export const documentStreamId = (slug: string): string => `document-${slug}`;
