// Cacheable public reads: a query sent by GET without a token is answered with a strong ETag,
// `Cache-Control: public, max-age=PUBLIC_MAX_AGE_SECONDS` and `Vary`, and a repeated one is
// answered from memory (or with 304 Not Modified) before the gate's queue and yoga run.
//
// Why this is correct: an unauthenticated answer depends only on the read models, which change
// only when the projections move to a later log position, and on today's date (the default of
// asOf). Both are in every key, so an entry is exactly what executing the query again would give,
// and a write acknowledged to an editor (whose mutation returned only once the read models reached
// it) is seen by the very next read. The key is taken before execution and positions only grow, so
// an entry can hold an answer newer than its key, never an older one.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from '../app/services.ts';
import { canonicalJson } from '../events/hashChain.ts';
import { today } from '../schema/scalars.ts';
import { BoundedLru } from './boundedCache.ts';

/**
 * What an unauthenticated answer depends on besides the request and the date: the log position the
 * read models reflect, the position a failing projection stopped at, and whether the log is taken as
 * damaged (every answer then carries LOG_DAMAGED, so none from before may be reused).
 */
export function publicAnswerState(services: Pick<Services, 'runner' | 'integrity'>): string {
  return `${services.runner.checkpoint}|${services.runner.status().failure?.position ?? ''}|${services.integrity.reason === null ? '' : 'damaged'}`;
}

/** What the key of a public answer is made of besides the request: where the read models stand. */
export interface ReadModelPosition {
  /** publicAnswerState: where the read models stand, as a string. */
  position(): string;
}

/** What a cached GET answer keeps: its bytes and the headers sent with them. */
interface CachedAnswer {
  etag: string;
  headers: Record<string, string>;
  body: Buffer;
  operation: string;
}

/** Counts the fast path reports (to /metrics); all optional. */
export interface PublicReadEvents {
  /** A GET answered from memory ('hit') or with 304 ('not-modified'), before yoga ran. */
  cached?(result: 'hit' | 'not-modified', operation: string): void;
}

/** The endpoint whose GET answers are cacheable. */
const GRAPHQL_PATH = '/graphql';

/**
 * Headers that say a cached public answer may differ by these request headers. X-Min-Position is
 * among them: a shared cache holding an answer made without it must not hand that answer to a
 * reader who asked for a later position (src/http/minPosition.ts).
 */
const VARY = 'accept, authorization, origin, x-min-position';

export const NO_STORE = 'private, no-store';

export class PublicReads {
  /**
   * Answers by `positionKey|accept|search`, least recently used out first (entries of earlier
   * positions age out): at most `maxEntries` answers and `maxBytes` bytes of bodies and headers.
   */
  private readonly answers: BoundedLru<CachedAnswer>;
  /**
   * Where the read models stood when each GET of the endpoint arrived. Its answer is keyed (and
   * tagged) by that position, never by the one after execution: a write landing meanwhile must
   * not file an older answer under its newer position.
   */
  private readonly arrivals = new WeakMap<IncomingMessage, string>();

  constructor(
    private readonly readModels: ReadModelPosition,
    private readonly settings: { maxEntries: number; maxBytes?: number; maxAgeSeconds: number },
    private readonly events: PublicReadEvents = {},
  ) {
    this.answers = new BoundedLru(settings.maxEntries, settings.maxBytes ?? Number.POSITIVE_INFINITY, answerBytes);
  }

  /**
   * Called for every request before the gate: notes where the read models stand as a GET of the
   * endpoint arrives, and answers a public one from memory when an answer for the same read-model
   * position, date, accept header and URL parameters is held: 304 when the client's If-None-Match
   * names it, else the same bytes with the same headers. Returns false (having written nothing)
   * otherwise.
   */
  answerFromMemory(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET') return false;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    if (q !== GRAPHQL_PATH.length || !url.startsWith(GRAPHQL_PATH)) return false;
    // A reader that names a position it must see waits for it (src/http/minPosition.ts) and is
    // never answered from memory, which holds answers of the position this replica has now.
    if (req.headers['x-min-position'] !== undefined) return false;
    const positionKey = this.positionKey();
    this.arrivals.set(req, positionKey);
    const h = req.headers;
    if (this.settings.maxEntries === 0 || h.authorization !== undefined || h.origin !== undefined) return false;
    const entry = this.answers.get(`${positionKey}|${h.accept ?? ''}|${url.slice(q)}`);
    if (!entry) return false;
    if (matches(h['if-none-match'], entry.etag)) {
      this.events.cached?.('not-modified', entry.operation);
      res.writeHead(304, notModifiedHeaders(entry.headers));
      res.end();
      return true;
    }
    this.events.cached?.('hit', entry.operation);
    res.writeHead(200, entry.headers);
    res.end(entry.body);
    return true;
  }

