// Prometheus metrics at /metrics (prom-client), when METRICS=true: HTTP requests and their latency
// by route, GraphQL operations by name, type and outcome with their execution time, answers from
// the public read cache, the log's head, the projections' position and lag, events appended since
// start, open event streams and subscribers. Each server has its own registry (tests start several).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { SubscriberTooSlowError } from '../app/liveFeed.ts';
import type { Services } from '../app/services.ts';
import { SECURITY_HEADERS } from './gate.ts';
import { ranTrustedDocument } from './trustedDocuments.ts';

/**
 * Distinct operation names kept as label values for each kind of client that chooses its names
 * freely (token holders; anonymous clients), each kind in a set of its own so that one cannot crowd
 * out the other; later names count as "(other)". Names of trusted documents (src/http/trustedDocuments.ts)
 * are the operator's and always kept.
 */
const MAX_OPERATION_NAMES = 200;
/** Longer names count as "(other)": every label value is sent on every scrape. */
const MAX_OPERATION_NAME_LENGTH = 100;

/** Who chose an operation's name: the store's operator, a token holder, or anyone. */
type NameSource = 'trusted' | 'staff' | 'anonymous';

/** What the metrics read from the HTTP gate at each scrape. */
export interface StreamGauges {
  readonly openStreams: number;
  readonly openConnections: number;
  readonly queuedRequests: number;
}

/** Histogram buckets for request and execution times, in seconds: 0.5 ms to 15 s. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15];

/** Who chose the name of the operation a request runs, from yoga's context (its request and our viewer). */
function nameSource(context: unknown): NameSource {
  const { request, viewer } = (context ?? {}) as { request?: Request; viewer?: { role?: string } };
  if (request && ranTrustedDocument(request)) return 'trusted';
  return viewer?.role && viewer.role !== 'public' ? 'staff' : 'anonymous';
}

export class Metrics {
  readonly registry = new Registry();
  private readonly names: Record<Exclude<NameSource, 'trusted'>, Set<string>> = {
    staff: new Set(),
    anonymous: new Set(),
  };
  private readonly httpRequests: Counter<'route' | 'method' | 'status'>;
  private readonly httpDuration: Histogram<'route'>;
  private readonly operations: Counter<'operation' | 'type' | 'outcome'>;
  private readonly executionDuration: Histogram<'type'>;
  private readonly cache: Counter<'result'>;
  private readonly appended: Counter;
  private stopFeed: (() => void) | null = null;

