// The HTTP gate every GraphQL request passes before and after yoga: JSON-only POST bodies read
// within a size and a time limit, a deadline for every request that is not a live subscription,
// caps on open connections and event streams, a bounded answer size, and security headers.
// Each refusal says which limit applied, in `errors[0].extensions.code` and `extensions.limit`.
import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Admission, HeldTurn, StreamCounter } from './admission.ts';
import { clientKey, DATA_CSP, sendJson, sendRefusal, SECURITY_HEADERS, toRequest } from './answers.ts';
import { ConnectionLimits } from './connectionLimits.ts';
import { noTurn, pastDeadlineRefusal, type Refuse } from './refusals.ts';
import { deadlines } from './deadlines.ts';
import type { AnswerDecorator, FetchHandler, GateSettings, ServerContext } from './gateSettings.ts';
import { notModifiedHeaders } from './publicReads.ts';
import { isSingleConnectionRequest, SINGLE_CONNECTION_REFUSAL } from './sseModes.ts';
import {
  BodyTimeoutError,
  BodyTooLargeError,
  isJsonBody,
  jsonDepth,
  MAX_JSON_DEPTH,
  readBody,
  urlParameterProblem,
} from './requestContent.ts';

export { jsonDepth, MAX_JSON_DEPTH } from './requestContent.ts';
export { DATA_CSP, SECURITY_HEADERS, sendJson, sendRefusal } from './answers.ts';
export type { AnswerDecorator, FetchHandler, GateSettings, ServerContext } from './gateSettings.ts';
export { useSubscriptionsOutliveDeadline } from './deadlines.ts';

