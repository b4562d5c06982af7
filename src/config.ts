// Configuration is read from the environment once, validated, and passed down from here.
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_IMPORT_READER_LIMITS } from './app/importReader.ts';
import { DEFAULT_SUBSCRIBER_QUEUE_LIMIT } from './app/liveFeed.ts';

export interface TokenGrant {
  name: string;
  token: string;
}

const TOKEN_LIST = z
  .string()
  .optional()
  .transform((value, ctx): TokenGrant[] => {
    if (!value || value.trim() === '') return [];
    const grants: TokenGrant[] = [];
    for (const part of value.split(',')) {
      const at = part.indexOf(':');
      const name = part.slice(0, at).trim();
      const token = part.slice(at + 1).trim();
      if (at <= 0 || !/^[A-Za-z0-9._@-]{1,64}$/.test(name) || token.length < 16) {
        ctx.addIssue({
          code: 'custom',
          message:
            'must be comma-separated name:token pairs; names use letters, digits, . _ @ -, tokens are at least 16 characters',
        });
        return z.NEVER;
      }
      grants.push({ name, token });
    }
    return grants;
  });

const ENV = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    EVENTSTORE_CONNECTION_STRING: z
      .string()
      .regex(/^(esdb|kurrentdb|kdb)(\+discover)?:\/\//, 'must be an esdb:// or kurrentdb:// connection string')
      .optional(),
    /**
     * The EventStoreDB/KurrentDB node's MaxAppendSize in bytes (the server's default, 1,048,576, up
     * to 25.0): an append over it is refused with a ValidationError before it is sent.
     */
    EVENTSTORE_MAX_APPEND_SIZE: z.coerce.number().int().min(65_536).default(1_048_576),
    EDITOR_TOKENS: TOKEN_LIST,
    AUDITOR_TOKENS: TOKEN_LIST,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SEED: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /** Browser origins allowed to call the API (comma-separated); none means no cross-origin access. */
    CORS_ORIGINS: z
      .string()
      .optional()
      .transform((v) =>
        v
          ? v
              .split(',')
              .map((o) => o.trim())
              .filter(Boolean)
          : [],
      )
      .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'each origin must look like https://host[:port]'))),
    INTROSPECTION: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    MAX_DEPTH: z.coerce.number().int().min(2).max(100).default(15),
    /**
     * Largest estimated answer, in fields: each field counts once per item it can return (the length
     * of `ids`, `first`/`last`, 50 for a connection without them, 10 for any other list).
     */
    MAX_COST: z.coerce.number().int().min(100).default(200_000),
    MAX_ALIASES: z.coerce.number().int().min(1).default(30),
    MAX_TOKENS: z.coerce.number().int().min(100).default(10_000),
    MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1_024)
      .default(5 * 1024 * 1024),
    MAX_DIRECTIVES: z.coerce.number().int().min(1).default(50),
    /** Deadline for answering one request (queries and mutations, whatever the accept header; not live subscriptions). */
    REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
    /** A client must send its request headers within this time, else 408 (slow headers). */
    HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    /** A client must send its whole request body within this time, else 408 (a body trickled byte by byte). */
    BODY_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    /**
     * A connection on which nothing moves for this long is closed: an idle socket, or an answer its
     * reader stopped reading once the socket's buffers are full. Event streams ping every 12 s, so at least 15 s.
     */
    IDLE_TIMEOUT_MS: z.coerce.number().int().min(15_000).default(30_000),
    /** Open connections the process accepts; one more is answered 503 and closed. */
    MAX_CONNECTIONS: z.coerce.number().int().min(1).default(1_000),
    /** Open connections from one address; one more is answered 503 (so one host cannot take them all). */
    MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(256),
    /** Requests one connection may have read and not yet answered (HTTP/1.1 pipelining); one more is answered 429. */
    MAX_PIPELINED_REQUESTS: z.coerce.number().int().min(1).default(8),
    /** An event stream is closed after this long (clients reconnect), so no reader holds a stream slot for ever. */
    MAX_STREAM_LIFETIME_MS: z.coerce.number().int().min(1_000).default(3_600_000),
    /** Open event streams (subscriptions) in all; one more is answered 503. */
    MAX_SUBSCRIPTIONS: z.coerce.number().int().min(0).default(500),
    /** Open event streams per client (per token, or per address without one); one more is answered 429. */
    MAX_SUBSCRIPTIONS_PER_CLIENT: z.coerce.number().int().min(0).default(10),
    /** Requests parsed and executed at once; more wait their turn (admission control keeps /health and new connections answered). */
    MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).default(2),
    /** Requests waiting for a turn; one more is answered 503 SERVER_BUSY. A request waits at most REQUEST_TIMEOUT_MS. */
    MAX_QUEUED_REQUESTS: z.coerce.number().int().min(0).default(1_000),
    /** Largest answer sent, in bytes; a larger one is replaced by a RESPONSE_TOO_LARGE error. */
    MAX_RESPONSE_BYTES: z.coerce
      .number()
      .int()
      .min(1_024)
      .default(16 * 1024 * 1024),
    /** Answers to unauthenticated queries kept in memory, keyed by the log position they reflect; 0 turns the cache off. */
    RESPONSE_CACHE_SIZE: z.coerce.number().int().min(0).default(1_000),
    /**
     * Bytes of answers each of the two answer caches (GET answers kept with their headers, and the
     * POST response cache, counted as the answers' JSON) may hold; least recently used out first,
     * and an answer larger than this alone is not kept. Bounds memory whatever RESPONSE_CACHE_SIZE
     * × MAX_RESPONSE_BYTES would allow.
     */
    RESPONSE_CACHE_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(0)
      .default(32 * 1024 * 1024),
    /** Serve GraphiQL (inlined, nothing fetched from elsewhere) to browsers at GET /graphql. */
    GRAPHIQL: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /**
     * max-age, in seconds, of `Cache-Control: public` on answers to GET queries without a token
     * (browsers and shared caches may reuse them this long; then they revalidate with If-None-Match).
     */
    PUBLIC_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(10),
    /**
     * Requests without a token may run only trusted documents (persisted operations, sent by their
     * SHA-256); requests with a valid editor's or auditor's token may still send any operation.
     */
    TRUSTED_DOCUMENTS_ONLY: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    /** Serve Prometheus metrics at /metrics (off by default: it tells anyone who can reach it about the traffic). */
    METRICS: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    /**
     * Longest a request with an X-Min-Position header waits for this replica's read models to reach
     * that log position before it is answered POSITION_NOT_REACHED (src/http/minPosition.ts).
     */
    MIN_POSITION_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
    /** Execute queries with graphql-jit (compiled per query document); off unless asked for. */
    GRAPHQL_JIT: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    /**
     * Base URL of an OpenTelemetry collector's OTLP/HTTP receiver (the standard OTel variable, e.g.
     * http://127.0.0.1:4318); spans are sent as JSON to its `v1/traces`. Unset: no tracing, and no
     * OpenTelemetry SDK is loaded (src/http/tracing.ts); set but empty counts as unset.
     */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .regex(
          /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/,
          'must be an http:// or https:// URL without query or fragment, e.g. http://127.0.0.1:4318',
        )
        .optional(),
    ),
    /** `service.name` on exported spans (the standard OTel variable). */
    OTEL_SERVICE_NAME: z.string().trim().min(1).max(100).default('safeguarding-history'),
    /**
     * Events held for one subscription that its client has not read yet; one more and the
     * subscription is ended with a SUBSCRIBER_TOO_SLOW error (src/app/liveFeed.ts).
     */
    SUBSCRIBER_QUEUE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_SUBSCRIBER_QUEUE_LIMIT),
    /**
     * PEM file (PKCS#8) of the Ed25519 key that signs tree heads; must lie outside DATA_DIR. Unset:
     * a development key is created in DATA_DIR/dev-signing-key.pem.
     */
    SIGNING_KEY_FILE: z.string().min(1).optional(),
    /**
     * Milliseconds an imported document (importDraft, import-document) may take to read, in its
     * worker thread, once the worker is ready; then the worker is terminated and the import is a
     * ValidationError on `content` that appends nothing (src/app/importReader.ts).
     */
    IMPORT_PARSE_TIMEOUT_MS: z.coerce.number().int().min(100).default(DEFAULT_IMPORT_READER_LIMITS.timeoutMs),
    /** Imported documents read at once, each in its own worker thread. */
    IMPORT_PARSE_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(DEFAULT_IMPORT_READER_LIMITS.concurrency),
    /** Imports waiting for a reader; one more is refused at once with a ValidationError on `content` (try again). */
    IMPORT_PARSE_QUEUE_LIMIT: z.coerce.number().int().min(0).default(DEFAULT_IMPORT_READER_LIMITS.queueLimit),
    /** MiB of heap one document's reading worker may use; past it the import is a ValidationError on `content`. */
    IMPORT_PARSE_MEMORY_MB: z.coerce.number().int().min(16).default(DEFAULT_IMPORT_READER_LIMITS.memoryMb),
    /** Sign and record a tree head after this many new events (0: never by count). */
    WITNESS_EVERY_EVENTS: z.coerce.number().int().min(0).default(1_000),
    /** Sign and record a tree head this often when the log grew, in milliseconds (0: never by time). */
    WITNESS_INTERVAL_MS: z.coerce.number().int().min(0).default(600_000),
    /** Append-only file of witnessed tree heads, one JSON object a line (default DATA_DIR/tree-heads.ndjson). */
    CHECKPOINT_FILE: z.string().min(1).optional(),
  })
  .superRefine((env, ctx) => {
    for (const problem of tokenConflicts(env.EDITOR_TOKENS, env.AUDITOR_TOKENS))
      ctx.addIssue({ code: 'custom', ...problem });
    if (env.SIGNING_KEY_FILE && isInside(env.SIGNING_KEY_FILE, env.DATA_DIR)) {
      ctx.addIssue({
        code: 'custom',
        path: ['SIGNING_KEY_FILE'],
        message: 'must lie outside DATA_DIR, so a copy of the data does not carry the key that signs tree heads',
      });
    }
  });

