// Command line: serve | seed | rebuild | verify [--since] | checkpoint | signing-key | verify-proof |
// export | import | import-document | persist-operations. Configuration comes from the
// environment (see README); long work shows a progress bar with events/s and ETA.
import { Command } from 'commander';
import { registerDocumentCommands } from './cli/documents.ts';
import { registerLogFileCommands } from './cli/logFiles.ts';
import { registerOperationCommands } from './cli/operations.ts';
import { registerProofCommands } from './cli/proofs.ts';
import { registerReadModelCommands } from './cli/readModels.ts';
import { registerServeCommands } from './cli/serve.ts';

const program = new Command('safeguarding-history').description(
  'History of safeguarding guidance, as an event log served over GraphQL',
);

registerServeCommands(program);
registerReadModelCommands(program);
registerProofCommands(program);
registerLogFileCommands(program);
registerDocumentCommands(program);
registerOperationCommands(program);

await program.parseAsync();
