// `export` runs beside a server (it only reads the log), but it writes the file it is given. Given
// the server's own events.sqlite (or --keys keys.sqlite), it truncated the live log under the
// server and wrote NDJSON in its place: the log was no longer a database. An export now refuses,
// with exit 2 and before reading anything, a file that is one of DATA_DIR's databases.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT_MS, runCli } from '../support/child.ts';
import { mutate, startTestServer, type TestServer } from '../support/server.ts';
import { tempDir } from '../support/tempDir.ts';

const RESULT = `__typename ... on Error { message code }`;
const register = (slug: string) =>
  `mutation { registerDocument(input: { slug: "${slug}", title: "${slug}", kind: STATUTORY_GUIDANCE }) { ${RESULT} } }`;
const isSqlite = (file: string) => readFileSync(file).subarray(0, 15).toString('latin1') === 'SQLite format 3';

describe('export onto a database of its own DATA_DIR', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  const dir = tempDir('sgh-export-target-');
  let server: TestServer;
  const cli = (...args: string[]) => runCli(args, { dataDir: dir.path });
  const health = async () =>
    (await (await fetch(new URL('/health', server.url))).json()) as { status: string; log: { headPosition: string } };

  beforeAll(async () => {
    server = await startTestServer({ SEED: 'false' }, dir.path);
    expect((await mutate(server, register('before-export'), {})).__typename).toBe('RegisterDocumentSuccess');
  });
  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  it('given a running server, when export is given its events.sqlite, or --keys its keys.sqlite, then each is refused with exit 2, both stay databases, and the server goes on', async () => {
    const before = (await health()).log.headPosition;
    for (const args of [
      ['export', join(dir.path, 'events.sqlite')],
      ['export', join(dir.path, 'log.ndjson'), '--keys', join(dir.path, 'keys.sqlite')],
      ['export', join(dir.path, 'read.sqlite')],
    ]) {
      const { code, output } = await cli(...args);
      expect(output, args.join(' ')).toMatch(/is a database of DATA_DIR .*: export to a file outside it/);
      expect(code, args.join(' ')).toBe(2);
    }
    for (const db of ['events.sqlite', 'keys.sqlite', 'read.sqlite'])
      expect(isSqlite(join(dir.path, db)), db).toBe(true);
    expect(await health()).toMatchObject({ status: 'ok', log: { headPosition: before } });
    expect((await mutate(server, register('after-export'), {})).__typename).toBe('RegisterDocumentSuccess');
  });

  it('given a running server, when export writes a file of its own, then it runs beside it', async () => {
    const { code, output } = await cli('export', join(dir.path, 'log.ndjson'), '--keys', join(dir.path, 'log.keys'));
    expect(output).toMatch(/exported \d+ events/);
    expect(code).toBe(0);
  });
});
