// `serve` and `seed`.
import { Command } from 'commander';
import { SigningKeyError } from '../app/signing.ts';
import { createLogger, startServer } from '../server.ts';
import { loadSeed } from '../seed/load.ts';
import { config, exitIfLocked, withServices } from './common.ts';

/** Registers `serve` (the default) and `seed`. */
export function registerServeCommands(program: Command): void {
  program
    .command('serve', { isDefault: true })
    .description('start the GraphQL server (seeds an empty store first)')
    .action(async () => {
      const started = Date.now();
      const cfg = config();
      const logger = createLogger(cfg);
      const server = await startServer(cfg, logger).catch((error: unknown) => {
        if (!(error instanceof SigningKeyError)) return exitIfLocked(error);
        console.error(`Invalid configuration:\n  SIGNING_KEY_FILE: ${error.message}`);
        process.exit(2);
      });
      logger.info({ url: server.url, ms: Date.now() - started }, 'listening');
      console.log(`GraphQL server ready at ${server.url} (GraphiQL in a browser; health at /health)`);
      if (server.devToken && server.devTokenFile?.created) {
        // Shown once, when created: a token is never written to the output of later starts (logs).
        console.log(
          `No EDITOR_TOKENS set: created a development editor token, kept in ${server.devTokenFile.path} (shown only now):`,
        );
        console.log(`  Authorization: Bearer ${server.devToken}`);
      } else if (server.devTokenFile) {
        console.log(`No EDITOR_TOKENS set: the development editor token is in ${server.devTokenFile.path}`);
      }
      const signer = server.services.signer();
      if (signer.source !== 'file') {
        console.log(
          `No SIGNING_KEY_FILE set: tree heads are signed with the development key ${signer.file}${signer.source === 'development-created' ? ' (created now)' : ''}`,
        );
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
}
