// One declaration per editor mutation: its input fields, the command it runs and how it reads the
// result back. The rest is the same for every mutation and written here once: the editor scope,
// `<Name>Input` and its required `input` argument, the `<Name>Result` union of `<Name>Success` and
// the typed errors (builder.ts), running the command, and forgetting what this request's loaders
// read before it, so the read-back sees the change.
import type { InputFieldMap, InputObjectRef, InputShapeFromFields, ObjectRef } from '@pothos/core';
import type DataLoader from 'dataloader';
import type { CommandResult } from '../../app/commandHandler.ts';
import type { Decider } from '../../domain/aggregate.ts';
import type { Aggregate, EventData, EventType } from '../../events/catalogue.ts';
import { builder, capitalise, type Types } from '../builder.ts';
import type { Context } from '../context.ts';
import { EDITOR } from './access.ts';
import { executeAs, type MutationOptions } from './commands.ts';

/** A command ready to run for the signed-in editor (see `command`). */
export type PendingCommand = (ctx: Context) => Promise<CommandResult>;

/** The command a decider takes, for a stream, with the mutation's metadata. */
export function command<S, C, A extends Aggregate>(
  decider: Decider<S, C, A>,
  streamId: string,
  cmd: C,
  options: MutationOptions = {},
): PendingCommand {
  return (ctx) => executeAs(ctx, decider, streamId, cmd, options);
}

type ErrorClass = new (...args: never[]) => Error;

export interface EditorMutation<Fields extends InputFieldMap, Result> {
  description?: string;
  /** The fields of `<Name>Input` (add commandFields(t) for expectedRevision and idempotencyKey). */
  input: (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => Fields;
  /** Makes the success type, given its name `<Name>Success`. */
  success: (name: string) => ObjectRef<Types, Result>;
  /** Error types beyond those every mutation answers (builder.ts). */
  errors?: ErrorClass[];
  /** The command to run; checks that need the read models may run first and throw a typed error. */
  command: (input: InputShapeFromFields<Fields>, ctx: Context) => PendingCommand | Promise<PendingCommand>;
  /** The answer, read from the read models (and the events the command recorded) after it ran. */
  readBack: (recorded: Recorded, input: InputShapeFromFields<Fields>, ctx: Context) => Result | Promise<Result>;
}

/** Declares the editor mutation `name` (e.g. appointTrustee, with AppointTrusteeInput, …Success, …Result). */
export function editorMutation<Fields extends InputFieldMap, Result>(
  name: string,
  mutation: EditorMutation<Fields, Result>,
): void {
  const typeName = capitalise(name);
  // Typed loosely here: EditorMutation ties the input's shape to command and readBack, and the
  // success type's shape to readBack's answer, where each mutation is declared.
  const Input: InputObjectRef<Types, object> = builder.inputType(`${typeName}Input`, { fields: mutation.input });
  const Success: ObjectRef<Types, unknown> = mutation.success(`${typeName}Success`);
  builder.mutationField(name, (t) =>
    t.field({
      type: Success,
      description: mutation.description,
      authScopes: EDITOR,
      errors: { types: mutation.errors ?? [] },
      args: { input: t.arg({ type: Input, required: true }) },
      resolve: async (_root, args, ctx) => {
        const input = args.input as InputShapeFromFields<Fields>;
        const run = await mutation.command(input, ctx);
        // A command that took its time (an import read in a worker) records nothing once its
        // request has ended: the editor was answered without it, or left.
        ctx.signal.throwIfAborted();
        const result = await run(ctx);
        forgetReads(ctx);
        return mutation.readBack(new Recorded(ctx, result), input, ctx);
      },
    }),
  );
}

/** A change makes anything this request's loaders read before it stale (a request may hold several mutations). */
function forgetReads(ctx: Context): void {
  for (const loader of Object.values(ctx.loaders)) (loader as DataLoader<unknown, unknown>).clearAll();
}

/** The result of a command as a read-back sees it: ids and times come from its events, never re-derived. */
export class Recorded {
  constructor(
    private readonly ctx: Context,
    readonly result: CommandResult,
  ) {}

  /** An id the command's event of this type carries (e.g. the trusteeId of TrusteeAppointed). */
  async id<T extends EventType>(type: T, field: keyof EventData<T> & string): Promise<string> {
    const value = ((await this.event(type)).data as Record<string, unknown>)[field];
    if (typeof value !== 'string')
      throw new Error(`${type} recorded at position ${this.result.position} has no ${field}`);
    return value;
  }

  /** When the log recorded the command's event of this type. */
  async recordedAt(type: EventType): Promise<string> {
    return (await this.event(type)).recordedAt;
  }

  /**
   * The event of this type the command recorded. A retry with the request's idempotency key
   * appends nothing: the answer then comes from the event the first request recorded, the one the
   * key points at (the last; every command whose answer reads an event records exactly one).
   * Personal fields are sealed in the stored data, so only ids and times are read from it.
   */
  private async event(type: EventType): Promise<{ data: unknown; recordedAt: string }> {
    const { events, position, streamId } = this.result;
    const event = events.find((e) => e.type === type) ?? (await this.indexed(type));
    if (!event) throw new Error(`${streamId}: no ${type} event recorded at position ${position}`);
    return event;
  }

  /** The event at the result's position, from the log, when it is of this type. */
  private async indexed(type: EventType): Promise<{ data: unknown; recordedAt: string } | null> {
    const row = await this.ctx.loaders.eventAt.load(this.result.position);
    return row?.type === type ? this.ctx.loaders.stored.load(row) : null;
  }
}

/** The row a command has just written, loaded again; its absence means the read models are broken. */
export async function reload<K, V>(loader: DataLoader<K, V | null, unknown>, key: K, what: string): Promise<V> {
  const row = await loader.load(key);
  if (!row) throw new Error(`${what} ${String(key)} is missing from the read model after its command`);
  return row;
}
