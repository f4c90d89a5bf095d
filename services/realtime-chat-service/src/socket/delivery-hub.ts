import type { CacheStore } from "@nova/cache";
import type { HubMessage, QueuedFrame, SignalFrame } from "./frames.ts";

/** The channel every instance listens on (Redis pub/sub in production, in-process otherwise). */
export const DELIVERY_CHANNEL = "nova:realtime-chat-service:delivery";
const PRESENCE_PREFIX = "nova:realtime-chat-service:presence:";

/** A ready socket as the hub sees it. */
export interface LocalSocket {
  readonly accountId: string;
  readonly deviceId: number;
  /** A new envelope was committed for this device (the frame lets the socket skip a read when in order). */
  envelopeCommitted(frame: QueuedFrame): void;
  signal(frame: SignalFrame): void;
}

/**
 * Cross-instance delivery: after a message commits, its sender's instance publishes one hint per
 * recipient device on DELIVERY_CHANNEL; the instance holding that device's socket sends the frame
 * (or reads its backlog from the database when the hint is not the next deviceSeq). Presence keys
 * (renewed while a socket is open) tell senders which devices are offline (→ push).
 */
export interface DeliveryHub {
  attach(socket: LocalSocket): void;
  detach(socket: LocalSocket): void;
  /** Marks the device online for `ttlMs` (renewed by the socket's periodic check). */
  markOnline(accountId: string, deviceId: number, ttlMs: number): Promise<void>;
  markOffline(accountId: string, deviceId: number): Promise<void>;
  /** Which of these devices have an open socket on some instance. */
  online(devices: readonly { accountId: string; deviceId: number }[]): Promise<boolean[]>;
  publish(message: HubMessage): Promise<void>;
  localCount(): number;
  close(): Promise<void>;
}

export async function createDeliveryHub(opts: {
  store: CacheStore;
  onError: (what: string, err: unknown) => void;
}): Promise<DeliveryHub> {
  const { store } = opts;
  const byDevice = new Map<string, Set<LocalSocket>>();
  const byAccount = new Map<string, Set<LocalSocket>>();
  const key = (a: string, d: number) => `${a}:${d}`;
  const add = <K>(m: Map<K, Set<LocalSocket>>, k: K, s: LocalSocket) => {
    const set = m.get(k) ?? new Set<LocalSocket>();
    m.set(k, set);
    set.add(s);
  };
  const remove = <K>(m: Map<K, Set<LocalSocket>>, k: K, s: LocalSocket) => {
    const set = m.get(k);
    set?.delete(s);
    if (set?.size === 0) m.delete(k);
  };

  const receive = (raw: string) => {
    let msg: HubMessage;
    try {
      msg = JSON.parse(raw) as HubMessage;
    } catch (err) {
      opts.onError("bad delivery message", err);
      return;
    }
    if (msg.kind === "envelope") {
      for (const s of byDevice.get(key(msg.accountId, msg.deviceId)) ?? []) s.envelopeCommitted(msg.frame);
    } else if (msg.kind === "signal") {
      for (const accountId of msg.accountIds)
        for (const s of byAccount.get(accountId) ?? []) {
          if (msg.except && msg.except.accountId === s.accountId && msg.except.deviceId === s.deviceId)
            continue;
          s.signal(msg.frame);
        }
    }
  };
  const unsubscribe = await store.subscribe(DELIVERY_CHANNEL, receive);

  return {
    attach(s) {
      add(byDevice, key(s.accountId, s.deviceId), s);
      add(byAccount, s.accountId, s);
    },
    detach(s) {
      remove(byDevice, key(s.accountId, s.deviceId), s);
      remove(byAccount, s.accountId, s);
    },
    markOnline: (accountId, deviceId, ttlMs) =>
      store.set(PRESENCE_PREFIX + key(accountId, deviceId), 1, { ttlMs }),
    async markOffline(accountId, deviceId) {
      if (byDevice.has(key(accountId, deviceId))) return;
      await store.delete(PRESENCE_PREFIX + key(accountId, deviceId));
    },
    async online(devices) {
      if (devices.length === 0) return [];
      const values = await store.mget(devices.map((d) => PRESENCE_PREFIX + key(d.accountId, d.deviceId)));
      return values.map((v) => v !== undefined && v !== null);
    },
    async publish(message) {
      await store.publish(DELIVERY_CHANNEL, JSON.stringify(message));
    },
    localCount: () => [...byDevice.values()].reduce((n, s) => n + s.size, 0),
    close: () => unsubscribe(),
  };
}
