import { describe, expect, it } from 'vitest';
import { decide as decideBoard } from '../../src/domain/board/decide.ts';
import { initialState as boardState } from '../../src/domain/board/board.ts';
import { decide as decideMembership } from '../../src/domain/membership/decide.ts';
import { initialState as membershipState } from '../../src/domain/membership/membership.ts';
import { ValidationError } from '../../src/domain/errors.ts';
import { decodeEvent } from '../../src/events/catalogue.ts';

const window = {
  earliest: '2021-01-15',
  latest: '2021-02-22',
  note: 'Announced in an issue that appeared between these days.',
};

function pathsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.fields.map((f) => f.path);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('facts dated by an interval', () => {
  it('records the interval with the fact, on its latest day', () => {
    const [decided] = decideBoard(
      { type: 'ReportBoardSize', data: { size: 6, reportedOn: '2021-02-22', dating: window } },
      boardState(),
    );
    expect(decided).toEqual({
      event: { type: 'BoardSizeReported', data: { size: 6, reportedOn: '2021-02-22', dating: window } },
      effectiveAt: '2021-02-22',
    });
    const [figures] = decideMembership(
      { type: 'ReportMembershipFigures', data: { reportedOn: '2021-02-22', members: 63, dating: window } },
      membershipState(),
    );
    expect(figures!.event.data).toMatchObject({ members: 63, dating: window });
  });

  it('records an exact date with no interval', () => {
    const [decided] = decideBoard(
      { type: 'ReportBoardSize', data: { size: 6, reportedOn: '2021-02-22' } },
      boardState(),
    );
    expect(decided!.event.data).toEqual({ size: 6, reportedOn: '2021-02-22' });
  });

  it('refuses an interval that does not end on the recorded date, starts after it, or has no reasoning', () => {
    const report = (dating: object) => () =>
      decideBoard(
        { type: 'ReportBoardSize', data: { size: 6, reportedOn: '2021-02-22', dating: dating as typeof window } },
        boardState(),
      );
    expect(pathsOf(report({ ...window, latest: '2021-03-01' }))).toEqual(['dating.latest']);
    expect(pathsOf(report({ ...window, earliest: '2021-02-23' }))).toEqual(['dating.earliest']);
    expect(pathsOf(report({ ...window, note: '  ' }))).toEqual(['dating.note']);
    expect(pathsOf(report({ ...window, earliest: '2021-02-30' }))).toEqual(['dating.earliest']);
    const admit = () =>
      decideMembership(
        {
          type: 'AdmitMember',
          data: {
            name: 'Sefton',
            kind: 'PARTNERSHIP',
            region: 'NORTH_WEST',
            joinedOn: '2021-02-22',
            dating: { ...window, latest: '2021-02-21' },
          },
        },
        membershipState(),
      );
    expect(pathsOf(admit)).toEqual(['dating.latest']);
  });

  it('reads an event written before datings existed (schema version 1) as exactly dated', () => {
    const old = decodeEvent({
      type: 'TrusteeAppointed',
      schemaVersion: 1,
      data: { trusteeId: 'trustee-x', name: 'N', role: null, appointedOn: '2020-01-01' },
    });
    expect(old.data).toEqual({
      trusteeId: 'trustee-x',
      name: 'N',
      role: null,
      appointedOn: '2020-01-01',
      dating: null,
    });
  });
});
