/** What a client is told: how many new posts since the last update, and when the newest was published. */
export interface HomeUpdate {
  count: number;
  /** ISO-8601 UTC. */
  newestAt: string;
}

/** One open stream's async iterator, plus what the hub needs to feed and end it. */
export interface UpdateStream extends AsyncIterableIterator<HomeUpdate> {
  /** Counts one new post published at `at` (ms); delivered coalesced. */
  note(at: number): void;
  /** Ends the stream: waiting `next()` calls resolve done, timers stop, `onEnd` runs once. */
  end(): void;
}

export interface UpdateStreamOptions {
  /** At most one update per this many ms; posts in between are added up. */
  coalesceMs: number;
  now: () => number;
  /** Called once when the stream ends, whoever ends it (consumer, abort signal, hub). */
  onEnd: () => void;
}

/**
 * A coalescing stream of home-timeline updates. The first post after a quiet second is delivered
 * at once (on the next tick); later ones wait until `coalesceMs` after the previous delivery and go
 * out as one update. A consumer that reads slowly gets one merged update, never a backlog.
 */
export function createUpdateStream(opts: UpdateStreamOptions): UpdateStream {
  let ended = false;
  let lastDelivery = Number.NEGATIVE_INFINITY;
  /** Posts counted but not yet released (inside the coalescing window). */
  let collecting: { count: number; newest: number } | null = null;
  /** Released but not yet read by the consumer. */
  let ready: { count: number; newest: number } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Pending `next()` calls, oldest first (for-await keeps one; other consumers may queue more). */
  const waiters: ((r: IteratorResult<HomeUpdate>) => void)[] = [];

  const toUpdate = (u: { count: number; newest: number }): HomeUpdate => ({
    count: u.count,
    newestAt: new Date(u.newest).toISOString(),
  });
  const merge = (a: typeof ready, b: { count: number; newest: number }) =>
    a ? { count: a.count + b.count, newest: Math.max(a.newest, b.newest) } : b;

  function release() {
    timer = undefined;
    if (ended || !collecting) return;
    lastDelivery = opts.now();
    const released = merge(ready, collecting);
    collecting = null;
    const resolve = waiters.shift();
    if (resolve) {
      ready = null;
      resolve({ value: toUpdate(released), done: false });
    } else {
      ready = released;
    }
  }

  function end() {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    collecting = null;
    ready = null;
    for (const resolve of waiters.splice(0)) resolve({ value: undefined, done: true });
    opts.onEnd();
  }

  const stream: UpdateStream = {
    note(at) {
      if (ended) return;
      collecting = merge(collecting, { count: 1, newest: at });
      if (timer === undefined) {
        timer = setTimeout(release, Math.max(0, lastDelivery + opts.coalesceMs - opts.now()));
      }
    },
    end,
    next() {
      if (ended) return Promise.resolve({ value: undefined, done: true });
      if (ready) {
        const value = toUpdate(ready);
        ready = null;
        return Promise.resolve({ value, done: false });
      }
      return new Promise((resolve) => {
        waiters.push(resolve);
      });
    },
    return() {
      end();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}
