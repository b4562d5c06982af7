// relay-compiler over the committed schema: a Relay fragment set (tests/clients/relay) with
// @connection, @refetchable fragments on documents and the board, and the board's dated seats compiles.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);

describe('relay-compiler', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sgh-relay-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('relay-compiler compiles a fragment set with @connection and @refetchable against schema.graphql', async () => {
    const project = join(dir, 'relay');
    cpSync(join(ROOT, 'tests/clients/relay'), project, { recursive: true });
    const configFile = join(project, 'relay.config.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as { schema: string };
    config.schema = resolve(ROOT, 'schema.graphql');
    writeFileSync(configFile, JSON.stringify(config));
    const { stdout, stderr } = await run(bin('relay-compiler'), [], { cwd: project });
    expect(`${stdout}${stderr}`).not.toMatch(/ERROR/);
    const artifact = readFileSync(join(project, 'src/__generated__/DocumentListPaginationQuery.graphql.ts'), 'utf8');
    expect(artifact).toContain('"documents"');
  }, 120_000);
});
