// The HTTP gate every GraphQL request passes before and after yoga: JSON-only POST bodies read
// within a size and a time limit, a deadline for every request that is not a live subscription,
// caps on open connections and event streams, a bounded answer size, and security headers.
// Each refusal says which limit applied, in `errors[0].extensions.code` and `extensions.limit`.
import { createHash } from 'node:crypto';
import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.ts';
import { Admission, StreamCounter } from './admission.ts';
import { notModifiedHeaders } from './publicReads.ts';
import { isSingleConnectionRequest, SINGLE_CONNECTION_REFUSAL } from './sseModes.ts';
import { BodyTimeoutError, BodyTooLargeError, isJsonBody, jsonDepth, MAX_JSON_DEPTH, readBody, urlParameterProblem } from './requestContent.ts';

export { jsonDepth, MAX_JSON_DEPTH } from './requestContent.ts';

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

export type ServerContext = { req: IncomingMessage; res: ServerResponse };

export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};
/** Data responses may load nothing at all; GraphiQL's page needs its scripts and styles. */
export const DATA_CSP = "default-src 'none'; frame-ancestors 'none'";

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
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
function clientKey(req: IncomingMessage): string {
  const auth = req.headers.authorization;
  if (auth) return `token:${createHash('sha256').update(auth).digest('hex')}`;
  return `address:${req.socket.remoteAddress ?? 'unknown'}`;
}

/**
 * Per-request deadlines, looked up by the request: a subscription lifts its own deadline once it
 * has started (it stays open for as long as the client listens), everything else is stopped.
 */
const deadlines = new WeakMap<IncomingMessage, () => void>();

/** Lifts the request deadline once a subscription has started streaming. */
export function useSubscriptionsOutliveDeadline(): Plugin<ServerContext> {
  return {
    onSubscribe({ args }) {
      const req = (args.contextValue as Partial<ServerContext>).req;
      if (req) deadlines.get(req)?.();
    },
  };
}

