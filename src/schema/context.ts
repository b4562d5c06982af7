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
}

export function createContext(
  services: Services,
  comparisons: ComparisonService,
  viewer: Viewer,
  requestId: string,
  idempotencyKey: string | null = null,
  signal: AbortSignal = new AbortController().signal,
): Context {
  return { services, comparisons, viewer, loaders: createLoaders(services), idempotencyKey, requestId, signal };
}
