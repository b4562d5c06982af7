// Node types load by global id through this request's DataLoaders, like every other read.
import type DataLoader from 'dataloader';
import type { Context } from '../context.ts';
import type { Loaders } from '../loaders.ts';

/** A Node type's loadMany: each id through the loader `pick` names, in order; null where none is found. */
export function loadEach<T>(pick: (loaders: Loaders) => DataLoader<string, T | null>) {
  return (ids: string[], ctx: Context) => Promise.all(ids.map((id) => pick(ctx.loaders).load(id)));
}
