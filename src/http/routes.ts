// What the HTTP server offers besides the GraphQL endpoint itself, wired in one place: public GET
// answers from memory (before the gate's queue and yoga), GraphiQL, the history pages, /metrics,
// and the yoga plugins for metrics and trusted documents. server.ts calls `route` first and hands
// everything else to the gate.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { execute, GraphQLError, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { TokenRegistry } from '../app/auth.ts';
import { ComparisonService } from '../app/comparisons.ts';
import type { Services } from '../app/services.ts';
import type { Config } from '../config.ts';
import { isPagePath, PageError, refusePage, servePage, type RunQuery } from '../pages/index.ts';
import { createContext } from '../schema/context.ts';
import { schema } from '../schema/index.ts';
import type { AnswerDecorator, HttpGate } from './gate.ts';
import { buildGraphiQLPage, serveGraphiQL, wantsGraphiQL, type GraphiQLPage } from './graphiql.ts';
import { Metrics, type StreamGauges } from './metrics.ts';
import { publicAnswerState, PublicReads } from './publicReads.ts';
import { TrustedDocuments, useTrustedDocuments } from './trustedDocuments.ts';

export type HttpRoutesSettings = Pick<
  Config,
  | 'DATA_DIR'
  | 'GRAPHIQL'
  | 'METRICS'
  | 'PUBLIC_MAX_AGE_SECONDS'
  | 'RESPONSE_CACHE_SIZE'
  | 'RESPONSE_CACHE_MAX_BYTES'
  | 'TRUSTED_DOCUMENTS_ONLY'
>;

export class HttpRoutes {
  private readonly reads: PublicReads;
  private readonly metrics: Metrics | null;
  /**
   * Rendered on its first request, its renderer loaded then too (9 MB of inlined GraphiQL, about
   * 30 MB of heap with the renderer, that most servers, the benchmark's and tests' among them,
   * never serve). One page, kept for the life of the server.
   */
  private graphiql: Promise<GraphiQLPage> | null = null;
  private readonly trusted: TrustedDocuments;
  private readonly comparisons = new ComparisonService();
  private gauges: StreamGauges = { openStreams: 0, openConnections: 0, queuedRequests: 0 };
  /** Where pages take their turn and deadline; until it is set, pages are refused (never run unbounded). */
  private admission: Pick<HttpGate, 'admit'> | null = null;

  constructor(
    private readonly services: Services,
    private readonly tokens: TokenRegistry,
    private readonly logger: Logger,
    private readonly settings: HttpRoutesSettings,
  ) {
    this.metrics = settings.METRICS ? new Metrics(services, () => this.gauges) : null;
    this.reads = new PublicReads(
      { position: () => publicAnswerState(services) },
      {
        maxEntries: settings.RESPONSE_CACHE_SIZE,
        maxBytes: settings.RESPONSE_CACHE_MAX_BYTES,
        maxAgeSeconds: settings.PUBLIC_MAX_AGE_SECONDS,
      },
      { cached: this.metrics ? (result) => this.metrics!.cached(result) : undefined },
    );
    this.trusted = new TrustedDocuments(settings.DATA_DIR, (error) =>
      logger.error(
        { err: error },
        'the trusted-documents store changed and was refused; the documents read before are served',
      ),
    );
    this.metrics?.start();
  }

  /** Plugins for the GraphQL handler: metrics when on. */
  get plugins(): Plugin[] {
    return this.metrics ? [this.metrics.plugin()] : [];
  }

  /** Plugins for the GraphQL handler that find the document a request runs: trusted documents (by hash). */
  get documentPlugins(): Plugin[] {
    return [
      useTrustedDocuments(this.trusted, this.settings.TRUSTED_DOCUMENTS_ONLY, (request) => this.hasValidToken(request)),
    ];
  }

  /** For the gate: caching headers, ETags and 304s on GraphQL answers. */
  get decorate(): AnswerDecorator {
    return this.reads.decorate;
  }

  /** Where the metrics read open connections, streams and the queue (the gate, once it exists). */
  observe(gauges: StreamGauges): void {
    this.gauges = gauges;
  }

  /** The gate whose admission queue and REQUEST_TIMEOUT_MS the history pages share with GraphQL requests. */
  admitPagesThrough(gate: Pick<HttpGate, 'admit'>): void {
    this.admission = gate;
  }

  /** Answers the request if it is one of these routes; false (nothing written) otherwise. */
  route(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (path === '/graphql') {
      this.metrics?.observe(req, res, '/graphql');
      if (this.reads.answerFromMemory(req, res)) return true;
      if (this.settings.GRAPHIQL && wantsGraphiQL(req, path)) {
        this.graphiql ??= buildGraphiQLPage();
        this.graphiql.then(
          (page) => serveGraphiQL(page, req, res),
          (error: unknown) => {
            this.graphiql = null;
            this.logger.error({ err: error }, 'the GraphiQL page could not be made');
            res.destroy();
          },
        );
        return true;
      }
      return false;
    }
    if (isPagePath(path)) {
      this.metrics?.observe(req, res, '/documents');
      const onUnexpected = (error: unknown) => this.logger.error({ err: error }, 'a page could not be made');
      const refuse = (status: number, code: string, limit: string, message: string, headers: Record<string, string>) =>
        refusePage(res, req, status, code, limit, message, headers);
      if (!this.admission) {
        refuse(503, 'SERVER_BUSY', 'MAX_QUEUED_REQUESTS', 'The server is starting; try again shortly', {
          'retry-after': '1',
        });
        return true;
      }
      this.admission
        .admit(req, res, (signal) => servePage(req, res, this.runPageQuery, onUnexpected, signal), refuse)
        .catch((error: unknown) => {
          onUnexpected(error);
          res.destroy();
        });
      return true;
    }
    if (path === '/metrics' && this.metrics) {
      this.metrics.serve(res).catch((error: unknown) => {
        this.logger.error({ err: error }, 'metrics could not be collected');
        res.destroy();
      });
      return true;
    }
    return false;
  }

  close(): void {
    this.metrics?.stop();
  }

  private hasValidToken(request: Request): boolean {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
    return match !== null && this.tokens.identify(match[1]!) !== null;
  }

  /** Runs a page's operation against the schema as a public reader (no token), like a GET without one. */
  private readonly runPageQuery: RunQuery = async (query, variables) => {
    const context = createContext(this.services, this.comparisons, { role: 'public', name: null }, randomUUID());
    const result = await execute({ schema, document: parse(query), variableValues: variables, contextValue: context });
    const error = result.errors?.[0];
    if (error) throw pageError(error);
    return (result.data ?? {}) as Record<string, unknown>;
  };
}

/** A GraphQL error as the page reader should see it: what they asked for does not exist, or it failed. */
function pageError(error: GraphQLError): Error {
  const code = error.extensions?.code;
  if (code === 'NOT_FOUND') return new PageError(404, error.message);
  if (code === 'BAD_USER_INPUT') return new PageError(400, error.message);
  return error.originalError ?? error;
}
