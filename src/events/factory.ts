// The one place that picks an EventStore adapter, from configuration.
import { join } from 'node:path';
import { SqliteEventStore } from './adapters/sqlite.ts';
import type { EventStore } from './store.ts';

export interface StoreConfig {
  DATA_DIR: string;
  EVENTSTORE_CONNECTION_STRING?: string | undefined;
  /** MaxAppendSize of the EventStoreDB node, in bytes (default 1,048,576). */
  EVENTSTORE_MAX_APPEND_SIZE?: number | undefined;
}

export async function createEventStore(config: StoreConfig, clock?: () => Date): Promise<EventStore> {
  if (config.EVENTSTORE_CONNECTION_STRING) {
    const { EsdbEventStore } = await import('./adapters/esdb.ts');
    return new EsdbEventStore({
      connectionString: config.EVENTSTORE_CONNECTION_STRING,
      ...(config.EVENTSTORE_MAX_APPEND_SIZE ? { maxAppendSize: config.EVENTSTORE_MAX_APPEND_SIZE } : {}),
      ...(clock ? { clock } : {}),
    });
  }
  return new SqliteEventStore({ path: join(config.DATA_DIR, 'events.sqlite'), ...(clock ? { clock } : {}) });
}
