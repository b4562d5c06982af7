// Descriptions for the types and fields whose definitions give none, applied once to the built
// schema, so every type and field a client or code generator sees is described (graphql-schema-
// linter checks it in CI, see .graphql-schema-linterrc). A description written beside a field in
// its type file always wins; the ones here were written while the type files were being split, and
// may move next to their fields. Types that follow a convention (connections, edges, mutation
// inputs, results and success payloads, the fields of the Error interface) are described by rule.
import { isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';

/** `Type` or `Type.field` to its description. */
export const DESCRIPTIONS: Readonly<Record<string, string>> = {
  Query:
    'Everything a client can read: documents and their versions, the board, the membership, publications, and (for auditors) the log and its proofs',
  'Query.publication':
    'A publication (newsletter issue or information circular) by its slug, or null when there is none',
  Mutation:
    'Editor commands; each answers a union of its success payload and the typed errors that explain why nothing was recorded',
  'Mutation.admitMember': 'Record a member joining the association',
  'Mutation.appointTrustee': 'Appoint a trustee (a new person, or again someone who stood down)',
  'Mutation.changeTrusteeRole': "Change a serving trustee's role, from a date",
  'Mutation.discardDraft': 'Throw away the open draft of a document',
  'Mutation.publishVersion': 'Publish a new version of a document with its sections',
  'Mutation.recordMemberLeaving': 'Record a member leaving the association',
  'Mutation.recordPublication': 'Record a newsletter issue or information circular and its items',
  'Mutation.recordTrusteeStandingDown': 'Record a trustee standing down',
  'Mutation.registerDocument': 'Register a new document; its versions are published afterwards',
  'Mutation.renewMembership': 'Record a member renewing for a membership year',
  Subscription: 'Live updates over Server-Sent Events (GraphQL over SSE, distinct connections mode)',
  Node: 'An object with a global id (Relay): pass the id to node or nodes to fetch it again',
  'Node.id': 'Global id: opaque, the same exactly when the data is the same, so caches may key objects by it',

  Error: 'What every typed error of a mutation has; nothing was recorded when a mutation answers one',
  'Error.code': 'A stable, machine-readable code for the kind of error (the message may change)',
  'Error.message': 'What went wrong, in English, for people',
  ConflictError:
    'The stream changed since the revision the editor read (expectedRevision), or a unique value is already taken',
  'ConflictError.expectedRevision': 'The revision the request expected the stream to be at, if it gave one',
  'ConflictError.actualRevision': 'The revision the stream is actually at, when there was one',
  NotFoundError: 'The command names something the service does not hold',
  'NotFoundError.resource': 'What kind of thing was not found, e.g. document or trustee',
  'NotFoundError.identifier': 'The slug or id that was asked for',
  IdempotencyKeyReusedError:
    'The idempotency key was already used for a different command (a true retry answers like the first call)',
  'IdempotencyKeyReusedError.idempotencyKey': 'The key that was reused',
  ValidationError: 'The input breaks a rule; fields says which parts and why',
  'ValidationError.fields': 'Each bad input field with its path and what is wrong',
  'FieldError.path': 'Where in the input, dotted, e.g. sections.2.key',
  'FieldError.message': 'What is wrong with the value there',

  Document: 'A guidance document or other item whose versions the service records',
  'Document.slug': 'The stable readable key of the document, e.g. working-together-to-safeguard-children',
  'Document.title': 'The title the document is known by',
  'Document.kind': 'What sort of item it is',
  'Document.draft':
    'The unpublished next version being prepared, for editors and auditors; null for the public or when there is none',
  'Document.version': 'One published version by its label (e.g. 2023), or null when there is none',
  'Document.withdrawnReason': 'Why the document was withdrawn, if it was',
  DocumentKind: 'What sort of item a document is, in the terms GOV.UK uses',
  DocumentVersion: 'A published version of a document and its text',
  'DocumentVersion.label': 'The name of the version within its document, e.g. 2018 or 2023',
  'DocumentVersion.publishedOn': 'The day the version was published',
  'DocumentVersion.changeNote': 'What the version changed, as its publisher summarised it',
  'DocumentVersion.wordCount': 'Words in the text of all its sections',
  'DocumentVersion.sections': 'Its sections in reading order',
  'Section.heading': 'The heading as printed',
  'Section.body': 'The text of the section (plain text)',
  Draft: 'The unpublished next version of a document, visible to editors and auditors only',
  'Draft.label': 'The label the version will be published under',
  'Draft.changeNote': 'The change note it will be published with',
  'Draft.savedAt': 'When the draft was last saved',
  'Draft.savedBy': 'The editor who last saved it',
  'Draft.sections': 'Its sections in reading order',
  'Correction.correctedAt': 'When the correction was recorded',
  'Correction.reason': 'Why the text was corrected',
  HistoryEntry: 'One recorded change to a document: what, who, when and why',
  'HistoryEntry.revision': "The change's revision in the document's stream (0-based)",
  'HistoryEntry.position': "The event's global position in the log (a string: it can exceed 2^53)",
  'HistoryEntry.type': 'The event type, e.g. VersionPublished',
  'HistoryEntry.label': 'The version label the change concerns, if any',
  'HistoryEntry.actor': 'Who made the change (the editor, or the importer for seeded history)',
  'HistoryEntry.source': 'Where the fact comes from, when recorded',
  'HistoryEntry.recordedAt': 'When the log learned of it',
  'HistoryEntry.correlationId': 'Shared by the events of one request',
  'HistoryEntry.causationId': 'The event or request that caused this one, when recorded',
  DocumentChange: 'A change to a document, as the documentChanged subscription announces it',
  'DocumentChange.slug': 'The document that changed',
  'DocumentChange.revision': "The change's revision in the document's stream",
  'DocumentChange.type': 'The event type, e.g. VersionPublished',
  'DocumentChange.position': "The event's global position in the log (a string)",
  'DocumentChange.recordedAt': 'When the log recorded it',
  AppendedEvent: 'An event just appended to the log, as the eventAppended subscription announces it',
  'AppendedEvent.streamId': 'The stream it was appended to, e.g. document-working-together',
  'AppendedEvent.revision': 'Its revision in that stream (0-based)',
  'AppendedEvent.type': 'The event type, e.g. TrusteeAppointed',
  'AppendedEvent.recordedAt': 'When the log recorded it',

  Comparison: 'What changed between two versions of a document, section by section',
  'Comparison.from': 'The earlier version compared',
  'Comparison.to': 'The later version compared',
  'Comparison.summary': 'Counts of section changes and of words added and removed',
  ChangeNote: 'The change note of a version published after `from`, up to and including `to`',
  'ChangeNote.label': 'The version it belongs to',
  'ChangeNote.note': 'What that version changed, as its publisher summarised it',
  'ChangeNote.publishedOn': 'When that version was published',
  ComparisonSummary: 'How many sections changed in each way, and how many words',
  'ComparisonSummary.added': 'Sections only in `to`',
  'ComparisonSummary.removed': 'Sections only in `from`',
  'ComparisonSummary.modified': 'Matched sections whose text changed',
  'ComparisonSummary.unchanged': 'Matched sections whose text is the same',
  'ComparisonSummary.moved': 'Matched sections whose order relative to the others changed',
  'ComparisonSummary.renamed': 'Matched sections whose heading changed',
  'ComparisonSummary.wordsAdded': 'Words added across all sections',
  'ComparisonSummary.wordsRemoved': 'Words removed across all sections',
  SectionChange: 'How one section changed between the two versions',
  'SectionChange.change': 'Added, removed, modified or unchanged',
  'SectionChange.key': 'The section key (of `to`, else of `from`)',
  'SectionChange.fromKey': 'Its key in `from`, null when added',
  'SectionChange.toKey': 'Its key in `to`, null when removed',
  'SectionChange.fromHeading': 'Its heading in `from`, null when added',
  'SectionChange.toHeading': 'Its heading in `to`, null when removed',
  'SectionChange.fromPosition': 'Its 1-based place in `from`, null when added',
  'SectionChange.toPosition': 'Its 1-based place in `to`, null when removed',
  'SectionChange.matchedBy': 'How the two sides were matched: by key or by similar text; null when unmatched',
  'SectionChange.similarity': 'Word similarity of the two texts from 0 to 1, for sections matched by similarity',
  'SectionChange.wordsAdded': 'Words added in this section',
  'SectionChange.wordsRemoved': 'Words removed in this section',
  SectionChangeType: 'How a section changed between two versions',
  DiffKind: 'Whether a piece of text was added, removed or kept',
  DiffPart: 'A run of words of a section diff',
  'DiffPart.kind': 'Added, removed or the same in both versions',
  'DiffPart.text': 'The words of the run, with their spacing',

  'Board.asOf': 'The date the board is shown on (effective time)',
  'Board.minimum': 'The fewest trustees the constitution requires',
  'Board.maximum': 'The most trustees the constitution allows',
  'Board.reportedOn': 'When the latest reported size (reportedSize) was reported',
  'Board.reportSource': 'Where the latest reported size was published',
  'Board.bestKnownSize': 'The same number as size, kept for clients that read it',
  BoardChange: 'An appointment, role change or standing-down, on the date it took effect',
  'BoardChange.kind': 'Appointed, role changed or stood down',
  'BoardChange.date': 'The day it took effect',
  'BoardChange.trustee': 'The trustee it concerns',
  'BoardChange.source': 'Where the change was reported',
  'BoardChange.note': 'The change note: what is certain about it and what is not',
  'BoardChange.recordedAt': 'When the log learned of it',
  BoardChangeKind: 'The kinds of change to the board',
  'Trustee.name': "The trustee's name, or [erased] once their personal data is erased",
  'Trustee.stoodDownReason': 'Why the trustee stood down, when recorded',
  'TrusteeRole.role': 'The role held, e.g. chair or treasurer; null for an ordinary trustee',
  'TrusteeRole.validFrom': 'The first day the role was held',
  'TrusteeRole.validTo': 'The day the role ended, null while it lasts',
  'TrusteeRole.source': 'Where the role was reported',

  'Member.name': "The organisation's name, or the person's ([erased] once their personal data is erased)",
  'Member.kind': 'Partnership, other organisation, or individual',
  'Member.region': 'The English region, for partnerships and regional bodies',
  'Member.leftOn': 'When the membership ended, if it has',
  'Member.leaveReason': 'Why the member left, when recorded',
  'Member.source': 'Where the admission was reported',
  'Member.note': 'What the record of the admission says about its certainty',
  MembershipChange:
    'A change to the membership on the date it took effect: a member joining, renewing or leaving, figures reported, or new terms',
  'MembershipChange.kind': 'What changed',
  'MembershipChange.date': 'The day it took effect',
  'MembershipChange.member': 'The member it concerns, for joining, renewing and leaving',
  'MembershipChange.membershipYear': 'The membership year, for renewals and reported figures, e.g. 2021-22',
  'MembershipChange.reason': 'Why the member left, when recorded',
  'MembershipChange.report': 'The figures reported, for FIGURES_REPORTED',
  'MembershipChange.source': 'Where the change was reported',
  'MembershipChange.note': 'The change note: what is certain about it and what is not',
  'MembershipChange.recordedAt': 'When the log learned of it',
  MembershipChangeKind: 'The kinds of change to the membership',
  MembershipRenewal: 'A membership year a member renewed for',
  'MembershipRenewal.renewedOn': 'The day the renewal was recorded as made',
  'MembershipRenewal.source': 'Where the renewal was reported',
  'MembershipSnapshot.asOf': 'The date the membership is shown on (effective time)',
  'MembershipSnapshot.tracked': 'Named members counted from member events',
  'MembershipTerms.effectiveOn': 'The first day the terms applied',
  'MembershipTerms.currency': 'ISO 4217 code of the fees (always GBP)',
  'MembershipTerms.source': 'Where the terms were published',
  'MembershipTerms.note': 'What the record of the terms says about its certainty',
  'ReportedMembership.reportedOn': 'When the figures were reported',
  'ReportedMembership.source': 'Where the figures were published',
  'ReportedMembership.note': 'What the record of the figures says about their certainty',
  RegionCount: 'Named members in one region',
  'RegionCount.region': 'The region',
  'RegionCount.members': 'Named members in membership there on the date',
  'RegionFigure.region': 'The region',
  'RegionFigure.members': 'Partnerships of the region that were members',
  'RegionFigure.eligible': 'Partnerships of the region that could be members',
  'TrackedMembership.members': 'Named members in membership on the date',

  'Publication.slug': 'The stable readable key of the publication',
  'Publication.title': 'Its title as published',
  'Publication.kind': 'Newsletter issue or information circular',
  'Publication.publisher': 'Who published it',
  'Publication.itemCount': 'How many items it has',
  'Publication.source': 'Where the record of it comes from',
  'Publication.note': 'What the record says about its certainty, e.g. a date known only by season',
  PublicationKind: 'The kinds of publication the association issues',
  'PublicationItem.category': 'What sort of item it announces',
  'PublicationItem.title': 'The item title ([erased] once a person it is about is erased)',
  'PublicationItem.summary': 'The item text in our own words ([erased] once a person it is about is erased)',
  PublicationItemCategory: 'What sort of thing a publication item announces',

  Event: 'One stored event of the log, exactly as recorded, with its place in the hash chain',
  'Event.id': 'The event id (a UUID, lower case; deterministic for imported facts)',
  'Event.revision': 'Its revision in its stream (0-based)',
  'Event.streamId': 'The stream it belongs to, e.g. board-tasp',
  'Event.type': 'The event type, past tense, e.g. VersionPublished',
  'Event.schemaVersion': "The version of the event type's data schema it was stored with",
  'Event.actor': 'Who recorded it',
  'Event.source': 'Where the fact comes from, when recorded',
  'Event.changeNote': 'The change note recorded with it',
  'Event.correlationId': 'Shared by the events of one request',
  'Event.causationId': 'The event or request that caused this one, when recorded',
  'Event.hash': "SHA-256 over the previous hash and this event's canonical form, lower-case hex",
  'Event.previousHash': 'The hash of the event before it in the chain (64 zeros for the first)',
  Provenance: 'An event of the log that produced (part of) this object',
  'Provenance.position': "The event's global position in the log (a string: it can exceed 2^53)",
  'Provenance.eventId': 'The event id',
  'Provenance.streamId': 'The stream it belongs to',
  'Provenance.type': 'The event type',
  'Provenance.recordedAt': 'When the log learned of it',
  'Provenance.actor': 'Who recorded it',
  'Provenance.source': 'Where the fact comes from, when recorded',
  'Provenance.changeNote': 'The change note recorded with it',
  Verification: 'The result of checking the hash chain and the read models',
  'Verification.ok': 'True when the chain verifies and the read models match a fresh replay',
  'Verification.checkedEvents': 'How many events were checked',
  'Verification.headHash': 'The hash of the last event checked',
  'Verification.firstBrokenPosition': 'The first position where the chain breaks, if it does',
  'Verification.readModelsMatch': 'Whether the read models equal a fresh replay; null when not compared',
  'Verification.readModelChecksum': 'Checksum of the live read models, as `verify` prints it',
  'ConsistencyProof.fromSize': 'The size of the older tree (leaves, as a decimal string)',
  'ConsistencyProof.toSize': 'The size of the newer tree (leaves, as a decimal string)',
  'InclusionProof.treeSize': 'The size of the tree the proof is for (leaves, as a decimal string)',
  'SignedTreeHead.signature': 'Ed25519 signature over the tree head, base64',
  'SigningKey.algorithm': 'The signature algorithm, Ed25519',
  'SigningKey.keyId': 'Hex SHA-256 of the public key in DER (SubjectPublicKeyInfo) form',
  'ErasePersonalDataSuccess.personId': 'The person whose data was erased',
  'ErasePersonalDataSuccess.erasedAt': 'When the erasure was recorded',
  PageInfo: 'Where a page of a connection lies (Relay cursor connections)',
  'PageInfo.hasNextPage': 'Whether items follow this page',
  'PageInfo.hasPreviousPage': 'Whether items come before this page',
  'PageInfo.startCursor': 'The cursor of the first item of the page, null when it is empty',
  'PageInfo.endCursor': 'The cursor of the last item of the page, null when it is empty',
};

/** `AdmitMemberSuccess` → `admitMember`. */
const mutationOf = (typeName: string, suffix: string) =>
  typeName.charAt(0).toLowerCase() + typeName.slice(1, -suffix.length);

/** The description a type following a naming convention gets, or undefined. */
function conventionalType(name: string): string | undefined {
  if (name.endsWith('Connection'))
    return `A page of ${name.slice(0, -'Connection'.length)} items (Relay cursor connection)`;
  if (name.endsWith('Edge')) return `One ${name.slice(0, -'Edge'.length)} item of a page, with its cursor`;
  if (name.endsWith('Success')) return `What ${mutationOf(name, 'Success')} answers when the change was recorded`;
  if (name.endsWith('Result'))
    return `What ${mutationOf(name, 'Result')} answers: its success payload, or a typed error when nothing was recorded`;
  if (name.endsWith('Input')) return `The input of ${mutationOf(name, 'Input')}`;
  return undefined;
}

const CONVENTIONAL_FIELDS: Record<string, string> = {
  edges: 'The items of this page, each with its cursor',
  pageInfo: 'Where this page lies, for asking for the next or previous one',
  cursor: 'Pass as after (or before) to continue from this item',
  node: 'The item',
  document: 'The document as it is now, after the change',
  draft: 'The open draft after the change, null when there is none',
  version: 'The version the change concerns, as it is now',
  trustee: 'The trustee as they are now, after the change',
  member: 'The member as they are now, after the change',
  publication: 'The publication as recorded',
  board: 'The board on the date the change took effect',
};

/** Fills in every missing description it has, in place, and returns the schema. */
export function describeSchema(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    type.description ??= DESCRIPTIONS[type.name] ?? conventionalType(type.name);
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const implementsError = isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Error');
    const conventional = /(Connection|Edge|Success)$/.test(type.name);
    for (const field of Object.values(type.getFields())) {
      field.description ??=
        DESCRIPTIONS[`${type.name}.${field.name}`] ??
        (implementsError ? DESCRIPTIONS[`Error.${field.name}`] : undefined) ??
        (field.name === 'id' ? DESCRIPTIONS['Node.id'] : undefined) ??
        (conventional ? CONVENTIONAL_FIELDS[field.name] : undefined);
    }
  }
  return schema;
}

/** Keys of DESCRIPTIONS that name no type or field of the schema (a renamed field leaves one behind). */
export function staleDescriptions(schema: GraphQLSchema): string[] {
  return Object.keys(DESCRIPTIONS).filter((key) => {
    const [typeName, fieldName] = key.split('.');
    const type = schema.getType(typeName!);
    if (!type) return true;
    if (fieldName === undefined) return false;
    return (
      !(isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) || !(fieldName in type.getFields())
    );
  });
}
