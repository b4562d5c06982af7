// The trustees in office answered through the R*Tree of terms must be those a scan of the terms
// finds, for any history of appointments, role changes and standing down, and any date.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/events/catalogue.ts';
import { boardProjector } from '../../src/projections/board.ts';
import { BoardQueries, LOG_END } from '../../src/projections/boardQueries.ts';
import { dayNumber, spanEnd, OPEN_END } from '../../src/projections/daySpans.ts';
import { interleave, projectInMemory } from '../support/project.ts';

const DAY = 86_400_000;
const FROM = Date.UTC(1990, 0, 1);
const date = fc.integer({ min: 0, max: 40 * 366 }).map((d) => new Date(FROM + d * DAY).toISOString().slice(0, 10));
const trustee = fc.record({
  role: fc.option(fc.constantFrom('Chair', 'Treasurer', 'Vice chair'), { nil: null }),
  // Appointed, stood down, appointed again, ...; mostly in date order, sometimes not.
  dates: fc
    .tuple(fc.uniqueArray(date, { minLength: 1, maxLength: 5 }), fc.boolean())
    .map(([ds, keep]) => (keep ? ds : [...ds].sort())),
  roleChange: fc.option(fc.tuple(date, fc.constantFrom('Chair', 'Secretary')), { nil: null }),
});

function project(
  trustees: { role: string | null; dates: string[]; roleChange: [string, string] | null }[],
): BoardQueries {
  // Each trustee is appointed, stands down, is appointed again, ... on its dates.
  const histories = trustees.map((t, i): DomainEvent[] => {
    const trusteeId = `trustee-${i}`;
    return t.dates.flatMap((on, step): DomainEvent[] => {
      if (step % 2 === 1) return [{ type: 'TrusteeStoodDown', data: { trusteeId, stoodDownOn: on, reason: null } }];
      const appointed: DomainEvent = {
        type: 'TrusteeAppointed',
        data: { trusteeId, name: `Trustee ${i}`, role: t.role, appointedOn: on },
      };
      if (step > 0 || !t.roleChange) return [appointed];
      return [
        appointed,
        { type: 'TrusteeRoleChanged', data: { trusteeId, role: t.roleChange[1], changedOn: t.roleChange[0] } },
      ];
    });
  });
  return new BoardQueries(projectInMemory(boardProjector, 'board-tasp', interleave(histories)));
}

describe('trustees in office through the R*Tree of terms', () => {
  it('are those a scan of the terms finds, for any history and any date', () => {
    fc.assert(
      fc.property(
        fc.array(trustee, { minLength: 1, maxLength: 15 }),
        fc.array(date, { minLength: 1, maxLength: 8 }),
        (trustees, probes) => {
          const q = project(trustees);
          for (const asOf of [...probes, ...trustees.flatMap((t) => t.dates)]) {
            // Any bound short of LOG_END takes the scan over the terms.
            expect(q.board('tasp', asOf).trustees).toEqual(q.board('tasp', asOf, LOG_END - 1n).trustees);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('orders dates as integers and stores a range that ends before it starts as empty', () => {
    expect(dayNumber('2021-01-31')).toBeLessThan(dayNumber('2021-02-01'));
    expect(dayNumber('2020-12-31')).toBeLessThan(dayNumber('2021-01-01'));
    expect(dayNumber('9999-12-31')).toBeLessThan(OPEN_END);
    expect(spanEnd('2021-05-01', null)).toBe(OPEN_END);
    expect(spanEnd('2021-05-01', '2021-06-01')).toBe(dayNumber('2021-06-01'));
    expect(spanEnd('2021-05-01', '2020-01-01')).toBe(dayNumber('2021-05-01'));
  });
});
