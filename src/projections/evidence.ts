// Read model of the evidence behind the board and the membership: every fact about them with the
// interval its date is known to lie in ([earliest, latest]; earliest = latest when the date was
// printed), the reasoning for that interval and where the fact was reported. Answers about a day
// read it to say how certain they are, how old their evidence is, and which reports disagree.
import { eventTypesOf, type BoardEvent, type MembershipEvent } from '../events/catalogue.ts';
import { assertNever } from '../events/vocabulary.ts';
import { prepareErasure } from './erasure.ts';
import { defineProjector } from './projector.ts';

/** The fields of a fact this read model keeps, from one board or membership event. */
interface FactRow {
  subject: 'BOARD' | 'MEMBERSHIP';
  kind: string;
  /** The trustee or member the fact is about: its source and note are theirs to erase. */
  personId: string | null;
  /** The day the event took effect: the latest day its fact can have happened. */
  on: string;
  size?: number | null;
  membershipYear?: string | null;
  members?: number | null;
  eligible?: number | null;
}

export const evidenceProjector = defineProjector({
  handles: [...eventTypesOf('board'), ...eventTypesOf('membership'), 'PersonalDataErased'],
  name: 'evidence',
  // Holds sources and notes, sealed for events about a person: reads events opened, blanks on erasure.
  opened: true,
  version: 1,
  ddl: `
    CREATE TABLE IF NOT EXISTS evidence_facts (
      association     TEXT NOT NULL,
      position        INTEGER NOT NULL,
      subject         TEXT NOT NULL,
      kind            TEXT NOT NULL,
      person_id       TEXT,
      earliest        TEXT NOT NULL,
      latest          TEXT NOT NULL,
      note            TEXT,
      source          TEXT,
      size            INTEGER,
      membership_year TEXT,
      members         INTEGER,
      eligible        INTEGER,
      PRIMARY KEY (association, position)
    );
    CREATE INDEX IF NOT EXISTS evidence_facts_latest ON evidence_facts (association, subject, latest);
    CREATE INDEX IF NOT EXISTS evidence_facts_kind ON evidence_facts (association, subject, kind, latest);
    CREATE INDEX IF NOT EXISTS evidence_facts_kind_earliest ON evidence_facts (association, subject, kind, earliest);
    CREATE INDEX IF NOT EXISTS evidence_facts_uncertain ON evidence_facts (association, subject, earliest, latest) WHERE earliest < latest;`,
  tables: [{ name: 'evidence_facts', orderBy: 'association, position' }],
  prepare(db) {
    const insert = db.prepare(
      `INSERT INTO evidence_facts (association, position, subject, kind, person_id, earliest, latest, note, source, size, membership_year, members, eligible)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const erase = prepareErasure(db, [
      { table: 'evidence_facts', where: 'person_id = @personId', columns: ['source', 'note'] },
    ]);

    return (event, stored) => {
      if (event.type === 'PersonalDataErased') {
        erase(event.data.personId);
        return;
      }
      const fact = factOf(event);
      const association = stored.streamId.slice(stored.streamId.indexOf('-') + 1);
      const dating = 'dating' in event.data ? event.data.dating : null;
      insert.run(
        association,
        stored.position,
        fact.subject,
        fact.kind,
        fact.personId,
        dating?.earliest ?? fact.on,
        fact.on,
        dating?.note ?? null,
        stored.metadata.source ?? null,
        fact.size ?? null,
        fact.membershipYear ?? null,
        fact.members ?? null,
        fact.eligible ?? null,
      );
    };
  },
});

/** The fact a board or membership event states. */
function factOf(event: BoardEvent | MembershipEvent): FactRow {
  switch (event.type) {
    case 'TrusteeAppointed':
      return { subject: 'BOARD', kind: 'APPOINTED', personId: event.data.trusteeId, on: event.data.appointedOn };
    case 'TrusteeRoleChanged':
      return { subject: 'BOARD', kind: 'ROLE_CHANGED', personId: event.data.trusteeId, on: event.data.changedOn };
    case 'TrusteeStoodDown':
      return { subject: 'BOARD', kind: 'STOOD_DOWN', personId: event.data.trusteeId, on: event.data.stoodDownOn };
    case 'BoardSizeReported':
      return {
        subject: 'BOARD',
        kind: 'SIZE_REPORTED',
        personId: null,
        on: event.data.reportedOn,
        size: event.data.size,
      };
    case 'MemberAdmitted':
      return { subject: 'MEMBERSHIP', kind: 'JOINED', personId: event.data.memberId, on: event.data.joinedOn };
    case 'MemberLeft':
      return { subject: 'MEMBERSHIP', kind: 'LEFT', personId: event.data.memberId, on: event.data.leftOn };
    case 'MembershipRenewed':
      return { subject: 'MEMBERSHIP', kind: 'RENEWED', personId: event.data.memberId, on: event.data.renewedOn };
    case 'MembershipFiguresReported': {
      const { reportedOn, membershipYear, members, eligible } = event.data;
      return {
        subject: 'MEMBERSHIP',
        kind: 'FIGURES_REPORTED',
        personId: null,
        on: reportedOn,
        membershipYear,
        members,
        eligible,
      };
    }
    case 'MembershipTermsSet':
      return { subject: 'MEMBERSHIP', kind: 'TERMS_SET', personId: null, on: event.data.effectiveOn };
    default:
      return assertNever(event);
  }
}
