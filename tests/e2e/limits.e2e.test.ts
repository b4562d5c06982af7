// The limits of the HTTP gate and of the query limits, over the real server: every limit refuses
// alike (no data, its own code, the status the GraphQL-over-HTTP spec gives request errors), list
// arguments count towards the cost, slow clients are cut off with 408, and connections and event
// streams are capped with 503/429, each answer naming the limit that applied.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDITOR_TOKEN, EDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

type Answer = {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string; limit?: string } }[] };
};

async function post(server: TestServer, body: unknown, accept = 'application/json', token?: string): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(server.url, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

/** Opens a raw TCP connection to the server and resolves with everything it sends until it closes. */
function rawExchange(server: TestServer, write: (socket: Socket) => void): Promise<{ text: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => write(socket));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve({ text, ms: Date.now() - started }));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('query limits answer alike', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      MAX_DEPTH: '5',
      MAX_ALIASES: '5',
      MAX_TOKENS: '400',
      MAX_COST: '5000',
      MAX_DIRECTIVES: '3',
    });
  });
  afterAll(() => server.stop());

  const documentId = async () => {
    const res = await server.gql<{ documents: { edges: { node: { id: string } }[] } }>(
      '{ documents(first: 1) { edges { node { id } } } }',
    );
    return res.data!.documents.edges[0]!.node.id;
  };

  it('counts a list of ids towards the cost, so a long nodes() list is refused before it runs', async () => {
    const id = await documentId();
    const ids = Array.from({ length: 60_000 }, () => id);
    const query = 'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Document { versions { sections { body } } } } }';
    const refused = await post(server, { query, variables: { ids } });
    expect(refused.status).toBe(200);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('COST_LIMIT_EXCEEDED');
    expect(refused.body.errors?.[0]?.message).toMatch(/cost limit of 5000/);
    const few = await post(server, { query, variables: { ids: [id] } });
    expect(few.body.errors).toBeUndefined();
  });

  it('counts first and last towards the cost', async () => {
    const big = await post(server, { query: '{ documents(first: 100000) { edges { node { slug title } } } }' });
    expect(big.body.errors?.[0]?.extensions?.code).toBe('COST_LIMIT_EXCEEDED');
    const small = await post(server, { query: '{ documents(first: 5) { edges { node { slug title } } } }' });
    expect(small.body.errors).toBeUndefined();
  });

  it('refuses depth, aliases (__typename included), directives, tokens and cost with the same shape and their own codes', async () => {
    const cases: [string, string][] = [
      ['{ documents { edges { node { versions { sections { key } } } } } }', 'DEPTH_LIMIT_EXCEEDED'],
      [`{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: __typename`).join(' ')} }`, 'TOKEN_LIMIT_EXCEEDED'],
      [`{ ${Array.from({ length: 8 }, (_, i) => `a${i}: __typename`).join(' ')} }`, 'ALIAS_LIMIT_EXCEEDED'],
      [
        '{ __typename @skip(if: false) @skip(if: false) @skip(if: false) @skip(if: false) }',
        'DIRECTIVE_LIMIT_EXCEEDED',
      ],
      ['{ documents(first: 100000) { edges { node { slug } } } }', 'COST_LIMIT_EXCEEDED'],
    ];
    for (const [query, code] of cases) {
      const json = await post(server, { query });
      expect({ code, status: json.status, data: 'data' in json.body }).toEqual({ code, status: 200, data: false });
      expect(json.body.errors?.[0]?.extensions?.code).toBe(code);
      expect(json.body.errors?.[0]?.message).not.toMatch(/^Syntax Error/);
      const strict = await post(server, { query }, 'application/graphql-response+json');
      expect({ code, status: strict.status }).toEqual({ code, status: 400 });
      expect(strict.body.errors?.[0]?.extensions?.code).toBe(code);
    }
  });

  it('answers a variable it cannot coerce with 200 under application/json and 400 under graphql-response+json', async () => {
    const body = { query: 'query($s: String!) { document(slug: $s) { slug } }', variables: { s: null } };
    const json = await post(server, body);
    expect(json.status).toBe(200);
    expect(json.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await post(server, body, 'application/graphql-response+json')).status).toBe(400);
  });
});

describe('text that is not well-formed Unicode', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('is refused in a mutation input with a ValidationError naming the field, and nothing is stored', async () => {
    const before = await server.services.store.headPosition();
    // JSON.stringify escapes the lone surrogate as \ud800, as a hostile client would send it.
    const res = await post(
      server,
      {
        query:
          'mutation($input: RegisterDocumentInput!) { registerDocument(input: $input) { __typename ... on ValidationError { fields { path message } } } }',
        variables: { input: { slug: 'lone-surrogate', title: 'lone \ud800 here', kind: 'PRACTICE_GUIDANCE' } },
      },
      'application/json',
      EDITOR_TOKEN,
    );
    const payload = (res.body.data as { registerDocument: { __typename: string; fields: { path: string }[] } })
      .registerDocument;
    expect(payload.__typename).toBe('ValidationError');
    expect(payload.fields.map((f) => f.path)).toEqual(['title']);
    expect(await server.services.store.headPosition()).toBe(before);
  });

  it('is refused in a query argument with BAD_USER_INPUT', async () => {
    const res = await post(server, {
      query: 'query($s: String!) { document(slug: $s) { slug } }',
      variables: { s: 'x\udfffy' },
    });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is accepted when surrogates are paired (characters outside the BMP)', async () => {
    const res = await post(server, {
      query: 'query($s: String!) { document(slug: $s) { slug } }',
      variables: { s: 'emoji-😀' },
    });
    expect(res.body.errors).toBeUndefined();
  });
});

describe('slow and greedy clients', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      HEADERS_TIMEOUT_MS: '500',
      BODY_TIMEOUT_MS: '500',
      MAX_CONNECTIONS: '20',
      MAX_SUBSCRIPTIONS: '3',
      MAX_SUBSCRIPTIONS_PER_CLIENT: '2',
      MAX_RESPONSE_BYTES: '2048',
    });
  });
  afterAll(() => server.stop());

  it('answers 408 HEADERS_TIMEOUT to headers trickled slower than the limit', async () => {
    const { text, ms } = await rawExchange(server, (socket) => {
      socket.write('POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      const timer = setInterval(() => socket.writable && socket.write('x-slow: 1\r\n'), 100);
      socket.on('close', () => clearInterval(timer));
    });
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(text).toContain('HEADERS_TIMEOUT');
    expect(ms).toBeLessThan(5_000);
  });

  it('answers 400 BAD_REQUEST to bytes that are not HTTP', async () => {
    const { text } = await rawExchange(server, (socket) => socket.write('NOT HTTP AT ALL\r\n\r\n'));
    expect(text).toMatch(/^HTTP\/1\.1 400/);
    expect(text).toContain('BAD_REQUEST');
  });

  it('answers 408 BODY_TIMEOUT to a body trickled byte by byte', async () => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const { text, ms } = await rawExchange(server, (socket) => {
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`,
      );
      let i = 0;
      const timer = setInterval(() => {
        if (socket.writable && i < body.length) socket.write(body[i++]!);
      }, 100);
      socket.on('close', () => clearInterval(timer));
    });
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(text).toContain('BODY_TIMEOUT');
    expect(text).toContain('BODY_TIMEOUT_MS');
    expect(ms).toBeLessThan(5_000);
  });

  it('caps open connections with 503 TOO_MANY_CONNECTIONS and recovers when they close', async () => {
    const held: Socket[] = [];
    for (let i = 0; i < 20; i++) {
      held.push(
        await new Promise<Socket>((resolve) => {
          const s = connect(server.port, '127.0.0.1', () => resolve(s));
        }),
      );
    }
    await sleep(50);
    const { text } = await rawExchange(server, (socket) => socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(text).toMatch(/^HTTP\/1\.1 503/);
    expect(text).toContain('MAX_CONNECTIONS');
    for (const s of held) s.destroy();
    await sleep(100);
    expect((await fetch(server.url.replace('/graphql', '/health'))).status).toBe(200);
  });

  it('caps event streams per client with 429 and in all with 503', async () => {
    const controllers: AbortController[] = [];
    const open = async (token?: string) => {
      const controller = new AbortController();
      controllers.push(controller);
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
      if (token) headers.authorization = `Bearer ${token}`;
      return fetch(server.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: 'subscription { documentChanged { slug } }' }),
        signal: controller.signal,
      });
    };
    try {
      expect((await open()).status).toBe(200);
      expect((await open()).status).toBe(200);
      const third = await open();
      expect(third.status).toBe(429);
      expect(JSON.stringify(await third.json())).toContain('MAX_SUBSCRIPTIONS_PER_CLIENT');
      expect((await open(EDITOR_TOKEN)).status).toBe(200);
      const overall = await open(AUDITOR_TOKEN);
      expect(overall.status).toBe(503);
      expect(JSON.stringify(await overall.json())).toContain('"MAX_SUBSCRIPTIONS"');
    } finally {
      for (const c of controllers) c.abort();
    }
    await sleep(200);
    const again = await open();
    expect(again.status).toBe(200);
    controllers.at(-1)!.abort();
  });

  it('replaces an answer larger than MAX_RESPONSE_BYTES with RESPONSE_TOO_LARGE', async () => {
    const res = await post(server, {
      query: '{ documents(first: 50) { edges { node { slug title versions { label changeNote } } } } }',
    });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('RESPONSE_TOO_LARGE');
    expect(res.body.data).toBeUndefined();
  });
});