export class HttpGate {
  private readonly streams: StreamCounter;
  private readonly admission: Admission;
  private readonly connections: ConnectionLimits;
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
    this.connections = new ConnectionLimits(settings);
  }

  /** Open TCP connections right now. */
  get openConnections(): number {
    return this.connections.open;
  }

  /** Requests waiting for their turn to execute right now. */
  get queuedRequests(): number {
    return this.admission.queuedCount;
  }

  /** Open event streams (subscriptions and streamed answers) right now. */
  get openStreams(): number {
    return this.streams.open;
  }

  /**
   * Counts one more request read from `req`'s connection and not yet answered (until `res` closes).
   * Past MAX_PIPELINED_REQUESTS it refuses the request through `refuse` (429 TOO_MANY_REQUESTS)
   * and returns true. Node reads pipelined requests ahead of their answers: one connection could
   * otherwise fill the whole admission queue by writing a thousand requests at once.
   */
  private refusedAsPipelined(req: IncomingMessage, res: ServerResponse, refuse: Refuse): boolean {
    const socket: Socket = req.socket;
    const pending = (this.inFlight.get(socket) ?? 0) + 1;
    this.inFlight.set(socket, pending);
    res.once('close', () => this.inFlight.set(socket, (this.inFlight.get(socket) ?? 1) - 1));
    const most = this.settings.MAX_PIPELINED_REQUESTS;
    if (pending <= most) return false;
    const message = `A connection may have ${most} requests waiting for their answers; wait for one first`;
    refuse(429, 'TOO_MANY_REQUESTS', 'MAX_PIPELINED_REQUESTS', message, { 'retry-after': '1' });
    req.resume();
    return true;
  }

  /** Options for node:http's createServer: expired headers and requests are looked for every 250 ms (node's default is 30 s). */
  static serverOptions(): ServerOptions {
    return { connectionsCheckingInterval: 250 };
  }

  /** Applies the connection-level limits to a node:http server (before it listens). */
  guard(server: Server): void {
    this.connections.guard(server);
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
    refuse: Refuse,
  ): Promise<void> {
    const s = this.settings;
    if (this.refusedAsPipelined(req, res, refuse)) return;
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    const timer = setTimeout(() => abort.abort(), s.REQUEST_TIMEOUT_MS);
    try {
      const turn = await this.admission.enter(abort.signal);
      if (turn === 'busy' || turn === 'aborted') {
        if (!res.writableEnded && !res.destroyed) refuse(...noTurn(s, turn));
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
    if (this.refusedAsPipelined(req, res, (...refusal) => sendRefusal(res, ...refusal))) return;
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
        sendJson(res, 415, {
          errors: [
            {
              message: 'Send the request as application/json (or as a GET with URL parameters)',
              extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' },
            },
          ],
        });
        req.resume();
        return;
      }
      try {
        body = await readBody(req, s.MAX_BODY_BYTES, s.BODY_TIMEOUT_MS);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          sendRefusal(
            res,
            413,
            'PAYLOAD_TOO_LARGE',
            'MAX_BODY_BYTES',
            `Request body is larger than ${s.MAX_BODY_BYTES} bytes`,
            { connection: 'close' },
          );
          req.resume();
          return;
        }
        if (error instanceof BodyTimeoutError) {
          sendRefusal(
            res,
            408,
            'BODY_TIMEOUT',
            'BODY_TIMEOUT_MS',
            `The request body did not arrive within ${s.BODY_TIMEOUT_MS} ms`,
            { connection: 'close' },
          );
          res.once('finish', () => socket?.destroySoon());
          return;
        }
        throw error;
      }
      if (jsonDepth(body) > MAX_JSON_DEPTH) {
        sendJson(res, 400, {
          errors: [
            {
              message: `The request body nests JSON deeper than ${MAX_JSON_DEPTH} levels`,
              extensions: { code: 'BAD_REQUEST' },
            },
          ],
        });
        return;
      }
    }

    const abort = new AbortController();
    // The client left before its whole answer was written: stop the work. (Every answer closes; an
    // abort after a finished one would only build a DOMException with its stack for nothing.)
    res.once('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    let pastDeadline = false;
    const timer = setTimeout(() => {
      pastDeadline = true;
      abort.abort();
    }, s.REQUEST_TIMEOUT_MS);
    deadlines.set(req, () => clearTimeout(timer));
    await this.beforeTurn?.(req, abort.signal);
    const admitted = await this.admission.enter(abort.signal);
    if (admitted === 'busy' || admitted === 'aborted') {
      clearTimeout(timer);
      if (res.writableEnded || res.destroyed) return;
      sendRefusal(res, ...noTurn(s, admitted));
      return;
    }
    const turn = new HeldTurn(this.admission, admitted, abort.signal);
    let stream: { release(): void } | null = null;
    try {
      const response = await this.yoga.handleRequest(toRequest(req, body, abort.signal, this.yoga.fetchAPI?.Request), {
        req,
        res,
        turn,
      });
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
        // What execution answers once stopped at the deadline is `{"errors":[]}`: say why instead.
        if (pastDeadline) {
          sendRefusal(res, ...pastDeadlineRefusal(s));
          return;
        }
        if (bytes.length > s.MAX_RESPONSE_BYTES) {
          const status = out['content-type']?.startsWith('application/graphql-response+json') ? 400 : 200;
          sendRefusal(
            res,
            status,
            'RESPONSE_TOO_LARGE',
            'MAX_RESPONSE_BYTES',
            `The answer is larger than ${s.MAX_RESPONSE_BYTES} bytes; ask for fewer items or fields`,
            {
              'content-type': out['content-type'] ?? 'application/json; charset=utf-8',
            },
          );
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
        const total = taken.full === 'total';
        sendRefusal(
          res,
          total ? 503 : 429,
          'TOO_MANY_SUBSCRIPTIONS',
          total ? 'MAX_SUBSCRIPTIONS' : 'MAX_SUBSCRIPTIONS_PER_CLIENT',
          total
            ? `The server holds its limit of ${s.MAX_SUBSCRIPTIONS} open event streams; try again shortly`
            : `A client may hold ${s.MAX_SUBSCRIPTIONS_PER_CLIENT} open event streams; close one first`,
          { 'retry-after': '5' },
        );
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
