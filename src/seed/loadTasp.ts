// Loads the TASP seed facts (board, membership, publications) through the same deciders editors
// use. Each fact is recorded on the latest day its issue can have appeared, with the interval the
// evidence allows and its reasoning (`dating`, from src/seed/evidence.ts). Every fact has its own deterministic idempotency key, so its events get deterministic ids:
// a repeated issue in the archive, or a second run of the seed, finds the key already used for the
// same command and appends nothing. A key found used for a different command (the seed text was
// edited after it was loaded) is left as it is: the seed never rewrites recorded history.
//
// A seeded person's id is derived from their name with the service secret (see
// PersonalDataVault.derivedId): stable across runs, yet it neither spells nor confirms the name.
// The idempotency key of an appointment is its place in the seed (issue and index), so it names no
// one and still finds the earlier run when the log was copied without its keys (a new secret). A
// person whose data was erased is never seeded again.
import type { CommandOptions } from '../app/commandHandler.ts';
import type { Services } from '../app/services.ts';
import type { Decider } from '../domain/aggregate.ts';
import type { Aggregate } from '../events/catalogue.ts';
import { ASSOCIATION, boardStreamId } from '../domain/board/board.ts';
import { boardDecider, type BoardCommand } from '../domain/board/decide.ts';
import { IdempotencyKeyReusedError } from '../domain/errors.ts';
import { membershipDecider, type MembershipCommand } from '../domain/membership/decide.ts';
import { admittedMemberId, membershipStreamId } from '../domain/membership/membership.ts';
import { slugFromName } from '../domain/inputs.ts';
import { PERSON_ID_PREFIX, personDecider, personStreamId } from '../domain/people/decide.ts';
import { publicationDecider } from '../domain/publications/decide.ts';
import { publicationStreamId } from '../domain/publications/publication.ts';
import { importOrder, type SeedIssue } from './tasp.ts';

export const TASP_SEED_ACTOR = 'seed';

export async function loadTaspSeed(services: Services): Promise<{ appended: number }> {
  let appended = 0;
  const run = async <S, C, A extends Aggregate>(
    decider: Decider<S, C, A>,
    streamId: string,
    command: C,
    key: string,
    issue: SeedIssue,
    note: string,
  ) => {
    const options: CommandOptions = {
      actor: TASP_SEED_ACTOR,
      source: issue.source,
      changeNote: note,
      idempotencyKey: `seed:tasp:${key}`,
    };
    try {
      appended += (await services.commands.execute(decider, streamId, command, options)).events.length;
    } catch (error) {
      if (!(error instanceof IdempotencyKeyReusedError)) throw error;
    }
  };
  const board = (command: BoardCommand, key: string, issue: SeedIssue, note: string) =>
    run(boardDecider, boardStreamId(), command, key, issue, note);
  const membership = (command: MembershipCommand, key: string, issue: SeedIssue, note: string) =>
    run(membershipDecider, membershipStreamId(), command, key, issue, note);

  const { vault } = services;
  const trusteeId = (name: string) => vault.derivedId('trustee', 'seed:tasp', name);
  const personId = (name: string) => vault.derivedId(PERSON_ID_PREFIX, 'seed:tasp', name);
  // Logs written before ids became opaque hold seeded trustees under ids made from their names,
  // which the read models show under the opaque ids derived from them.
  const recordedUnderLegacyId = (name: string) =>
    services.board.trustees(ASSOCIATION, [vault.legacyTrusteeId(`trustee-${slugFromName(name)}`)]).length > 0;

  for (const issue of importOrder()) {
    const on = issue.publishedOn;
    const linked = [...new Set(issue.items.flatMap((i) => (i.documentSlug ? [i.documentSlug] : [])))];
    // A link to a document the guidance seed does not hold is dropped rather than failing the seed.
    const existing = new Set(services.documents.documents(linked).map((d) => d.slug));
    // People named in an item with no trustee record get one of their own first (once, whatever
    // the number of items naming them; an erased person is not recorded again).
    for (const name of new Set(issue.items.flatMap((i) => i.people ?? []))) {
      const id = personId(name);
      if (vault.isErased(id)) continue;
      await run(
        personDecider,
        personStreamId(id),
        { type: 'RecordPerson', data: { personId: id, name } },
        `person:${id}`,
        issue,
        `Named in ${issue.title}`,
      );
    }
    const items = issue.items.map(({ about, people, ...i }) => ({
      ...i,
      documentSlug: i.documentSlug && existing.has(i.documentSlug) ? i.documentSlug : null,
      aboutPersonIds: [...(about ?? []).map(trusteeId), ...(people ?? []).map(personId)],
    }));
    const knownPeople = [...new Set(items.flatMap((i) => i.aboutPersonIds))];
    const publication = {
      slug: issue.slug,
      kind: issue.kind,
      title: issue.title,
      publisher: issue.publisher,
      publishedOn: on,
      items,
    };
    await run(
      publicationDecider,
      publicationStreamId(issue.slug),
      { type: 'RecordPublication', data: publication, existingDocuments: [...existing].sort(), knownPeople },
      `publication:${issue.slug}`,
      issue,
      issue.dateNote,
    );
    for (const [i, a] of (issue.appointments ?? []).entries()) {
      const id = trusteeId(a.name);
      if (vault.isErased(id) || recordedUnderLegacyId(a.name)) continue;
      const data = { trusteeId: id, name: a.name, role: a.role ?? null, appointedOn: on, dating: issue.dating };
      await board({ type: 'AppointTrustee', data }, `appointment:${issue.slug}:${i}`, issue, a.note);
    }
    if (issue.boardSize) {
      const data = { size: issue.boardSize.size, reportedOn: on, dating: issue.dating };
      await board({ type: 'ReportBoardSize', data }, `board-size:${issue.keyDate}`, issue, issue.boardSize.note);
    }
    for (const [i, m] of (issue.admissions ?? []).entries()) {
      const dating = m.dating ?? issue.dating;
      const data = {
        memberId: vault.derivedId('member', 'seed:tasp', m.name),
        name: m.name,
        kind: m.kind,
        region: m.region,
        joinedOn: dating.latest,
        dating,
      };
      const id = admittedMemberId(data) ?? data.memberId;
      if (m.kind === 'INDIVIDUAL' && vault.isErased(id)) continue;
      // An organisation's key keeps its readable id, as logs written before opaque ids have it.
      await membership(
        { type: 'AdmitMember', data },
        m.kind === 'INDIVIDUAL' ? `admission:${issue.slug}:${i}` : `member:${id}`,
        issue,
        m.note,
      );
    }
    if (issue.figures) {
      const { note, ...figures } = issue.figures;
      await membership(
        { type: 'ReportMembershipFigures', data: { reportedOn: on, ...figures, dating: issue.dating } },
        `membership-figures:${issue.keyDate}`,
        issue,
        note,
      );
    }
    if (issue.terms) {
      const { note, ...terms } = issue.terms;
      await membership(
        { type: 'SetMembershipTerms', data: { effectiveOn: on, ...terms, dating: issue.dating } },
        `membership-terms:${issue.keyDate}`,
        issue,
        note,
      );
    }
  }
  return { appended };
}
