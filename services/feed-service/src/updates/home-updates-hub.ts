import type { CacheStore } from "@nova/cache";
import { UnavailableError } from "@nova/errors";
import type { StreamCap, StreamLease } from "@nova/rate-limit";
import { z } from "zod";
import { createUpdateStream, type HomeUpdate, type UpdateStream } from "./update-stream.ts";

/** The cache pub/sub channel every feed replica listens on (Redis in production). */
export const HOME_UPDATES_CHANNEL = "feed:v1:new-posts";

/** Whose posts notify one viewer: the accounts followed, minus blocked (either way) and muted ones. */
export interface UpdateAudience {
  following: ReadonlySet<string>;
  hidden: ReadonlySet<string>;
}

/** A published top-level post or quote. `mentioned` is set for mentioned-only posts: only they may see it. */
export interface NewPostNote {
  authorId: string;
  postId: string;
  /** Publication time, ms since the epoch. */
  at: number;
  mentioned?: readonly string[];
}

const message = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("post"),
    authorId: z.string(),
    postId: z.string(),
    at: z.number(),
    mentioned: z.array(z.string()).optional(),
  }),
  z.object({ kind: z.literal("graph"), accountId: z.string() }),
]);

export interface HomeUpdatesHubOptions {
  store: CacheStore;
  /** Loads a viewer's audience (graph: following, blocks, mutes); throws when graph is unreachable. */
  loadAudience(viewerId: string): Promise<UpdateAudience>;
  /** Open streams allowed on this replica; one more is refused with UnavailableError (503). */
  maxStreams: number;
  /** Open streams one account may hold across replicas; one more is refused with RateLimitedError (429). */
  perAccount?: StreamCap;
  coalesceMs?: number;
  /** Each stream reloads its audience this often (a backstop for a lost pub/sub message). */
  refreshMs?: number;
  now?: () => number;
  /** Failures that reach no caller (bad message, failed refresh). */
  onError?: (what: string, err: unknown) => void;
}

export interface HomeUpdatesHub {
  /** Tells every replica that a post was published: one pub/sub message per post. */
  announcePost(note: NewPostNote): Promise<void>;
  /** Tells every replica that an account's follows, blocks or mutes changed: its streams reload. */
  announceGraphChange(accountId: string): Promise<void>;
  /** Opens a stream for the viewer once its audience is loaded. Ends when `signal` aborts. */
  open(viewerId: string, signal?: AbortSignal): Promise<AsyncIterableIterator<HomeUpdate>>;
  /** Streams open on this replica. */
  size(): number;
  /** Ends every stream and unsubscribes. */
  close(): Promise<void>;
}

interface Watcher {
  viewerId: string;
  audience: UpdateAudience;
  stream: UpdateStream;
}

/** Watchers by a key (author followed, or viewer), so a message touches only the streams it concerns. */
class WatcherIndex {
  private readonly map = new Map<string, Set<Watcher>>();
  add(key: string, w: Watcher) {
    const set = this.map.get(key);
    if (set) set.add(w);
    else this.map.set(key, new Set([w]));
  }
  delete(key: string, w: Watcher) {
    const set = this.map.get(key);
    if (!set) return;
    set.delete(w);
    if (set.size === 0) this.map.delete(key);
  }
  get(key: string): ReadonlySet<Watcher> {
    return this.map.get(key) ?? NONE;
  }
}
const NONE: ReadonlySet<Watcher> = new Set();

/**
 * Fans post notifications out to the open home-update streams of this replica. Publishing goes
 * through the cache's pub/sub so a post consumed by one replica reaches viewers connected to any;
 * each replica subscribes once, when its first stream opens, and dispatches in process. A stream
 * hears of a post when its viewer follows the author (or is the author) and neither blocks, is
 * blocked by nor mutes them. Streams are indexed by followed author and by viewer, so a post costs
 * the streams of its author's followers on this replica, not a scan of every open stream. Messages carry ids only and streams say only "n new posts, newest at
 * t", so nothing of a post's content leaves here; the client reloads its timeline, which applies
 * every visibility rule.
 */
