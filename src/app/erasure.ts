// Erasure of a person's personal data (crypto-shredding), in one place: who can be erased, the
// erasure recorded on the person's own stream, and their key destroyed, at once and again at every
// start for an erasure whose key survived a crash. The read models blank the person's rows when
// they apply PersonalDataErased (src/projections/erasure.ts); replays read sealed fields as erased.
import { ASSOCIATION } from '../domain/board/board.ts';
import { fieldError, NotFoundError } from '../domain/errors.ts';
import { personDecider, personStreamId } from '../domain/people/decide.ts';
import type { AuditQueries } from '../projections/audit.ts';
import { idInStream } from '../events/streams.ts';
import type { BoardQueries } from '../projections/boardQueries.ts';
import type { MembershipQueries } from '../projections/membershipQueries.ts';
import type { CommandHandler, CommandOptions, CommandResult } from './commandHandler.ts';
import type { PersonalDataVault } from './personalData.ts';

const PAGE = 500;

export class ErasureService {
  constructor(
    private readonly commands: CommandHandler,
    private readonly vault: PersonalDataVault,
    private readonly board: BoardQueries,
    private readonly membership: MembershipQueries,
    private readonly audit: AuditQueries,
  ) {}

  /**
   * Erases a trustee's, a member's who is a person, or a recorded person's (PersonRecorded: someone
   * a publication item names) personal data: records PersonalDataErased,
   * then destroys the key. Answers the command's result: the PersonalDataErased event it recorded,
   * or none when the command's idempotency key was already used (the first request recorded it). Errors: NotFoundError for an id that is neither; ValidationError (field
   * personId) for an organisation, which has no personal data, or a person already erased.
   */
  async erase(personId: string, reason: string, options: CommandOptions): Promise<CommandResult> {
    const trustee = this.board.trustees(ASSOCIATION, [personId])[0];
    const member = this.membership.members(ASSOCIATION, [personId])[0];
    if (!trustee && !member && !this.isRecordedPerson(personId)) throw new NotFoundError('person', personId);
    if (!trustee && member && member.kind !== 'INDIVIDUAL')
      throw fieldError('personId', `${personId} is an organisation, which has no personal data`);
    const result = await this.commands.execute(
      personDecider,
      personStreamId(personId),
      { type: 'ErasePersonalData', data: { personId, reason } },
      options,
    );
    // The erasure is recorded first, then the key destroyed; a crash between the two is mended at
    // the next start (destroyErasedKeys), and replays read the name as erased either way.
    this.vault.destroy(personId);
    return result;
  }

  /** Whether `personId` was recorded as a person of their own (PersonRecorded in their stream), erased or not. */
  isRecordedPerson(personId: string): boolean {
    return this.audit.page({ streamId: personStreamId(personId), types: ['PersonRecorded'] }, 0n, 1).length > 0;
  }

  /** Makes sure every person whose erasure is in the log has no key left (e.g. after a crash). */
  destroyErasedKeys(): void {
    for (let after = 0n; ; ) {
      const page = this.audit.page({ types: ['PersonalDataErased'] }, after, PAGE);
      for (const e of page) {
        // An erasure is recorded on the person's own stream (see erase).
        const personId = idInStream('person', e.streamId);
        if (personId !== null) this.vault.destroy(personId, e.recordedAt);
      }
      if (page.length < PAGE) return;
      after = page.at(-1)!.position;
    }
  }
}
