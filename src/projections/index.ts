// Every read model the service keeps, in the order the runner applies them.
import { auditProjector } from './audit.ts';
import { documentsProjector } from './documents.ts';
import { idempotencyProjector } from './idempotency.ts';
import type { Projector } from './projector.ts';

export const projectors: Projector[] = [documentsProjector, idempotencyProjector, auditProjector];
