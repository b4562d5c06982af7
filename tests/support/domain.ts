// Helpers for given/when/then tests of deciders.
import { expect } from 'vitest';
import { ValidationError } from '../../src/domain/errors.ts';

/** The paths of the fields a decision refused; fails the test if it was not a ValidationError. */
export function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).fields.map((f) => f.path);
  }
  throw new Error('expected a ValidationError');
}
