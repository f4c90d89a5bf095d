import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { type CacheStore, createEmbeddedCacheStore } from "@nova/cache";
import { createLogger } from "@nova/observability";
import type { Outbox } from "@nova/outbox";
import { ProfileViewedSchema } from "@nova/proto/user/v1";
import { createProfileVisits, PROFILE_VISIT_WINDOW_MS } from "../src/domain/profile-visits.ts";
import { DATABASE_KINDS, startUserService, type UserServiceHarness } from "./support/user-service-harness.ts";

for (const kind of DATABASE_KINDS) {
  describe(`profile visits (${kind})`, () => {
    let h: UserServiceHarness;
    let seq = 0;
    beforeAll(async () => {
      h = await startUserService(kind);
    });
    afterAll(async () => {
      await h?.close();
    });

    /** Two fresh accounts, so each test reads only its own visits. */
    const pair = async () => {
      seq++;
      return [await h.seedUser(`visitor_${seq}`), await h.seedUser(`visited_${seq}`)] as const;
    };
    /** ProfileViewed events about `profileId`, once every recording started so far has finished. */
    const visitsOf = async (profileId: string) => {
      await h.ctx.visits.settled();
      return (await h.enqueued(ProfileViewedSchema)).filter((v) => v.profileId === profileId);
    };

    test("another signed-in account opening a profile enqueues one ProfileViewed", async () => {
      const [viewer, profile] = await pair();
      const before = Date.now();
      const res = await h.request(`/api/v1/users/${profile.id}`, { token: viewer.token });
      expect(res.status).toBe(200);
      const visits = await visitsOf(profile.id);
      expect(visits.map((v) => [v.viewerId, v.profileId])).toEqual([[viewer.id, profile.id]]);
      const stamp = visits[0]?.viewedAt;
      const viewedAt = stamp ? timestampDate(stamp).getTime() : 0;
      expect(viewedAt).toBeGreaterThanOrEqual(before);
      expect(viewedAt).toBeLessThanOrEqual(Date.now());
    });

    test("further views within the hour, by id, username or GraphQL, enqueue nothing more", async () => {
      const [viewer, profile] = await pair();
      expect((await h.request(`/api/v1/users/${profile.id}`, { token: viewer.token })).status).toBe(200);
      expect(await visitsOf(profile.id)).toHaveLength(1);
      const byName = await h.request(`/api/v1/users/by-username/visited_${seq}`, { token: viewer.token });
      expect(byName.status).toBe(200);
      const gql = await h.graphql(
        "query($id: ID!) { user(id: $id) { id } }",
        { id: profile.id },
        viewer.token,
      );
      expect(gql.data?.user).toEqual({ id: profile.id });
      expect(await visitsOf(profile.id)).toHaveLength(1);
      // Another viewer of the same profile is another pair.
      const [other] = await pair();
      await h.request(`/api/v1/users/${profile.id}`, { token: other.token });
      expect((await visitsOf(profile.id)).map((v) => v.viewerId)).toEqual([viewer.id, other.id]);
    });

    test("a GraphQL read by username (any case) records a visit too", async () => {
      const [viewer, profile] = await pair();
      const gql = await h.graphql(
        "query($u: String!) { user(username: $u) { id } }",
        { u: `VISITED_${seq}` },
        viewer.token,
      );
      expect(gql.data?.user).toEqual({ id: profile.id });
      expect((await visitsOf(profile.id)).map((v) => v.viewerId)).toEqual([viewer.id]);
    });

    test("own profile, anonymous reads, unknown profiles and batch lookups enqueue nothing", async () => {
      const [viewer, profile] = await pair();
      expect((await h.request(`/api/v1/users/${profile.id}`, { token: profile.token })).status).toBe(200);
      expect(
        (await h.request(`/api/v1/users/by-username/visited_${seq}`, { token: profile.token })).status,
      ).toBe(200);
      expect((await h.request("/api/v1/users/me", { token: profile.token })).status).toBe(200);
      expect((await h.request(`/api/v1/users/${profile.id}`)).status).toBe(200);
      expect(
        (await h.graphql("query($id: ID!) { user(id: $id) { id } }", { id: profile.id })).data?.user,
      ).toEqual({
        id: profile.id,
      });
      expect((await h.rpc(viewer.token).batchGetProfiles({ ids: [profile.id] })).profiles).toHaveLength(1);
      expect(await visitsOf(profile.id)).toEqual([]);

      const unknown = Bun.randomUUIDv7();
      expect((await h.request(`/api/v1/users/${unknown}`, { token: viewer.token })).status).toBe(404);
      expect((await h.request("/api/v1/users/by-username/nobody_here", { token: viewer.token })).status).toBe(
        404,
      );
      await h.ctx.visits.settled();
      const all = await h.enqueued(ProfileViewedSchema);
      expect(all.filter((v) => v.viewerId === viewer.id || v.viewerId === profile.id)).toEqual([]);
    });

    test("a pair this instance announced costs no cache round trip until its hour is over", async () => {
      const now = { ms: Date.now() };
      const store = createEmbeddedCacheStore({ now: () => now.ms });
      let claims = 0;
      const counting = {
        acquireLock: (...args: Parameters<CacheStore["acquireLock"]>) => {
          claims++;
          return store.acquireLock(...args);
        },
        releaseLock: (...args: Parameters<CacheStore["releaseLock"]>) => store.releaseLock(...args),
      } as unknown as CacheStore;
      const log = createLogger({ level: "error", write: () => {} });
      const visits = createProfileVisits({
        db: h.ctx.db.db,
        relay: h.ctx.relay,
        outbox: h.ctx.outbox,
        clock: () => new Date(now.ms),
        log,
        store: counting,
      });
      const [viewer, profile] = await pair();
      const visit = { viewer: { accountId: viewer.id }, profileId: profile.id };
      visits.record(visit);
      await visits.settled();
      expect(claims).toBe(1);
      now.ms += PROFILE_VISIT_WINDOW_MS - 1_000;
      visits.record(visit);
      await visits.settled();
      expect(claims).toBe(1);
      expect(await visitsOf(profile.id)).toHaveLength(1);
      now.ms += 2_000; // the hour is over: asked again, and announced again
      visits.record(visit);
      await visits.settled();
      expect(claims).toBe(2);
      expect(await visitsOf(profile.id)).toHaveLength(2);
      await store.close();
    });

    test("a visit that cannot be recorded is logged, never thrown, and retried on the next visit", async () => {
      const lines: string[] = [];
      const log = createLogger({ level: "warn", write: (line) => lines.push(line) });
      const now = { ms: Date.now() };
      const store = createEmbeddedCacheStore({ now: () => now.ms });
      const broken: Outbox = {
        ...h.ctx.outbox,
        enqueue: () => Promise.reject(new Error("outbox down")),
      };
      const deps = { db: h.ctx.db.db, relay: h.ctx.relay, clock: () => new Date(now.ms), log };
      const [viewer, profile] = await pair();
      const visit = { viewer: { accountId: viewer.id }, profileId: profile.id };

      const failing = createProfileVisits({ ...deps, store, outbox: broken });
      expect(() => failing.record(visit)).not.toThrow();
      await failing.settled();
      expect(lines.join("\n")).toContain("profile visit not recorded");

      const working = createProfileVisits({ ...deps, store, outbox: h.ctx.outbox });
      working.record(visit); // the failed attempt released its claim
      working.record(visit);
      await working.settled();
      expect(await visitsOf(profile.id)).toHaveLength(1);
      now.ms += PROFILE_VISIT_WINDOW_MS + 1; // an hour later the pair counts again
      working.record(visit);
      await working.settled();
      expect(await visitsOf(profile.id)).toHaveLength(2);

      const unreachable = createProfileVisits({
        ...deps,
        outbox: h.ctx.outbox,
        store: { acquireLock: () => Promise.reject(new Error("cache down")) } as unknown as CacheStore,
      });
      unreachable.record(visit);
      await unreachable.settled();
      expect(lines.filter((l) => l.includes("profile visit not recorded"))).toHaveLength(2);
      await store.close();
    });
  });
}
