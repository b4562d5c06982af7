// What every resolver receives: the services, who is asking, and this request's DataLoaders.
import type { Services } from '../app/services.ts';
import type { ComparisonService } from '../app/comparisons.ts';
import type { Viewer } from '../app/auth.ts';
import { createLoaders, type Loaders } from './loaders.ts';

export type { Role, Viewer } from '../app/auth.ts';

export interface Context {
  services: Services;
  comparisons: ComparisonService;
  viewer: Viewer;
  loaders: Loaders;
  /** The Idempotency-Key header, used when a mutation's input has no key of its own. */
  idempotencyKey: string | null;
  requestId: string;
  /**
   * Fires when the request has ended: its deadline (REQUEST_TIMEOUT_MS) passed or its client left.
   * Work that waits (an import waiting for the document reader) stops on it, and no change is
   * recorded after it.
   */
  signal: AbortSignal;
  /**
   * Runs work done off the main thread (a document read in a worker) without holding the
   * request's execution turn (MAX_CONCURRENT_REQUESTS), then takes a turn again before going on;
   * rejects with the signal's reason when the request ends first.
   */
  awayFromTurn: <T>(work: () => Promise<T>) => Promise<T>;
}

/** What the HTTP layer knows of a request beyond who asks; each has a default for other callers. */
export interface RequestScope {
  idempotencyKey?: string | null;
  signal?: AbortSignal;
  awayFromTurn?: <T>(work: () => Promise<T>) => Promise<T>;
}

export function createContext(
  services: Services,
  comparisons: ComparisonService,
  viewer: Viewer,
  requestId: string,
  { idempotencyKey = null, signal = new AbortController().signal, awayFromTurn = (work) => work() }: RequestScope = {},
): Context {
  return {
    services,
    comparisons,
    viewer,
    loaders: createLoaders(services),
    idempotencyKey,
    requestId,
    signal,
    awayFromTurn,
  };
}
