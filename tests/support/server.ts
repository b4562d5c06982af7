// Starts the real server on a free loopback port with a temporary data directory.
import { expect } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { tempDir } from './tempDir.ts';

export const EDITOR_TOKEN = 'editor-token-0123456789abcdef';
export const SECOND_EDITOR_TOKEN = 'second-editor-token-0123456789';
export const AUDITOR_TOKEN = 'auditor-token-0123456789abcdef';

export interface TestServer extends RunningServer {
  dataDir: string;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; data?: T; errors?: { message: string; extensions?: { code?: string } }[] }>;
  stop(): Promise<void>;
}

export async function startTestServer(
  env: Record<string, string> = {},
  /** Reuse a data directory (e.g. to restart over the same log); it is then kept on stop. */
  existingDir?: string,
): Promise<TestServer> {
  const dir = existingDir ? { path: existingDir, remove: () => undefined } : tempDir('sgh-e2e-');
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dir.path,
    EDITOR_TOKENS: `alice:${EDITOR_TOKEN},bob:${SECOND_EDITOR_TOKEN}`,
    AUDITOR_TOKENS: `carol:${AUDITOR_TOKEN}`,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const server = await startServer(config);
  return {
    ...server,
    dataDir: dir.path,
    async gql(query, variables, options = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      const res = await fetch(server.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: never; errors?: never };
      return { status: res.status, ...body };
    },
    async stop() {
      await server.close();
      dir.remove();
    },
  };
}

/** A mutation's payload: a success or a typed error, told apart by __typename. */
export type MutationResult = { __typename: string; [k: string]: unknown };

/** Runs a one-field mutation with `input` and returns its payload (the request itself must not fail). */
export async function mutate(
  server: TestServer,
  query: string,
  input: Record<string, unknown>,
  token = EDITOR_TOKEN,
): Promise<MutationResult> {
  const res = await server.gql<Record<string, MutationResult>>(query, { input }, { token });
  expect(res.errors).toBeUndefined();
  return Object.values(res.data!)[0]!;
}

/** A refused command answers the typed error `typename` and leaves the log as it was. */
export async function expectRefused(
  server: TestServer,
  query: string,
  input: Record<string, unknown>,
  typename: string,
): Promise<MutationResult> {
  const before = await server.services.store.headPosition();
  const result = await mutate(server, query, input);
  expect(result.__typename).toBe(typename);
  expect(await server.services.store.headPosition()).toBe(before);
  return result;
}

/** A mutation sent without a token (UNAUTHENTICATED) or with one whose role may not make it (FORBIDDEN) changes nothing. */
export async function expectDenied(
  server: TestServer,
  query: string,
  input: Record<string, unknown>,
  code: 'UNAUTHENTICATED' | 'FORBIDDEN',
  token?: string,
): Promise<void> {
  const before = await server.services.store.headPosition();
  const res = await server.gql(query, { input }, token ? { token } : {});
  expect(res.errors?.[0]?.extensions?.code).toBe(code);
  expect(await server.services.store.headPosition()).toBe(before);
}
