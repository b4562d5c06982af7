// Reports that contradict each other, kept as printed: board size reports that cannot both be
// right (on the board answer), and the `discrepancies` and `datedFacts` queries over every fact.
import { ASSOCIATION } from '../domain/board/board.ts';
import { findSizeConflicts, type SizeConflict } from '../domain/board/sizeConflicts.ts';
import { findConflicts } from '../domain/membership/conflicts.ts';
import type { DatedFactRow } from '../projections/evidenceQueries.ts';
import { BoardRef } from './board.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { DatedFactRef, EvidenceSubjectEnum } from './evidence.ts';
import { partId } from './shared/identity.ts';

/** Every contradicting pair of board size reports, with the appointments and standings-down that may explain a difference. */
function boardSizeConflicts(ctx: Context, knownAt?: bigint): SizeConflict[] {
  const { evidence } = ctx.services;
  const reports = evidence
    .sizeReports(ASSOCIATION, knownAt)
    .filter((r) => r.size !== null)
    .map((r) => ({ position: r.position, size: r.size!, earliest: r.earliest, latest: r.latest, source: r.source }));
  if (reports.length < 2) return [];
  const changes = evidence
    .facts(ASSOCIATION, 'BOARD', knownAt)
    .filter((f) => f.kind === 'APPOINTED' || f.kind === 'STOOD_DOWN');
  return findSizeConflicts(reports, changes);
}

builder.objectFields(BoardRef, (t) => ({
  reportedSizeConflictsWith: t.field({
    type: [DatedFactRef],
    description:
      'Other board size reports that cannot both be right with the report in force on asOf (see reportedSize): their dating intervals share a day, they give different sizes, and no appointment or standing-down is recorded across them; all are kept as reported and listed in discrepancies',
    resolve: (b, _args, ctx) => {
      const placedOn = b.dating === 'EARLIEST' ? 'earliest' : 'latest';
      const current = ctx.services.evidence.lastInForce(
        placedOn,
        ASSOCIATION,
        'BOARD',
        'SIZE_REPORTED',
        b.asOf,
        b.knownAt,
      )?.position;
      if (current === undefined) return [];
      const others = boardSizeConflicts(ctx, b.knownAt).flatMap((c) =>
        c.earlier.position === current ? [c.later.position] : c.later.position === current ? [c.earlier.position] : [],
      );
      return others
        .map((p) => ctx.services.evidence.factAt(ASSOCIATION, p))
        .filter((f): f is DatedFactRow => f !== null);
    },
  }),
}));

interface DiscrepancyView {
  /** The log positions of the two reports, earlier first. */
  positions: [bigint, bigint];
  subject: string;
  description: string;
  sources: string[];
}

const DiscrepancyRef = builder.objectRef<DiscrepancyView>('Discrepancy').implement({
  description: 'Two reports that contradict each other, both kept as printed',
  fields: (t) => ({
    id: t.id({
      description: 'Cache key: the log positions of the two reports; not accepted by node',
      resolve: (d) => partId('Discrepancy', ...d.positions),
    }),
    subject: t.exposeString('subject', {
      description: 'What they disagree about: "membership 2021-22" (a membership year) or "board size"',
    }),
    description: t.exposeString('description', { description: 'What disagrees, with both figures, in a sentence' }),
    sources: t.exposeStringList('sources', { description: 'Where each report comes from, earlier first' }),
  }),
});

builder.queryFields((t) => ({
  discrepancies: t.field({
    type: [DiscrepancyRef],
    description: 'Every pair of reports that contradict each other, oldest first, with both sources',
    resolve: (_root, _args, ctx) => {
      const membership = findConflicts(ctx.services.evidence.figures(ASSOCIATION)).map((c) => ({
        day: c.earlier.latest,
        positions: [c.earlier.position, c.later.position] as [bigint, bigint],
        subject: `membership ${c.membershipYear}`,
        description: c.description,
        sources: [c.earlier.source ?? 'unknown source', c.later.source ?? 'unknown source'],
      }));
      const board = boardSizeConflicts(ctx).map((c) => ({
        day: c.earlier.latest,
        positions: [c.earlier.position, c.later.position] as [bigint, bigint],
        subject: 'board size',
        description: c.description,
        sources: [c.earlier.source ?? 'unknown source', c.later.source ?? 'unknown source'],
      }));
      // Oldest first by the earlier report's day; a stable sort keeps each kind's own order on a tie.
      return [...membership, ...board].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    },
  }),
  datedFacts: t.field({
    type: [DatedFactRef],
    description:
      'Every fact about the board and the membership (or one of them) with the interval its date is known to lie in, by its latest day',
    args: { subject: t.arg({ type: EvidenceSubjectEnum }) },
    resolve: (_root, { subject }, ctx) => ctx.services.evidence.facts(ASSOCIATION, subject ?? null),
  }),
}));
