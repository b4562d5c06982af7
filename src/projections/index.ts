// Every read model the service keeps, in the order the runner applies them.
import { auditProjector } from './audit.ts';
import { boardProjector } from './board.ts';
import { documentsProjector } from './documents.ts';
import { evidenceProjector } from './evidence.ts';
import { documentSearchProjector } from './documentSearch.ts';
import { idempotencyProjector } from './idempotency.ts';
import { membershipProjector } from './membership.ts';
import { merkleProjector } from './merkle.ts';
import type { Projector } from './projector.ts';
import { publicationsProjector } from './publications.ts';

export const projectors: Projector[] = [
  documentsProjector,
  documentSearchProjector,
  idempotencyProjector,
  auditProjector,
  boardProjector,
  membershipProjector,
  evidenceProjector,
  publicationsProjector,
  merkleProjector,
];
