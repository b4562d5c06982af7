// The settings the HTTP gate applies (see src/config.ts for each one's meaning and default), and
// the context yoga is given for each request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.ts';
import type { HeldTurn } from './admission.ts';
import type { RequestConstructor } from './answers.ts';

export type GateSettings = Pick<
  Config,
  | 'MAX_BODY_BYTES'
  | 'REQUEST_TIMEOUT_MS'
  | 'HEADERS_TIMEOUT_MS'
  | 'BODY_TIMEOUT_MS'
  | 'IDLE_TIMEOUT_MS'
  | 'MAX_CONNECTIONS'
  | 'MAX_SUBSCRIPTIONS'
  | 'MAX_SUBSCRIPTIONS_PER_CLIENT'
  | 'MAX_RESPONSE_BYTES'
  | 'MAX_CONCURRENT_REQUESTS'
  | 'MAX_QUEUED_REQUESTS'
  | 'MAX_CONNECTIONS_PER_ADDRESS'
  | 'MAX_PIPELINED_REQUESTS'
  | 'MAX_STREAM_LIFETIME_MS'
>;

export type ServerContext = {
  req: IncomingMessage;
  res: ServerResponse;
  /** The execution turn the request holds (absent outside the gate, e.g. in yoga's own tests). */
  turn?: HeldTurn;
};

/**
 * Sees every whole answer before it is sent: may set headers (in place) and returns the status to
 * send; 304 sends the headers without the body (src/http/publicReads.ts).
 */
export type AnswerDecorator = (
  req: IncomingMessage,
  status: number,
  headers: Record<string, string>,
  body: Buffer,
) => number;

/** What the gate hands requests to: a yoga instance. */
export interface FetchHandler {
  handleRequest(request: Request, context: ServerContext): Promise<Response> | Response;
  /** The handler's own fetch classes (yoga's `fetchAPI`); requests are built with its Request when given. */
  fetchAPI?: { Request: RequestConstructor };
}
