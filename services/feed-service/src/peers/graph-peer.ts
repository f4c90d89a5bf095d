import type { Client } from "@connectrpc/connect";
import type { InstanceCache } from "@nova/cache";
import type { GraphService } from "@nova/proto/graph/v1";
import { toDomainError } from "@nova/rpc";

/** Accounts whose posts the viewer must not see in a timeline: blocked either way, or muted. Shared: never mutated. */
export interface HiddenAuthors {
  readonly blocked: ReadonlySet<string>;
  readonly muted: ReadonlySet<string>;
}

const hiddenKey = (accountId: string) => `feed:v1:hidden-authors:${accountId}`;

/** graph-service as feed-service uses it. */
export interface GraphPeer {
  /** Pages of an author's approved followers (≤1000 ids each), newest follow first. */
  followerPages(authorId: string): AsyncGenerator<string[]>;
  /** Accounts `accountId` follows, at most `max`. */
  following(accountId: string, max: number): Promise<string[]>;
  /** Follower count of each account (any number of ids; asked 100 at a time). */
  followerCounts(accountIds: readonly string[]): Promise<Map<string, number>>;
  /**
   * Who the viewer blocks, is blocked by, or mutes: held by this instance (graph's answer, dropped
   * on every instance by `forgetHidden` when feed consumes graph's block and mute events), or asked
   * of graph when `fresh`.
   */
  hiddenAuthors(accountId: string, opts?: { fresh?: boolean }): Promise<HiddenAuthors>;
  /** Drops the held hidden authors of these accounts, on every instance. */
  forgetHidden(accountIds: readonly string[]): Promise<void>;
  /** Those of `targetIds` the viewer follows (approved), asked 100 at a time in parallel. */
  followedAmong(viewerId: string, targetIds: readonly string[]): Promise<string[]>;
}

const PAGE = 1000;

export function createGraphPeer(
  client: Client<typeof GraphService>,
  held: InstanceCache<HiddenAuthors>,
): GraphPeer {
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw toDomainError(err, "graph-service");
    }
  };
  return {
    async *followerPages(authorId) {
      let cursor = "";
      do {
        const res = await call(() => client.listFollowers({ authorId, pageSize: PAGE, cursor }));
        if (res.followerIds.length > 0) yield res.followerIds;
        cursor = res.nextCursor;
      } while (cursor);
    },
    async following(accountId, max) {
      const ids: string[] = [];
      let cursor = "";
      do {
        const res = await call(() =>
          client.listFollowing({ accountId, pageSize: Math.min(PAGE, max - ids.length), cursor }),
        );
        ids.push(...res.followingIds);
        cursor = res.nextCursor;
      } while (cursor && ids.length < max);
      return ids.slice(0, max);
    },
    async followerCounts(accountIds) {
      const unique = [...new Set(accountIds)];
      const chunks: string[][] = [];
      for (let i = 0; i < unique.length; i += 100) chunks.push(unique.slice(i, i + 100));
      const responses = await Promise.all(
        chunks.map((accountIds) => call(() => client.batchGetFollowCounts({ accountIds }))),
      );
      return new Map(responses.flatMap((r) => r.counts.map((c) => [c.accountId, Number(c.followers)])));
    },
    async followedAmong(viewerId, targetIds) {
      const chunks: string[][] = [];
      for (let i = 0; i < targetIds.length; i += 100) chunks.push(targetIds.slice(i, i + 100));
      const responses = await Promise.all(
        chunks.map((ids) => call(() => client.batchCheckRelationships({ viewerId, targetIds: ids }))),
      );
      return responses.flatMap((r) => r.relationships.filter((x) => x.following).map((x) => x.targetId));
    },
    async hiddenAuthors(accountId, opts) {
      const ask = async (): Promise<HiddenAuthors> => {
        const res = await call(() => client.listBlockedAndMuted({ accountId }));
        return { blocked: new Set([...res.blockingIds, ...res.blockedByIds]), muted: new Set(res.mutingIds) };
      };
      if (opts?.fresh) return ask();
      const key = hiddenKey(accountId);
      const got = await held.getMany([key], async () => new Map([[key, await ask()]]));
      return got.get(key) ?? (await ask());
    },
    async forgetHidden(accountIds) {
      await Promise.all([...new Set(accountIds)].map((id) => held.invalidate(hiddenKey(id))));
    },
  };
}
