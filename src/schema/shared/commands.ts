// Runs a domain command on behalf of the signed-in viewer: actor, correlation id and idempotency
// key come from the request, so every mutation records them the same way.
import { randomUUID } from 'node:crypto';
import type { CommandOptions, CommandResult } from '../../app/commandHandler.ts';
import type { Decider } from '../../domain/aggregate.ts';
import type { Aggregate } from '../../events/catalogue.ts';
import type { Context } from '../context.ts';

export interface MutationOptions {
  expectedRevision?: number | null;
  idempotencyKey?: string | null;
  source?: string | null;
  changeNote?: string | null;
}

export function executeAs<S, C, A extends Aggregate>(
  ctx: Context,
  decider: Decider<S, C, A>,
  streamId: string,
  command: C,
  options: MutationOptions = {},
): Promise<CommandResult> {
  return ctx.services.commands.execute(decider, streamId, command, commandOptions(ctx, options));
}

/** The command options of a mutation: the viewer as actor, and the request's correlation id and idempotency key. */
export function commandOptions(ctx: Context, options: MutationOptions = {}): CommandOptions {
  return {
    actor: ctx.viewer.name ?? 'anonymous',
    expectedRevision: options.expectedRevision ?? null,
    idempotencyKey: options.idempotencyKey ?? ctx.idempotencyKey,
    source: options.source ?? null,
    changeNote: options.changeNote ?? null,
    correlationId: ctx.requestId,
  };
}

/**
 * A new person's opaque id, `<prefix>-<uuid>`. Random, unless the request carries an idempotency
 * key: then derived from the key with the service secret, so a retry decides the same command
 * (and gets the first answer) instead of minting a second person.
 */
export function newPersonId(
  ctx: Context,
  prefix: 'trustee' | 'member',
  idempotencyKey: string | null | undefined,
): string {
  const key = idempotencyKey ?? ctx.idempotencyKey;
  return key ? ctx.services.vault.derivedId(prefix, 'idempotency-key', key) : `${prefix}-${randomUUID()}`;
}
