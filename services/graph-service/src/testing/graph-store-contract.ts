import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { InvalidArgumentError } from "@nova/errors";
import type { GraphChange, GraphStore, RecordChanges } from "../store/graph-store.ts";

/** A recorder that keeps every change it was given. */
function recorder(): RecordChanges & { changes: GraphChange[] } {
  const changes: GraphChange[] = [];
  const record = async (batch: readonly GraphChange[]) => {
    changes.push(...batch);
  };
  return Object.assign(record, { changes });
}

const id = () => Bun.randomUUIDv7();
const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
const kinds = (changes: readonly GraphChange[]) => changes.map((c) => `${c.kind}:${c.from}>${c.to}`).sort();

/** Drains every page of a paged read. */
async function allPages(read: (cursor?: string) => ReturnType<GraphStore["followers"]>): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await read(cursor);
    out.push(...page.items.map((x) => x.id));
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

/**
 * The behaviour every GraphStore adapter must have. `open` builds a store on an empty (or
 * disposable) backend; ids are fresh UUIDv7s per test, so tests share one store.
 */
export function describeGraphStoreContract(label: string, open: () => Promise<GraphStore>): void {
  describe(`GraphStore contract: ${label}`, () => {
    let store: GraphStore;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(() => store?.close());

    test("follow is idempotent and shows both ways in relationships", async () => {
      const [a, b] = [id(), id()];
      const rec = recorder();
      expect(
        await store.follow({ followerId: a, followeeId: b, at: at(1), requireApproval: false }, rec),
      ).toBe("followed");
      expect(
        await store.follow({ followerId: a, followeeId: b, at: at(2), requireApproval: false }, rec),
      ).toBe("already_following");
      expect(kinds(rec.changes)).toEqual([`follow_created:${a}>${b}`]);
      expect((await store.relationships(a, [b])).get(b)).toMatchObject({
        following: true,
        followedBy: false,
      });
      expect((await store.relationships(b, [a])).get(a)).toMatchObject({
        following: false,
        followedBy: true,
      });
      expect(await store.unfollow({ followerId: a, followeeId: b }, rec)).toBe(true);
      expect(await store.unfollow({ followerId: a, followeeId: b }, rec)).toBe(false);
      expect(rec.changes.at(-1)).toMatchObject({ kind: "follow_deleted", reason: "unfollow" });
      expect((await store.relationships(a, [b])).get(b)?.following).toBe(false);
    });

    test("relationships answer every target, unknown ones all false", async () => {
      const [a, b, c] = [id(), id(), id()];
      await store.mute({ muterId: a, mutedId: c, at: at(1) }, recorder());
      const rels = await store.relationships(a, [b, c, b]);
      expect([...rels.keys()].sort()).toEqual([b, c].sort());
      expect(Object.values(rels.get(b) ?? {}).some(Boolean)).toBe(false);
      expect(rels.get(c)).toMatchObject({ muting: true, following: false });
    });

    test("a follow request: requested, listed both sides, approved into a follow", async () => {
      const [a, b] = [id(), id()];
      const rec = recorder();
      expect(
        await store.follow({ followerId: a, followeeId: b, at: at(1), requireApproval: true }, rec),
      ).toBe("requested");
      expect(
        await store.follow({ followerId: a, followeeId: b, at: at(2), requireApproval: true }, rec),
      ).toBe("already_requested");
      expect((await store.incomingRequests(b, { limit: 10 })).items.map((x) => x.id)).toEqual([a]);
      expect((await store.outgoingRequests(a, { limit: 10 })).items.map((x) => x.id)).toEqual([b]);
      expect((await store.relationships(a, [b])).get(b)).toMatchObject({ requested: true, following: false });
      expect((await store.relationships(b, [a])).get(a)).toMatchObject({ requestedBy: true });
      expect(await store.approveRequest({ requesterId: a, targetId: b, at: at(3) }, rec)).toBe(true);
      expect(await store.approveRequest({ requesterId: a, targetId: b, at: at(4) }, rec)).toBe(false);
      expect(kinds(rec.changes)).toEqual(
        [`request_created:${a}>${b}`, `request_approved:${a}>${b}`, `follow_created:${a}>${b}`].sort(),
      );
      expect((await store.relationships(a, [b])).get(b)).toMatchObject({ requested: false, following: true });
      expect((await store.incomingRequests(b, { limit: 10 })).items).toEqual([]);
    });

    test("deny and cancel drop a request once", async () => {
      const [a, b, c] = [id(), id(), id()];
      await store.follow({ followerId: a, followeeId: b, at: at(1), requireApproval: true }, recorder());
      await store.follow({ followerId: c, followeeId: b, at: at(2), requireApproval: true }, recorder());
      const rec = recorder();
      expect(await store.deleteRequest({ requesterId: a, targetId: b, reason: "denied" }, rec)).toBe(true);
      expect(await store.deleteRequest({ requesterId: a, targetId: b, reason: "denied" }, rec)).toBe(false);
      expect(await store.deleteRequest({ requesterId: c, targetId: b, reason: "cancelled" }, rec)).toBe(true);
      expect(rec.changes.map((c) => c.kind === "request_deleted" && c.reason)).toEqual([
        "denied",
        "cancelled",
      ]);
      expect((await store.relationships(b, [a, c])).get(a)?.requestedBy).toBe(false);
    });

    test("a block removes follows and requests both ways and stops new follows", async () => {
      const [a, b] = [id(), id()];
      await store.follow({ followerId: a, followeeId: b, at: at(1), requireApproval: false }, recorder());
      await store.follow({ followerId: b, followeeId: a, at: at(2), requireApproval: true }, recorder());
      const rec = recorder();
      expect(await store.block({ blockerId: a, blockedId: b, at: at(3) }, rec)).toBe(true);
      expect(await store.block({ blockerId: a, blockedId: b, at: at(4) }, rec)).toBe(false);
      expect(kinds(rec.changes)).toEqual(
        [`block_created:${a}>${b}`, `follow_deleted:${a}>${b}`, `request_deleted:${b}>${a}`].sort(),
      );
      expect((await store.relationships(a, [b])).get(b)).toEqual({
        following: false,
        followedBy: false,
        requested: false,
        requestedBy: false,
        blocking: true,
        blockedBy: false,
        muting: false,
      });
      expect((await store.relationships(b, [a])).get(a)?.blockedBy).toBe(true);
      for (const [x, y] of [
        [a, b],
        [b, a],
      ] as const)
        expect(
          await store.follow({ followerId: x, followeeId: y, at: at(5), requireApproval: false }, rec),
        ).toBe("blocked");
      expect(await store.hiddenFor(b)).toEqual({ blocking: [], blockedBy: [a], muting: [] });
      expect(await store.unblock({ blockerId: a, blockedId: b }, rec)).toBe(true);
      expect(await store.unblock({ blockerId: a, blockedId: b }, rec)).toBe(false);
      expect(
        await store.follow({ followerId: b, followeeId: a, at: at(6), requireApproval: false }, rec),
      ).toBe("followed");
    });

    test("mute is one-way and idempotent; blocked and muted lists page", async () => {
      const [a, b, c] = [id(), id(), id()];
      const rec = recorder();
      expect(await store.mute({ muterId: a, mutedId: b, at: at(1) }, rec)).toBe(true);
      expect(await store.mute({ muterId: a, mutedId: b, at: at(2) }, rec)).toBe(false);
      await store.block({ blockerId: a, blockedId: c, at: at(3) }, rec);
      expect((await store.relationships(b, [a])).get(a)?.muting).toBe(false);
      expect(await store.hiddenFor(a)).toEqual({ blocking: [c], blockedBy: [], muting: [b] });
      expect((await store.muted(a, { limit: 5 })).items.map((x) => x.id)).toEqual([b]);
      expect((await store.blocked(a, { limit: 5 })).items.map((x) => x.id)).toEqual([c]);
      expect(await store.unmute({ muterId: a, mutedId: b }, rec)).toBe(true);
      expect(await store.unmute({ muterId: a, mutedId: b }, rec)).toBe(false);
      expect((await store.hiddenFor(a)).muting).toEqual([]);
    });

    test("followers and following page newest first without gaps or repeats, ties included", async () => {
      const star = id();
      const fans = Array.from({ length: 7 }, () => id());
      // Three follows share one instant: the id breaks the tie.
      const times = [1, 2, 3, 3, 3, 4, 5];
      for (const [i, fan] of fans.entries())
        await store.follow(
          { followerId: fan, followeeId: star, at: at(times[i] as number), requireApproval: false },
          recorder(),
        );
      const first = await store.followers(star, { limit: 2 });
      expect(first.items).toHaveLength(2);
      expect(first.items[0]?.id).toBe(fans[6] as string);
      expect(first.items[0]?.since.getTime()).toBe(at(5).getTime());
      const all = await allPages((cursor) => store.followers(star, { limit: 2, cursor }));
      expect(all).toHaveLength(7);
      expect(new Set(all).size).toBe(7);
      expect(all.slice(0, 2)).toEqual([fans[6] as string, fans[5] as string]);
      expect(all.slice(5)).toEqual([fans[1] as string, fans[0] as string]);
      expect((await store.followers(star, { limit: 100 })).nextCursor).toBeNull();
      expect((await store.following(fans[0] as string, { limit: 10 })).items.map((x) => x.id)).toEqual([
        star,
      ]);
      await expect(store.followers(star, { limit: 2, cursor: "not-a-cursor" })).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
    });

    test("mutuals are follows returned; counts count approved follows only", async () => {
      const [me, both, onlyIn, onlyOut, pending] = [id(), id(), id(), id(), id()];
      const f = (x: string, y: string, t: number, requireApproval = false) =>
        store.follow({ followerId: x, followeeId: y, at: at(t), requireApproval }, recorder());
      await f(both, me, 1);
      await f(me, both, 2);
      await f(onlyIn, me, 3);
      await f(me, onlyOut, 4);
      await f(pending, me, 5, true);
      expect((await store.mutuals(me, { limit: 10 })).items).toEqual([{ id: both, since: at(2) }]);
      const counts = await store.counts([me, both, id()]);
      expect(counts.get(me)).toEqual({ followers: 2, following: 2 });
      expect(counts.get(both)).toEqual({ followers: 1, following: 1 });
      expect([...counts.values()][2]).toEqual({ followers: 0, following: 0 });
    });

    test("suggestions: friends of friends by mutual count then recency, exclusions applied", async () => {
      const [me, f1, f2, f3] = [id(), id(), id(), id()];
      const [popular, recent, old, followed, requested, blocked, blocker, muted] = [
        id(),
        id(),
        id(),
        id(),
        id(),
        id(),
        id(),
        id(),
      ];
      const f = (x: string, y: string, t: number, requireApproval = false) =>
        store.follow({ followerId: x, followeeId: y, at: at(t), requireApproval }, recorder());
      for (const friend of [f1, f2, f3]) await f(me, friend, 1);
      for (const friend of [f1, f2]) await f(friend, popular, 2);
      await f(f1, old, 3);
      await f(f2, recent, 9);
      for (const x of [followed, requested, blocked, blocker, muted, me]) await f(f3, x, 4);
      await f(me, followed, 5);
      await f(me, requested, 5, true);
      await store.block({ blockerId: me, blockedId: blocked, at: at(6) }, recorder());
      await store.block({ blockerId: blocker, blockedId: me, at: at(6) }, recorder());
      await store.mute({ muterId: me, mutedId: muted, at: at(6) }, recorder());
      const got = await store.suggestions(me, 10);
      expect(got.map((s) => s.id)).toEqual([popular, recent, old]);
      expect(got[0]).toEqual({ id: popular, mutualCount: 2, lastFollowedAt: at(2) });
      expect((await store.suggestions(me, 1)).map((s) => s.id)).toEqual([popular]);
      expect(await store.suggestions(id(), 10)).toEqual([]);
    });

    test("eraseAccount removes every edge of the account, once", async () => {
      const [gone, a, b, c] = [id(), id(), id(), id()];
      await store.follow({ followerId: gone, followeeId: a, at: at(1), requireApproval: false }, recorder());
      await store.follow({ followerId: a, followeeId: gone, at: at(1), requireApproval: false }, recorder());
      await store.follow({ followerId: b, followeeId: gone, at: at(1), requireApproval: true }, recorder());
      await store.block({ blockerId: c, blockedId: gone, at: at(1) }, recorder());
      await store.mute({ muterId: gone, mutedId: c, at: at(1) }, recorder());
      await store.follow({ followerId: a, followeeId: b, at: at(1), requireApproval: false }, recorder());
      const rec = recorder();
      expect(await store.eraseAccount(gone, rec)).toBe(5);
      expect(await store.eraseAccount(gone, rec)).toBe(0);
      expect(rec.changes.map((x) => x.kind).sort()).toEqual([
        "block_deleted",
        "follow_deleted",
        "follow_deleted",
        "mute_deleted",
        "request_deleted",
      ]);
      expect((await store.counts([a])).get(a)).toEqual({ followers: 0, following: 1 });
      expect(await store.hiddenFor(c)).toEqual({ blocking: [], blockedBy: [], muting: [] });
      expect((await store.incomingRequests(gone, { limit: 5 })).items).toEqual([]);
    });

    test("a failing record rolls the write back", async () => {
      const [a, b] = [id(), id()];
      const failing: RecordChanges = async () => {
        throw new Error("outbox down");
      };
      await expect(
        store.follow({ followerId: a, followeeId: b, at: at(1), requireApproval: false }, failing),
      ).rejects.toThrow("outbox down");
      await expect(store.block({ blockerId: a, blockedId: b, at: at(1) }, failing)).rejects.toThrow(
        "outbox down",
      );
      const rel = (await store.relationships(a, [b])).get(b);
      expect(rel).toMatchObject({ following: false, blocking: false });
    });

    test("concurrent follows and a block never leave a follow beside the block", async () => {
      const [a, b] = [id(), id()];
      await Promise.all([
        store.follow({ followerId: a, followeeId: b, at: at(1), requireApproval: false }, recorder()),
        store.block({ blockerId: b, blockedId: a, at: at(1) }, recorder()),
        store.follow({ followerId: b, followeeId: a, at: at(1), requireApproval: false }, recorder()),
      ]);
      const rel = (await store.relationships(a, [b])).get(b);
      expect(rel).toMatchObject({ blockedBy: true, following: false, followedBy: false });
    });
  });
}