/** Whether `file` lies inside `dir` once symbolic links are followed (a link must not smuggle it in). */
function isInside(file: string, dir: string): boolean {
  const rel = relative(realPath(dir), realPath(file));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * The absolute path with every symbolic link resolved (fs.realpathSync) for the part that exists;
 * the part that does not exist yet is appended as written.
 */
function realPath(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(realPath(parent), basename(absolute));
  }
}

/**
 * A token must name one person in one role: the same token listed twice (in one list with two
 * names, or as an editor and an auditor) would let the first match decide who the bearer is, so
 * an auditor's token could make its bearer an editor. One name may have several tokens (rotation).
 * Tokens are never quoted, only the names they are listed under.
 */
function tokenConflicts(editors: TokenGrant[], auditors: TokenGrant[]): { path: string[]; message: string }[] {
  const seen = new Map<string, { list: string; name: string }>();
  const problems: { path: string[]; message: string }[] = [];
  const lists = [
    ['EDITOR_TOKENS', editors],
    ['AUDITOR_TOKENS', auditors],
  ] as const;
  for (const [list, grants] of lists) {
    for (const { name, token } of grants) {
      const earlier = seen.get(token);
      if (!earlier) {
        seen.set(token, { list, name });
        continue;
      }
      problems.push({
        path: [list],
        message:
          earlier.list === list
            ? `the token of ${name} is listed twice in ${list} (also for ${earlier.name}); each token must appear once`
            : `the token of ${name} is also the token of ${earlier.name} in ${earlier.list}; a token must grant one role`,
      });
    }
  }
  return problems;
}

export type Config = z.infer<typeof ENV>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = ENV.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
