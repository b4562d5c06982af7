// GraphQL Code Generator over the committed schema: with strictScalars and the scalar mapping the
// README shows, it turns the README's operations into TypeScript that type-checks.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generate } from '@graphql-codegen/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codegenConfig } from './codegen.config.ts';
import { namedOperations } from './readme.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);

describe('GraphQL Code Generator', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sgh-clients-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('GraphQL Code Generator with strictScalars types the README operations, and the output type-checks', async () => {
    const operations = join(dir, 'readme.graphql');
    writeFileSync(operations, namedOperations());
    const output = join(dir, 'graphql.ts');
    const previous = process.cwd();
    process.chdir(ROOT);
    try {
      await generate(codegenConfig(operations, output), true);
    } finally {
      process.chdir(previous);
    }
    const types = readFileSync(output, 'utf8');
    expect(types).toContain('export type Readme1Query');
    expect(types).not.toMatch(/:\s*any\b/);
    writeFileSync(
      join(dir, 'use.ts'),
      "import type { Readme1Query } from './graphql.ts';\nexport const title = (q: Readme1Query): string | undefined => q.document?.title;\n",
    );
    const checked = await run(
      bin('tsc'),
      [
        '--noEmit',
        '--strict',
        '--allowImportingTsExtensions',
        '--module',
        'nodenext',
        '--target',
        'es2022',
        '--skipLibCheck',
        join(dir, 'use.ts'),
        output,
      ],
      {
        cwd: ROOT,
      },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }));
    expect(checked.stdout).toBe('');
  }, 120_000);
});
