import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Subscription } from "@nova/events";
import { publishAsPeer } from "@nova/events/testing";
import { AccountCreatedSchema, AccountDeletedSchema } from "@nova/proto/identity/v1";
import { ProfileUpdatedSchema } from "@nova/proto/user/v1";
import { eq } from "drizzle-orm";
import { comments, posts } from "../src/db/schema/index.ts";
import { subscribeToAccountEvents } from "../src/events/subscribe-to-account-events.ts";
import {
  body,
  type ContentHarness,
  DATABASE_KINDS,
  post,
  send,
  startContentService,
  type TestUser,
} from "./support/content-harness.ts";

/** Publishes AccountDeleted the way identity's outbox relay would. */
const publishAccountDeleted = (h: ContentHarness, accountId: string, id?: string) =>
  publishAsPeer(h.ctx.bus, {
    source: "identity-service",
    schema: AccountDeletedSchema,
    payload: { accountId },
    aggregateId: accountId,
    ...(id ? { id } : {}),
  });

/** Publishes ProfileUpdated (a settings change) the way user-service's outbox relay would. */
const publishProfileUpdated = (h: ContentHarness, profileId: string, privateAccount: boolean) =>
  publishAsPeer(h.ctx.bus, {
    source: "user-service",
    schema: ProfileUpdatedSchema,
    payload: { profileId, privateAccount },
    aggregateId: profileId,
  });

async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await Bun.sleep(25);
  }
  throw new Error(`never happened: ${what}`);
}

for (const kind of DATABASE_KINDS) {
  describe(`identity events (${kind})`, () => {
    let h: ContentHarness;
    let subscription: Subscription;
    let leaver: TestUser;
    let stayer: TestUser;

    beforeAll(async () => {
      h = await startContentService(kind);
      subscription = await subscribeToAccountEvents(h.ctx);
      leaver = await h.user("leaver");
      stayer = await h.user("stayer");
    }, 30_000);
    afterAll(async () => {
      await subscription?.stop();
      await h?.close();
    });

    test("AccountDeleted erases the account's posts and comments (once, however often delivered)", async () => {
      const own = await post(h, leaver, { text: "my post #bye" });
      await post(h, leaver, { text: "my draft", draft: true });
      const theirs = await post(h, stayer, { text: "stayer's post" });
      await h.request(
        `/api/v1/posts/${theirs.id}/comments`,
        send("POST", { text: "leaver was here" }, leaver.token),
      );
      await h.request(
        `/api/v1/posts/${own.id}/comments`,
        send("POST", { text: "stayer on leaver" }, stayer.token),
      );
      expect((await body(await h.request(`/api/v1/posts/${theirs.id}`))).commentCount).toBe(1);

      const eventId = await publishAccountDeleted(h, leaver.id);
      await publishAccountDeleted(h, leaver.id, eventId); // redelivery
      // Unrelated identity events are ignored.
      await publishAsPeer(h.ctx.bus, {
        source: "identity-service",
        schema: AccountCreatedSchema,
        payload: { accountId: stayer.id },
        aggregateId: stayer.id,
      });
      await eventually("posts erased", async () => {
        const left = await h.ctx.db.db.select().from(posts).where(eq(posts.authorId, leaver.id));
        return left.length === 0;
      });
      expect(await h.ctx.db.db.select().from(comments).where(eq(comments.authorId, leaver.id))).toEqual([]);
      expect((await h.request(`/api/v1/posts/${own.id}`)).status).toBe(404);
      expect((await body(await h.request(`/api/v1/posts/${theirs.id}`))).commentCount).toBe(0);
      expect(await h.events(own.id)).toEqual(["PostCreated", "CommentCreated", "PostDeleted"]);
      expect((await h.events(theirs.id)).filter((e) => e === "CommentDeleted")).toHaveLength(1);
    });

    test("ProfileUpdated drops the cached private flag: an account gone private hides from strangers", async () => {
      const author = await h.user("flipper");
      const stranger = await h.user("passer");
      const p = await post(h, author, { text: "public for now" });
      const status = async () =>
        (await h.request(`/api/v1/posts/${p.id}`, { headers: { authorization: `Bearer ${stranger.token}` } }))
          .status;
      expect(await status()).toBe(200);
      const profile = h.world.users.get(author.id);
      if (!profile) throw new Error("no such world user");
      profile.privateAccount = true;
      // The flag read a moment ago is cached: user-service is not asked again until told.
      expect(await status()).toBe(200);
      await publishProfileUpdated(h, author.id, true);
      await eventually("the post hidden from a stranger", async () => (await status()) === 404);
      profile.privateAccount = false;
      await publishProfileUpdated(h, author.id, false);
      await eventually("the post visible again", async () => (await status()) === 200);
    });
  });
}
