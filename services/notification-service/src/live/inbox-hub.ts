import type { CacheStore } from "@nova/cache";
import { UnavailableError } from "@nova/errors";
import type { StreamCap, StreamLease } from "@nova/rate-limit";
import { z } from "zod";

/** The cache pub/sub channel every notification replica listens on (Redis in production). */
export const INBOX_CHANNEL = "notification:v1:inbox";

/** A change to one group of one account's inbox. `id`: the new row (UUIDv7), absent for a retraction. */
export interface InboxChange {
  accountId: string;
  groupKey: string;
  id?: string | undefined;
}

const message = z.object({ accountId: z.string(), groupKey: z.string(), id: z.string().optional() });

/** One open stream: the changes for its account, in arrival order; a slow reader's repeats merge. */
export interface InboxWatch extends AsyncIterableIterator<InboxChange> {
  end(): void;
}

export interface InboxHub {
  /** Tells every replica (and so every open stream of the account) about a change. */
  announce(change: InboxChange): Promise<void>;
  /** Opens a watch once subscribed, so nothing announced after this resolves is missed. */
  open(accountId: string, signal?: AbortSignal): Promise<InboxWatch>;
  size(): number;
  close(): Promise<void>;
}

/** Changes queued for a reader that is behind; beyond this the oldest same-group entries merge. */
const MAX_QUEUED = 200;

function createWatch(onEnd: () => void): InboxWatch & { push(c: InboxChange): void } {
  const queue: InboxChange[] = [];
  const waiters: ((r: IteratorResult<InboxChange>) => void)[] = [];
  let ended = false;
  const watch = {
    push(change: InboxChange) {
      if (ended) return;
      const waiter = waiters.shift();
      if (waiter) return waiter({ value: change, done: false });
      const same = queue.findIndex((c) => c.groupKey === change.groupKey);
      if (same >= 0) queue.splice(same, 1);
      queue.push(change);
      if (queue.length > MAX_QUEUED) queue.shift();
    },
    end() {
      if (ended) return;
      ended = true;
      queue.length = 0;
      for (const w of waiters.splice(0)) w({ value: undefined, done: true });
      onEnd();
    },
    next(): Promise<IteratorResult<InboxChange>> {
      const head = queue.shift();
      if (head) return Promise.resolve({ value: head, done: false });
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => waiters.push(resolve));
    },
    return(): Promise<IteratorResult<InboxChange>> {
      watch.end();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return watch;
    },
  };
  return watch;
}

/**
 * Inbox changes reach open streams on every replica through the cache's pub/sub: the consumer that
 * stored a notification publishes `{accountId, groupKey, id}` (ids only, never content) and each
 * replica dispatches to its streams of that account. Each stream takes one of the account's places
 * under `perAccount` (across replicas) for as long as it is open.
 */
export function createInboxHub(opts: {
  store: CacheStore;
  perAccount?: StreamCap;
  onError?: (what: string, err: unknown) => void;
}): InboxHub {
  const byAccount = new Map<string, Set<InboxWatch & { push(c: InboxChange): void }>>();
  let subscription: Promise<() => Promise<void>> | undefined;
  let closed = false;
  let count = 0;
  const onError = opts.onError ?? (() => {});

  const dispatch = (raw: string) => {
    let change: InboxChange;
    try {
      change = message.parse(JSON.parse(raw));
    } catch (err) {
      onError("inbox hub: malformed message", err);
      return;
    }
    for (const w of byAccount.get(change.accountId) ?? []) w.push(change);
  };
  const subscribe = () => {
    subscription ??= opts.store.subscribe(INBOX_CHANNEL, dispatch).catch((err) => {
      subscription = undefined;
      throw new UnavailableError("notification stream: cache pub/sub unavailable", { cause: err });
    });
    return subscription;
  };

  return {
    announce: async (change) => {
      await opts.store.publish(INBOX_CHANNEL, JSON.stringify(change));
    },
    async open(accountId, signal) {
      if (closed) throw new UnavailableError("notification stream: shutting down");
      const lease: StreamLease | undefined = await opts.perAccount?.acquire(accountId);
      try {
        await subscribe();
      } catch (err) {
        await lease?.release();
        throw err;
      }
      const watch = createWatch(() => {
        count--;
        void lease?.release();
        const set = byAccount.get(accountId);
        set?.delete(watch);
        if (set?.size === 0) byAccount.delete(accountId);
        signal?.removeEventListener("abort", watch.end);
      });
      count++;
      const set = byAccount.get(accountId) ?? new Set();
      set.add(watch);
      byAccount.set(accountId, set);
      if (signal?.aborted) watch.end();
      else signal?.addEventListener("abort", watch.end, { once: true });
      return watch;
    },
    size: () => count,
    async close() {
      closed = true;
      for (const set of [...byAccount.values()]) for (const w of [...set]) w.end();
      const unsubscribe = await subscription?.catch(() => undefined);
      subscription = undefined;
      await unsubscribe?.();
    },
  };
}
