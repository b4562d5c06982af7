// The shape every aggregate's decider shares, so one command handler serves them all.
import type { DomainEvent } from '../events/catalogue.ts';

/** An event a decision produces, with the moment it took effect in the world. */
export interface Decided {
  event: DomainEvent;
  effectiveAt: string;
}

/** What a command carries besides its data; time comes in here, never from a clock. */
export interface CommandMeta {
  /** The current time as an ISO date-time. */
  now: string;
}

export interface Decider<State, Command> {
  initialState(): State;
  evolve(state: State, event: DomainEvent): State;
  decide(command: Command, state: State, meta: CommandMeta): Decided[];
}

/** For exhaustive switches: adding a case without handling it fails the type check. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
