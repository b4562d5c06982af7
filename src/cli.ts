// Command line: serve | seed | rebuild | verify [--since] | checkpoint | signing-key | verify-proof |
// export | import | import-document. Configuration comes from the
// environment (see README); long work shows a progress bar with events/s and ETA.
import type { KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { openServices, type Services } from './composition.ts';
import { verify } from './app/verify.ts';
import { CheckpointFileError, checkProofDocument, parseCheckpoint, takeCheckpoint, verifySince, type SavedCheckpoint } from './app/proofs.ts';
import { LogDamagedError } from './app/integrity.ts';
import { sealedPeopleOf } from './app/personalData.ts';
import { loadSigner, readPublicKey, SigningKeyError } from './app/signing.ts';
import { formatOfFile, importDraftCommand } from './app/importDocument.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { documentDecider } from './domain/documents/decide.ts';
import { documentStreamId } from './domain/documents/document.ts';
import { DomainError } from './domain/errors.ts';
import { eventsInFile, exportLog, ImportError, importLog } from './events/ndjson.ts';
import { ensurePrivateDir, ensurePrivateFile } from './events/privateFiles.ts';
import { createLogger, startServer } from './server.ts';
import { loadSeed } from './seed/load.ts';

function config(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

/** A progress bar over `total` events; a no-op when output is not a terminal. */
function progress(label: string, total: number) {
  const started = Date.now();
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} events | {speed} events/s | ETA {eta}s`, noTTYOutput: false },
    Presets.shades_classic,
  );
  let done = 0;
  bar.start(Math.max(total, 1), 0, { speed: 0 });
  return {
    tick(n = 1) {
      done += n;
      if (done % 500 === 0 || done === total) {
        bar.update(done, { speed: Math.round(done / Math.max((Date.now() - started) / 1000, 0.001)) });
      }
    },
    stop(): { count: number; seconds: number; rate: number } {
      bar.update(done);
      bar.stop();
      const seconds = (Date.now() - started) / 1000;
      return { count: done, seconds, rate: Math.round(done / Math.max(seconds, 0.001)) };
    },
  };
}

async function withServices<T>(fn: (s: Services) => Promise<T>, options?: Parameters<typeof openServices>[1]): Promise<T> {
  const services = await openServices(config(), options);
  try {
    return await fn(services);
  } finally {
    await services.close();
  }
}

const position = (value: string): bigint => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number');
  return BigInt(value);
};

const program = new Command('safeguarding-history').description(
  'History of safeguarding guidance, as an event log served over GraphQL',
);

program
  .command('serve', { isDefault: true })
  .description('start the GraphQL server (seeds an empty store first)')
  .action(async () => {
    const started = Date.now();
    const cfg = config();
    const logger = createLogger(cfg);
    const server = await startServer(cfg, logger).catch((error: unknown) => {
      if (!(error instanceof SigningKeyError)) throw error;
      console.error(`Invalid configuration:\n  SIGNING_KEY_FILE: ${error.message}`);
      process.exit(2);
    });
    logger.info({ url: server.url, ms: Date.now() - started }, 'listening');
    console.log(`GraphQL server ready at ${server.url} (GraphiQL in a browser; health at /health)`);
    if (server.devToken && server.devTokenFile?.created) {
      // Shown once, when created: a token is never written to the output of later starts (logs).
      console.log(`No EDITOR_TOKENS set: created a development editor token, kept in ${server.devTokenFile.path} (shown only now):`);
      console.log(`  Authorization: Bearer ${server.devToken}`);
    } else if (server.devTokenFile) {
      console.log(`No EDITOR_TOKENS set: the development editor token is in ${server.devTokenFile.path}`);
    }
    const signer = server.services.signer();
    if (signer.source !== 'file') {
      console.log(`No SIGNING_KEY_FILE set: tree heads are signed with the development key ${signer.file}${signer.source === 'development-created' ? ' (created now)' : ''}`);
    }
    const stop = () => void server.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('seed')
  .description('load the seed corpus into the store (idempotent: a second run appends nothing)')
  .action(() =>
    withServices(async (services) => {
      await services.runner.catchUp();
      const { appended } = await loadSeed(services);
      console.log(`seed: ${appended} events appended`);
    }),
  );

program
  .command('rebuild')
  .description('drop every read model and replay the log')
  .option('--to-position <n>', 'replay only up to this position (the state as it was then)', position)
  .option('--out <dir>', 'write the read models into this directory instead of DATA_DIR')
  .action(async (opts: { toPosition?: bigint; out?: string }) => {
    if (opts.toPosition !== undefined && !opts.out) {
      console.error('--to-position needs --out <dir>, so the current read models are left as they are');
      process.exit(2);
    }
    let bar: ReturnType<typeof progress> | null = null;
    const result = await withServices(
      async (services) => {
        const head = await services.store.headPosition();
        const target = opts.toPosition !== undefined && opts.toPosition < head ? opts.toPosition : head;
        bar = progress('rebuild', Number(target));
        await services.runner.rebuild();
        return { checksum: services.runner.checksum(), position: services.runner.checkpoint };
      },
      {
        ...(opts.toPosition !== undefined ? { toPosition: opts.toPosition } : {}),
        ...(opts.out ? { readDir: opts.out } : {}),
        onProgress: (_p, n) => bar?.tick(n),
      },
    );
    const { count, seconds, rate } = (bar as ReturnType<typeof progress> | null)?.stop() ?? { count: 0, seconds: 0, rate: 0 };
    console.log(
      `rebuilt read models from ${count} events up to position ${result.position} in ${seconds.toFixed(1)} s (${rate} events/s); checksum ${result.checksum}`,
    );
  });

program
  .command('verify')
  .description('recompute the hash chain and check the read models against a fresh replay')
  .option('--since <file>', 'also prove the log is an append-only extension of a tree head saved earlier: a file from npm run checkpoint, a GraphQL response holding treeHead, or a bare signed head')
  .option('--key <file>', "with --since: the PEM public key the head was signed with (default: this service's key)")
  .action((opts: { since?: string; key?: string }) => {
    // The saved head is read first: a file that is no head stops here (exit 2), before the long replay.
    const saved = opts.since ? savedHeadFile(opts.since) : null;
    const key = opts.key ? publicKeyFile(opts.key) : null;
    return withServices(async (services) => {
      const bar = progress('verify', Number(await services.store.headPosition()));
      const verdict = await verify(services, () => bar.tick());
      const { rate } = bar.stop();
      console.log(`${verdict.line} [${rate} events/s]`);
      process.exitCode = verdict.ok ? 0 : 1;
      if (saved) {
        const since = await verifySince(services.store, saved, key ?? readPublicKey(services.signer().publicKeyPem));
        console.log(since.line);
        if (!since.ok) process.exitCode = 1;
      }
    });
  });

// Proving history: tree heads saved by auditors, and proofs checked with nothing but a public key.

/** Reads a JSON file, or stops with exit code 2 and a clear message. */
function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`Cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}

/** A PEM public key from a file, or stops with exit code 2. */
function publicKeyFile(file: string): KeyObject {
  try {
    return readPublicKey(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`Cannot use ${file} as the tree-head public key: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}

/**
 * A saved head from a file (a checkpoint, a GraphQL response holding data.treeHead, or a bare head),
 * or stops with exit code 2 saying why the file is no head (exit 1 is kept for a head that fails).
 */
function savedHeadFile(file: string): SavedCheckpoint {
  try {
    return parseCheckpoint(readJsonFile(file));
  } catch (error) {
    if (!(error instanceof CheckpointFileError)) throw error;
    console.error(`Cannot read ${file} as a saved tree head: ${error.message}`);
    process.exit(2);
  }
}

program
  .command('checkpoint')
  .description('save the current signed tree head (with leaf hash prefixes, to name what changed later) for verify --since')
  .argument('<file>', 'the JSON file to write')
  .action((file: string) =>
    withServices(async (services) => {
      await services.runner.catchUp();
      let checkpoint: SavedCheckpoint;
      try {
        checkpoint = takeCheckpoint(services.proofs, services.tree);
      } catch (error) {
        if (!(error instanceof LogDamagedError)) throw error;
        // A head signed now would vouch for events the log has lost (see integrity.ts).
        console.error(`No tree head is signed while the event log is damaged: ${error.reason}`);
        process.exitCode = 1;
        return;
      }
      try {
        // A kept head is evidence: never overwrite one by mistake.
        writeFileSync(file, `${JSON.stringify(checkpoint, null, 2)}\n`, { flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        console.error(`${file} exists already; a saved head is never overwritten (choose another file name)`);
        process.exitCode = 2;
        return;
      }
      const { treeSize, rootHash, timestamp, keyId } = checkpoint.treeHead;
      console.log(`saved the tree head of ${treeSize} events (root ${rootHash}, signed ${timestamp} by key ${keyId}) to ${file}`);
    }),
  );

program
  .command('signing-key')
  .description('print the PEM public key tree heads are signed with (its key id goes to standard error)')
  .action(() => {
    const cfg = config();
    const signer = loadSigner(cfg.SIGNING_KEY_FILE, cfg.DATA_DIR);
    process.stdout.write(signer.publicKeyPem);
    console.error(`key id ${signer.keyId} (Ed25519; ${signer.source === 'file' ? signer.file : `development key ${signer.file}`})`);
  });

program
  .command('verify-proof')
  .description(
    'check an inclusion or consistency proof read from standard input (JSON: { treeHead, inclusionProof } or { oldTreeHead, treeHead, consistencyProof }, or a GraphQL response holding them) against a public key; reads nothing of DATA_DIR',
  )
  .requiredOption('--key <file>', 'the PEM public key (GET /.well-known/tree-head-key, or npm run signing-key)')
  .option('--old-head <file>', 'the head a consistency proof starts from: a file saved by npm run checkpoint, or a bare signed head')
  .action(async (opts: { key: string; oldHead?: string }) => {
    const key = publicKeyFile(opts.key);
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    let input: unknown;
    try {
      input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      console.error('Standard input is not JSON');
      process.exit(2);
    }
    const doc = input !== null && typeof input === 'object' ? { ...(input as Record<string, unknown>) } : input;
    if (opts.oldHead && doc !== null && typeof doc === 'object') {
      (doc as Record<string, unknown>).oldTreeHead = savedHeadFile(opts.oldHead).treeHead;
    }
    const result = checkProofDocument(doc, key);
    console.log(result.line);
    process.exitCode = result.ok ? 0 : 1;
  });

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
    }),
  );

program
  .command('export')
  .description('write the whole log to an NDJSON file (mode 0600): a header, one event a line with its hashes, a closing line with the count and head hash')
  .argument('<file>', 'the file to write')
  .option('--keys <file>', 'also copy the personal-data keys (kept outside the log) to this file')
  .action((file: string, opts: { keys?: string }) =>
    withServices(async (services) => {
      const bar = progress('export', Number(await services.store.headPosition()));
      const sealedFor = new Set<string>();
      await exportLog(services.store, file, (e) => {
        bar.tick();
        if (!opts.keys) for (const id of sealedPeopleOf(e)) sealedFor.add(id);
      });
      const { count, rate } = bar.stop();
      if (opts.keys) await services.vault.backup(opts.keys);
      console.log(`exported ${count} events to ${file} (${rate} events/s)${opts.keys ? `; keys to ${opts.keys}` : ''}`);
      // People already erased read as erased everywhere; the others lose their data only by moving without keys.
      const readable = [...sealedFor].filter((id) => services.vault.hasKey(id)).length;
      if (readable > 0) {
        console.error(
          `warning: the log holds sealed personal data of ${readable} ${readable === 1 ? 'person' : 'people'} and --keys was not given: ` +
            'an import of this file elsewhere will read them as erased, indistinguishable from a lawful erasure. ' +
            'Export again with --keys <file> to move their data with the log.',
        );
      }
    }),
  );

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

program
  .command('import')
  .description('load an exported NDJSON log into an empty store, checking its header, hash chain and closing line')
  .argument('<file>', 'the file to read')
  .option('--keys <file>', 'personal-data keys exported with the log; without them, personal fields read as erased')
  .option('--without-keys', 'import a log holding sealed personal data without its keys, accepting that those people read as erased for good')
  .option('--legacy', 'accept a file written before exports had a header and closing line; its truncation cannot be detected')
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

program
  .command('import-document')
  .description('save a document file (.html/.htm, .md/.markdown or .docx) as the draft of a new version; publish it with publishDraft')
  .argument('<file>', 'the document to read; its extension gives the format')
  .requiredOption('--slug <slug>', 'the registered document it is a version of')
  .requiredOption('--label <label>', 'label of the version the draft will become')
  .requiredOption('--note <note>', 'the change note')
  .option('--actor <name>', 'who is recorded as making the change', 'command-line')
  .action((file: string, opts: { slug: string; label: string; note: string; actor: string }) =>
    withServices(async (services) => {
      const format = formatOfFile(file);
      if (!format) {
        console.error(`import-document refused: ${file} is not .html, .htm, .md, .markdown or .docx`);
        process.exitCode = 2;
        return;
      }
      const bytes = readFileSync(file);
      const content = format === 'DOCX' ? bytes.toString('base64') : bytes.toString('utf8');
      try {
        await services.runner.catchUp();
        const command = await importDraftCommand(services.documents, { slug: opts.slug, label: opts.label, changeNote: opts.note, format, content });
        await services.commands.execute(documentDecider, documentStreamId(opts.slug), command, { actor: opts.actor });
        const draft = services.documents.drafts([opts.slug])[0];
        console.log(`draft ${opts.label} of ${opts.slug} saved: ${draft?.sections.length ?? 0} sections`);
        for (const s of draft?.sections ?? []) console.log(`${'  '.repeat(s.level - 1)}${s.number ? `${s.number} ` : ''}${s.heading}  [${s.key}]`);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        console.error(`import-document refused: ${error.message}`);
        process.exitCode = 2;
      }
    }),
  );

await program.parseAsync();
