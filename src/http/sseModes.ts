// Which GraphQL-over-SSE modes the service speaks. It serves graphql-sse's "distinct connections"
// mode (a POST or a GET with `accept: text/event-stream`, one stream per subscription), which is
// also what a browser EventSource does. graphql-sse's "single connection" mode (a PUT that reserves
// a stream, operations sent with an `x-graphql-event-stream-token` header, DELETE to stop) is not
// served: it keeps reservations in server memory between requests, outside the per-request limits
// the gate applies to every stream. Such requests get one clear 405 instead of a misleading 415.
import type { IncomingMessage } from 'node:http';

/** The header graphql-sse's single connection mode sends with each operation and stream. */
export const STREAM_TOKEN_HEADER = 'x-graphql-event-stream-token';

export const SINGLE_CONNECTION_REFUSAL =
  "graphql-sse's single connection mode is not supported: create the client with singleConnection: false (the default), which opens one event stream per subscription";

/** True for a request of graphql-sse's single connection mode: a reservation (PUT), a DELETE, or a request naming a reserved stream. */
export function isSingleConnectionRequest(req: IncomingMessage): boolean {
  if (req.method === 'PUT' || req.method === 'DELETE') return true;
  if (req.headers[STREAM_TOKEN_HEADER] !== undefined) return true;
  return new URL(req.url ?? '/', 'http://localhost').searchParams.has('token');
}