describe('a reader that stops reading', () => {
  it('has its connection closed after IDLE_TIMEOUT_MS once nothing more can be written to it', async () => {
    const server = await startTestServer({
      IDLE_TIMEOUT_MS: '15000',
      MAX_ALIASES: '40',
      MAX_RESPONSE_BYTES: String(64 * 1024 * 1024),
    });
    // Asked on a connection of its own that closes after the answer, so only the stalled one lingers.
    const health = async () => {
      const { text } = await rawExchange(server, (s) =>
        s.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      );
      return (JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { http: { connections: number } }).http
        .connections;
    };
    try {
      // Eight versions of about 250 KB each, so thirty copies of the auditor's event page make an
      // answer of some 60 MB: more than the loopback buffers take in for a reader that stops reading.
      await server.gql(
        'mutation { registerDocument(input: {slug: "long-read", title: "Long read", kind: RESOURCE}) { __typename } }',
        {},
        { token: EDITOR_TOKEN },
      );
      for (let v = 1; v <= 8; v++) {
        const sections = [1, 2].map((n) => ({
          key: `part-${n}`,
          heading: `Part ${n}`,
          body: `version ${v} `.repeat(12_000),
        }));
        const res = await server.gql<{ publishVersion: { __typename: string } }>(
          'mutation($input: PublishVersionInput!) { publishVersion(input: $input) { __typename } }',
          { input: { slug: 'long-read', label: `v${v}`, publishedOn: '2024-01-01', changeNote: 'long', sections } },
          { token: EDITOR_TOKEN },
        );
        expect(res.data?.publishVersion.__typename).toBe('PublishVersionSuccess');
      }
      const page =
        'events(first: 500) { edges { node { id type streamId data hash previousHash changeNote source } } }';
      const query = `{ ${Array.from({ length: 30 }, (_, i) => `p${i}: ${page}`).join(' ')} }`;
      const body = JSON.stringify({ query });
      const socket = connect(server.port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.on('error', () => undefined);
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\nauthorization: Bearer ${AUDITOR_TOKEN}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      socket.pause();
      await sleep(2_000);
      // The stalled connection, plus the one asking.
      expect(await health()).toBeGreaterThanOrEqual(2);
      const started = Date.now();
      while ((await health()) > 1 && Date.now() - started < 30_000) await sleep(500);
      expect(await health()).toBe(1);
      // Closed by the idle timeout (15 s without progress), not by the 5 s keep-alive of a finished answer.
      expect(Date.now() - started).toBeGreaterThan(10_000);
      socket.destroy();
    } finally {
      await server.stop();
    }
  }, 60_000);
});

describe('one client cannot take what others need', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      MAX_CONNECTIONS: '50',
      MAX_CONNECTIONS_PER_ADDRESS: '5',
      MAX_PIPELINED_REQUESTS: '4',
    });
  });
  afterAll(() => server.stop());

  const open = (localAddress: string) =>
    new Promise<Socket>((resolve, reject) => {
      const s = connect({ port: server.port, host: '127.0.0.1', localAddress }, () => resolve(s));
      s.on('error', reject);
    });

  it('caps the connections one address holds, leaving room for every other address', async () => {
    const held = await Promise.all(Array.from({ length: 5 }, () => open('127.0.0.2')));
    try {
      await sleep(50);
      const refused = await new Promise<string>((resolve) => {
        const s = connect({ port: server.port, host: '127.0.0.1', localAddress: '127.0.0.2' }, () =>
          s.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n'),
        );
        let text = '';
        s.on('data', (d) => (text += d.toString()));
        s.on('close', () => resolve(text));
        s.on('error', () => resolve(text));
      });
      expect(refused).toMatch(/^HTTP\/1\.1 503/);
      expect(refused).toContain('MAX_CONNECTIONS_PER_ADDRESS');
      // Another address is served as usual.
      expect((await fetch(server.url.replace('/graphql', '/health'))).status).toBe(200);
    } finally {
      for (const s of held) s.destroy();
    }
  });

  it('answers 429 to requests pipelined beyond MAX_PIPELINED_REQUESTS on one connection', async () => {
    const request = 'GET /graphql?query=%7B__typename%7D HTTP/1.1\r\nHost: x\r\n\r\n';
    const { text } = await rawExchange(server, (s) => {
      s.write(request.repeat(12) + 'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    });
    const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]);
    expect(statuses).toHaveLength(13);
    expect(statuses.filter((x) => x === '429').length).toBeGreaterThan(0);
    expect(statuses.filter((x) => x === '200').length).toBeGreaterThanOrEqual(4);
    expect(text).toContain('MAX_PIPELINED_REQUESTS');
  });

  it('answers 400 BAD_REQUEST to GET parameters that are not JSON and to JSON nested too deeply', async () => {
    for (const variables of ['[1', '{"s":', '['.repeat(200) + ']'.repeat(200)]) {
      const res = await fetch(`${server.url}?${new URLSearchParams({ query: '{ __typename }', variables })}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain('BAD_REQUEST');
    }
    const deep = `{"query":"{ __typename }","variables":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: deep,
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('deeper than 64');
  });
});

describe('event streams', () => {
  it('end after MAX_STREAM_LIFETIME_MS, whether or not the client reads, freeing their slot', async () => {
    const server = await startTestServer({ MAX_STREAM_LIFETIME_MS: '1500' });
    try {
      const started = Date.now();
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: 'subscription { documentChanged { slug } }' }),
      });
      expect(res.status).toBe(200);
      await res.text().catch(() => '');
      const ms = Date.now() - started;
      expect(ms).toBeGreaterThanOrEqual(1_400);
      expect(ms).toBeLessThan(10_000);
      await sleep(100);
      const health = (await (await fetch(server.url.replace('/graphql', '/health'))).json()) as {
        http: { eventStreams: number };
      };
      expect(health.http.eventStreams).toBe(0);
    } finally {
      await server.stop();
    }
  });
});
