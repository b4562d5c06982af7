// The gate's refusals of requests it admitted, or that waited for a turn: status, code, the
// setting that set the limit, and a message saying what to do.
import type { GateSettings } from './gateSettings.ts';

/** A refusal as `sendRefusal` takes it after the response: status, code, the limit it names, message, headers. */
export type Refusal = [
  status: number,
  code: string,
  limit: keyof GateSettings,
  message: string,
  headers: Record<string, string>,
];

/** Writes a refusal in a route's own format. */
export type Refuse = (...refusal: Refusal) => void;

/** The refusal of a request that got no turn: the queue was full, or its deadline passed while it waited. */
export function noTurn(s: GateSettings, turn: 'busy' | 'aborted'): Refusal {
  return turn === 'busy'
    ? [
        503,
        'SERVER_BUSY',
        'MAX_QUEUED_REQUESTS',
        `The server is answering ${s.MAX_CONCURRENT_REQUESTS} requests with ${s.MAX_QUEUED_REQUESTS} waiting; try again shortly`,
        { 'retry-after': '1' },
      ]
    : [
        503,
        'TIMEOUT',
        'REQUEST_TIMEOUT_MS',
        `The request waited ${s.REQUEST_TIMEOUT_MS} ms for its turn and was not started`,
        { 'retry-after': '1' },
      ];
}

/** The answer to a request stopped at its deadline (REQUEST_TIMEOUT_MS) after it had started. */
export function pastDeadlineRefusal(s: GateSettings): Refusal {
  return [
    503,
    'TIMEOUT',
    'REQUEST_TIMEOUT_MS',
    `The request did not finish within ${s.REQUEST_TIMEOUT_MS} ms and was stopped; a mutation may or may not ` +
      'have recorded its change: retry it with the same idempotencyKey, which records it at most once',
    { 'retry-after': '1' },
  ];
}
