// `persist-operations`: the trusted documents (persisted operations) a frontend build ships.
import type { Command } from 'commander';
import { persistOperationsFrom } from '../http/persistOperationsCommand.ts';
import { config } from './common.ts';

/** Registers `persist-operations DIR` (exit code 2 when a file does not parse or the schema refuses an operation). */
export function registerOperationCommands(program: Command): void {
  program
    .command('persist-operations')
    .description(
      'take every operation from the .graphql files under DIR (with the fragments each uses), check it against the schema, and add it to the trusted documents in DATA_DIR/trusted-documents.json; prints {"<operation name>": "<sha256>"} for clients',
    )
    .argument('<dir>', 'folder of .graphql files (searched recursively)')
    .action((dir: string) => {
      process.exitCode = persistOperationsFrom(dir, config().DATA_DIR);
    });
}
