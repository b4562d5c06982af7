// Commands on a guidance document and the rules that accept or refuse them.
import { z } from 'zod';
import {
  CalendarDate,
  DOCUMENT_KINDS,
  ENTITY_ID_PATTERN,
  SECTION_KEY_PATTERN,
  SLUG_PATTERN,
} from '../../events/vocabulary.ts';
import type { SectionData } from '../../events/catalogue.ts';
import { assertNever, type CommandMeta, type Decided as DecidedOf, type Decider } from '../aggregate.ts';
import { NotFoundError, parseInput, ValidationError } from '../errors.ts';
import { nonBlank } from '../inputs.ts';
import type { DocumentEvent } from '../../events/catalogue.ts';
import { evolve, initialState, type DocumentState } from './document.ts';
import { bodyOf, paragraphNumbersOf } from './structure.ts';

type Decided = DecidedOf<DocumentEvent>;

export const LIMITS = {
  titleLength: 300,
  labelLength: 40,
  changeNoteLength: 4_000,
  headingLength: 300,
  bodyLength: 200_000,
  sections: 500,
  aboutPeople: 50,
} as const;

const slug = z
  .string()
  .regex(SLUG_PATTERN, 'must be lower-case letters, digits and hyphens, starting with a letter or digit');
const sectionKey = z.string().regex(SECTION_KEY_PATTERN, 'must match ^[a-z0-9][a-z0-9-]{0,63}$');
const heading = nonBlank(LIMITS.headingLength);
const body = nonBlank(LIMITS.bodyLength);
const label = nonBlank(LIMITS.labelLength);
const note = nonBlank(LIMITS.changeNoteLength);
/**
 * The people a change's free text (change note, reason) names, by id: that text is then sealed
 * with their keys so erasing any of them erases it. Recorded only when some are given.
 */
const aboutPersonIds = z
  .array(
    z.string().regex(ENTITY_ID_PATTERN, 'must be the id of a trustee, a member who is a person, or a recorded person'),
  )
  .max(LIMITS.aboutPeople, `a change names at most ${LIMITS.aboutPeople} people`)
  .nullish()
  .transform((ids) => (ids && ids.length > 0 ? [...new Set(ids)] : undefined));

const printedNumber = z
  .string()
  .regex(/^[0-9A-Za-z]{1,6}(?:\.[0-9A-Za-z]{1,6}){0,5}$/, 'must be a printed number such as 2, 2.3 or 4a')
  .nullish();
const paragraph = z.object({
  number: printedNumber,
  text: z.string().max(LIMITS.bodyLength, `must be at most ${LIMITS.bodyLength} characters`),
});

/**
 * A section as editors and importers give it: a body (paragraphs separated by blank lines) or its
 * paragraphs one by one (with their printed numbers), an optional parent (an earlier section of
 * the same version) and the number the document prints before its heading.
 */
const sectionInput = z.object({
  key: sectionKey,
  heading,
  body: z.string().max(LIMITS.bodyLength, `must be at most ${LIMITS.bodyLength} characters`).nullish(),
  paragraphs: z.array(paragraph).max(5_000, 'a section has at most 5000 paragraphs').nullish(),
  parentKey: sectionKey.nullish(),
  number: printedNumber,
  level: z.number().int().min(1).max(6).nullish(),
});

