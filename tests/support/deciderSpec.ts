// Given/when/then for deciders: given the events of the aggregate's stream, when a command is
// decided, then these events (or this refusal). Events of another aggregate do not type-check.
import { expect } from 'vitest';
import type { CommandMeta, Decided, Decider } from '../../src/domain/aggregate.ts';
import type { Aggregate, EventOf } from '../../src/events/catalogue.ts';
import { fieldsOf } from './domain.ts';

/** The moment every decision of a spec is made, unless the spec names another. */
export const SPEC_NOW = '2024-01-02T03:04:05.000Z';

export interface When<A extends Aggregate> {
  /** The decision itself, for assertions the helpers below do not cover. */
  decided(): Decided<EventOf<A>>[];
  /** The decision is exactly these events with their effective times. */
  then(expected: Decided<EventOf<A>>[]): void;
  /** The decision is refused with a ValidationError naming exactly these fields. */
  thenRefusesFields(fields: string[]): void;
  /** The decision is refused with an error of this class. */
  thenRefuses(error: new (...args: never[]) => Error): void;
}

export interface Given<S, C, A extends Aggregate> {
  /** The state the given events fold to. */
  state: S;
  when(command: C): When<A>;
}

export function deciderSpec<S, C, A extends Aggregate>(
  decider: Decider<S, C, A>,
  meta: CommandMeta = { now: SPEC_NOW },
) {
  return {
    meta,
    given(...events: EventOf<A>[]): Given<S, C, A> {
      const state = events.reduce(decider.evolve, decider.initialState());
      return {
        state,
        when(command: C): When<A> {
          const decide = () => decider.decide(command, state, meta);
          return {
            decided: decide,
            then: (expected) => expect(decide()).toEqual(expected),
            thenRefusesFields: (fields) => expect(fieldsOf(decide)).toEqual(fields),
            thenRefuses: (error) => expect(decide).toThrow(error),
          };
        },
      };
    },
  };
}
