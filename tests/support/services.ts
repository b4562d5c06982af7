// One services fixture: each test gets the real services (embedded SQLite log, read models, key
// store) in a fresh DATA_DIR, closed and removed after it. Read `fixture.services` inside a test.
import { afterEach, beforeEach } from 'vitest';
import type { Services } from '../../src/app/services.ts';
import { openServices, type ServicesConfig, type ServicesOptions } from '../../src/composition.ts';
import { tempDir } from './tempDir.ts';

export interface ServicesFixture {
  /** The services of the running test. */
  readonly services: Services;
  /** The test's DATA_DIR. */
  readonly dir: string;
}

export interface ServicesFixtureOptions {
  /** Configuration besides DATA_DIR (e.g. EVENTSTORE_CONNECTION_STRING). */
  config?: Omit<ServicesConfig, 'DATA_DIR'>;
  options?: ServicesOptions;
  /** Runs after opening, before each test: the history the tests share. */
  given?: (services: Services) => Promise<unknown>;
}

/** Registers beforeEach/afterEach hooks in the calling describe block and returns the fixture. */
export function useServices(setup: ServicesFixtureOptions = {}): ServicesFixture {
  let current: { services: Services; dir: ReturnType<typeof tempDir> } | null = null;
  beforeEach(async () => {
    const dir = tempDir();
    const services = await openServices({ ...setup.config, DATA_DIR: dir.path }, setup.options);
    current = { services, dir };
    await setup.given?.(services);
  });
  afterEach(async () => {
    await current?.services.close();
    current?.dir.remove();
    current = null;
  });
  const running = () => {
    if (!current) throw new Error('the services fixture is only open inside a test');
    return current;
  };
  return {
    get services() {
      return running().services;
    },
    get dir() {
      return running().dir.path;
    },
  };
}
