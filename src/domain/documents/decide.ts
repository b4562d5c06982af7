// Commands on a guidance document and the rules that accept or refuse them.
import { z } from 'zod';
import { CalendarDate, DOCUMENT_KINDS, SECTION_KEY_PATTERN, SLUG_PATTERN } from '../../events/catalogue.ts';
import { assertNever, type CommandMeta, type Decided, type Decider } from '../aggregate.ts';
import { NotFoundError, parseInput, ValidationError } from '../errors.ts';
import { evolve, initialState, type DocumentState } from './document.ts';

export const LIMITS = {
  titleLength: 300,
  labelLength: 40,
  changeNoteLength: 4_000,
  headingLength: 300,
  bodyLength: 200_000,
  sections: 500,
} as const;

const slug = z.string().regex(SLUG_PATTERN, 'must be lower-case letters, digits and hyphens, starting with a letter or digit');
const nonBlank = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => s.trim().length > 0, 'must not be empty');

const SectionInput = z.object({
  key: z.string().regex(SECTION_KEY_PATTERN, 'must match ^[a-z0-9][a-z0-9-]{0,63}$'),
  heading: nonBlank(LIMITS.headingLength),
  body: nonBlank(LIMITS.bodyLength),
});

export const RegisterDocumentInput = z.object({
  slug,
  title: nonBlank(LIMITS.titleLength),
  kind: z.enum(DOCUMENT_KINDS),
});

export const PublishVersionInput = z.object({
  slug,
  label: nonBlank(LIMITS.labelLength),
  publishedOn: CalendarDate,
  changeNote: nonBlank(LIMITS.changeNoteLength),
  sections: z
    .array(SectionInput)
    .min(1, 'a version needs at least one section')
    .max(LIMITS.sections, `a version has at most ${LIMITS.sections} sections`)
    .superRefine((sections, ctx) => {
      const seen = new Set<string>();
      sections.forEach((s, i) => {
        if (seen.has(s.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `duplicate section key ${s.key}` });
        seen.add(s.key);
      });
    }),
});

export type DocumentCommand =
  | { type: 'RegisterDocument'; data: z.input<typeof RegisterDocumentInput> }
  | { type: 'PublishVersion'; data: z.input<typeof PublishVersionInput> };

function registerDocument(data: unknown, state: DocumentState, meta: CommandMeta): Decided[] {
  const input = parseInput(RegisterDocumentInput, data);
  if (state.registered) {
    throw new ValidationError([{ path: 'slug', message: `a document with slug ${input.slug} already exists` }]);
  }
  return [{ event: { type: 'DocumentRegistered', data: input }, effectiveAt: meta.now }];
}

function publishVersion(data: unknown, state: DocumentState): Decided[] {
  const input = parseInput(PublishVersionInput, data);
  if (!state.registered) throw new NotFoundError('document', input.slug);
  if (state.labels.includes(input.label)) {
    throw new ValidationError([{ path: 'label', message: `version ${input.label} is already published` }]);
  }
  return [{ event: { type: 'VersionPublished', data: input }, effectiveAt: input.publishedOn }];
}

export function decide(command: DocumentCommand, state: DocumentState, meta: CommandMeta): Decided[] {
  switch (command.type) {
    case 'RegisterDocument':
      return registerDocument(command.data, state, meta);
    case 'PublishVersion':
      return publishVersion(command.data, state);
    default:
      return assertNever(command);
  }
}

export const documentDecider: Decider<DocumentState, DocumentCommand> = { initialState, evolve, decide };
