import type { CacheStore } from "@nova/cache";
import { RateLimitedError } from "@nova/errors";

/** A held place; release it when the stream ends (idempotent). */
export interface StreamLease {
  release(): Promise<void>;
}

/** At most `limit` open streams per subject (e.g. per account), counted across every replica. */
export interface StreamCap {
  /** Takes one of `subject`'s places, or throws RateLimitedError (429) when all are held. */
  acquire(subject: string): Promise<StreamLease>;
}

export interface StreamCapOptions {
  store: CacheStore;
  /** Key prefix, e.g. `nova:feed-service:streams:home-updates:`. */
  prefix: string;
  limit: number;
  /**
   * A held place is renewed every third of this while its stream is open; a replica that dies
   * without releasing frees its places after at most this long. Default 60 s.
   */
  leaseMs?: number;
  now?: () => number;
  /** A cache failure lets the stream open (an outage of the cache must not stop reads); reported here. */
  onError?: (err: unknown) => void;
}

const UNLIMITED = Number.MAX_SAFE_INTEGER;

/**
 * Builds a StreamCap on `CacheStore.zadmit`: each open stream is a lease (a sorted-set member
 * scored by its end) under its subject's key; expired leases do not count. Shared by feed's SSE
 * streams and, later, chat's WebSockets.
 */
export function createStreamCap(opts: StreamCapOptions): StreamCap {
  const now = opts.now ?? Date.now;
  const leaseMs = opts.leaseMs ?? 60_000;
  return {
    async acquire(subject) {
      const key = opts.prefix + subject;
      const id = crypto.randomUUID();
      const take = (limit: number) => {
        const t = now();
        return opts.store.zadmit(
          [{ key, since: t, limit }],
          { member: id, score: t + leaseMs },
          { ttlMs: leaseMs },
        );
      };
      try {
        const result = await take(opts.limit);
        if (!result.admitted) {
          const freeAt = result.unblockScores[0] ?? now() + leaseMs;
          throw new RateLimitedError(
            Math.max(1, Math.ceil((freeAt - now()) / 1000)),
            `too many open streams (at most ${opts.limit}); close one first`,
          );
        }
      } catch (err) {
        if (err instanceof RateLimitedError) throw err;
        opts.onError?.(err);
      }
      // Renewal re-scores the lease and extends the key's expiry; it never counts against the cap.
      const renew = setInterval(
        () => {
          take(UNLIMITED).catch((err) => opts.onError?.(err));
        },
        Math.max(1, Math.floor(leaseMs / 3)),
      );
      renew.unref?.();
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          clearInterval(renew);
          await opts.store.zrem(key, id).catch((err) => opts.onError?.(err));
        },
      };
    },
  };
}
