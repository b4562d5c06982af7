import { describe, expect, it } from 'vitest';
import { evolve, initialState, sizeOn } from '../../src/domain/board/board.ts';
import { decide, type BoardCommand } from '../../src/domain/board/decide.ts';
import { ConstitutionError, NotFoundError, ValidationError } from '../../src/domain/errors.ts';
import type { BoardEvent } from '../../src/events/catalogue.ts';
import { fieldsOf } from '../support/domain.ts';

/** Stands in for the opaque id the caller chooses: these tests only need one id per person. */
const trusteeIdFor = (name: string) => `trustee-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
const given = (...events: BoardEvent[]) => events.reduce(evolve, initialState());
const when =
  (command: BoardCommand, state = given()) =>
  () =>
    decide(command, state);

const appointed = (name: string, appointedOn = '2020-03-01', role: string | null = null): BoardEvent => ({
  type: 'TrusteeAppointed',
  data: { trusteeId: trusteeIdFor(name), name, role, appointedOn },
});
const stoodDown = (name: string, stoodDownOn: string): BoardEvent => ({
  type: 'TrusteeStoodDown',
  data: { trusteeId: trusteeIdFor(name), stoodDownOn, reason: null },
});
const appoint = (name: string, appointedOn = '2021-01-01', role?: string | null): BoardCommand => ({
  type: 'AppointTrustee',
  data: { trusteeId: trusteeIdFor(name.trim()), name, appointedOn, ...(role !== undefined ? { role } : {}) },
});
const twelve = (appointedOn = '2020-01-01') =>
  Array.from({ length: 12 }, (_, i) => appointed(`Trustee ${i + 1}`, appointedOn));

describe('appointing a trustee', () => {
  it('records TrusteeAppointed under the id the caller chose, effective on the appointment date', () => {
    expect(when(appoint('  Nasima Patel ', '2021-03-01', 'treasurer'))()).toEqual([
      {
        event: {
          type: 'TrusteeAppointed',
          data: {
            trusteeId: 'trustee-nasima-patel',
            name: 'Nasima Patel',
            role: 'treasurer',
            appointedOn: '2021-03-01',
          },
        },
        effectiveAt: '2021-03-01',
      },
    ]);
  });

  it('appoints namesakes as distinct people: the id, not the name, says who is who', () => {
    const state = given(appointed('Nazir Afzal'));
    const namesake: BoardCommand = {
      type: 'AppointTrustee',
      data: { trusteeId: 'trustee-7d2c', name: 'Nazir Afzal', appointedOn: '2021-01-01' },
    };
    expect(when(namesake, state)()).toHaveLength(1);
  });

  it.each(['Вильгельмина Ксилокварц', 'Ελένη Παπαδοπούλου', 'فاطمة الزهراء', '王秀英', 'Łódź'])(
    'accepts a name in any script: %s',
    (name) => {
      const [decided] = when({
        type: 'AppointTrustee',
        data: { trusteeId: 'trustee-1', name, appointedOn: '2021-01-01' },
      })();
      expect(decided?.event.data).toMatchObject({ name });
    },
  );

  it('takes a blank role as no role', () => {
    const [decided] = when(appoint('Deborah Hodes', '2020-12-01', '  '))();
    expect(decided?.event.data).toMatchObject({ role: null });
  });

  it('records history below the constitutional minimum: the first trustee alone is a fact, not an error', () => {
    expect(when(appoint('Richard Burrows', '2020-03-01', 'chair'))()).toHaveLength(1);
  });

  it('refuses someone who is already a trustee', () => {
    expect(fieldsOf(when(appoint('Nazir Afzal'), given(appointed('Nazir Afzal'))))).toEqual(['trusteeId']);
  });

  it('reappoints a former trustee from the day they stood down, not before', () => {
    const state = given(appointed('Nazir Afzal', '2020-12-01'), stoodDown('Nazir Afzal', '2022-01-01'));
    expect(when(appoint('Nazir Afzal', '2022-01-01'), state)()).toHaveLength(1);
    expect(fieldsOf(when(appoint('Nazir Afzal', '2021-12-31'), state))).toEqual(['appointedOn']);
  });

  it('refuses a thirteenth trustee with a ConstitutionError', () => {
    const attempt = when(appoint('One Too Many', '2021-01-01'), given(...twelve()));
    expect(attempt).toThrow(ConstitutionError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ code: 'CONSTITUTION', minimum: 3, maximum: 12, size: 13 });
    }
  });

  it('refuses a backdated appointment that would make thirteen on a later day', () => {
    // Twelve trustees from 2021 on: someone appointed in 2020 would still be in office then.
    expect(when(appoint('Early Bird', '2020-06-01'), given(...twelve('2021-01-01')))).toThrow(ConstitutionError);
  });

  it('counts the trustees a report did not name towards the twelve, until a later report says otherwise', () => {
    // Spring 2020: two reported, one named; ten more named later make twelve with the unnamed one.
    const reported = (size: number, reportedOn: string): BoardEvent => ({
      type: 'BoardSizeReported',
      data: { size, reportedOn },
    });
    const tenMore = Array.from({ length: 10 }, (_, i) => appointed(`Later ${i + 1}`, '2021-01-01'));
    const state = given(appointed('Richard Burrows', '2020-04-18', 'chair'), reported(2, '2020-04-18'), ...tenMore);
    expect(when(appoint('Thirteenth', '2021-06-01'), state)).toThrow(ConstitutionError);
    expect(
      when(
        appoint('Thirteenth', '2021-06-01'),
        given(
          appointed('Richard Burrows', '2020-04-18', 'chair'),
          reported(2, '2020-04-18'),
          ...tenMore,
          reported(11, '2021-05-01'),
        ),
      )(),
    ).toHaveLength(1);
  });

  it('allows a twelfth seat that a standing-down freed', () => {
    const state = given(...twelve(), stoodDown('Trustee 3', '2021-01-01'));
    expect(sizeOn(state, '2021-01-01')).toBe(11);
    expect(when(appoint('Newcomer', '2021-01-01'), state)()).toHaveLength(1);
    expect(when(appoint('Too Early', '2020-12-31'), state)).toThrow(ConstitutionError);
  });

  it.each([
    [{ trusteeId: 'trustee-1', name: '', appointedOn: '2021-01-01' }, ['name']],
    [{ trusteeId: 'trustee-1', name: '   ', appointedOn: '2021-01-01' }, ['name']],
    [{ trusteeId: 'trustee-1', name: '!!!', appointedOn: '2021-01-01' }, ['name']],
    [{ trusteeId: 'trustee-1', name: 'A'.repeat(201), appointedOn: '2021-01-01' }, ['name']],
    [{ trusteeId: 'trustee-1', name: 'Jane Doe', appointedOn: '2021-02-30' }, ['appointedOn']],
    [{ trusteeId: 'trustee-1', name: 'Jane Doe', appointedOn: 'yesterday' }, ['appointedOn']],
    [{ trusteeId: 'trustee-1', name: 'Jane Doe', appointedOn: '2021-01-01', role: 'r'.repeat(101) }, ['role']],
  ])('refuses the bad input %j', (data, fields) => {
    expect(fieldsOf(when({ type: 'AppointTrustee', data }))).toEqual(fields);
  });
});

describe("changing a trustee's role", () => {
  const state = given(appointed('Richard Burrows', '2020-03-01', 'chair'), appointed('Nazir Afzal', '2020-12-01'));
  const change = (trusteeId: string, role: string | null, changedOn = '2022-01-01'): BoardCommand => ({
    type: 'ChangeTrusteeRole',
    data: { trusteeId, role, changedOn },
  });

  it('records TrusteeRoleChanged effective on the date of the change', () => {
    expect(when(change('trustee-nazir-afzal', 'treasurer'), state)()).toEqual([
      {
        event: {
          type: 'TrusteeRoleChanged',
          data: { trusteeId: 'trustee-nazir-afzal', role: 'treasurer', changedOn: '2022-01-01' },
        },
        effectiveAt: '2022-01-01',
      },
    ]);
  });

  it('refuses an unknown trustee with NotFoundError', () => {
    expect(when(change('trustee-chris-miller', 'chair'), state)).toThrow(NotFoundError);
  });

  it('refuses a trustee who has stood down', () => {
    expect(
      fieldsOf(
        when(
          change('trustee-nazir-afzal', 'chair'),
          given(appointed('Nazir Afzal'), stoodDown('Nazir Afzal', '2021-01-01')),
        ),
      ),
    ).toEqual(['trusteeId']);
  });

  it('refuses the role the trustee already holds', () => {
    expect(fieldsOf(when(change('trustee-richard-burrows', 'chair'), state))).toEqual(['role']);
    expect(fieldsOf(when(change('trustee-nazir-afzal', null), state))).toEqual(['role']);
  });

  it('refuses a date before the current role took effect', () => {
    expect(fieldsOf(when(change('trustee-nazir-afzal', 'treasurer', '2020-11-30'), state))).toEqual(['changedOn']);
  });

  it.each([['not an id'], ['']])('refuses the malformed trustee id %j', (trusteeId) => {
    expect(fieldsOf(when(change(trusteeId, 'chair'), state))).toEqual(['trusteeId']);
  });
});

describe('recording a trustee standing down', () => {
  const state = given(appointed('Deborah Hodes', '2020-12-01'));
  const standDown = (trusteeId: string, stoodDownOn: string, reason?: string): BoardCommand => ({
    type: 'RecordTrusteeStandingDown',
    data: { trusteeId, stoodDownOn, ...(reason !== undefined ? { reason } : {}) },
  });

  it('records TrusteeStoodDown effective on the day they left', () => {
    expect(when(standDown('trustee-deborah-hodes', '2023-09-30', 'Term ended'), state)()).toEqual([
      {
        event: {
          type: 'TrusteeStoodDown',
          data: { trusteeId: 'trustee-deborah-hodes', stoodDownOn: '2023-09-30', reason: 'Term ended' },
        },
        effectiveAt: '2023-09-30',
      },
    ]);
  });

  it('refuses an unknown trustee with NotFoundError', () => {
    expect(when(standDown('trustee-nobody', '2023-01-01'), state)).toThrow(NotFoundError);
  });

  it('refuses standing down twice, naming the field', () => {
    const after = given(appointed('Deborah Hodes', '2020-12-01'), stoodDown('Deborah Hodes', '2023-01-01'));
    expect(fieldsOf(when(standDown('trustee-deborah-hodes', '2023-06-01'), after))).toEqual(['trusteeId']);
  });

  it('refuses a date on or before the appointment', () => {
    expect(fieldsOf(when(standDown('trustee-deborah-hodes', '2020-12-01'), state))).toEqual(['stoodDownOn']);
  });

  it('refuses a date that is not real', () => {
    expect(fieldsOf(when(standDown('trustee-deborah-hodes', '2023-02-29'), state))).toEqual(['stoodDownOn']);
  });

  it('records a board that falls below the minimum: history is fact', () => {
    const three = given(appointed('A A'), appointed('B B'), appointed('C C'));
    expect(when(standDown('trustee-a-a', '2021-01-01'), three)()).toHaveLength(1);
  });
});

describe('reporting a board size', () => {
  it('records BoardSizeReported effective on the report date', () => {
    expect(when({ type: 'ReportBoardSize', data: { size: 2, reportedOn: '2020-03-01' } })()).toEqual([
      { event: { type: 'BoardSizeReported', data: { size: 2, reportedOn: '2020-03-01' } }, effectiveAt: '2020-03-01' },
    ]);
  });

  it.each([[-1], [2.5], [1001]])('refuses the size %j', (size) => {
    expect(fieldsOf(when({ type: 'ReportBoardSize', data: { size, reportedOn: '2020-03-01' } }))).toEqual(['size']);
  });
});
