// Request headers a hostile client sends: a head larger than node's limit gets a typed 431 (it used
// to be told only that its request was not valid HTTP), and odd If-None-Match values on a public
// GET never turn into a 304 for an answer the client does not hold, nor into a public answer for a
// token holder, and a shared cache is told (Vary) that X-Min-Position changes the answer.
import { maxHeaderSize } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITOR_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

/** Sends `head` on a fresh connection and resolves with everything the server wrote before closing. */
function rawExchange(url: string, head: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.write(head);
  });
}

describe('hostile request headers', () => {
  let server: TestServer;
  let url: string;
  beforeAll(async () => {
    server = await startTestServer({ SEED: 'false' });
    url = `${server.url}?${new URLSearchParams({ query: '{ documents(first: 1) { edges { cursor } } }' })}`;
  });
  afterAll(() => server.stop());

  it('answers a request head larger than the limit with 431 HEADERS_TOO_LARGE', async () => {
    const { host, pathname } = new URL(server.url);
    const answer = await rawExchange(
      server.url,
      `GET ${pathname}?query=%7B__typename%7D HTTP/1.1\r\nhost: ${host}\r\nif-none-match: ${'"a",'.repeat(maxHeaderSize / 4 + 10)}"b"\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as {
      errors: { message: string; extensions: { code: string } }[];
    };
    expect(body.errors[0]!.extensions.code).toBe('HEADERS_TOO_LARGE');
    expect(body.errors[0]!.message).toContain(String(maxHeaderSize));
  });

  it('answers 304 only for an If-None-Match that names the current tag, and never to a token holder', async () => {
    const first = await fetch(url, { headers: { accept: 'application/json' } });
    const body = await first.text();
    const etag = first.headers.get('etag')!;
    expect(first.headers.get('cache-control')).toMatch(/^public/);
    for (const value of [etag, `W/${etag}`, `"x", ${etag}`, '*']) {
      const again = await fetch(url, { headers: { accept: 'application/json', 'if-none-match': value } });
      expect(again.status).toBe(304);
    }
    for (const value of ['"x"', etag.slice(1, -1), `"${'z'.repeat(8_000)}"`, `${'"q", '.repeat(1_000)}"r"`, ',,,']) {
      const full = await fetch(url, { headers: { accept: 'application/json', 'if-none-match': value } });
      expect(full.status).toBe(200);
      expect(await full.text()).toBe(body);
    }
    const editor = await fetch(url, {
      headers: { accept: 'application/json', 'if-none-match': etag, authorization: `Bearer ${EDITOR_TOKEN}` },
    });
    expect(editor.status).toBe(200);
    expect(editor.headers.get('cache-control')).toBe('private, no-store');
    expect(editor.headers.get('etag')).toBeNull();
    await editor.arrayBuffer();
  });

  it('names X-Min-Position in Vary on a public answer, and gives a reader who sends one no public answer', async () => {
    const open = await fetch(url, { headers: { accept: 'application/json' } });
    await open.arrayBuffer();
    expect(open.headers.get('cache-control')).toMatch(/^public/);
    const varies = (open.headers.get('vary') ?? '').split(',').map((name) => name.trim().toLowerCase());
    expect(varies).toEqual(expect.arrayContaining(['accept', 'authorization', 'origin', 'x-min-position']));
    const waiting = await fetch(url, { headers: { accept: 'application/json', 'x-min-position': '1' } });
    await waiting.arrayBuffer();
    expect(waiting.status).toBe(200);
    expect(waiting.headers.get('cache-control')).toBe('private, no-store');
  });
});
