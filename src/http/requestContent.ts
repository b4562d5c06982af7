// What the HTTP gate checks of a request's content before yoga sees it: the body read within a
// size and a time limit, whether it is JSON, and how deeply a JSON text nests.
import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {}
export class BodyTimeoutError extends Error {}

/** Reads a request body of at most `limit` bytes, all of it within `timeoutMs`. */
export async function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    // Ends the iteration below; the socket itself is closed after the 408 is written.
    req.emit('error', new BodyTimeoutError());
  }, timeoutMs);
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw new BodyTooLargeError();
      chunks.push(chunk);
    }
  } catch (error) {
    if (timedOut) throw new BodyTimeoutError();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks);
}

/** Request bodies the API reads: JSON (GraphQL-over-HTTP). Forms and text are refused (415). */
export function isJsonBody(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type === 'application/graphql-response+json';
}

/** Deepest JSON nesting a request may use: enough for any input of this API, far from the stack's limit. */
export const MAX_JSON_DEPTH = 64;

/** How deeply the JSON text nests arrays and objects (brackets inside strings do not count). */
export function jsonDepth(text: Buffer | string): number {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (b === 0x5c)
        i++; // a backslash escapes the next byte
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x5b || b === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (b === 0x5d || b === 0x7d) depth--;
  }
  return deepest;
}

/**
 * What is wrong with a GET request's `variables` or `extensions` parameter (not JSON, or nested
 * too deeply), or null. Yoga would otherwise fail on them as an unexpected error.
 */
export function urlParameterProblem(url: string): string | null {
  const params = new URL(url, 'http://localhost').searchParams;
  for (const name of ['variables', 'extensions']) {
    const value = params.get(name);
    if (value === null) continue;
    if (jsonDepth(value) > MAX_JSON_DEPTH)
      return `The ${name} parameter nests JSON deeper than ${MAX_JSON_DEPTH} levels`;
    try {
      JSON.parse(value);
    } catch {
      return `The ${name} parameter is not valid JSON`;
    }
  }
  return null;
}
