// The development editor token is shown once, on the start that creates it; later starts name only
// the file that keeps it, so a token never reaches the output (logs) of a restarted server.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startChildServer } from '../support/child.ts';
import { tempDir } from '../support/tempDir.ts';

const dir = tempDir();
afterAll(() => dir.remove());

async function startAndStop(): Promise<string> {
  const env = { DATA_DIR: dir.path, EDITOR_TOKENS: '', AUDITOR_TOKENS: '', SEED: 'false' };
  const server = await startChildServer(env);
  const deadline = Date.now() + 10_000;
  while (!server.output().includes('dev-editor-token') && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  await server.stop();
  return server.output();
}

describe('the development editor token', () => {
  it('is printed when it is created and never again; later starts print only where it is kept', async () => {
    const first = await startAndStop();
    const file = join(dir.path, 'dev-editor-token');
    const token = readFileSync(file, 'utf8').trim();
    expect(first).toContain(`Authorization: Bearer ${token}`);
    expect(first).toContain(file);

    const second = await startAndStop();
    expect(second).toContain(file);
    expect(second).not.toContain(token);
    expect(second).not.toContain('Bearer');
  }, 120_000);
});
