// Answers the HTTP layer writes itself (refusals, health, raw socket answers), with the security
// headers every answer carries, and the conversion of a node request to the fetch Request yoga takes.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { GateSettings } from './gateSettings.ts';

export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};
/** Data responses may load nothing at all; GraphiQL's page needs its scripts and styles. */
export const DATA_CSP = "default-src 'none'; frame-ancestors 'none'";

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-security-policy': DATA_CSP,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(bytes.length),
    ...headers,
  });
  res.end(bytes);
}

/** An answer refusing the request because of one limit, named by its code and its setting. */
export function sendRefusal(
  res: ServerResponse,
  status: number,
  code: string,
  limit: keyof GateSettings,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { errors: [{ message, extensions: { code, limit } }] }, headers);
}

/** Who a live stream belongs to: the token holder, or the address of an anonymous client. */
export function clientKey(req: IncomingMessage): string {
  const auth = req.headers.authorization;
  if (auth) return `token:${createHash('sha256').update(auth).digest('hex')}`;
  return `address:${req.socket.remoteAddress ?? 'unknown'}`;
}

/** Writes a whole JSON answer on a raw socket (no request object exists) and closes it. */
export function answerRaw(
  socket: Socket,
  status: string,
  error: { message: string; extensions: Record<string, string> },
  headers = '',
): void {
  const body = JSON.stringify({ errors: [error] });
  socket.end(
    `HTTP/1.1 ${status}\r\ncontent-type: application/json; charset=utf-8\r\n${headers}connection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.destroySoon();
}

/** A constructor of fetch Requests: yoga's own (`yoga.fetchAPI.Request`) or the global one. */
export type RequestConstructor = new (input: string, init: RequestInit) => Request;

/**
 * A node request as the fetch Request yoga takes, its body already read. Built with yoga's own
 * Request class when given (as yoga's node adapter does): it takes node's header object as it is,
 * where the global (undici) Request copies every header into a Headers list and validates it,
 * a third of the CPU time of the gate's own work on a GET.
 */
export function toRequest(
  req: IncomingMessage,
  body: Buffer | undefined,
  signal: AbortSignal,
  RequestClass: RequestConstructor = Request,
): Request {
  const headers: Record<string, string> = {};
  for (const name in req.headers) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return new RequestClass(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
    method: req.method ?? 'GET',
    headers,
    ...(body ? { body: new Uint8Array(body) } : {}),
    signal,
  });
}
