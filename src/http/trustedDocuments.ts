// Trusted documents (persisted operations): operations known in advance, stored by the SHA-256 of
// their text in DATA_DIR/trusted-documents.json, and sent by hash as
// `extensions: {"persistedQuery": {"version": 1, "sha256Hash": "<hex>"}}` (POST body or GET
// parameter). With TRUSTED_DOCUMENTS_ONLY=true, a request without a token may run only those;
// editors and auditors (a valid token) may still send any operation: they are named, accountable
// staff whose work (drafting, auditing) needs operations no one wrote down in advance, and every
// request they make is already limited in depth and cost. The point of the mode is that anonymous
// traffic, the traffic nobody can hold to account, runs only the operations the frontends ship.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Kind,
  parse,
  print,
  visit,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';

export const TRUSTED_DOCUMENTS_FILE = 'trusted-documents.json';

/** The store's file: `{ "documents": { "<sha256 hex of the text>": "<document text>" } }`. */
interface StoreFile {
  documents: Record<string, string>;
}

/** One operation taken from a .graphql file, with the fragments it uses. */
export interface ExtractedOperation {
  /** The operation's name ('' for an anonymous one). */
  name: string;
  /** The file it came from, relative to the folder. */
  file: string;
  /** Lower-case hex SHA-256 of `document`, the key clients send. */
  hash: string;
  /** The operation and its fragments, printed by graphql-js. */
  document: string;
}

export class TrustedDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrustedDocumentError';
  }
}

/** Lower-case hex SHA-256 of a document's text: the key a client sends for it. */
export function documentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Every operation in the .graphql files under `dir` (recursively), each printed with the fragments
 * it uses (fragments may live in any of the files). Throws TrustedDocumentError naming the file for
 * one that does not parse, for a fragment defined twice, or for an unknown fragment.
 */
export function extractOperations(dir: string): ExtractedOperation[] {
  const files = graphqlFiles(dir);
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: { node: OperationDefinitionNode; file: string }[] = [];
  for (const file of files) {
    let document: DocumentNode;
    try {
      document = parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      throw new TrustedDocumentError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    for (const def of document.definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) {
        if (fragments.has(def.name.value))
          throw new TrustedDocumentError(`${file}: fragment ${def.name.value} is defined twice`);
        fragments.set(def.name.value, def);
      } else if (def.kind === Kind.OPERATION_DEFINITION) {
        operations.push({ node: def, file });
      }
    }
  }
  return operations.map(({ node, file }) => {
    const used = usedFragments(node, fragments, file);
    const text = print({ kind: Kind.DOCUMENT, definitions: [node, ...used] as DefinitionNode[] });
    return { name: node.name?.value ?? '', file, hash: documentHash(text), document: text };
  });
}

function graphqlFiles(dir: string, under = ''): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(dir, under), { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const rel = under ? `${under}/${entry.name}` : entry.name;
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.'))
      found.push(...graphqlFiles(dir, rel));
    else if (entry.isFile() && /\.(graphql|gql)$/.test(entry.name)) found.push(rel);
  }
  return found;
}

/** The fragments an operation spreads, directly or through other fragments, in name order. */
function usedFragments(
  node: OperationDefinitionNode,
  all: Map<string, FragmentDefinitionNode>,
  file: string,
): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const pending = [node as OperationDefinitionNode | FragmentDefinitionNode];
  while (pending.length) {
    visit(pending.pop()!, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (found.has(name)) return;
        const fragment = all.get(name);
        if (!fragment)
          throw new TrustedDocumentError(
            `${file}: operation ${node.name?.value ?? '(anonymous)'} uses fragment ${name}, which no file defines`,
          );
        found.set(name, fragment);
        pending.push(fragment);
      },
    });
  }
  return [...found.values()].sort((a, b) => a.name.value.localeCompare(b.name.value));
}

/** Adds operations to the store under `dataDir` (keeping those already there); returns how many were new. */
export function persistOperations(dataDir: string, operations: ExtractedOperation[]): number {
  const file = join(dataDir, TRUSTED_DOCUMENTS_FILE);
  const store = readStore(file);
  let added = 0;
  for (const op of operations) {
    if (store.documents[op.hash] === undefined) added += 1;
    store.documents[op.hash] = op.document;
  }
  const scratch = `${file}.${process.pid}.tmp`;
  writeFileSync(scratch, `${JSON.stringify(store, null, 2)}\n`, { mode: 0o600 });
  renameSync(scratch, file);
  return added;
}