/** Writes a whole JSON answer on a raw socket (no request object exists) and closes it. */
function answerRaw(socket: Socket, status: string, error: { message: string; extensions: Record<string, string> }, headers = ''): void {
  const body = JSON.stringify({ errors: [error] });
  socket.end(
    `HTTP/1.1 ${status}\r\ncontent-type: application/json; charset=utf-8\r\n${headers}connection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.destroySoon();
}

/** Answers 503 on a connection before any request is read from it, naming the limit. */
function refuseConnection(socket: Socket, message: string, limit: keyof GateSettings): void {
  answerRaw(socket, '503 Service Unavailable', { message, extensions: { code: 'TOO_MANY_CONNECTIONS', limit } }, 'retry-after: 1\r\n');
}

/**
 * Sees every whole answer before it is sent: may set headers (in place) and returns the status to
 * send; 304 sends the headers without the body (src/http/publicReads.ts).
 */
export type AnswerDecorator = (req: IncomingMessage, status: number, headers: Record<string, string>, body: Buffer) => number;

/** What the gate hands requests to: a yoga instance. */
export interface FetchHandler {
  handleRequest(request: Request, context: ServerContext): Promise<Response> | Response;
}

export class HttpGate {
  private readonly streams: StreamCounter;
  private readonly admission: Admission;
  private connections = 0;
  private readonly perAddress = new Map<string, number>();
  /** Requests read from each connection and not yet answered (HTTP/1.1 pipelining). */
  private readonly inFlight = new WeakMap<Socket, number>();

  constructor(
    private readonly yoga: FetchHandler,
    private readonly settings: GateSettings,
    private readonly decorate: AnswerDecorator = (_req, status) => status,
    /** Runs before the request waits for its turn, within its deadline (e.g. src/http/minPosition.ts). */
    private readonly beforeTurn?: (req: IncomingMessage, signal: AbortSignal) => Promise<void>,
  ) {
    this.streams = new StreamCounter(settings.MAX_SUBSCRIPTIONS, settings.MAX_SUBSCRIPTIONS_PER_CLIENT);
    this.admission = new Admission(settings.MAX_CONCURRENT_REQUESTS, settings.MAX_QUEUED_REQUESTS);
  }

  /** Open TCP connections right now. */
  get openConnections(): number {
    return this.connections;
  }

  /** Requests waiting for their turn to execute right now. */
  get queuedRequests(): number {
    return this.admission.queuedCount;
  }

  /** Open event streams (subscriptions and streamed answers) right now. */
  get openStreams(): number {
    return this.streams.open;
  }

  /** Options for node:http's createServer: expired headers and requests are looked for every 250 ms (node's default is 30 s). */
  static serverOptions(): ServerOptions {
    return { connectionsCheckingInterval: 250 };
  }

  /** Applies the connection-level limits to a node:http server (before it listens). */
  guard(server: Server): void {
    const s = this.settings;
    server.headersTimeout = s.HEADERS_TIMEOUT_MS;
    // Node's own backstop for a whole request; the gate answers a slow body first, with its code.
    server.requestTimeout = s.HEADERS_TIMEOUT_MS + s.BODY_TIMEOUT_MS + 1_000;
    server.timeout = s.IDLE_TIMEOUT_MS;
    server.on('connection', (socket: Socket) => {
      const address = socket.remoteAddress ?? 'unknown';
      const mine = (this.perAddress.get(address) ?? 0) + 1;
      this.perAddress.set(address, mine);
      this.connections += 1;
      socket.once('close', () => {
        this.connections -= 1;
        const left = (this.perAddress.get(address) ?? 1) - 1;
        if (left <= 0) this.perAddress.delete(address);
        else this.perAddress.set(address, left);
      });
      if (this.connections > s.MAX_CONNECTIONS) {
        refuseConnection(socket, `The server holds its limit of ${s.MAX_CONNECTIONS} open connections; try again shortly`, 'MAX_CONNECTIONS');
      } else if (mine > s.MAX_CONNECTIONS_PER_ADDRESS) {
        // One host cannot take every connection (and with it /health) by opening and holding many.
        refuseConnection(socket, `One address may hold ${s.MAX_CONNECTIONS_PER_ADDRESS} open connections; close one first`, 'MAX_CONNECTIONS_PER_ADDRESS');
      }
    });
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
      if (!socket.writable || (socket as Socket & { _httpMessage?: unknown })._httpMessage) {
        socket.destroy();
        return;
      }
      if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
        answerRaw(socket, '408 Request Timeout', {
          message: `The request headers did not arrive within ${s.HEADERS_TIMEOUT_MS} ms`,
          extensions: { code: 'HEADERS_TIMEOUT', limit: 'HEADERS_TIMEOUT_MS' },
        });
      } else {
        answerRaw(socket, '400 Bad Request', { message: 'The request is not valid HTTP', extensions: { code: 'BAD_REQUEST' } });
      }
    });
  }

  /**
   * Runs other work (the history pages, src/pages/) within the same limits as a GraphQL request:
   * at most MAX_PIPELINED_REQUESTS waiting per connection, a turn from the same admission queue
   * (503 SERVER_BUSY when it is full), and REQUEST_TIMEOUT_MS from arrival. `work` holds its turn
   * until it settles, and must stop when its signal fires (the deadline passed or the client left).
   * `refuse` writes a refusal in the route's own format, naming the limit (as `sendRefusal` does).
   */
  async admit(
    req: IncomingMessage,
    res: ServerResponse,
    work: (signal: AbortSignal) => Promise<void>,
    refuse: (status: number, code: string, limit: keyof GateSettings, message: string, headers: Record<string, string>) => void,
  ): Promise<void> {
    const s = this.settings;
    const socket = req.socket;
    const pending = (this.inFlight.get(socket) ?? 0) + 1;
    this.inFlight.set(socket, pending);
    res.once('close', () => this.inFlight.set(socket, (this.inFlight.get(socket) ?? 1) - 1));
    if (pending > s.MAX_PIPELINED_REQUESTS) {
      refuse(429, 'TOO_MANY_REQUESTS', 'MAX_PIPELINED_REQUESTS', `A connection may have ${s.MAX_PIPELINED_REQUESTS} requests waiting for their answers; wait for one first`, { 'retry-after': '1' });
      req.resume();
      return;
    }
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    const timer = setTimeout(() => abort.abort(), s.REQUEST_TIMEOUT_MS);
    try {
      const turn = await this.admission.enter(abort.signal);
      if (turn === 'busy') {
        refuse(503, 'SERVER_BUSY', 'MAX_QUEUED_REQUESTS', `The server is answering ${s.MAX_CONCURRENT_REQUESTS} requests with ${s.MAX_QUEUED_REQUESTS} waiting; try again shortly`, { 'retry-after': '1' });
        return;
      }
      if (turn === 'aborted') {
        if (!res.writableEnded && !res.destroyed) {
          refuse(503, 'TIMEOUT', 'REQUEST_TIMEOUT_MS', `The request waited ${s.REQUEST_TIMEOUT_MS} ms for its turn and was not started`, { 'retry-after': '1' });
        }
        return;
      }
      try {
        await work(abort.signal);
      } finally {
        turn.leave();
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** Hands one HTTP request to yoga within the limits, adding security headers to its answer. */
  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const s = this.settings;
    const socket = req.socket;
    // Node reads pipelined requests ahead of their answers: one connection could otherwise fill
    // the whole admission queue by writing a thousand requests at once.
    const pending = (this.inFlight.get(socket) ?? 0) + 1;
    this.inFlight.set(socket, pending);
    res.once('close', () => this.inFlight.set(socket, (this.inFlight.get(socket) ?? 1) - 1));
    if (pending > s.MAX_PIPELINED_REQUESTS) {
      sendRefusal(res, 429, 'TOO_MANY_REQUESTS', 'MAX_PIPELINED_REQUESTS', `A connection may have ${s.MAX_PIPELINED_REQUESTS} requests waiting for their answers; wait for one first`, { 'retry-after': '1' });
      req.resume();
      return;
    }
    if (isSingleConnectionRequest(req)) {
      const error = { message: SINGLE_CONNECTION_REFUSAL, extensions: { code: 'SSE_SINGLE_CONNECTION_UNSUPPORTED' } };
      sendJson(res, 405, { errors: [error] }, { allow: 'GET, POST, OPTIONS' });
      req.resume();
      return;
    }
    if (req.method === 'GET') {
      const problem = urlParameterProblem(req.url ?? '/');
      if (problem) {
        sendJson(res, 400, { errors: [{ message: problem, extensions: { code: 'BAD_REQUEST' } }] });
        return;
      }
    }
    let body: Buffer | undefined;
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') {
      if (!isJsonBody(req.headers['content-type'])) {
        sendJson(res, 415, { errors: [{ message: 'Send the request as application/json (or as a GET with URL parameters)', extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }] });
        req.resume();
        return;
      }
      try {
        body = await readBody(req, s.MAX_BODY_BYTES, s.BODY_TIMEOUT_MS);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          sendRefusal(res, 413, 'PAYLOAD_TOO_LARGE', 'MAX_BODY_BYTES', `Request body is larger than ${s.MAX_BODY_BYTES} bytes`, { connection: 'close' });
          req.resume();
          return;
        }
        if (error instanceof BodyTimeoutError) {
          sendRefusal(res, 408, 'BODY_TIMEOUT', 'BODY_TIMEOUT_MS', `The request body did not arrive within ${s.BODY_TIMEOUT_MS} ms`, { connection: 'close' });
          res.once('finish', () => socket?.destroySoon());
          return;
        }
        throw error;
      }
      if (jsonDepth(body) > MAX_JSON_DEPTH) {
        sendJson(res, 400, { errors: [{ message: `The request body nests JSON deeper than ${MAX_JSON_DEPTH} levels`, extensions: { code: 'BAD_REQUEST' } }] });
        return;
      }
    }

    const abort = new AbortController();
    res.once('close', () => abort.abort());
    const timer = setTimeout(() => abort.abort(), s.REQUEST_TIMEOUT_MS);
    deadlines.set(req, () => clearTimeout(timer));
    await this.beforeTurn?.(req, abort.signal);
    const turn = await this.admission.enter(abort.signal);
    if (turn === 'busy' || turn === 'aborted') {
      clearTimeout(timer);
      if (res.writableEnded || res.destroyed) return;
      if (turn === 'busy') {
        sendRefusal(res, 503, 'SERVER_BUSY', 'MAX_QUEUED_REQUESTS', `The server is answering ${s.MAX_CONCURRENT_REQUESTS} requests with ${s.MAX_QUEUED_REQUESTS} waiting; try again shortly`, { 'retry-after': '1' });
      } else {
        sendRefusal(res, 503, 'TIMEOUT', 'REQUEST_TIMEOUT_MS', `The request waited ${s.REQUEST_TIMEOUT_MS} ms for its turn and was not started`, { 'retry-after': '1' });
      }
      return;
    }
    let stream: { release(): void } | null = null;
    try {
      const response = await this.yoga.handleRequest(toRequest(req, body, abort.signal), { req, res });
      const out: Record<string, string> = { ...SECURITY_HEADERS };
      response.headers.forEach((value, name) => {
        // Some of yoga's responses (event streams) name their headers in mixed case.
        out[name.toLowerCase()] = value;
      });
      if (!out['content-type']?.startsWith('text/html')) out['content-security-policy'] = DATA_CSP;
      if (!response.body) {
        res.writeHead(response.status, out);
        res.end();
        return;
      }
      if (!out['content-type']?.startsWith('text/event-stream')) {
        // A whole answer: written in one piece, without a stream between yoga and the socket.
        const bytes = Buffer.from(await response.arrayBuffer());
        turn.leave();
        if (bytes.length > s.MAX_RESPONSE_BYTES) {
          const status = out['content-type']?.startsWith('application/graphql-response+json') ? 400 : 200;
          sendRefusal(res, status, 'RESPONSE_TOO_LARGE', 'MAX_RESPONSE_BYTES', `The answer is larger than ${s.MAX_RESPONSE_BYTES} bytes; ask for fewer items or fields`, {
            'content-type': out['content-type'] ?? 'application/json; charset=utf-8',
          });
          return;
        }
        const status = this.decorate(req, response.status, out, bytes);
        if (status === 304) {
          res.writeHead(304, notModifiedHeaders(out));
          res.end();
          return;
        }
        out['content-length'] = String(bytes.length);
        res.writeHead(status, out);
        res.end(bytes);
        return;
      }
      // An event stream holds no turn while it stays open, but one of the client's stream slots,
      // whatever its accept header said (yoga also streams to accept: */*).
      turn.leave();
      const taken = this.streams.acquire(clientKey(req));
      if ('full' in taken) {
        await response.body.cancel().catch(() => undefined);
        if (taken.full === 'total') {
          sendRefusal(res, 503, 'TOO_MANY_SUBSCRIPTIONS', 'MAX_SUBSCRIPTIONS', `The server holds its limit of ${s.MAX_SUBSCRIPTIONS} open event streams; try again shortly`, { 'retry-after': '5' });
        } else {
          sendRefusal(res, 429, 'TOO_MANY_SUBSCRIPTIONS', 'MAX_SUBSCRIPTIONS_PER_CLIENT', `A client may hold ${s.MAX_SUBSCRIPTIONS_PER_CLIENT} open event streams; close one first`, { 'retry-after': '5' });
        }
        return;
      }
      stream = taken;
      // A reader that stops reading can hold its stream for as long as the kernel's buffers take
      // the pings; every stream therefore ends after MAX_STREAM_LIFETIME_MS and clients reconnect
      // (EventSource and graphql-sse do so by themselves).
      const lifetime = setTimeout(() => res.destroy(), s.MAX_STREAM_LIFETIME_MS);
      res.once('close', () => clearTimeout(lifetime));
      res.writeHead(response.status, out);
      await pipeline(Readable.from(response.body as unknown as AsyncIterable<Uint8Array>), res).catch(() => undefined);
    } finally {
      clearTimeout(timer);
      turn.leave();
      stream?.release();
    }
  }
}

function toRequest(req: IncomingMessage, body: Buffer | undefined, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
    method: req.method ?? 'GET',
    headers,
    ...(body ? { body: new Uint8Array(body) } : {}),
    signal,
  });
}