  constructor(
    private readonly services: Services,
    gauges: () => StreamGauges,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'sgh_' });
    this.httpRequests = new Counter({
      name: 'sgh_http_requests_total',
      help: 'HTTP requests answered, by route, method and status',
      labelNames: ['route', 'method', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'sgh_http_request_duration_seconds',
      help: 'Time from reading a request to finishing its answer, in seconds, by route',
      labelNames: ['route'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.operations = new Counter({
      name: 'sgh_graphql_operations_total',
      help: 'GraphQL operations executed, by operation name, type (query, mutation, subscription) and outcome (ok, error: the answer has errors)',
      labelNames: ['operation', 'type', 'outcome'],
      registers,
    });
    this.executionDuration = new Histogram({
      name: 'sgh_graphql_execution_duration_seconds',
      help: 'Time executing GraphQL operations (after parsing and validation), in seconds, by type; subscriptions are not timed',
      labelNames: ['type'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.cache = new Counter({
      name: 'sgh_public_read_cache_total',
      help: 'Public GET queries answered from memory before execution: hit (200 with the cached bytes) or not_modified (304)',
      labelNames: ['result'],
      registers,
    });
    this.appended = new Counter({
      name: 'sgh_events_appended_total',
      help: 'Events appended to the log since this process started (seen on the live feed)',
      registers,
    });
    new Gauge({
      name: 'sgh_projection_position',
      help: 'The log position every read model has reached',
      registers,
      collect() {
        this.set(Number(services.runner.checkpoint));
      },
    });
    new Gauge({
      name: 'sgh_log_head_position',
      help: 'The position of the last event in the log',
      registers,
      async collect() {
        this.set(Number(await services.store.headPosition()));
      },
    });
    new Gauge({
      name: 'sgh_projection_lag',
      help: 'Log positions between the head of the log and the read models (0 when they are up to date)',
      registers,
      async collect() {
        const head = await services.store.headPosition();
        this.set(Number(head - services.runner.checkpoint));
      },
    });
    new Gauge({
      name: 'sgh_projection_failed',
      help: '1 while a projection is stopped at a failing event, else 0',
      registers,
      collect() {
        this.set(services.runner.status().failure ? 1 : 0);
      },
    });
    new Gauge({
      name: 'sgh_open_event_streams',
      help: 'Open event streams (subscriptions and streamed answers) over HTTP',
      registers,
      collect() {
        this.set(gauges().openStreams);
      },
    });
    new Gauge({
      name: 'sgh_live_subscribers',
      help: 'Subscribers attached to the live feed of appended events',
      registers,
      collect() {
        this.set(services.live.stats().subscribers);
      },
    });
    new Gauge({
      name: 'sgh_open_connections',
      help: 'Open TCP connections',
      registers,
      collect() {
        this.set(gauges().openConnections);
      },
    });
    new Gauge({
      name: 'sgh_queued_requests',
      help: 'Requests waiting for their turn to execute',
      registers,
      collect() {
        this.set(gauges().queuedRequests);
      },
    });
  }

  /**
   * Counts appended events from the live feed until `stop` (one subscriber of the feed). Dropped
   * for falling behind (a burst larger than SUBSCRIBER_QUEUE_LIMIT), it counts the events it missed
   * and subscribes again.
   */
  start(): void {
    let stopped = false;
    let feed: AsyncIterableIterator<unknown> | null = null;
    this.stopFeed = () => {
      stopped = true;
      void feed?.return?.();
    };
    void (async () => {
      // A feed that ends without dropping this subscriber has stopped: so does the count.
      for (let dropped = true; dropped && !stopped; ) {
        dropped = false;
        feed = this.services.live.events(() => true);
        for await (const e of feed) {
          if (stopped) return;
          if (e instanceof SubscriberTooSlowError) {
            this.appended.inc(e.missed);
            dropped = true;
          } else if (!(e instanceof Error)) this.appended.inc();
        }
      }
    })();
  }

  stop(): void {
    this.stopFeed?.();
  }

  /** Times one HTTP request and counts it by route when its answer is finished. */
  observe(req: IncomingMessage, res: ServerResponse, route: string): void {
    const end = this.httpDuration.startTimer({ route });
    res.once('finish', () => {
      end();
      this.httpRequests.inc({ route, method: req.method ?? '', status: String(res.statusCode) });
    });
  }

  cached(result: 'hit' | 'not-modified'): void {
    this.cache.inc({ result: result === 'hit' ? 'hit' : 'not_modified' });
  }

  /** A yoga plugin counting and timing executed operations. */
  plugin(): Plugin {
    return {
      onExecute: ({ args }) => {
        const operation = getOperationAST(args.document, args.operationName);
        const type = operation?.operation ?? 'unknown';
        const name = this.operationLabel(operation?.name?.value ?? '(anonymous)', nameSource(args.contextValue));
        const end = type === 'subscription' ? null : this.executionDuration.startTimer({ type });
        return {
          onExecuteDone: ({ result }) => {
            end?.();
            const failed = 'errors' in result && Array.isArray(result.errors) && result.errors.length > 0;
            this.operations.inc({ operation: name, type, outcome: failed ? 'error' : 'ok' });
          },
        };
      },
    };
  }

  private operationLabel(name: string, source: NameSource): string {
    if (name.length > MAX_OPERATION_NAME_LENGTH) return '(other)';
    if (source === 'trusted') return name;
    const names = this.names[source];
    if (names.has(name)) return name;
    if (names.size >= MAX_OPERATION_NAMES) return '(other)';
    names.add(name);
    return name;
  }

  async serve(res: ServerResponse): Promise<void> {
    const text = await this.registry.metrics();
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'content-type': this.registry.contentType,
      'cache-control': 'no-store',
    });
    res.end(text);
  }
}