/** The largest store file read (bytes): a frontend's operations take far less; more is a mistake, not a store. */
export const MAX_TRUSTED_STORE_BYTES = 16 * 1024 * 1024;

/**
 * Reads and checks the store: JSON of the shape of StoreFile, at most MAX_TRUSTED_STORE_BYTES, every
 * key the lower-case hex SHA-256 of its document's text. A missing file is an empty store. Throws
 * TrustedDocumentError naming the file and the first problem: an edited entry whose text no longer
 * has its key's hash would otherwise run under a hash a client trusts for another operation.
 */
function readStore(file: string): StoreFile {
  let text: string;
  try {
    if (statSync(file).size > MAX_TRUSTED_STORE_BYTES)
      throw new TrustedDocumentError(`${file} is larger than ${MAX_TRUSTED_STORE_BYTES} bytes`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { documents: {} };
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new TrustedDocumentError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const documents = (parsed as Partial<StoreFile> | null)?.documents;
  if (typeof documents !== 'object' || documents === null || Array.isArray(documents)) {
    throw new TrustedDocumentError(`${file} is not a trusted-documents store (no "documents" object)`);
  }
  for (const [hash, document] of Object.entries(documents)) {
    if (typeof document !== 'string' || documentHash(document) !== hash) {
      throw new TrustedDocumentError(
        `${file}: the entry ${JSON.stringify(hash.slice(0, 80))} does not hold a document whose SHA-256 is its key; persist the operations again with \`npm run persist-operations -- DIR\``,
      );
    }
  }
  return { documents: documents as Record<string, string> };
}

/**
 * The store as the server reads it: loaded at start (a store that fails readStore's checks stops the
 * server there), and read again (when the file changed) on a hash it does not hold, so operations
 * persisted while the server runs are taken without a restart. A changed file that fails the checks
 * is reported to `onRefused` once and not taken: the documents read before keep being served.
 */
export class TrustedDocuments {
  private readonly file: string;
  private documents: Record<string, string>;
  private version: string;

  constructor(
    dataDir: string,
    private readonly onRefused: (error: TrustedDocumentError) => void = () => undefined,
  ) {
    this.file = join(dataDir, TRUSTED_DOCUMENTS_FILE);
    this.version = this.fileVersion();
    this.documents = readStore(this.file).documents;
  }

  get(hash: string): string | null {
    if (Object.hasOwn(this.documents, hash)) return this.documents[hash]!;
    const version = this.fileVersion();
    if (version !== this.version) {
      this.version = version;
      try {
        this.documents = readStore(this.file).documents;
      } catch (error) {
        if (!(error instanceof TrustedDocumentError)) throw error;
        this.onRefused(error);
      }
    }
    return Object.hasOwn(this.documents, hash) ? this.documents[hash]! : null;
  }

  /** What tells one state of the file from another without reading it. */
  private fileVersion(): string {
    try {
      const stat = statSync(this.file);
      return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    } catch {
      return 'missing';
    }
  }
}

/**
 * The yoga plugin: operations by hash from the store; free-form operations from anyone, or with
 * `trustedOnly`, only from requests that `mayRunAnyOperation` allows (valid token holders).
 */
/** Requests whose operation was taken from the store by its hash (for labels a client cannot choose: metrics). */
const ranByHash = new WeakSet<Request>();

/** Whether this request runs a trusted document it named by hash (and not a query it sent). */
export function ranTrustedDocument(request: Request): boolean {
  return ranByHash.has(request);
}

export function useTrustedDocuments(
  store: TrustedDocuments,
  trustedOnly: boolean,
  mayRunAnyOperation: (request: Request) => boolean,
): Plugin {
  return usePersistedOperations({
    getPersistedOperation: (hash, request) => {
      const document = /^[0-9a-f]{64}$/.test(hash) ? store.get(hash) : null;
      if (document !== null) ranByHash.add(request);
      return document;
    },
    allowArbitraryOperations: trustedOnly ? mayRunAnyOperation : true,
    customErrors: {
      notFound: {
        message: 'No trusted document has this sha256Hash; persist it with `npm run persist-operations -- DIR`',
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } },
      },
      persistedQueryOnly: {
        message:
          'This server runs only trusted documents for requests without a token (TRUSTED_DOCUMENTS_ONLY=true): send extensions.persistedQuery = {"version": 1, "sha256Hash": "<hex>"} instead of a query',
        extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } },
      },
      keyNotFound: {
        message: 'Send a query, or extensions.persistedQuery = {"version": 1, "sha256Hash": "<hex>"}',
        extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
      },
    },
  }) as Plugin;
}
