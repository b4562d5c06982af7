// What may run and stay open at once: admission control for executing requests, and the count of
// open event streams in all and per client. The HTTP gate (gate.ts) applies both.

/**
 * Admission control: at most MAX_CONCURRENT_REQUESTS requests are parsed and executed at once,
 * the next MAX_QUEUED_REQUESTS wait their turn in arrival order, and any more are refused at once.
 * Turns are handed out only from a setImmediate callback, never inside the callback that read the
 * request: a query on the embedded store runs almost entirely in microtasks, so a request started
 * where it arrived would run to its end before the event loop polled again, and a crowd of clients
 * would chain their executions back to back while new connections (and /health) waited unaccepted.
 * This way each turn of the loop runs at most MAX_CONCURRENT_REQUESTS executions, then polls.
 */
export class Admission {
  private running = 0;
  private readonly waiting: ((admitted: boolean) => void)[] = [];
  private pumping = false;

  constructor(
    private readonly concurrent: number,
    private readonly queued: number,
  ) {}

  /**
   * Waits for a turn; 'busy' when the queue is full, 'aborted' when the signal fired first. A
   * request `returning` from work done without its turn (HeldTurn.away) goes to the head of the
   * queue and is never refused: it was admitted once already.
   */
  async enter(signal: AbortSignal, returning = false): Promise<{ leave(): void } | 'busy' | 'aborted'> {
    if (signal.aborted) return 'aborted';
    // Those the next turn of the loop admits at once do not count against the queue.
    if (!returning && this.waiting.length >= this.queued + Math.max(0, this.concurrent - this.running)) return 'busy';
    const admitted = await new Promise<boolean>((resolve) => {
      const wake = (yes: boolean) => {
        signal.removeEventListener('abort', onAbort);
        resolve(yes);
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(wake);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      if (returning) this.waiting.unshift(wake);
      else this.waiting.push(wake);
      this.schedule();
    });
    if (!admitted) return 'aborted';
    let left = false;
    return {
      leave: () => {
        if (left) return;
        left = true;
        this.running -= 1;
        this.schedule();
      },
    };
  }

  private schedule(): void {
    if (this.pumping || this.waiting.length === 0) return;
    this.pumping = true;
    setImmediate(() => {
      this.pumping = false;
      while (this.running < this.concurrent && this.waiting.length > 0) {
        this.running += 1;
        this.waiting.shift()!(true);
      }
    });
  }

  get queuedCount(): number {
    return this.waiting.length;
  }
}

/**
 * The execution turn a request holds, which it may give back while it waits on work done elsewhere
 * (a document read in a worker thread): the turn goes to another request meanwhile, and this one
 * takes the next turn after it, ahead of the queue.
 */
export class HeldTurn {
  constructor(
    private readonly admission: Admission,
    private turn: { leave(): void } | null,
    private readonly signal: AbortSignal,
  ) {}

  /**
   * Runs `work` without the turn, then waits for one again. Rejects with the signal's reason when
   * the request ends before it gets one back (its deadline passed or its client left).
   */
  async away<T>(work: () => Promise<T>): Promise<T> {
    this.leave();
    let outcome: { value: T } | { error: unknown };
    try {
      outcome = { value: await work() };
    } catch (error) {
      outcome = { error };
    }
    const turn = await this.admission.enter(this.signal, true);
    if (turn === 'busy' || turn === 'aborted') throw this.signal.reason;
    this.turn = turn;
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  }

  /** Gives the turn back (again: nothing). */
  leave(): void {
    this.turn?.leave();
    this.turn = null;
  }
}

/** Counts open event streams, in all and per client. */
export class StreamCounter {
  private total = 0;
  private readonly perClient = new Map<string, number>();

  constructor(
    private readonly maxTotal: number,
    private readonly maxPerClient: number,
  ) {}

  /** Takes a slot, or answers which limit is full. */
  acquire(key: string): { release(): void } | { full: 'total' | 'client' } {
    const mine = this.perClient.get(key) ?? 0;
    if (this.total >= this.maxTotal) return { full: 'total' };
    if (mine >= this.maxPerClient) return { full: 'client' };
    this.total += 1;
    this.perClient.set(key, mine + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total -= 1;
        const left = (this.perClient.get(key) ?? 1) - 1;
        if (left <= 0) this.perClient.delete(key);
        else this.perClient.set(key, left);
      },
    };
  }

  get open(): number {
    return this.total;
  }
}
