// What every command of the command line shares: configuration, progress bars, the services.
import { InvalidArgumentError } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { openServices, type Services } from '../composition.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { ReplayLockedError, WriterLockedError } from '../projections/readStore.ts';

export function config(): Config {
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
export function progress(label: string, total: number) {
  const started = Date.now();
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} events | {speed} events/s | ETA {eta}s`,
      noTTYOutput: false,
    },
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

/**
 * Runs `fn` with the services open, holding the read models' writer lock unless `options.writer`
 * is false (exit 1 at once when a server or another command holds it), and closes them after.
 */
export async function withServices<T>(
  fn: (s: Services) => Promise<T>,
  options?: Parameters<typeof openServices>[1],
): Promise<T> {
  const services = await openServices(config(), { writer: true, ...options }).catch(exitIfLocked);
  try {
    return await fn(services);
  } catch (error) {
    return exitIfLocked(error);
  } finally {
    await services.close();
  }
}

/**
 * Ends the command when a rebuild of the same read models runs in another process, or another
 * process (a running server) writes them (exit 1, with what to do); rethrows any other error.
 */
export function exitIfLocked(error: unknown): never {
  if (!(error instanceof ReplayLockedError) && !(error instanceof WriterLockedError)) throw error;
  console.error(error.message);
  process.exit(1);
}

export const position = (value: string): bigint => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number');
  return BigInt(value);
};
