// The document aggregate's state, rebuilt from its stream: just what its rules need.
import type { DocumentEvent, SectionData } from '../../events/catalogue.ts';
import type { DocumentKind } from '../../events/vocabulary.ts';
import { streams } from '../../events/streams.ts';
import { assertNever } from '../aggregate.ts';

export interface Draft {
  label: string;
  changeNote: string;
  sections: SectionData[];
  /** The people the draft's change note names; the version it becomes names them too. */
  aboutPersonIds?: string[];
}

export interface DocumentState {
  registered: boolean;
  slug: string | null;
  title: string | null;
  kind: DocumentKind | null;
  /** Labels of published versions, in the order they were published. */
  labels: string[];
  /** The draft of the next version, if an editor has one open. */
  draft: Draft | null;
  withdrawn: boolean;
}

export const initialState = (): DocumentState => ({
  registered: false,
  slug: null,
  title: null,
  kind: null,
  labels: [],
  draft: null,
  withdrawn: false,
});

function reviseDraft(draft: Draft | null, key: string, heading: string, body: string): Draft | null {
  if (!draft) return null;
  // The structure stays; printed paragraph numbers no longer line up with a retyped body, so they go.
  return {
    ...draft,
    sections: draft.sections.map((s) => {
      if (s.key !== key) return s;
      const { paragraphNumbers: _stale, ...kept } = s;
      return { ...kept, heading, body };
    }),
  };
}

export function evolve(state: DocumentState, event: DocumentEvent): DocumentState {
  switch (event.type) {
    case 'DocumentRegistered':
      return { ...state, registered: true, slug: event.data.slug, title: event.data.title, kind: event.data.kind };
    case 'VersionPublished':
      return {
        ...state,
        labels: [...state.labels, event.data.label],
        draft: state.draft?.label === event.data.label ? null : state.draft,
      };
    case 'DraftSaved':
      return {
        ...state,
        draft: {
          label: event.data.label,
          changeNote: event.data.changeNote,
          sections: event.data.sections,
          aboutPersonIds: event.data.aboutPersonIds,
        },
      };
    case 'DraftSectionRevised':
      return { ...state, draft: reviseDraft(state.draft, event.data.key, event.data.heading, event.data.body) };
    case 'DraftDiscarded':
      return { ...state, draft: null };
    case 'VersionCorrected':
      return state;
    case 'DocumentWithdrawn':
      return { ...state, withdrawn: true };
    default:
      return assertNever(event);
  }
}

export const documentStreamId = streams.document;