const sections = z
  .array(sectionInput)
  .min(1, 'a version needs at least one section')
  .max(LIMITS.sections, `a version has at most ${LIMITS.sections} sections`)
  .superRefine((list, ctx) => {
    const seen = new Map<string, number>();
    const levels: number[] = [];
    const parents = new Set(list.map((s) => s.parentKey).filter(Boolean));
    list.forEach((s, i) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [i, path], message });
      if (seen.has(s.key)) issue('key', `duplicate section key ${s.key}`);
      const hasBody = s.body !== null && s.body !== undefined;
      const hasParagraphs = s.paragraphs !== null && s.paragraphs !== undefined;
      if (hasBody && hasParagraphs) issue('paragraphs', 'give a body or paragraphs, not both');
      const text = hasParagraphs
        ? bodyOf(s.paragraphs!.map((p) => ({ number: p.number ?? null, text: p.text })))
        : (s.body ?? '');
      if (text.length > LIMITS.bodyLength)
        issue('paragraphs', `must be at most ${LIMITS.bodyLength} characters in all`);
      if (text.trim() === '' && !parents.has(s.key)) {
        issue(
          hasParagraphs ? 'paragraphs' : 'body',
          'must not be empty (only a section with subsections may have no text of its own)',
        );
      }
      const parent = s.parentKey ? seen.get(s.parentKey) : undefined;
      if (s.parentKey && parent === undefined)
        issue('parentKey', `must be the key of an earlier section of this version, not ${s.parentKey}`);
      const parentLevel = parent === undefined ? 0 : levels[parent]!;
      if (s.level && s.level <= parentLevel) issue('level', 'must be deeper than the parent section');
      levels.push(s.level ?? parentLevel + 1);
      seen.set(s.key, i);
    });
  })
  .transform((list) => {
    const levels = new Map<string, number>();
    return list.map((s): SectionData => {
      const level = s.level ?? (s.parentKey ? (levels.get(s.parentKey) ?? 1) + 1 : 1);
      levels.set(s.key, level);
      const paragraphs = s.paragraphs?.map((p) => ({ number: p.number ?? null, text: p.text }));
      const section: SectionData = {
        key: s.key,
        heading: s.heading,
        body: paragraphs ? bodyOf(paragraphs) : (s.body ?? ''),
      };
      // Structure is recorded only when given, so a flat version is written as it always was.
      if (s.parentKey || s.level) section.level = level;
      if (s.parentKey) section.parentKey = s.parentKey;
      if (s.number) section.number = s.number;
      const numbers = paragraphs ? paragraphNumbersOf(paragraphs) : undefined;
      if (numbers) section.paragraphNumbers = numbers;
      return section;
    });
  });

export const RegisterDocumentInput = z.object({
  slug,
  title: nonBlank(LIMITS.titleLength),
  kind: z.enum(DOCUMENT_KINDS),
});
export const PublishVersionInput = z.object({
  slug,
  label,
  publishedOn: CalendarDate,
  changeNote: note,
  sections,
  aboutPersonIds,
});
export const SaveDraftInput = z.object({ slug, label, changeNote: note, sections, aboutPersonIds });
export const ReviseSectionInput = z.object({ slug, label, key: sectionKey, heading, body });
export const DiscardDraftInput = z.object({
  slug,
  reason: z.string().max(LIMITS.changeNoteLength).nullish(),
  aboutPersonIds,
});
export const PublishDraftInput = z.object({ slug, label, publishedOn: CalendarDate });
export const CorrectVersionInput = z.object({ slug, label, sections, reason: note, aboutPersonIds });
export const WithdrawDocumentInput = z.object({ slug, reason: note, aboutPersonIds });

export type DocumentCommand =
  | { type: 'RegisterDocument'; data: z.input<typeof RegisterDocumentInput> }
  | { type: 'PublishVersion'; data: z.input<typeof PublishVersionInput> }
  | { type: 'SaveDraft'; data: z.input<typeof SaveDraftInput> }
  | { type: 'ReviseSection'; data: z.input<typeof ReviseSectionInput> }
  | { type: 'DiscardDraft'; data: z.input<typeof DiscardDraftInput> }
  | { type: 'PublishDraft'; data: z.input<typeof PublishDraftInput> }
  | { type: 'CorrectVersion'; data: z.input<typeof CorrectVersionInput> }
  | { type: 'WithdrawDocument'; data: z.input<typeof WithdrawDocumentInput> };

const fieldError = (path: string, message: string) => new ValidationError([{ path, message }]);

/** The data without an absent `aboutPersonIds`, so a change about no one is stored exactly as before the field. */
function withPeople<T extends { aboutPersonIds?: string[] | undefined }>(data: T): T {
  if (data.aboutPersonIds) return data;
  const { aboutPersonIds: _none, ...rest } = data;
  return rest as T;
}

/** The document must exist and still be open to changes. */
function requireOpen(state: DocumentState, slugValue: string): void {
  if (!state.registered) throw new NotFoundError('document', slugValue);
  if (state.withdrawn) throw fieldError('slug', `document ${slugValue} has been withdrawn`);
}

function requireUnpublished(state: DocumentState, labelValue: string): void {
  if (state.labels.includes(labelValue)) throw fieldError('label', `version ${labelValue} is already published`);
}

function requireDraft(state: DocumentState, labelValue: string) {
  if (!state.draft) throw fieldError('label', 'this document has no draft');
  if (state.draft.label !== labelValue) {
    throw fieldError('label', `the open draft is for version ${state.draft.label}, not ${labelValue}`);
  }
  return state.draft;
}

