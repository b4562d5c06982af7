// Starts the real server on a free loopback port with a temporary data directory.
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
