// `rebuild` and `verify`: the read models replayed from the log and checked against it.
import { Command } from 'commander';
import { verify } from '../app/verify.ts';
import { ProjectionFailedError } from '../projections/runnerStatus.ts';
import { verifySince } from '../app/checkpoints.ts';
import { readPublicKey } from '../app/signing.ts';
import { position, progress, withServices } from './common.ts';
import { publicKeyFile, savedHeadFile } from './proofs.ts';

/** Registers `rebuild` and `verify`. */
export function registerReadModelCommands(program: Command): void {
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
          return {
            checksum: services.runner.checksum(),
            position: services.runner.checkpoint,
            failure: services.runner.status().failure,
          };
        },
        {
          ...(opts.toPosition !== undefined ? { toPosition: opts.toPosition } : {}),
          ...(opts.out ? { readDir: opts.out } : {}),
          onProgress: (_p, n) => bar?.tick(n),
        },
      );
      const { count, seconds, rate } = (bar as ReturnType<typeof progress> | null)?.stop() ?? {
        count: 0,
        seconds: 0,
        rate: 0,
      };
      if (result.failure) {
        // The read models hold the log only up to the event before: not a finished rebuild.
        console.error(
          `rebuild stopped: ${new ProjectionFailedError(result.failure).message}; the read models hold the log up to position ${result.position}`,
        );
        process.exitCode = 1;
        return;
      }
      console.log(
        `rebuilt read models from ${count} events up to position ${result.position} in ${seconds.toFixed(1)} s (${rate} events/s); checksum ${result.checksum}`,
      );
    });

  program
    .command('verify')
    .description('recompute the hash chain and check the read models against a fresh replay')
    .option(
      '--since <file>',
      'also prove the log is an append-only extension of a tree head saved earlier: a file from npm run checkpoint, a GraphQL response holding treeHead, or a bare signed head',
    )
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
}
