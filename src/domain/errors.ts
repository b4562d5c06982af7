// Typed domain errors. The GraphQL layer maps each class once to an error type implementing
// `interface Error { message code }`; anything else is unexpected and masked.
import type { z } from 'zod';

export interface FieldError {
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
}

export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  constructor(readonly fields: FieldError[]) {
    super(`Invalid input: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`);
    this.name = 'ValidationError';
  }

  static fromZod(error: z.ZodError, prefix = ''): ValidationError {
    return new ValidationError(
      error.issues.map((issue) => ({
        path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
        message: issue.message,
      })),
    );
  }
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expectedRevision: number | null,
    readonly actualRevision: number | null,
  ) {
    super(
      `${streamId} has changed: you expected revision ${expectedRevision ?? 'none'}, it is now at revision ${actualRevision ?? 'none'}. Reload and try again.`,
    );
    this.name = 'ConflictError';
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(
    readonly resource: string,
    readonly identifier: string,
  ) {
    super(`No ${resource} ${identifier}`);
    this.name = 'NotFoundError';
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor(readonly idempotencyKey: string) {
    super(`Idempotency key ${idempotencyKey} was already used for a different request; use a new key for a new change`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** A change the association's constitution does not allow, e.g. a board above its maximum size. */
export class ConstitutionError extends DomainError {
  readonly code = 'CONSTITUTION';
  constructor(
    message: string,
    readonly minimum: number,
    readonly maximum: number,
    /** The size the board would have had after the change. */
    readonly size: number,
  ) {
    super(message);
    this.name = 'ConstitutionError';
  }
}

/**
 * The service cannot take this request now, whatever its input: e.g. importDraft while as many
 * documents as may wait are already waiting to be read. Nothing was recorded; the same request may
 * succeed after `retryAfterSeconds`.
 */
export class BusyError extends DomainError {
  readonly code = 'BUSY';
  constructor(
    message: string,
    /** A reasonable wait before trying again, in seconds. */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'BusyError';
  }
}

/** Parses command input with a zod schema, turning every issue into a field error. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw ValidationError.fromZod(result.error);
  return result.data;
}

/** A ValidationError about one input field. */
export function fieldError(path: string, message: string): ValidationError {
  return new ValidationError([{ path, message }]);
}
