// `checkpoint`, `signing-key` and `verify-proof`: signed tree heads and the auditor's offline checks.
import type { KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { verify } from '../app/verify.ts';
import { CheckpointFileError, parseCheckpoint, takeCheckpoint, type SavedCheckpoint } from '../app/checkpoints.ts';
import { checkProofDocument } from '../app/proofCheck.ts';
import { LogDamagedError } from '../app/integrity.ts';
import { loadSigner, readPublicKey } from '../app/signing.ts';
import { config, withServices } from './common.ts';

/** Reads a JSON file, or stops with exit code 2 and a clear message. */
export function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`Cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}

/** A PEM public key from a file, or stops with exit code 2. */
export function publicKeyFile(file: string): KeyObject {
  try {
    return readPublicKey(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(
      `Cannot use ${file} as the tree-head public key: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(2);
  }
}

/**
 * A saved head from a file (a checkpoint, a GraphQL response holding data.treeHead, or a bare head),
 * or stops with exit code 2 saying why the file is no head (exit 1 is kept for a head that fails).
 */
export function savedHeadFile(file: string): SavedCheckpoint {
  try {
    return parseCheckpoint(readJsonFile(file));
  } catch (error) {
    if (!(error instanceof CheckpointFileError)) throw error;
    console.error(`Cannot read ${file} as a saved tree head: ${error.message}`);
    process.exit(2);
  }
}

/** Registers `checkpoint`, `signing-key` and `verify-proof`. */
export function registerProofCommands(program: Command): void {
  program
    .command('checkpoint')
    .description(
      'save the current signed tree head (with leaf hash prefixes, to name what changed later) for verify --since',
    )
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
        console.log(
          `saved the tree head of ${treeSize} events (root ${rootHash}, signed ${timestamp} by key ${keyId}) to ${file}`,
        );
      }),
    );

  program
    .command('signing-key')
    .description('print the PEM public key tree heads are signed with (its key id goes to standard error)')
    .action(() => {
      const cfg = config();
      const signer = loadSigner(cfg.SIGNING_KEY_FILE, cfg.DATA_DIR);
      process.stdout.write(signer.publicKeyPem);
      console.error(
        `key id ${signer.keyId} (Ed25519; ${signer.source === 'file' ? signer.file : `development key ${signer.file}`})`,
      );
    });

  program
    .command('verify-proof')
    .description(
      'check an inclusion or consistency proof read from standard input (JSON: { treeHead, inclusionProof } or { oldTreeHead, treeHead, consistencyProof }, or a GraphQL response holding them) against a public key; reads nothing of DATA_DIR',
    )
    .requiredOption('--key <file>', 'the PEM public key (GET /.well-known/tree-head-key, or npm run signing-key)')
    .option(
      '--old-head <file>',
      'the head a consistency proof starts from: a file saved by npm run checkpoint, or a bare signed head',
    )
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
}
