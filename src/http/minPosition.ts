// Reading a position another replica wrote: every GraphQL answer says, in `X-Log-Position`, the log
// position this replica's read models include, and a request carrying `X-Min-Position` is answered
// only once this replica's read models include that position. A client that wrote through one
// replica and reads through another sends the first answer's X-Log-Position as the second request's
// X-Min-Position and sees its write without polling. Positions are the log's own (EventStoreDB's
// commit positions in $all, or the embedded store's row numbers), the same on every replica of one log.
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Services } from '../app/services.ts';
import { MAX_LOG_POSITION, readLogPosition } from '../schema/scalars.ts';

/** Request header: the log position the read models must include before the request executes. */
export const MIN_POSITION_HEADER = 'x-min-position';
/** Response header: the log position the read models included when the answer was made. */
export const LOG_POSITION_HEADER = 'x-log-position';

/** How often a waiting request looks at the read models' position (ms); the live subscription moves it. */
const CHECK_EVERY_MS = 10;
/** How often a waiting request also reads the log itself, in case the subscription is slow (ms). */
const CATCH_UP_EVERY_MS = 200;

type Runner = Services['runner'];

/** When each request's wait for its X-Min-Position ends (performance.now() time), once it has begun. */
const waitEnds = new WeakMap<IncomingMessage, number>();

/**
 * Waits until the read models include `position`, for at most `waitMs` or until `signal` aborts.
 * Returns true once they do, false when the time ran out. A projection stopped at a failing event
 * before that position never gets there: that answers false at once.
 *
 * Every wait on one runner is looked at by one timer (PositionWaits), and the log is read for them
 * at most once per CATCH_UP_EVERY_MS: thousands of readers waiting on a far-off position cost one
 * timer, not one each polling every CHECK_EVERY_MS, and leave nothing behind when they end.
 */
export function reachPosition(
  runner: Runner,
  position: bigint,
  waitMs: number,
  signal?: AbortSignal,
): Promise<boolean> {
  let waits = waitsByRunner.get(runner);
  if (!waits) {
    waits = new PositionWaits(runner);
    waitsByRunner.set(runner, waits);
  }
  return waits.wait(position, waitMs, signal);
}

/** One request's wait: the position it needs, when it gives up, and how it is told. */
interface PositionWait {
  position: bigint;
  until: number;
  end(reached: boolean): void;
}

/** The waits of every request on one runner, with the one timer that looks at them while there are any. */
class PositionWaits {
  private readonly waiting = new Set<PositionWait>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private nextCatchUp = 0;

  constructor(private readonly runner: Runner) {}

  wait(position: bigint, waitMs: number, signal?: AbortSignal): Promise<boolean> {
    const settled = this.settled(position);
    if (settled !== null) return Promise.resolve(settled);
    if (waitMs <= 0 || signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => wait.end(false);
      const wait: PositionWait = {
        position,
        until: performance.now() + waitMs,
        end: (reached) => {
          if (!this.waiting.delete(wait)) return;
          signal?.removeEventListener('abort', onAbort);
          if (this.waiting.size === 0 && this.timer) {
            clearInterval(this.timer);
            this.timer = null;
          }
          resolve(reached);
        },
      };
      this.waiting.add(wait);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timer ??= setInterval(() => this.check(), CHECK_EVERY_MS);
      this.check();
    });
  }

  /** True once the read models include `position`, false when they never will, null while they may. */
  private settled(position: bigint): boolean | null {
    if (this.runner.checkpoint >= position) return true;
    const { failure } = this.runner.status();
    return failure && failure.position <= position ? false : null;
  }

  /** Ends the waits that are over, and reads the log for the others when it is time to. */
  private check(): void {
    const now = performance.now();
    for (const wait of this.waiting) {
      const settled = this.settled(wait.position);
      if (settled !== null) wait.end(settled);
      else if (now >= wait.until) wait.end(false);
    }
    if (this.waiting.size === 0 || now < this.nextCatchUp) return;
    this.nextCatchUp = now + CATCH_UP_EVERY_MS;
    // A log that cannot be read right now is waited for like one that has not got there yet.
    this.runner
      .catchUp()
      .catch(() => undefined)
      .then(() => this.check());
  }
}

const waitsByRunner = new WeakMap<Runner, PositionWaits>();

/**
 * The HTTP gate's wait before a request takes its turn to execute (src/http/gate.ts): a request
 * waiting for its position holds none of the MAX_CONCURRENT_REQUESTS turns, so readers waiting on a
 * lagging replica never keep other requests out. What the wait found is checked again, and
 * answered, by the plugin below; a header that is no position is left to it to refuse.
 */
export function waitBeforeTurn(
  services: Services,
  waitMs: number,
): (req: IncomingMessage, signal: AbortSignal) => Promise<void> {
  return async (req, signal) => {
    const header = req.headers[MIN_POSITION_HEADER];
    if (typeof header !== 'string') return;
    const wanted = readLogPosition(header.trim());
    if (wanted === null) return;
    waitEnds.set(req, performance.now() + waitMs);
    await reachPosition(services.runner, wanted, waitMs, signal);
  };
}

/**
 * The yoga plugin. It must come before the response cache: a request with X-Min-Position is never
 * answered from the cache (the cache's `enabled` excludes it), and waits before anything executes.
 *
 * Errors, as the whole answer (nothing executes): `BAD_USER_INPUT` (HTTP 400) when the header is not
 * a log position (decimal digits, 0 to 2^63 - 1); `POSITION_NOT_REACHED` (extensions `minPosition` and
 * `position`, this replica's, both as decimal strings) when the read models have not reached it
 * within `waitMs` (MIN_POSITION_WAIT_MS), or a projection stopped before it (READ_MODEL_BEHIND
 * errors then say why).
 */
export function useMinPosition(services: Services, waitMs: number): Plugin {
  return {
    async onParams({ request, setResult, context }) {
      const header = request.headers.get(MIN_POSITION_HEADER);
      if (header === null) return;
      const wanted = readLogPosition(header.trim());
      if (wanted === null) {
        setResult({
          errors: [
            new GraphQLError(
              `X-Min-Position must be a log position: decimal digits from 0 to ${MAX_LOG_POSITION}, not "${header.slice(0, 40)}"`,
              { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } },
            ),
          ],
        });
        return;
      }
      // The time the gate already waited counts (a request served without the gate waits here).
      const req = (context as { req?: IncomingMessage }).req;
      const until = (req && waitEnds.get(req)) ?? performance.now() + waitMs;
      if (await reachPosition(services.runner, wanted, Math.max(0, until - performance.now()), request.signal)) return;
      const reached = services.runner.checkpoint;
      setResult({
        errors: [
          new GraphQLError(
            `This replica's read models are at log position ${reached} and did not reach X-Min-Position ${wanted} within ${waitMs} ms; try again or ask another replica`,
            {
              extensions: {
                code: 'POSITION_NOT_REACHED',
                minPosition: wanted.toString(),
                position: reached.toString(),
              },
            },
          ),
        ],
      });
    },
    onResponse({ request, response }) {
      if (new URL(request.url).pathname !== '/graphql') return;
      response.headers.set(LOG_POSITION_HEADER, services.runner.checkpoint.toString());
    },
  };
}