  /**
   * Sets the caching headers of a whole GraphQL answer the gate is about to send, and keeps a
   * cacheable one for `answerFromMemory`. Returns 304 when the client's If-None-Match names the
   * answer's ETag (the bytes are then not sent).
   */
  readonly decorate = (req: IncomingMessage, status: number, headers: Record<string, string>, body: Buffer): number => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (path !== GRAPHQL_PATH) return status;
    const cacheable =
      req.method === 'GET' &&
      status === 200 &&
      req.headers.authorization === undefined &&
      // Conservative: an alias named errors also keeps an answer out of caches.
      !body.includes('"errors":') &&
      !headers['access-control-allow-origin'];
    if (!cacheable) {
      headers['cache-control'] = NO_STORE;
      // (A POST keeps the response cache's key as its ETag, as before; no cache stores a POST answer.)
      if (req.method === 'GET') delete headers.etag;
      return status;
    }
    const search = q < 0 ? '' : url.slice(q);
    const positionKey = this.arrivals.get(req);
    // Only a request that came through answerFromMemory has its arrival position; others are not tagged.
    if (positionKey === undefined) {
      headers['cache-control'] = NO_STORE;
      return status;
    }
    const etag = strongEtag(positionKey, req.headers.accept, search);
    headers.etag = etag;
    headers['cache-control'] = `public, max-age=${this.settings.maxAgeSeconds}`;
    headers.vary = VARY;
    // The yoga response cache's own validator is for its POST answers; the answer has one ETag.
    delete headers['last-modified'];
    if (this.settings.maxEntries > 0 && req.headers.origin === undefined) {
      this.remember(`${positionKey}|${req.headers.accept ?? ''}|${search}`, {
        etag,
        headers: { ...headers, 'content-length': String(body.length) },
        body,
        operation: new URLSearchParams(search).get('operationName') ?? '',
      });
    }
    return matches(req.headers['if-none-match'], etag) ? 304 : status;
  };

  private remember(key: string, answer: CachedAnswer): void {
    this.answers.set(key, answer);
  }

  /** Answers held now and the bytes they hold (as `maxBytes` counts them). */
  get held(): { entries: number; bytes: number } {
    return { entries: this.answers.size, bytes: this.answers.bytes };
  }

  private positionKey(): string {
    return `${this.readModels.position()}|${today()}`;
  }
}

/** What a kept answer counts against the byte bound: its body, key-sized headers and operation name. */
function answerBytes(answer: CachedAnswer): number {
  let bytes = answer.body.length + answer.operation.length + answer.etag.length;
  for (const name in answer.headers) bytes += name.length + answer.headers[name]!.length;
  return bytes;
}

/** The headers a 304 repeats from the 200 it stands for (RFC 9110 §15.4.5), without the body's length and type. */
export function notModifiedHeaders(headers: Record<string, string>): Record<string, string> {
  const { 'content-length': _length, 'content-type': _type, ...rest } = headers;
  return rest;
}

/**
 * A strong validator for a public answer: SHA-256 over the read models' position, the date, the
 * accept header and the request's parameters normalised (the same query, operation name,
 * variables and extensions in any order or JSON spelling give the same ETag). Quoted, as RFC 9110
 * §8.8.3 writes entity tags.
 */
export function strongEtag(positionKey: string, accept: string | undefined, search: string): string {
  const params = new URLSearchParams(search);
  const json = (name: string): string => {
    const value = params.get(name);
    if (value === null) return '';
    try {
      return canonicalJson(JSON.parse(value));
    } catch {
      return value;
    }
  };
  const normalised = [
    positionKey,
    accept ?? '',
    params.get('query') ?? '',
    params.get('operationName') ?? '',
    json('variables'),
    json('extensions'),
  ].join('\n');
  return `"${createHash('sha256').update(normalised).digest('base64url')}"`;
}

/** Whether an If-None-Match header names `etag` (or is `*`); weak comparison, as RFC 9110 §13.1.2 asks. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
