// A GraphQL-over-SSE subscriber on a raw TCP socket, for tests that must stop reading: once paused,
// nothing is read from the kernel, so the server meets the backpressure a stalled client causes.
import { connect, type Socket } from 'node:net';

export interface SseFrame {
  event: string;
  data: string;
}

export interface RawSseSubscriber {
  /** The HTTP status of the response. */
  status: number;
  /** Stops reading the socket: the server's writes back up into its own buffers. */
  pause(): void;
  /** Reads again and resolves with every frame up to and including `event: complete`. */
  readToEnd(timeoutMs?: number): Promise<SseFrame[]>;
  /** Resolves once the server has closed the connection. */
  closed: Promise<void>;
  close(): void;
}

/** Decodes HTTP/1.1 chunked transfer coding; returns the decoded bytes and whether the last chunk came. */
function dechunk(raw: Buffer): { body: Buffer; ended: boolean } {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd < 0) return { body: Buffer.concat(parts), ended: false };
    const size = parseInt(raw.subarray(at, lineEnd).toString('latin1'), 16);
    if (size === 0) return { body: Buffer.concat(parts), ended: true };
    if (raw.length < lineEnd + 2 + size + 2) return { body: Buffer.concat(parts), ended: false };
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

function frames(text: string): SseFrame[] {
  return text
    .split('\n\n')
    .filter((block) => block.split('\n').some((l) => l.startsWith('event:')))
    .map((block) => {
      const lines = block.split('\n');
      const field = (name: string) =>
        lines
          .filter((l) => l.startsWith(`${name}:`))
          .map((l) => l.slice(name.length + 1).trim())
          .join('\n');
      return { event: field('event'), data: field('data') };
    });
}

/**
 * Posts `query` with `accept: text/event-stream` and resolves once the response's headers and the
 * server's first comment (`:`) have arrived, i.e. the subscription is in place.
 */
export async function openRawSse(port: number, query: string, token?: string): Promise<RawSseSubscriber> {
  const socket: Socket = connect(port, '127.0.0.1');
  let failure: Error | null = null;
  socket.on('error', (error) => (failure = error));
  const body = JSON.stringify({ query });
  const headers = [
    'POST /graphql HTTP/1.1',
    `host: 127.0.0.1:${port}`,
    'content-type: application/json',
    'accept: text/event-stream',
    `content-length: ${Buffer.byteLength(body)}`,
    ...(token ? [`authorization: Bearer ${token}`] : []),
  ];
  socket.write(`${headers.join('\r\n')}\r\n\r\n${body}`);
  let raw = Buffer.alloc(0);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('data', (chunk: Buffer) => {
    raw = Buffer.concat([raw, chunk]);
  });
  const split = () => {
    const end = raw.indexOf('\r\n\r\n');
    return end < 0 ? null : { head: raw.subarray(0, end).toString('latin1'), rest: raw.subarray(end + 4) };
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    const parts = split();
    if (parts && (/^HTTP\/1\.1 [^2]/.test(parts.head) || dechunk(parts.rest).body.length > 0)) break;
    if (failure) throw failure;
    if (socket.destroyed) throw new Error(`closed before a response: ${raw.toString('latin1').slice(0, 300)}`);
    if (Date.now() > deadline) throw new Error(`no response within 10 s: ${raw.toString('latin1').slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const status = Number(/^HTTP\/1\.1 (\d+)/.exec(split()!.head)![1]);
  return {
    status,
    pause: () => socket.pause(),
    async readToEnd(timeoutMs = 20_000) {
      socket.resume();
      const end = Date.now() + timeoutMs;
      for (;;) {
        const { body: decoded, ended } = dechunk(split()!.rest);
        const got = frames(decoded.toString('utf8'));
        if (ended || got.some((f) => f.event === 'complete')) return got;
        if (socket.destroyed || Date.now() > end)
          throw new Error(
            `the stream did not complete; received: ${JSON.stringify(raw.toString('latin1').slice(-600))}`,
          );
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    closed,
    close: () => socket.destroy(),
  };
}
