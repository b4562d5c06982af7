// `backup`, `export` and `import`: the log (and its keys) in and out of files.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { openServices, type Services } from '../composition.ts';
import { verify } from '../app/verify.ts';
import { sealedPeopleOf } from '../app/personalData.ts';
import { eventsInFile, exportLog, ImportError, importLog } from '../events/ndjson.ts';
import { ensurePrivateDir, ensurePrivateFile } from '../events/privateFiles.ts';
import { holdWriterLockAt } from '../projections/readStore.ts';
import { config, progress, withServices } from './common.ts';

/**
 * The people whose sealed data an import without keys would make unreadable: sealed in the file,
 * with no key in this vault, and not erased by the log itself (a PersonalDataErased event).
 */
async function peopleLostWithoutKeys(services: Services, file: string): Promise<number> {
  const sealed = new Set<string>();
  const erased = new Set<string>();
  for await (const e of eventsInFile(file)) {
    for (const id of sealedPeopleOf(e)) sealed.add(id);
    if (e.type === 'PersonalDataErased' && typeof (e.data as { personId?: unknown }).personId === 'string') {
      erased.add((e.data as { personId: string }).personId);
    }
  }
  return [...sealed].filter((id) => !erased.has(id) && !services.vault.hasKey(id)).length;
}

/**
 * Backups and exports read what is there without projecting, so they run beside a server that
 * holds the writer lock.
 */
const READS_ONLY = { writer: false };

/** The databases of a DATA_DIR, with their write-ahead logs and shared-memory files. */
const DATA_DIR_DATABASES = ['events.sqlite', 'read.sqlite', 'keys.sqlite'].flatMap((f) => [f, `${f}-wal`, `${f}-shm`]);

/**
 * Ends the command (exit 2) when `file` is, by any path (symbolic or hard link included), one of
 * the databases of DATA_DIR: writing it would truncate the live log, read models or keys under a
 * server running there. A file that does not exist yet is no database and passes.
 */
function refuseDataDirDatabase(file: string): void {
  const target = statSync(file, { throwIfNoEntry: false });
  if (!target) return;
  const dataDir = config().DATA_DIR;
  for (const name of DATA_DIR_DATABASES) {
    const own = statSync(join(dataDir, name), { throwIfNoEntry: false });
    if (own && own.dev === target.dev && own.ino === target.ino) {
      console.error(`${file} is a database of DATA_DIR (${join(dataDir, name)}): export to a file outside it`);
      process.exit(2);
    }
  }
}

/** Registers `backup`, `export` and `import`. */
export function registerLogFileCommands(program: Command): void {
  program
    .command('backup')
    .description('take a consistent online backup of the log (and read models) into a directory, then verify it')
    .argument('<dir>', 'the directory to write; use it as DATA_DIR to restore')
    .action((dir: string) =>
      withServices(async (services) => {
        if (!services.store.backup) {
          console.error('This store is backed up with its own server tools (EventStoreDB/KurrentDB backups)');
          process.exitCode = 2;
          return;
        }
        ensurePrivateDir(dir);
        // The copy replaces the log, read models and keys in `dir`: never under a server running
        // there (or a command writing it), which would lose its events and stop projecting.
        const releaseTarget = holdWriterLockAt(join(dir, 'read.sqlite'));
        try {
          // Read models first, then the log: while writes go on, the copy's read models may only be
          // behind its log (they catch up at start), never ahead of it (a damaged log, see integrity.ts).
          ensurePrivateFile(join(dir, 'read.sqlite'));
          await services.readDb.backup(join(dir, 'read.sqlite'));
          await services.store.backup(join(dir, 'events.sqlite'));
          await services.vault.backup(join(dir, 'keys.sqlite'));
          const copy = await openServices({ DATA_DIR: dir });
          try {
            const verdict = await verify(copy);
            console.log(`backup written to ${dir}: ${verdict.line}`);
            process.exitCode = verdict.ok ? 0 : 1;
          } finally {
            await copy.close();
          }
        } finally {
          releaseTarget();
        }
      }, READS_ONLY),
    );

  program
    .command('export')
    .description(
      'write the whole log to an NDJSON file (mode 0600): a header, one event a line with its hashes, a closing line with the count and head hash',
    )
    .argument('<file>', 'the file to write')
    .option('--keys <file>', 'also copy the personal-data keys (kept outside the log) to this file')
    .action((file: string, opts: { keys?: string }) => {
      refuseDataDirDatabase(file);
      if (opts.keys) refuseDataDirDatabase(opts.keys);
      return withServices(async (services) => {
        const bar = progress('export', Number(await services.store.headPosition()));
        const sealedFor = new Set<string>();
        await exportLog(services.store, file, (e) => {
          bar.tick();
          if (!opts.keys) for (const id of sealedPeopleOf(e)) sealedFor.add(id);
        });
        const { count, rate } = bar.stop();
        if (opts.keys) await services.vault.backup(opts.keys);
        console.log(
          `exported ${count} events to ${file} (${rate} events/s)${opts.keys ? `; keys to ${opts.keys}` : ''}`,
        );
        // People already erased read as erased everywhere; the others lose their data only by moving without keys.
        const readable = [...sealedFor].filter((id) => services.vault.hasKey(id)).length;
        if (readable > 0) {
          console.error(
            `warning: the log holds sealed personal data of ${readable} ${readable === 1 ? 'person' : 'people'} and --keys was not given: ` +
              'an import of this file elsewhere will read them as erased, indistinguishable from a lawful erasure. ' +
              'Export again with --keys <file> to move their data with the log.',
          );
        }
      }, READS_ONLY);
    });

  program
    .command('import')
    .description('load an exported NDJSON log into an empty store, checking its header, hash chain and closing line')
    .argument('<file>', 'the file to read')
    .option('--keys <file>', 'personal-data keys exported with the log; without them, personal fields read as erased')
    .option(
      '--without-keys',
      'import a log holding sealed personal data without its keys, accepting that those people read as erased for good',
    )
    .option(
      '--legacy',
      'accept a file written before exports had a header and closing line; its truncation cannot be detected',
    )
    .action((file: string, opts: { keys?: string; withoutKeys?: boolean; legacy?: boolean }) =>
      withServices(async (services) => {
        if (opts.keys && opts.withoutKeys) {
          console.error('import refused: --keys and --without-keys contradict each other; give one');
          process.exitCode = 2;
          return;
        }
        const bar = progress('import', 0);
        try {
          if (!opts.keys && !opts.withoutKeys && (await services.store.headPosition()) === 0n) {
            const lost = await peopleLostWithoutKeys(services, file);
            if (lost > 0) {
              throw new ImportError(
                `import refused: the file holds sealed personal data of ${lost} ${lost === 1 ? 'person' : 'people'} and no keys were given, ` +
                  'so they would read as erased (indistinguishable from a lawful erasure). ' +
                  'Pass --keys <file> (written by npm run export -- <file> --keys <file>), or --without-keys to accept this',
              );
            }
          }
          const count = await importLog(services.store, file, () => bar.tick(), { allowLegacy: opts.legacy === true });
          // Keys only once the log is in: a refused file leaves the store and the vault as they were.
          if (opts.keys) services.vault.importFrom(opts.keys);
          bar.stop();
          await services.runner.catchUp();
          console.log(`imported ${count} events; read-model checksum ${services.runner.checksum()}`);
        } catch (error) {
          bar.stop();
          console.error(error instanceof Error ? error.message : String(error));
          process.exitCode = 1;
        }
      }),
    );
}
