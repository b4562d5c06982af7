// Runs a command against one aggregate: load its stream, decide, append with optimistic
// concurrency, then wait until the read models include the new events (read-your-writes).
import { randomUUID } from 'node:crypto';
import type { CommandMeta, Decider } from '../domain/aggregate.ts';
import { ConflictError, fieldError, IdempotencyKeyReusedError, ValidationError } from '../domain/errors.ts';
import { type Aggregate, decodeEvent, isEventOf, newEvent, noteOf, validateNewEvent } from '../events/catalogue.ts';
import { canonicalJson } from '../events/hashChain.ts';
import type { IdempotencyQueries } from '../projections/idempotency.ts';
import type { PersonalDataVault } from './personalData.ts';
import { ConcurrencyError, EventTooLargeError, NO_STREAM, type EventStore, type StoredEvent } from '../events/store.ts';
import type { ProjectionRunner } from '../projections/runner.ts';
import { deterministicId } from './ids.ts';
import type { LogIntegrity } from './integrity.ts';

export interface CommandOptions {
  actor: string;
  /** The stream revision the editor last read; a different current revision is a conflict. */
  expectedRevision?: number | null;
  source?: string | null;
  changeNote?: string | null;
  idempotencyKey?: string | null;
  correlationId?: string | null;
  causationId?: string | null;
}

export interface CommandResult {
  streamId: string;
  /** The stream's revision after the command. */
  revision: number;
  position: bigint;
  events: StoredEvent[];
  /** True when an earlier request with the same idempotency key already made this change. */
  replayed: boolean;
}

/**
 * The application's command handler: runs one command against one aggregate, synchronously, and
 * answers once the read models show its events. (Not a bus: nothing is queued or routed.)
 */
export class CommandHandler {
  constructor(
    private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly idempotency: IdempotencyQueries,
    private readonly vault: PersonalDataVault,
    private readonly integrity: LogIntegrity,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute<S, C, A extends Aggregate>(
    decider: Decider<S, C, A>,
    streamId: string,
    command: C,
    options: CommandOptions,
  ): Promise<CommandResult> {
    // A damaged log could hand out positions the read models already applied: no write at all.
    this.integrity.assertWritable();
    const decision = await this.decideAgainstStream(decider, streamId, command, options);
    if ('replay' in decision) return decision.replay;
    const { decided, revision, commandHash } = decision;
    const correlationId = options.correlationId ?? randomUUID();
    const events = decided.map((d, i) => {
      const id = options.idempotencyKey ? deterministicId(streamId, options.idempotencyKey, String(i)) : randomUUID();
      const changeNote = options.changeNote ?? noteOf(d.event);
      const e = newEvent(id, d.event, d.effectiveAt, {
        actor: options.actor,
        source: options.source ?? null,
        changeNote,
        correlationId,
        causationId: options.causationId ?? null,
        idempotencyKey: options.idempotencyKey ?? null,
        commandHash,
      });
      validateNewEvent(e);
      this.refuseErasedSubjects(e.type, e.data);
      return this.vault.sealEvent(e);
    });
    try {
      const result = await this.store.append(streamId, events, { expectedRevision: revision ?? NO_STREAM });
      await this.runner.waitFor(result.position);
      return {
        streamId,
        revision: result.nextRevision,
        position: result.position,
        events: result.appended,
        replayed: result.appended.length === 0,
      };
    } catch (error) {
      if (error instanceof ConcurrencyError) {
        throw new ConflictError(streamId, options.expectedRevision ?? revision, error.actual);
      }
      if (error instanceof EventTooLargeError) {
        throw new ValidationError([
          {
            path: 'input',
            message: `the change takes ${error.size} bytes, over the event store's limit of ${error.limit} bytes per change`,
          },
        ]);
      }
      throw error;
    }
  }

  /**
   * Decides the command without recording anything: throws the typed error `execute` would (a
   * refused command, a conflict, a reused idempotency key), and returns quietly when it would be
   * recorded or is a retry already answered. Lets a mutation that must record something first (a
   * person named in it) refuse bad input before that, so refused input records nothing.
   */
  async check<S, C, A extends Aggregate>(
    decider: Decider<S, C, A>,
    streamId: string,
    command: C,
    options: CommandOptions,
  ): Promise<void> {
    const decision = await this.decideAgainstStream(decider, streamId, command, options);
    if ('replay' in decision) return;
    for (const d of decision.decided) this.refuseErasedSubjects(d.event.type, d.event.data);
  }

  /**
   * The command decided against its stream as it stands, with the revision it was decided at and
   * the command's keyed hash; or, for an idempotency key already answered, that earlier answer.
   * Throws ConflictError when the stream is not at `expectedRevision`, IdempotencyKeyReusedError
   * when the key was used for another command, and whatever typed error the decider refuses with.
   */
  private async decideAgainstStream<S, C, A extends Aggregate>(
    decider: Decider<S, C, A>,
    streamId: string,
    command: C,
    options: CommandOptions,
  ): Promise<
    | { replay: CommandResult }
    | { decided: ReturnType<Decider<S, C, A>['decide']>; revision: number | null; commandHash: string }
  > {
    // Keyed with the service secret: the command may hold a name, and a plain hash stored in the
    // log's metadata would let anyone confirm a guess of it.
    const commandHash = this.vault.keyedHash(
      canonicalJson({ streamId, command, expectedRevision: options.expectedRevision ?? null }),
    );
    if (options.idempotencyKey) {
      const earlier = await this.earlierResult(options.idempotencyKey, commandHash);
      if (earlier) return { replay: earlier };
    }
    const { state, revision } = await this.load(decider, streamId);
    if (
      options.expectedRevision !== undefined &&
      options.expectedRevision !== null &&
      options.expectedRevision !== revision
    ) {
      throw new ConflictError(streamId, options.expectedRevision, revision);
    }
    const meta: CommandMeta = { now: this.clock().toISOString() };
    return { decided: decider.decide(command, state, meta), revision, commandHash };
  }

  /** Refuses an event about a person whose personal data is erased: nothing more is recorded about them. */
  private refuseErasedSubjects(type: string, data: unknown): void {
    const erased = this.vault.subjectsOf(type, data).find((personId) => this.vault.isErased(personId));
    if (erased)
      throw fieldError('personId', `the personal data of ${erased} is erased; nothing more can be recorded about them`);
  }

  /** The result of the request that first used this key, or null for a new key. */
  private async earlierResult(key: string, commandHash: string): Promise<CommandResult | null> {
    await this.runner.catchUp();
    const earlier = this.idempotency.lookup(key);
    if (!earlier) return null;
    if (earlier.commandHash !== commandHash) throw new IdempotencyKeyReusedError(key);
    return {
      streamId: earlier.streamId,
      revision: earlier.revision,
      position: earlier.position,
      events: [],
      replayed: true,
    };
  }

  private async load<S, C, A extends Aggregate>(
    decider: Decider<S, C, A>,
    streamId: string,
  ): Promise<{ state: S; revision: number | null }> {
    let state = decider.initialState();
    let revision: number | null = null;
    for await (const stored of this.store.readStream(streamId)) {
      const event = decodeEvent(this.vault.unsealEvent(stored));
      // An event of another aggregate in this stream says nothing about this one's state.
      if (isEventOf(decider.aggregate, event)) state = decider.evolve(state, event);
      revision = stored.revision;
    }
    return { state, revision };
  }
}
