// GraphQL types for the domain's typed errors; each implements `interface Error`.
import {
  BusyError,
  ConflictError,
  ConstitutionError,
  DomainError,
  IdempotencyKeyReusedError,
  NotFoundError,
  ValidationError,
  type FieldError,
} from '../domain/errors.ts';
import { LogDamagedError } from '../app/integrity.ts';
import { builder } from './builder.ts';

/** The code of each typed error; a new error class adds its code here, or the type check fails below. */
const ERROR_CODES = {
  VALIDATION_FAILED: 'ValidationError: the input breaks a rule (see fields)',
  CONFLICT: 'ConflictError: the stream moved past expectedRevision, or a unique value is taken',
  NOT_FOUND: 'NotFoundError: the command names something the service does not hold',
  IDEMPOTENCY_KEY_REUSED: 'IdempotencyKeyReusedError: the key was used for a different command',
  CONSTITUTION: "ConstitutionError: the association's constitution does not allow the change",
  LOG_DAMAGED: 'LogDamagedError: the log failed its start-up check; no write is accepted',
  BUSY: 'BusyError: the service cannot take the request now, whatever its input; try again later',
} as const;

type ErrorCode = keyof typeof ERROR_CODES;

const ErrorCodeEnum = builder.enumType('ErrorCode', {
  description: 'The code of a typed mutation error (Error.code), one per error type',
  values: Object.fromEntries(
    Object.entries(ERROR_CODES).map(([code, description]) => [code, { description }]),
  ) as Record<ErrorCode, { description: string }>,
});

export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.field({
      type: ErrorCodeEnum,
      description: 'A stable, machine-readable code for the kind of error (the message may change)',
      resolve: (e) => {
        if (!(e.code in ERROR_CODES)) throw new Error(`Error code ${e.code} is not in the ErrorCode enum`);
        return e.code as ErrorCode;
      },
    }),
  }),
});

const FieldErrorRef = builder.objectRef<FieldError>('FieldError').implement({
  description: 'One bad input field: its path in the input (e.g. sections.2.key) and what is wrong',
  fields: (t) => ({
    path: t.exposeString('path'),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    fields: t.field({ type: [FieldErrorRef], resolve: (e) => e.fields }),
  }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    expectedRevision: t.int({ nullable: true, resolve: (e) => e.expectedRevision }),
    actualRevision: t.int({ nullable: true, resolve: (e) => e.actualRevision }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    resource: t.exposeString('resource'),
    identifier: t.exposeString('identifier'),
  }),
});

builder.objectType(IdempotencyKeyReusedError, {
  name: 'IdempotencyKeyReusedError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ idempotencyKey: t.exposeString('idempotencyKey') }),
});

builder.objectType(ConstitutionError, {
  name: 'ConstitutionError',
  description: "A change the association's constitution does not allow, such as a thirteenth trustee",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    minimum: t.exposeInt('minimum', { description: 'The fewest trustees the constitution requires' }),
    maximum: t.exposeInt('maximum', { description: 'The most trustees the constitution allows' }),
    size: t.exposeInt('size', { description: 'How many trustees the board would have had after the change' }),
  }),
});

builder.objectType(LogDamagedError, {
  name: 'LogDamagedError',
  description:
    'The event log failed its start-up check (the read models applied events it no longer holds, or its last events do not verify), so no write is accepted until it is restored or rebuilt; nothing was recorded',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    reason: t.exposeString('reason', { description: 'What the start-up check found, as /health reports it' }),
  }),
});

builder.objectType(BusyError, {
  name: 'BusyError',
  description:
    'The service cannot take this request now, whatever its input (e.g. too many documents already wait to be read); nothing was recorded, and the same request may succeed later',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    retryAfterSeconds: t.exposeInt('retryAfterSeconds', {
      description: 'A reasonable wait before trying again, in seconds',
    }),
  }),
});
