// Servers under test run as child processes, so the load generator (this process) and the server
// do not share an event loop, and a server's memory can be read from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../tests/support/child.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildServer {
  name: string;
  /** http://127.0.0.1:PORT/graphql */
  url: string;
  pid: number;
  /** Resident memory now and at its peak, in MB. */
  memory(): { rssMB: number; peakMB: number };
  stop(): Promise<void>;
}

/** Starts `node <args>` with PORT set and waits until GET `readyPath` answers 200. */
export async function startChild(
  name: string,
  args: string[],
  env: Record<string, string>,
  readyPath = '/health',
): Promise<ChildServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited early: ${output}`);
    try {
      const res = await fetch(`${base}${readyPath}`);
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid!;
  return {
    name,
    url: `${base}/graphql`,
    pid,
    memory: () => processMemory(pid),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Our real server: the CLI's `serve` command over DATA_DIR. */
export function startOurServer(name: string, dataDir: string, env: Record<string, string> = {}): Promise<ChildServer> {
  return startChild(name, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
    DATA_DIR: dataDir,
    EDITOR_TOKENS: 'bench:bench-editor-token-0123456789',
    ...env,
  });
}

export function processMemory(pid: number): { rssMB: number; peakMB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMB: kb('VmRSS') / 1024, peakMB: kb('VmHWM') / 1024 };
}

/** POSTs a GraphQL query and returns the response body as text. */
export async function postQuery(url: string, query: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: await res.text() };
}
