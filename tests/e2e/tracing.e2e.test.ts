// Optional OpenTelemetry tracing: with OTEL_EXPORTER_OTLP_ENDPOINT set, each request's spans (HTTP,
// then GraphQL parse, validate and execute, named after the operation) reach an OTLP/HTTP receiver
// as JSON, carrying no variables, no document, no query string and no token; with it unset, the
// server loads no OpenTelemetry SDK or exporter module at all.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer } from '../support/child.ts';
import { EDITOR_TOKEN, startTestServer } from '../support/server.ts';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
}

/** A tiny OTLP/HTTP receiver on 127.0.0.1 that keeps every JSON body POSTed to /v1/traces. */
class OtlpReceiver {
  readonly bodies: string[] = [];
  private server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (
        req.method === 'POST' &&
        req.url === '/v1/traces' &&
        req.headers['content-type']?.startsWith('application/json')
      ) {
        this.bodies.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } else {
        res.writeHead(404).end();
      }
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  spans(): OtlpSpan[] {
    return this.bodies.flatMap((body) => {
      const parsed = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
      return parsed.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    });
  }
}

function attribute(span: OtlpSpan, key: string): unknown {
  const found = span.attributes?.find((a) => a.key === key);
  return found ? Object.values(found.value)[0] : undefined;
}

// Values a client sends that must never reach a trace.
const SECRET_SLUG = 'jane-doe-private-slug';
const SECRET_PAGE_SIZE = 'Jane Doe personal value';
const GET_SECRET = 'get-variable-secret-value';
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('tracing with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
  const receiver = new OtlpReceiver();
  let spans: OtlpSpan[];

  beforeAll(async () => {
    const endpoint = await receiver.start();
    const server = await startTestServer({
      SEED: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_SERVICE_NAME: 'sgh-under-test',
    });
    try {
      const found = await server.gql(
        'query TracedDocument($slug: String!) { document(slug: $slug) { title } }',
        { slug: SECRET_SLUG },
        {
          token: EDITOR_TOKEN,
          headers: { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` },
        },
      );
      expect(found.errors).toBeUndefined();
      // A variable of the wrong type: the error message quotes the value the client sent.
      const refused = await server.gql('query BadPage($first: Int) { documents(first: $first) { edges { cursor } } }', {
        first: SECRET_PAGE_SIZE,
      });
      expect(JSON.stringify(refused.errors)).toContain(SECRET_PAGE_SIZE);
      const params = new URLSearchParams({
        query: 'query ByGet($slug: String!) { document(slug: $slug) { title } }',
        variables: JSON.stringify({ slug: GET_SECRET }),
      });
      const byGet = await fetch(`${server.url}?${params}`, { headers: { accept: 'application/json' } });
      expect(byGet.status).toBe(200);
      await byGet.arrayBuffer();
    } finally {
      // Closing flushes the spans still batched.
      await server.stop();
    }
    spans = receiver.spans();
  });
  afterAll(() => receiver.stop());

  it('exports the HTTP span with the parse, validate and execute spans under it, named after the operation', () => {
    const execute = spans.find((s) => s.name === 'query TracedDocument');
    expect(execute, JSON.stringify(spans.map((s) => s.name))).toBeDefined();
    // The caller's traceparent is continued.
    expect(execute!.traceId).toBe(TRACE_ID);
    const inTrace = spans.filter((s) => s.traceId === TRACE_ID);
    const http = inTrace.find((s) => s.name === 'POST /graphql')!;
    expect(http).toBeDefined();
    expect(http.parentSpanId).toBe('00f067aa0ba902b7');
    expect(attribute(http, 'http.response.status_code')).toBe(200);
    expect(attribute(http, 'graphql.operation.name')).toBe('TracedDocument');
    for (const name of ['graphql.parse', 'graphql.validate', 'query TracedDocument']) {
      const span = inTrace.find((s) => s.name === name);
      expect(span?.parentSpanId, name).toBe(http.spanId);
      expect(attribute(span!, 'graphql.operation.name'), name).toBe('TracedDocument');
      expect(attribute(span!, 'graphql.operation.type'), name).toBe('query');
    }
  });

  it('names the service, marks failed operations by error code, and traces GET queries', () => {
    expect(receiver.bodies.join('\n')).toContain('"sgh-under-test"');
    const bad = spans.find((s) => s.name === 'query BadPage')!;
    expect(bad).toBeDefined();
    expect(attribute(bad, 'graphql.error.count')).toBe(1);
    expect(
      spans.find((s) => s.name === 'GET /graphql' && attribute(s, 'graphql.operation.name') === 'ByGet'),
    ).toBeDefined();
  });

  it('carries no variables, documents, query strings, error messages or tokens', () => {
    const exported = receiver.bodies.join('\n');
    for (const secret of [
      SECRET_SLUG,
      SECRET_PAGE_SIZE,
      GET_SECRET,
      EDITOR_TOKEN,
      'Bearer',
      'document(slug',
      'variables',
    ]) {
      expect(exported, secret).not.toContain(secret);
    }
  });
});

describe('tracing off (no OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  const recorder = fileURLToPath(new URL('../support/importRecorder.mjs', import.meta.url));

  /** The modules a child server resolved while starting and answering one named query. */
  async function modulesLoaded(env: Record<string, string>): Promise<string[]> {
    const dir = mkdtempSync(join(tmpdir(), 'sgh-otel-'));
    const log = join(dir, 'imports.log');
    try {
      const child = await startChildServer({
        DATA_DIR: join(dir, 'data'),
        SEED: 'false',
        IMPORT_LOG: log,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${recorder}`.trim(),
        ...env,
      });
      try {
        const res = await fetch(child.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: 'query Ping { __typename }' }),
        });
        expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
      } finally {
        await child.stop();
      }
      return readFileSync(log, 'utf8').split('\n').filter(Boolean);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const tracingModule = (url: string) =>
    /@opentelemetry\/(sdk-trace|exporter-trace-otlp-http|otlp-|resources|core)\b|src\/http\/tracing\.ts/.test(url);

  it('loads no OpenTelemetry SDK or exporter module, which the same server with tracing on does', async () => {
    const receiver = new OtlpReceiver();
    const endpoint = await receiver.start();
    try {
      const [off, on] = await Promise.all([
        modulesLoaded({}),
        modulesLoaded({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }),
      ]);
      // The recorder saw the server's own modules, so an empty result below means something.
      expect(off.some((url) => url.endsWith('src/http/graphqlHandler.ts'))).toBe(true);
      expect(off.filter(tracingModule)).toEqual([]);
      expect(on.filter(tracingModule).some((url) => url.includes('exporter-trace-otlp-http'))).toBe(true);
    } finally {
      await receiver.stop();
    }
  }, 120_000);
});
