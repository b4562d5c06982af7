// Optional OpenTelemetry tracing of the GraphQL endpoint, exported over OTLP/HTTP (JSON) when
// OTEL_EXPORTER_OTLP_ENDPOINT is set. Loaded only then (src/http/graphqlHandler.ts imports this
// module dynamically), so with tracing off no OpenTelemetry SDK or exporter code is loaded.
//
// Each request through yoga gives one trace: an HTTP server span (`POST /graphql`) with a child for
// each GraphQL phase: `graphql.parse`, `graphql.validate` and the execution, named after the
// operation (`query Compare`), following OpenTelemetry's semantic conventions for HTTP and GraphQL.
// Resolvers get no spans: one per field and item would multiply the spans by thousands on a
// comparison, and their arguments are what a client sent.
//
// Attributes never carry what a client sent beyond the operation's name and type: no variables, no
// document, no query string (GET variables travel in it), no headers (the Authorization header holds
// a token), no client address, no error messages (a variable's value is quoted in some); errors are
// counted and named by their `extensions.code` only.
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';
import { ExportResultCode, W3CTraceContextPropagator, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import { getOperationAST, type DocumentNode, type GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';

export interface TracingSettings {
  /** Base URL of the OTLP/HTTP receiver (e.g. http://127.0.0.1:4318); spans go to its `v1/traces`. */
  endpoint: string;
  /** `service.name` of the exported resource. */
  serviceName: string;
}

/** Longest attribute value kept (an operation name is the client's choice). */
const MAX_ATTRIBUTE_LENGTH = 256;

/** Where one request's spans hang: its HTTP span, and the operation once the document is parsed. */
interface RequestTrace {
  span: Span;
  context: Context;
  operation?: { name: string | undefined; type: string };
  /** The open parse and execution spans, which learn the operation and the errors from hooks. */
  parsing?: Span;
  execution?: Span;
}

const headerGetter: TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};

/**
 * The OTLP/HTTP traces URL for a base endpoint, as the OpenTelemetry specification builds it from
 * OTEL_EXPORTER_OTLP_ENDPOINT: `v1/traces` appended to the base URL's path.
 */
export function tracesUrl(endpoint: string): string {
  return new URL('v1/traces', endpoint.endsWith('/') ? endpoint : `${endpoint}/`).toString();
}

/** A span exporter that says in the log when spans could not be delivered (the SDK drops them silently). */
function loggingExporter(inner: SpanExporter, logger: Logger, endpoint: string): SpanExporter {
  let failing = false;
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      inner.export(spans, (result) => {
        const failed = result.code !== ExportResultCode.SUCCESS;
        // Once per outage, not once per batch.
        if (failed && !failing)
          logger.warn(
            { endpoint, err: result.error, spans: spans.length },
            'could not export trace spans; dropping them',
          );
        if (!failed && failing) logger.info({ endpoint }, 'exporting trace spans again');
        failing = failed;
        done(result);
      });
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}

function operationOf(document: DocumentNode, operationName: string | null | undefined): RequestTrace['operation'] {
  const operation = getOperationAST(document, operationName);
  return operation ? { name: operation.name?.value, type: operation.operation } : undefined;
}

function setOperation(span: Span, operation: RequestTrace['operation']): void {
  if (!operation) return;
  span.setAttribute('graphql.operation.type', operation.type);
  if (operation.name) span.setAttribute('graphql.operation.name', operation.name);
}

/** Marks a span failed by an exception, naming only its class (its message may quote input). */
function recordThrown(span: Span, error: unknown): void {
  const type = error instanceof Error ? error.name : 'Error';
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/** Marks a span failed by GraphQL errors, by count and `extensions.code`, never by message. */
function recordErrors(span: Span, errors: readonly GraphQLError[]): void {
  if (errors.length === 0) return;
  const codes = [
    ...new Set(errors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'GRAPHQL_ERROR'))),
  ];
  span.setAttribute('graphql.error.count', errors.length);
  span.setAttribute('graphql.error.codes', codes);
  span.setAttribute('error.type', codes[0]!);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/** Runs `wrapped` inside a span that ends when it returns or settles, marking a throw as an error. */
function within<T>(span: Span, wrapped: () => T): T {
  let result: T;
  try {
    result = wrapped();
  } catch (error) {
    recordThrown(span, error);
    span.end();
    throw error;
  }
  if (result instanceof Promise) {
    return result.then(
      (value: unknown) => {
        span.end();
        return value;
      },
      (error: unknown) => {
        recordThrown(span, error);
        span.end();
        throw error;
      },
    ) as T;
  }
  span.end();
  return result;
}

/** The request a yoga context belongs to (yoga puts it there, with the request's GraphQL parameters). */
function requestOf(context: unknown): Request | undefined {
  // Only used as a key: not checked with instanceof, as yoga's fetch implementation may bring its own Request.
  const request = (context as { request?: unknown } | null)?.request;
  return typeof request === 'object' && request !== null ? (request as Request) : undefined;
}

function operationNameOf(context: unknown): string | undefined {
  const name = (context as { params?: { operationName?: unknown } } | null)?.params?.operationName;
  return typeof name === 'string' ? name : undefined;
}

/**
 * Starts the tracer provider and returns the yoga plugin that records the spans; the plugin's
 * onDispose (yoga.dispose(), called when the server closes) flushes the spans still batched.
 */
export function tracingPlugin(settings: TracingSettings, logger: Logger): Plugin {
  const url = tracesUrl(settings.endpoint);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    spanLimits: { attributeValueLengthLimit: MAX_ATTRIBUTE_LENGTH },
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: loggingExporter(new OTLPTraceExporter({ url }), logger, new URL(url).origin),
      }),
    ],
  });
  const tracer = provider.getTracer('safeguarding-history');
  // A caller's `traceparent` continues its trace; nothing else is read from the headers.
  const propagator = new W3CTraceContextPropagator();
  const requests = new WeakMap<Request, RequestTrace>();
  logger.info(
    { endpoint: new URL(url).origin, serviceName: settings.serviceName },
    'tracing: exporting spans over OTLP/HTTP',
  );

  /** Starts a span for one GraphQL phase, a child of its request's HTTP span when there is one. */
  const phase = (yogaContext: unknown, name: string): { span: Span; parent: RequestTrace | undefined } => {
    const request = requestOf(yogaContext);
    const parent = request ? requests.get(request) : undefined;
    const span = tracer.startSpan(name, { kind: SpanKind.INTERNAL }, parent?.context ?? ROOT_CONTEXT);
    setOperation(span, parent?.operation);
    return { span, parent };
  };

  return {
    instrumentation: {
      request: ({ request }, wrapped) => {
        const path = new URL(request.url).pathname;
        const caller = propagator.extract(ROOT_CONTEXT, request.headers, headerGetter);
        const span = tracer.startSpan(
          `${request.method} ${path}`,
          {
            kind: SpanKind.SERVER,
            attributes: { 'http.request.method': request.method, 'http.route': path, 'url.path': path },
          },
          caller,
        );
        requests.set(request, { span, context: trace.setSpan(caller, span) });
        return within(span, wrapped);
      },
      parse: ({ context }, wrapped) => {
        const { span, parent } = phase(context, 'graphql.parse');
        if (parent) parent.parsing = span;
        return within(span, wrapped);
      },
      validate: ({ context }, wrapped) => within(phase(context, 'graphql.validate').span, wrapped),
      execute: ({ context }, wrapped) => {
        const { span, parent } = phase(context, 'graphql.execute');
        const operation = parent?.operation;
        if (operation) span.updateName(operation.name ? `${operation.type} ${operation.name}` : operation.type);
        if (parent) parent.execution = span;
        return within(span, wrapped);
      },
    },
    // Hooks run inside the phase they belong to, so the parse and execute spans are still open here.
    onParse:
      ({ context }) =>
      ({ result }) => {
        const request = requestOf(context);
        const parent = request ? requests.get(request) : undefined;
        if (!parent || !result || !('kind' in result)) return;
        parent.operation = operationOf(result as DocumentNode, operationNameOf(context));
        setOperation(parent.span, parent.operation);
        if (parent.parsing) setOperation(parent.parsing, parent.operation);
      },
    onExecute: ({ args }) => ({
      onExecuteDone: ({ result }) => {
        const request = requestOf(args.contextValue);
        const execution = request ? requests.get(request)?.execution : undefined;
        if (execution && 'errors' in result && result.errors) recordErrors(execution, result.errors);
      },
    }),
    onResponse: ({ request, response }) => {
      const entry = requests.get(request);
      if (!entry) return;
      entry.span.setAttribute('http.response.status_code', response.status);
      if (response.status >= 500) {
        entry.span.setAttribute('error.type', String(response.status));
        entry.span.setStatus({ code: SpanStatusCode.ERROR });
      }
    },
    onDispose: () => provider.shutdown(),
  };
}
