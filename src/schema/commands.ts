// Runs a domain command on behalf of the signed-in viewer: actor, correlation id and idempotency
// key come from the request, so every mutation records them the same way.
import type { CommandResult } from '../app/commandBus.ts';
import type { Decider } from '../domain/aggregate.ts';
import type { Context } from './context.ts';

export interface MutationOptions {
  expectedRevision?: number | null;
  idempotencyKey?: string | null;
  source?: string | null;
  changeNote?: string | null;
}

export function executeAs<S, C>(
  ctx: Context,
  decider: Decider<S, C>,
  streamId: string,
  command: C,
  options: MutationOptions = {},
): Promise<CommandResult> {
  return ctx.services.commands.execute(decider, streamId, command, {
    actor: ctx.viewer.name ?? 'anonymous',
    expectedRevision: options.expectedRevision ?? null,
    idempotencyKey: options.idempotencyKey ?? ctx.idempotencyKey,
    source: options.source ?? null,
    changeNote: options.changeNote ?? null,
    correlationId: ctx.requestId,
  });
}
