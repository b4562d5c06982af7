// Export and import of the whole log as NDJSON: a header line, one stored event a line with its
// hashes, and a closing line that makes a truncated file detectable. Both stream, so memory stays
// flat however large the log.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { ChainVerifier, GENESIS_HASH } from './hashChain.ts';
import { ensurePrivateFile } from './privateFiles.ts';
import type { ChainScope, EventStore, StoredEvent } from './store.ts';

/** Events handed to one `restore` call: at most this many... */
const BATCH = 1_000;
/** ...and about this many bytes of them, so a log of long versions is not held in memory whole. */
const BATCH_BYTES = 8 * 1024 * 1024;

export class ImportError extends Error {
  readonly code = 'IMPORT_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

/** What the first line of an export says: the file's format, so a reader knows what to expect. */
export const EXPORT_FORMAT = 'safeguarding-history-log';
export const EXPORT_VERSION = 2;

/** The first line of an export. */
export interface ExportHeader {
  $export: 'header';
  format: typeof EXPORT_FORMAT;
  version: number;
  chainScope: ChainScope;
}

/**
 * The last line of an export: how many events it holds, the position and hash of the last one,
 * and a SHA-256 over every event's hash in order. Without it, or when it does not match, a file
 * that lost lines (at the end too) cannot be told from a whole one.
 */
export interface ExportTrailer {
  $export: 'end';
  count: number;
  headPosition: string;
  headHash: string;
  /** SHA-256 (hex) over the events' hashes, each followed by a newline. */
  digest: string;
}

export interface ImportOptions {
  /**
   * Accept a file written before exports had a header and a closing line (version 1). Its
   * truncation cannot be detected: only the chain of the events it holds is checked.
   */
  allowLegacy?: boolean;
}

/** The JSON line for one event; positions are strings because they can exceed 2^53. */
export function eventToLine(e: StoredEvent): string {
  return JSON.stringify({ ...e, position: e.position.toString() });
}

function parseLine(line: string, lineNumber: number): Record<string, unknown> {
  try {
    const raw = JSON.parse(line) as unknown;
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new ImportError(`line ${lineNumber} is not valid JSON`);
}

export function lineToEvent(line: string, lineNumber: number): StoredEvent {
  return rawToEvent(parseLine(line, lineNumber), lineNumber);
}

function rawToEvent(raw: Record<string, unknown>, lineNumber: number): StoredEvent {
  const fields = ['id', 'streamId', 'type', 'effectiveAt', 'recordedAt', 'hash', 'previousHash'] as const;
  for (const f of fields) {
    if (typeof raw[f] !== 'string') throw new ImportError(`line ${lineNumber} has no ${f}`);
  }
  if (typeof raw.position !== 'string' || !/^\d+$/.test(raw.position))
    throw new ImportError(`line ${lineNumber} has no position`);
  if (!Number.isInteger(raw.revision) || !Number.isInteger(raw.schemaVersion)) {
    throw new ImportError(`line ${lineNumber} has no revision or schema version`);
  }
  if (!raw.metadata || typeof raw.metadata !== 'object') throw new ImportError(`line ${lineNumber} has no metadata`);
  return { ...(raw as unknown as StoredEvent), position: BigInt(raw.position) };
}

/** Sums up the events of an export as they go by, for its closing line. */
class ExportSummary {
  private readonly digest = createHash('sha256');
  count = 0;
  last: StoredEvent | null = null;

  add(e: StoredEvent): void {
    this.digest.update(`${e.hash}\n`);
    this.count += 1;
    this.last = e;
  }

  trailer(): ExportTrailer {
    return {
      $export: 'end',
      count: this.count,
      headPosition: (this.last?.position ?? 0n).toString(),
      headHash: this.last?.hash ?? GENESIS_HASH,
      digest: this.digest.digest('hex'),
    };
  }
}

/**
 * Writes the whole log to `file` (mode 0600): a header line, one event a line, and a closing line
 * with the count, the head position and hash, and a digest of every hash (see ExportTrailer).
 */
export async function exportLog(store: EventStore, file: string, onEvent?: (e: StoredEvent) => void): Promise<number> {
  ensurePrivateFile(file);
  const out = createWriteStream(file, { encoding: 'utf8' });
  const header: ExportHeader = {
    $export: 'header',
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    chainScope: store.chainScope,
  };
  out.write(`${JSON.stringify(header)}\n`);
  const summary = new ExportSummary();
  for await (const e of store.readAll()) {
    if (!out.write(`${eventToLine(e)}\n`)) await once(out, 'drain');
    summary.add(e);
    onEvent?.(e);
  }
  out.end(`${JSON.stringify(summary.trailer())}\n`);
  await once(out, 'finish');
  return summary.count;
}

type Line =
  | { kind: 'header'; raw: Record<string, unknown>; lineNumber: number }
  | { kind: 'end'; raw: Record<string, unknown>; lineNumber: number }
  | { kind: 'event'; event: StoredEvent; lineNumber: number; bytes: number };

async function* readLines(file: string): AsyncGenerator<Line> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    const raw = parseLine(line, lineNumber);
    if (raw.$export === 'header') yield { kind: 'header', raw, lineNumber };
    else if (raw.$export === 'end') yield { kind: 'end', raw, lineNumber };
    else yield { kind: 'event', event: rawToEvent(raw, lineNumber), lineNumber, bytes: line.length };
  }
}

