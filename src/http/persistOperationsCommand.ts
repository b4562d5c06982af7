// `npm run persist-operations -- DIR`: the operations of a folder of .graphql files become trusted
// documents. Each is checked against the schema first, so the store never holds an operation the
// server would refuse; nothing is written when any file is wrong.
import { parse, validate } from 'graphql';
import { ensurePrivateDir } from '../events/privateFiles.ts';
import { schema } from '../schema/index.ts';
import {
  extractOperations,
  persistOperations,
  TrustedDocumentError,
  type ExtractedOperation,
} from './trustedDocuments.ts';

/**
 * Persists the operations under `dir` into `dataDir`'s store, printing the manifest (operation name
 * → sha256) on standard output and a one-line summary on standard error. Returns the exit code:
 * 0 done, 2 when a file cannot be read, does not parse, or holds an operation the schema refuses, or
 * when the store already there fails its checks (not JSON, too large, an entry not under its hash).
 */
export function persistOperationsFrom(dir: string, dataDir: string): number {
  let operations: ExtractedOperation[];
  try {
    operations = extractOperations(dir);
  } catch (error) {
    if (error instanceof TrustedDocumentError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(`No operations persisted: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
  const problems = operations.flatMap((op) =>
    validate(schema, parse(op.document)).map((e) => `${op.file}: ${op.name || '(anonymous operation)'}: ${e.message}`),
  );
  if (problems.length > 0) {
    console.error(`No operations persisted; the schema refuses:\n  ${problems.join('\n  ')}`);
    return 2;
  }
  if (operations.length === 0) {
    console.error(`No operations persisted: no .graphql file under ${dir} holds an operation`);
    return 2;
  }
  ensurePrivateDir(dataDir);
  let added: number;
  try {
    added = persistOperations(dataDir, operations);
  } catch (error) {
    // A store that is not valid is left as it is for its owner to look at, never overwritten.
    if (!(error instanceof TrustedDocumentError)) throw error;
    console.error(`No operations persisted: ${error.message}`);
    return 2;
  }
  const manifest = Object.fromEntries(operations.map((op) => [op.name || `${op.file}#anonymous`, op.hash]));
  process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
  console.error(
    `${operations.length} ${operations.length === 1 ? 'operation' : 'operations'} from ${dir}: ${added} new, ${operations.length - added} already trusted`,
  );
  return 0;
}
