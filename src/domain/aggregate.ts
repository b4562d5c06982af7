// The shape every aggregate's decider shares, so one command handler serves them all.
import type { Aggregate, DomainEvent, EventOf } from '../events/catalogue.ts';

/** An event a decision produces, with the moment it took effect in the world. */
export interface Decided<Event extends DomainEvent = DomainEvent> {
  event: Event;
  effectiveAt: string;
}

/** What a command carries besides its data; time comes in here, never from a clock. */
export interface CommandMeta {
  /** The current time as an ISO date-time. */
  now: string;
}

/**
 * A decider of one aggregate. It reads and emits only that aggregate's events (the catalogue says
 * which), so emitting another aggregate's event, or an evolve that does not take every event of
 * its own, fails the type check. Members are properties, not methods, so their parameter types
 * are checked strictly.
 */
export interface Decider<State, Command, A extends Aggregate, Event extends { type: string } = EventOf<A>> {
  aggregate: A;
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State, meta: CommandMeta) => { event: Event; effectiveAt: string }[];
}

export { assertNever } from '../events/vocabulary.ts';
