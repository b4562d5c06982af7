// The worker thread that reads an imported document (src/app/importReader.ts starts it): parsing
// HTML, Markdown or DOCX can take seconds, so it runs here, off the thread that answers requests.
import { parentPort } from 'node:worker_threads';
import { ValidationError } from '../domain/errors.ts';
import { importSections } from '../domain/documents/import/index.ts';
import type { ImportJob, ImportOutcome } from './importReader.ts';

const port = parentPort;
if (!port) throw new Error('importWorker.ts runs only as a worker thread');

port.once('message', async (job: ImportJob) => {
  let outcome: ImportOutcome;
  try {
    outcome = { ok: true, sections: await importSections(job.format, job.content, job.previous) };
  } catch (error) {
    outcome =
      error instanceof ValidationError
        ? { ok: false, fields: error.fields }
        : { ok: false, unexpected: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(outcome);
});
port.postMessage({ ready: true });
