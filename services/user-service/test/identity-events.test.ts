import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { create, type DescMessage, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import type { Subscription } from "@nova/events";
import { publishAsPeer } from "@nova/events/testing";
import { AccountCreatedSchema, AccountDeletedSchema } from "@nova/proto/identity/v1";
import { subscribeToIdentityEvents } from "../src/events/subscribe-to-identity-events.ts";
import {
  body,
  DATABASE_KINDS,
  startUserService,
  type UserServiceHarness,
} from "./support/user-service-harness.ts";

/** Publishes an identity event the way identity's outbox relay would. */
const publishIdentityEvent = <D extends DescMessage>(
  h: UserServiceHarness,
  schema: D,
  accountId: string,
  payload: MessageShape<D>,
  id?: string,
): Promise<string> =>
  publishAsPeer(h.ctx.bus, {
    source: "identity-service",
    schema,
    payload: payload as MessageInitShape<D>,
    aggregateId: accountId,
    ...(id ? { id } : {}),
  });

/** Polls until `check` holds (the consumer is asynchronous); fails with `what` after a bound. */
async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await Bun.sleep(25);
  }
  throw new Error(`never happened: ${what}`);
}

for (const kind of DATABASE_KINDS) {
  describe(`identity events (${kind})`, () => {
    let h: UserServiceHarness;
    let subscription: Subscription;

    beforeAll(async () => {
      h = await startUserService(kind);
      subscription = await subscribeToIdentityEvents(h.ctx);
    });
    afterAll(async () => {
      await subscription?.stop();
      await h?.close();
    });

    test("AccountCreated creates the profile once, however often it is delivered", async () => {
      const accountId = Bun.randomUUIDv7();
      // A lookup before creation caches "not found"; creation must invalidate it.
      expect((await h.request(`/api/v1/users/${accountId}`)).status).toBe(404);
      const payload = create(AccountCreatedSchema, { accountId, username: "newcomer" });
      const eventId = await publishIdentityEvent(h, AccountCreatedSchema, accountId, payload);
      await publishIdentityEvent(h, AccountCreatedSchema, accountId, payload, eventId); // redelivery
      await publishIdentityEvent(h, AccountCreatedSchema, accountId, payload); // a second, distinct event
      await eventually(
        "profile created",
        async () => (await h.request(`/api/v1/users/${accountId}`)).status === 200,
      );
      const profile = await body(await h.request("/api/v1/users/by-username/newcomer"));
      expect(profile.id).toBe(accountId);
      const settings = await h.request("/api/v1/users/me/settings", {
        token: await h.issuer.sign({ accountId }),
      });
      expect((await body(settings)).privateAccount).toBe(false);
    });

    test("a username taken in the meantime gets a derived one", async () => {
      await h.seedUser("contested");
      const accountId = Bun.randomUUIDv7();
      await publishIdentityEvent(
        h,
        AccountCreatedSchema,
        accountId,
        create(AccountCreatedSchema, { accountId, username: "contested" }),
      );
      await eventually(
        "profile created",
        async () => (await h.request(`/api/v1/users/${accountId}`)).status === 200,
      );
      expect((await body(await h.request(`/api/v1/users/${accountId}`))).username).toMatch(
        /^contested_\d{4}$/,
      );
    });

    test("AccountDeleted erases the profile and frees the username", async () => {
      const victim = await h.seedUser("leaving_soon");
      expect((await h.request(`/api/v1/users/${victim.id}`)).status).toBe(200); // cached now
      await publishIdentityEvent(
        h,
        AccountDeletedSchema,
        victim.id,
        create(AccountDeletedSchema, { accountId: victim.id }),
      );
      await eventually(
        "profile erased",
        async () => (await h.request(`/api/v1/users/${victim.id}`)).status === 404,
      );
      expect((await h.request("/api/v1/users/me/settings", { token: victim.token })).status).toBe(404);
      const free = await body(await h.request("/api/v1/usernames/leaving_soon/availability"));
      expect(free.available).toBe(true);
    });
  });
}