/**
 * The events of an export file, in file order, without checking the header, chain or closing line
 * (verifyFile does): for looking at what a file holds before importing it. Throws ImportError on a
 * line that is not an event, header or closing line.
 */
export async function* eventsInFile(file: string): AsyncGenerator<StoredEvent> {
  for await (const line of readLines(file)) if (line.kind === 'event') yield line.event;
}

const LEGACY_HINT =
  'export the log again with this version, or pass --legacy to import a file written before exports had a header and closing line (its truncation cannot be detected)';

function checkHeader(raw: Record<string, unknown>, scope: ChainScope): void {
  if (raw.format !== EXPORT_FORMAT || raw.version !== EXPORT_VERSION) {
    throw new ImportError(
      `import refused: the header names format ${String(raw.format)} version ${String(raw.version)}; this version reads ${EXPORT_FORMAT} version ${EXPORT_VERSION}`,
    );
  }
  if (raw.chainScope !== scope) {
    throw new ImportError(
      `import refused: the file was exported from a log chained per ${String(raw.chainScope)}, the target log chains per ${scope}`,
    );
  }
}

function checkTrailer(raw: Record<string, unknown>, found: ExportTrailer): void {
  const mismatches = (['count', 'headPosition', 'headHash', 'digest'] as const)
    .filter((k) => raw[k] !== found[k])
    .map((k) => `${k} ${JSON.stringify(raw[k])} in the closing line, ${JSON.stringify(found[k])} in the file`);
  if (mismatches.length > 0) {
    throw new ImportError(
      `import refused: the events do not match the closing line (lines were removed, added or changed): ${mismatches.join('; ')}`,
    );
  }
}

/**
 * Checks a whole file without loading it: the header, the order and hash chain of the events, and
 * the closing line against what the file holds. Throws ImportError naming the first problem;
 * returns the number of events.
 */
export async function verifyFile(file: string, scope: ChainScope, options: ImportOptions = {}): Promise<number> {
  const verifier = new ChainVerifier(scope);
  const summary = new ExportSummary();
  let last = 0n;
  let first = true;
  let legacy = false;
  let closed = false;
  for await (const line of readLines(file)) {
    if (closed) throw new ImportError(`import refused: line ${line.lineNumber} comes after the closing line`);
    if (first) {
      first = false;
      if (line.kind === 'header') {
        checkHeader(line.raw, scope);
        continue;
      }
      if (!options.allowLegacy)
        throw new ImportError(
          `import refused: the file has no header line (it was written by an older export, or its beginning is missing); ${LEGACY_HINT}`,
        );
      legacy = true;
    }
    if (line.kind === 'header') throw new ImportError(`import refused: line ${line.lineNumber} is a second header`);
    if (line.kind === 'end') {
      if (legacy)
        throw new ImportError(`import refused: line ${line.lineNumber} is a closing line, but the file has no header`);
      checkTrailer(line.raw, summary.trailer());
      closed = true;
      continue;
    }
    const e = line.event;
    if (e.position <= last)
      throw new ImportError(`import refused: position ${e.position} comes after ${last}; the file is out of order`);
    last = e.position;
    if (!verifier.check(e)) {
      const v = verifier.verdict();
      throw new ImportError(`import refused: the hash chain breaks at position ${v.firstBrokenPosition} (${v.reason})`);
    }
    summary.add(e);
  }
  if (first) throw new ImportError('import refused: the file is empty (no header, no events, no closing line)');
  if (!closed && !legacy) {
    const { count, headPosition } = summary.trailer();
    throw new ImportError(
      `import refused: the file has no closing line (event count, head position and hash), so it is truncated: it ends after ${count} events, at position ${headPosition}`,
    );
  }
  return summary.count;
}

/**
 * Loads an exported log into an empty store. The whole file is checked first (verifyFile), so a
 * broken or truncated file leaves the store untouched; the store then recomputes every hash as it loads.
 */
export async function importLog(
  store: EventStore,
  file: string,
  onEvent?: () => void,
  options: ImportOptions = {},
): Promise<number> {
  if ((await store.headPosition()) !== 0n)
    throw new ImportError('the target log is not empty; import only into a new log');
  await verifyFile(file, store.chainScope, options);
  // Events go to the store in batches (BATCH events or BATCH_BYTES, whichever comes first), each
  // `restore` call continuing the one before.
  let batch: StoredEvent[] = [];
  let batchBytes = 0;
  let count = 0;
  const flush = async () => {
    try {
      await store.restore(batch);
    } catch (error) {
      throw new ImportError(`import refused: ${error instanceof Error ? error.message : String(error)}`);
    }
    batch = [];
    batchBytes = 0;
  };
  for await (const line of readLines(file)) {
    if (line.kind !== 'event') continue;
    batch.push(line.event);
    batchBytes += line.bytes;
    count += 1;
    onEvent?.();
    if (batch.length >= BATCH || batchBytes >= BATCH_BYTES) await flush();
  }
  if (batch.length > 0) await flush();
  return count;
}