export function createHomeUpdatesHub(opts: HomeUpdatesHubOptions): HomeUpdatesHub {
  const now = opts.now ?? Date.now;
  const coalesceMs = opts.coalesceMs ?? 1_000;
  const refreshMs = opts.refreshMs ?? 60_000;
  const onError = opts.onError ?? (() => {});
  const watchers = new Set<Watcher>();
  const byAuthor = new WatcherIndex();
  const byViewer = new WatcherIndex();
  let reserved = 0;
  let subscription: Promise<() => Promise<void>> | undefined;
  let closed = false;

  const index = (w: Watcher) => {
    byViewer.add(w.viewerId, w);
    for (const author of w.audience.following) byAuthor.add(author, w);
  };
  const unindex = (w: Watcher) => {
    byViewer.delete(w.viewerId, w);
    for (const author of w.audience.following) byAuthor.delete(author, w);
  };

  const reload = async (w: Watcher) => {
    try {
      const audience = await opts.loadAudience(w.viewerId);
      if (!watchers.has(w)) return; // ended meanwhile
      unindex(w);
      w.audience = audience;
      index(w);
    } catch (err) {
      onError("home updates: audience refresh failed (keeping the previous one)", err);
    }
  };

  function dispatch(raw: string) {
    let parsed: z.infer<typeof message>;
    try {
      parsed = message.parse(JSON.parse(raw));
    } catch (err) {
      onError("home updates: malformed message", err);
      return;
    }
    if (parsed.kind === "graph") {
      for (const w of byViewer.get(parsed.accountId)) void reload(w);
      return;
    }
    for (const w of new Set([...byAuthor.get(parsed.authorId), ...byViewer.get(parsed.authorId)])) {
      const own = w.viewerId === parsed.authorId;
      if (w.audience.hidden.has(parsed.authorId)) continue;
      if (!own && parsed.mentioned && !parsed.mentioned.includes(w.viewerId)) continue;
      w.stream.note(parsed.at);
    }
  }

  function subscribe(): Promise<() => Promise<void>> {
    subscription ??= opts.store.subscribe(HOME_UPDATES_CHANNEL, dispatch).catch((err) => {
      subscription = undefined; // the next stream tries again
      throw new UnavailableError("home updates: cache pub/sub unavailable", { cause: err });
    });
    return subscription;
  }

  const publish = (m: z.infer<typeof message>) =>
    opts.store.publish(HOME_UPDATES_CHANNEL, JSON.stringify(m)).then(() => {});

  return {
    announcePost: ({ authorId, postId, at, mentioned }) =>
      publish({ kind: "post", authorId, postId, at, ...(mentioned ? { mentioned: [...mentioned] } : {}) }),
    announceGraphChange: (accountId) => publish({ kind: "graph", accountId }),
    async open(viewerId, signal) {
      if (closed) throw new UnavailableError("home updates: shutting down");
      if (watchers.size + reserved >= opts.maxStreams) {
        throw new UnavailableError("home updates: this replica holds its maximum of open streams");
      }
      reserved++;
      let audience: UpdateAudience;
      let lease: StreamLease | undefined;
      try {
        lease = await opts.perAccount?.acquire(viewerId);
        [audience] = await Promise.all([opts.loadAudience(viewerId), subscribe()]);
      } catch (err) {
        await lease?.release();
        throw err;
      } finally {
        reserved--;
      }
      let refresh: ReturnType<typeof setInterval> | undefined;
      const stream = createUpdateStream({
        coalesceMs,
        now,
        onEnd: () => {
          void lease?.release();
          clearInterval(refresh);
          if (watchers.delete(watcher)) unindex(watcher);
          signal?.removeEventListener("abort", stream.end);
        },
      });
      const watcher: Watcher = { viewerId, audience, stream };
      if (closed || signal?.aborted) {
        stream.end();
        return stream;
      }
      watchers.add(watcher);
      index(watcher);
      refresh = setInterval(() => void reload(watcher), refreshMs);
      signal?.addEventListener("abort", stream.end, { once: true });
      return stream;
    },
    size: () => watchers.size,
    async close() {
      closed = true;
      for (const w of [...watchers]) w.stream.end();
      const unsubscribe = await subscription?.catch(() => undefined);
      subscription = undefined;
      await unsubscribe?.();
    },
  };
}