function registerDocument(data: unknown, state: DocumentState, meta: CommandMeta): Decided[] {
  const input = parseInput(RegisterDocumentInput, data);
  if (state.registered) throw fieldError('slug', `a document with slug ${input.slug} already exists`);
  return [{ event: { type: 'DocumentRegistered', data: input }, effectiveAt: meta.now }];
}

function publishVersion(data: unknown, state: DocumentState): Decided[] {
  const input = parseInput(PublishVersionInput, data);
  requireOpen(state, input.slug);
  requireUnpublished(state, input.label);
  return [{ event: { type: 'VersionPublished', data: withPeople(input) }, effectiveAt: input.publishedOn }];
}

function saveDraft(data: unknown, state: DocumentState, meta: CommandMeta): Decided[] {
  const input = parseInput(SaveDraftInput, data);
  requireOpen(state, input.slug);
  requireUnpublished(state, input.label);
  return [{ event: { type: 'DraftSaved', data: withPeople(input) }, effectiveAt: meta.now }];
}

function reviseSection(data: unknown, state: DocumentState, meta: CommandMeta): Decided[] {
  const input = parseInput(ReviseSectionInput, data);
  requireOpen(state, input.slug);
  const draft = requireDraft(state, input.label);
  if (!draft.sections.some((s) => s.key === input.key)) {
    throw fieldError('key', `the draft has no section ${input.key}; save the draft with it first`);
  }
  return [{ event: { type: 'DraftSectionRevised', data: input }, effectiveAt: meta.now }];
}

function discardDraft(data: unknown, state: DocumentState, meta: CommandMeta): Decided[] {
  const input = parseInput(DiscardDraftInput, data);
  requireOpen(state, input.slug);
  if (!state.draft) throw fieldError('slug', 'this document has no draft to discard');
  const reason = input.reason ?? null;
  // People are named only about a reason: with none, there is no text to seal.
  if (reason === null && input.aboutPersonIds)
    throw fieldError('aboutPersonIds', 'names people only together with a reason');
  const event = {
    type: 'DraftDiscarded',
    data: withPeople({ slug: input.slug, label: state.draft.label, reason, aboutPersonIds: input.aboutPersonIds }),
  } as const;
  return [{ event, effectiveAt: meta.now }];
}

function publishDraft(data: unknown, state: DocumentState): Decided[] {
  const input = parseInput(PublishDraftInput, data);
  requireOpen(state, input.slug);
  const draft = requireDraft(state, input.label);
  requireUnpublished(state, input.label);
  // The draft's change note becomes the version's, with the people it names.
  const version = withPeople({
    slug: input.slug,
    label: draft.label,
    publishedOn: input.publishedOn,
    changeNote: draft.changeNote,
    sections: draft.sections,
    aboutPersonIds: draft.aboutPersonIds,
  });
  return [{ event: { type: 'VersionPublished', data: version }, effectiveAt: input.publishedOn }];
}

function correctVersion(data: unknown, state: DocumentState, meta: CommandMeta): Decided[] {
  const input = parseInput(CorrectVersionInput, data);
  if (!state.registered) throw new NotFoundError('document', input.slug);
  if (!state.labels.includes(input.label)) throw fieldError('label', `version ${input.label} has not been published`);
  return [{ event: { type: 'VersionCorrected', data: withPeople(input) }, effectiveAt: meta.now }];
}

function withdrawDocument(data: unknown, state: DocumentState, meta: CommandMeta): Decided[] {
  const input = parseInput(WithdrawDocumentInput, data);
  requireOpen(state, input.slug);
  return [{ event: { type: 'DocumentWithdrawn', data: withPeople(input) }, effectiveAt: meta.now }];
}

export function decide(command: DocumentCommand, state: DocumentState, meta: CommandMeta): Decided[] {
  switch (command.type) {
    case 'RegisterDocument':
      return registerDocument(command.data, state, meta);
    case 'PublishVersion':
      return publishVersion(command.data, state);
    case 'SaveDraft':
      return saveDraft(command.data, state, meta);
    case 'ReviseSection':
      return reviseSection(command.data, state, meta);
    case 'DiscardDraft':
      return discardDraft(command.data, state, meta);
    case 'PublishDraft':
      return publishDraft(command.data, state);
    case 'CorrectVersion':
      return correctVersion(command.data, state, meta);
    case 'WithdrawDocument':
      return withdrawDocument(command.data, state, meta);
    default:
      return assertNever(command);
  }
}

export const documentDecider: Decider<DocumentState, DocumentCommand, 'document'> = {
  aggregate: 'document',
  initialState,
  evolve,
  decide,
};
