// Reads imported documents in worker threads, so no document, however slow to parse, stalls the
// requests of other clients: each read has a time budget after which its worker is terminated,
// a few run at once, and a bounded number wait for a turn.
import { Worker } from 'node:worker_threads';
import type { DocumentFormat } from '../domain/documents/import/index.ts';
import type { PreviousSection } from '../domain/documents/keys.ts';
import type { StructuredSection } from '../domain/documents/structure.ts';
import { BusyError, fieldError, ValidationError, type FieldError } from '../domain/errors.ts';
import { tsWorkerSource } from '../tsWorker.ts';

/** What the worker is asked to read: importSections' arguments. */
export interface ImportJob {
  format: DocumentFormat;
  content: string;
  previous: readonly PreviousSection[];
}

/** What the worker answers: the sections, the ValidationError's fields, or an unexpected failure. */
export type ImportOutcome =
  | { ok: true; sections: StructuredSection[] }
  | { ok: false; fields: FieldError[] }
  | { ok: false; unexpected: string };

export interface ImportReaderLimits {
  /** Milliseconds one document may take to read, from when its worker is ready; then the worker is terminated. */
  timeoutMs: number;
  /** Documents read at once, each in its own worker thread. */
  concurrency: number;
  /** Documents waiting for a turn; one more is refused. */
  queueLimit: number;
  /**
   * MiB of JavaScript heap (V8's old generation) one reading worker may use; past it the worker,
   * not the server, is stopped and the import is a ValidationError on `content`. Markdown's parser
   * holds about 30 KB per block, so this bounds what a document's shape can cost.
   */
  memoryMb: number;
}

export const DEFAULT_IMPORT_READER_LIMITS: ImportReaderLimits = {
  timeoutMs: 10_000,
  concurrency: 1,
  queueLimit: 8,
  memoryMb: 512,
};

const WORKER_URL = new URL('./importWorker.ts', import.meta.url);

export class ImportReader {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limits: ImportReaderLimits = DEFAULT_IMPORT_READER_LIMITS) {}

  /**
   * importSections (src/domain/documents/import/index.ts) run in a worker thread: the same
   * sections, or the same ValidationError on `content`. Also a ValidationError on `content` when
   * reading takes longer than `timeoutMs` (the worker is terminated). A BusyError (retry after
   * about `timeoutMs`) when `queueLimit` documents already wait for one of the `concurrency` turns.
   * When `signal` fires (the request's deadline passed or its client left) it rejects with the
   * signal's reason at once: a waiting document leaves the queue, a document being read has its
   * worker terminated, so no one's place or turn goes to a request that has ended.
   */
  async read(
    format: DocumentFormat,
    content: string,
    previous: readonly PreviousSection[],
    signal?: AbortSignal,
  ): Promise<StructuredSection[]> {
    await this.turn(signal);
    try {
      signal?.throwIfAborted();
      return await this.readInWorker({ format, content, previous }, signal);
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }

  private async turn(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.running < this.limits.concurrency) {
      this.running += 1;
      return;
    }
    if (this.waiting.length >= this.limits.queueLimit) {
      throw new BusyError(
        `other documents are being read and no more may wait for a turn (IMPORT_PARSE_QUEUE_LIMIT is ${this.limits.queueLimit}); try again in a moment`,
        Math.max(1, Math.ceil(this.limits.timeoutMs / 1000)),
      );
    }
    // The finishing read hands its turn on without releasing it, so no newcomer slips in between.
    await new Promise<void>((resolve, reject) => {
      const take = () => {
        signal?.removeEventListener('abort', leave);
        resolve();
      };
      const leave = () => {
        const place = this.waiting.indexOf(take);
        if (place >= 0) this.waiting.splice(place, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', leave, { once: true });
      this.waiting.push(take);
    });
  }

  private readInWorker(job: ImportJob, signal?: AbortSignal): Promise<StructuredSection[]> {
    const { timeoutMs } = this.limits;
    return new Promise((resolve, reject) => {
      const worker = new Worker(tsWorkerSource(WORKER_URL), {
        eval: true,
        execArgv: [],
        resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb },
      });
      let timer: NodeJS.Timeout | undefined;
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', stop);
        worker.removeAllListeners();
        worker.on('error', () => undefined); // anything it says while terminated is of no interest
        void worker.terminate();
        settle();
      };
      const stop = () => finish(() => reject(signal?.reason));
      signal?.addEventListener('abort', stop, { once: true });
      worker.on('message', (message: { ready: true } | ImportOutcome) => {
        if ('ready' in message) {
          timer = setTimeout(
            () =>
              finish(() =>
                reject(
                  fieldError(
                    'content',
                    `the document took longer than ${timeoutMs} ms to read; split it or simplify it`,
                  ),
                ),
              ),
            timeoutMs,
          );
          worker.postMessage(job);
          return;
        }
        if (message.ok) finish(() => resolve(message.sections));
        else if ('fields' in message) finish(() => reject(new ValidationError(message.fields)));
        else finish(() => reject(new Error(`Reading an imported document failed: ${message.unexpected}`)));
      });
      worker.on('error', (error: Error & { code?: string }) =>
        finish(() =>
          reject(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? fieldError(
                  'content',
                  `the document needs more than ${this.limits.memoryMb} MiB to read; split it or simplify it`,
                )
              : error,
          ),
        ),
      );
      worker.on('exit', (code) => finish(() => reject(new Error(`The document reader stopped (exit code ${code})`))));
    });
  }
}
