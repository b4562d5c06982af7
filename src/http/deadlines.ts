// Request deadlines the gate sets, and the yoga plugin that lifts one once a subscription has
// started streaming (a live subscription stays open for as long as its client listens).
import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { ServerContext } from './gateSettings.ts';

/**
 * Per-request deadlines, looked up by the request: a subscription lifts its own deadline once it
 * has started (it stays open for as long as the client listens), everything else is stopped.
 */
export const deadlines = new WeakMap<IncomingMessage, () => void>();

/** Lifts the request deadline once a subscription has started streaming. */
export function useSubscriptionsOutliveDeadline(): Plugin<ServerContext> {
  return {
    onSubscribe({ args }) {
      const req = (args.contextValue as Partial<ServerContext>).req;
      if (req) deadlines.get(req)?.();
    },
  };
}
