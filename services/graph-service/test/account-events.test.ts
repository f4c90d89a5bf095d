import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import type { Subscription } from "@nova/events";
import { AccountDeletedSchema } from "@nova/proto/identity/v1";
import { EnforcementChangedSchema } from "@nova/proto/trust_safety/v1/enforcement-events";
import { ProfileCreatedSchema, ProfileUpdatedSchema, ProfileViewedSchema } from "@nova/proto/user/v1";
import { eq } from "drizzle-orm";
import { findAccountPrivacy } from "../src/db/privacy-queries.ts";
import { processedEvents } from "../src/db/schema/index.ts";
import { subscribeToAccountEvents } from "../src/events/subscribe-to-account-events.ts";
import {
  body,
  DATABASE_KINDS,
  eventually,
  type GraphServiceHarness,
  put,
  startGraphService,
} from "./support/graph-service-harness.ts";

for (const kind of DATABASE_KINDS) {
  describe(`account and profile events (${kind})`, () => {
    let h: GraphServiceHarness;
    let subscription: Subscription;
    beforeAll(async () => {
      h = await startGraphService(kind);
      subscription = await subscribeToAccountEvents(h.ctx);
    });
    afterAll(async () => {
      await subscription?.stop();
      await h?.close();
    });

    test("ProfileCreated and ProfileUpdated keep the private flag that decides follow vs request", async () => {
      const ana = await h.seedUser();
      const id = Bun.randomUUIDv7();
      await h.publishEvent(
        "user-service",
        ProfileCreatedSchema,
        id,
        create(ProfileCreatedSchema, { profileId: id, username: "x" }),
      );
      await eventually(
        "profile recorded",
        async () => (await findAccountPrivacy(h.ctx.db.db, id)) !== undefined,
      );
      await h.publishEvent(
        "user-service",
        ProfileUpdatedSchema,
        id,
        create(ProfileUpdatedSchema, { profileId: id, username: "x", privateAccount: true }),
      );
      await eventually(
        "private flag",
        async () => (await findAccountPrivacy(h.ctx.db.db, id))?.privateAccount === true,
      );
      const res = await body(await h.request(`/api/v1/users/${id}/follow`, put(ana.token)));
      expect(res).toMatchObject({ requested: true, following: false });
    });

    test("a profile view changes nothing here and costs no ledger row; a profile update does", async () => {
      const viewer = Bun.randomUUIDv7();
      const profile = Bun.randomUUIDv7();
      const viewed = await h.publishEvent(
        "user-service",
        ProfileViewedSchema,
        viewer,
        create(ProfileViewedSchema, { viewerId: viewer, profileId: profile }),
      );
      const updated = await h.publishEvent(
        "user-service",
        ProfileUpdatedSchema,
        profile,
        create(ProfileUpdatedSchema, { profileId: profile, username: "y", privateAccount: true }),
      );
      const ledgered = async (eventId: string) =>
        (await h.ctx.db.db.select().from(processedEvents).where(eq(processedEvents.eventId, eventId))).length;
      await eventually("the update is applied", async () => (await ledgered(updated)) === 1);
      expect(await ledgered(viewed)).toBe(0);
    });

    test("AccountDeleted erases every edge, idempotently, and the account cannot be followed again", async () => {
      const [gone, a, b] = [await h.seedUser(), await h.seedUser(), await h.seedUser()];
      await h.request(`/api/v1/users/${a.id}/follow`, put(gone.token));
      await h.request(`/api/v1/users/${gone.id}/follow`, put(b.token));
      await h.request(`/api/v1/users/${b.id}/mute`, put(gone.token));
      const payload = create(AccountDeletedSchema, { accountId: gone.id });
      const eventId = await h.publishEvent("identity-service", AccountDeletedSchema, gone.id, payload);
      await eventually("edges erased", async () => {
        const counts = await body(await h.request(`/api/v1/users/${a.id}/follow-counts`));
        return counts.followers === 0;
      });
      expect((await body(await h.request(`/api/v1/users/${b.id}/follow-counts`))).following).toBe(0);
      const deletedEvents = (await h.outboxTypes(gone.id)).filter((t) => t.endsWith("Deleted"));
      expect(deletedEvents.sort()).toEqual(["nova.graph.v1.FollowDeleted", "nova.graph.v1.MuteDeleted"]);
      // Redelivery of the same event, and a second deletion event: no second effect.
      await h.publishEvent("identity-service", AccountDeletedSchema, gone.id, payload, eventId);
      await h.publishEvent("identity-service", AccountDeletedSchema, gone.id, payload);
      await Bun.sleep(200);
      expect((await h.outboxTypes(gone.id)).filter((t) => t.endsWith("Deleted"))).toHaveLength(2);
      expect((await h.request(`/api/v1/users/${gone.id}/follow`, put(a.token))).status).toBe(404);
    });
    test("an account under trust-safety's limit leaves who-to-follow suggestions; lifting brings it back", async () => {
      const [me, friend, limited, other] = [
        await h.seedUser(),
        await h.seedUser(),
        await h.seedUser(),
        await h.seedUser(),
      ];
      await h.request(`/api/v1/users/${friend.id}/follow`, put(me.token));
      await h.request(`/api/v1/users/${limited.id}/follow`, put(friend.token));
      await h.request(`/api/v1/users/${other.id}/follow`, put(friend.token));
      const suggested = async () =>
        (await body(await h.request("/api/v1/users/me/suggestions?limit=10", { token: me.token }))).map(
          (s: { id: string }) => s.id,
        );
      expect((await suggested()).sort()).toEqual([limited.id, other.id].sort());
      const enforcement = (active: boolean, action = "limit") =>
        h.publishEvent(
          "trust-safety-service",
          EnforcementChangedSchema,
          limited.id,
          create(EnforcementChangedSchema, {
            actionId: "a1",
            subjectType: "account",
            subjectId: limited.id,
            subjectAccountId: limited.id,
            action,
            active,
          }),
        );
      await enforcement(true, "label");
      await enforcement(true);
      await eventually("limit applied", async () => !(await suggested()).includes(limited.id));
      expect(await suggested()).toEqual([other.id]);
      await enforcement(false);
      await eventually("limit lifted", async () => (await suggested()).includes(limited.id));
    });
  });
}
