import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { accounts } from "../src/db/schema/index.ts";
import { type IdentityHarness, startIdentity } from "./support/identity-harness.ts";

describe("BatchGetMailRecipients (notification-service's digests)", () => {
  let h: IdentityHarness;
  beforeAll(async () => {
    h = await startIdentity("pglite");
  }, 60_000);
  afterAll(() => h?.close());

  test("only notification-service may ask; only verified live addresses come back", async () => {
    const verified = await h.register(`mr${Date.now().toString(36)}v`);
    const unverified = await h.register(`mr${Date.now().toString(36)}u`);
    await h.ctx.db.db
      .update(accounts)
      .set({ emailVerifiedAt: new Date() })
      .where(eq(accounts.id, verified.id));
    const ask = { accountIds: [verified.id, unverified.id, crypto.randomUUID()] };
    const res = await h.rpc("notification-service").batchGetMailRecipients(ask);
    expect(res.recipients.map((r) => [r.accountId, r.email])).toEqual([[verified.id, verified.email]]);
    await expect(h.rpc("content-service").batchGetMailRecipients(ask)).rejects.toThrow(
      /notification-service/,
    );
    await expect(h.rpc(null, verified.accessToken).batchGetMailRecipients(ask)).rejects.toThrow();
  });
});
