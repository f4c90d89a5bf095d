import type { CacheStore } from "./cache-store.ts";

/** The channel every instance listens on to drop local entries another instance invalidated. */
export const INVALIDATION_CHANNEL = "nova:cache-invalidation";

/** Which local entries to drop: these keys, every key under a prefix, or both. */
export interface Invalidation {
  keys?: string[];
  prefix?: string;
}

/** This instance's end of the invalidation channel. */
export interface InvalidationChannel {
  /** Tells every other instance (at most once: pub/sub keeps nothing for a reconnecting listener). */
  publish(invalidation: Invalidation): Promise<void>;
  close(): Promise<void>;
}

/**
 * Listens on `nova:cache-invalidation`, handing `onPeer` what other instances published (an
 * instance's own messages are recognised by `instanceId` and skipped); resolves once the
 * subscription is active, so nothing published afterwards can be missed.
 */
export async function openInvalidationChannel(
  store: CacheStore,
  instanceId: string,
  onPeer: (invalidation: Invalidation) => void,
  onError: (err: unknown) => void,
): Promise<InvalidationChannel> {
  const unsubscribe = await store.subscribe(INVALIDATION_CHANNEL, (text) => {
    let msg: Invalidation & { origin?: string };
    try {
      msg = JSON.parse(text) as Invalidation & { origin?: string };
    } catch (err) {
      onError(err);
      return;
    }
    if (msg.origin === instanceId) return;
    onPeer({ ...(msg.keys && { keys: msg.keys }), ...(msg.prefix !== undefined && { prefix: msg.prefix }) });
  });
  return {
    async publish(invalidation) {
      await store.publish(INVALIDATION_CHANNEL, JSON.stringify({ ...invalidation, origin: instanceId }));
    },
    close: unsubscribe,
  };
}
