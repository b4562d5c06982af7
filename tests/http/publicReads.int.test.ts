// The public read cache over a real node:http server, with the read models' position in the test's
// hands: an answer executed while a write lands is filed (and tagged) under the position its
// request arrived at, so the first read at the newer position executes again instead of being
// handed the older answer.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublicReads } from '../../src/http/publicReads.ts';

describe('PublicReads keys answers by the position their request arrived at', () => {
  let position = 1;
  let executed = 0;
  let server: Server;
  let base: string;
  const reads = new PublicReads({ position: () => String(position) }, { maxEntries: 10, maxAgeSeconds: 5 });

  beforeAll(async () => {
    // Stands for the server: memory first, else "execute" (reading the position), a write landing
    // during execution, then the gate's decoration and the answer.
    server = createServer((req, res) => {
      if (reads.answerFromMemory(req, res)) return;
      executed += 1;
      const body = Buffer.from(JSON.stringify({ data: { position } }));
      if (req.headers['x-write-lands']) position += 1;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const status = reads.decorate(req, 200, headers, body);
      res.writeHead(status, { ...headers, ...(status === 200 ? { 'content-length': String(body.length) } : {}) });
      res.end(status === 200 ? body : undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function read(query: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${base}?query=${encodeURIComponent(query)}`, { headers });
    return { status: res.status, etag: res.headers.get('etag'), body: await res.text() };
  }

  it('serves a repeated read from memory at the same position', async () => {
    const before = executed;
    const first = await read('{ a }');
    const second = await read('{ a }');
    expect(second).toEqual(first);
    expect(executed).toBe(before + 1);
  });

  it('does not hand the answer executed during a write to the first read after it', async () => {
    const during = await read('{ b }', { 'x-write-lands': 'yes' });
    expect(JSON.parse(during.body)).toEqual({ data: { position: 1 } });
    expect(position).toBe(2);
    const before = executed;
    const after = await read('{ b }');
    expect(executed).toBe(before + 1);
    expect(JSON.parse(after.body)).toEqual({ data: { position: 2 } });
    expect(after.etag).not.toBe(during.etag);
    // And the tag of the answer from before the write is not taken as current.
    expect((await read('{ b }', { 'if-none-match': during.etag! })).status).toBe(200);
  });
});
