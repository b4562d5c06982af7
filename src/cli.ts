// Command line: serve | seed | rebuild | verify. Configuration comes from the environment.
import { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { openServices } from './app/services.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger, startServer } from './server.ts';
import { loadSeed } from './seed/load.ts';
import { verify } from './app/verify.ts';

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

const program = new Command('safeguarding-history').description('History of safeguarding guidance, as an event log served over GraphQL');

program
  .command('serve', { isDefault: true })
  .description('start the GraphQL server (seeds an empty store first)')
  .action(async () => {
    const started = Date.now();
    const cfg = config();
    const logger = createLogger(cfg);
    const server = await startServer(cfg, logger);
    logger.info({ url: server.url, ms: Date.now() - started }, 'listening');
    console.log(`GraphQL server ready at ${server.url} (GraphiQL in a browser; health at /health)`);
    if (server.devToken) {
      console.log(`No EDITOR_TOKENS set: development editor token (kept in ${cfg.DATA_DIR}/dev-editor-token):`);
      console.log(`  Authorization: Bearer ${server.devToken}`);
    }
    const stop = () => void server.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('seed')
  .description('load the seed corpus into the store (idempotent)')
  .action(async () => {
    const services = await openServices(config());
    await services.runner.catchUp();
    const { appended } = await loadSeed(services);
    console.log(`seed: ${appended} events appended`);
    await services.close();
  });

program
  .command('rebuild')
  .description('drop every read model and replay the whole log')
  .action(async () => {
    const bar = new SingleBar({ format: 'rebuild [{bar}] {percentage}% | {value}/{total} events | {speed} events/s | ETA {eta}s' }, Presets.shades_classic);
    const started = Date.now();
    let applied = 0;
    const services = await openServices(config(), {
      onProgress: (_position, n) => {
        applied += n;
        bar.update(applied, { speed: Math.round(applied / Math.max((Date.now() - started) / 1000, 0.001)) });
      },
    });
    const head = await services.store.headPosition();
    bar.start(Number(head), 0, { speed: 0 });
    await services.runner.rebuild();
    bar.stop();
    const seconds = (Date.now() - started) / 1000;
    console.log(`rebuilt from ${applied} events in ${seconds.toFixed(1)} s; checksum ${services.runner.checksum()}`);
    await services.close();
  });

program
  .command('verify')
  .description('check the hash chain and that the read models equal a fresh replay')
  .action(async () => {
    const services = await openServices(config());
    const verdict = await verify(services);
    await services.close();
    console.log(verdict.line);
    process.exitCode = verdict.ok ? 0 : 1;
  });

await program.parseAsync();
