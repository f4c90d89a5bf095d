import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { create, toBinary } from "@bufbuild/protobuf";
import { anyPack, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { serviceTopic } from "@nova/events";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { AccountDeletedSchema } from "@nova/proto/identity/v1";
import { NOW, type RankingServiceHarness, startRankingService } from "./support/ranking-service-harness.ts";

const id = () => Bun.randomUUIDv7();

/** identity's AccountDeleted as its outbox relay publishes it. */
async function publishAccountDeleted(h: RankingServiceHarness, accountId: string): Promise<void> {
  const eventId = id();
  const envelope = create(EventEnvelopeSchema, {
    id: eventId,
    type: AccountDeletedSchema.typeName,
    aggregateId: accountId,
    occurredAt: timestampFromDate(NOW),
    payload: anyPack(AccountDeletedSchema, create(AccountDeletedSchema, { accountId })),
    source: "identity-service",
  });
  await h.bus.publish(serviceTopic("identity-service"), [
    {
      id: eventId,
      type: AccountDeletedSchema.typeName,
      key: accountId,
      traceparent: null,
      occurredAt: NOW,
      value: toBinary(EventEnvelopeSchema, envelope),
    },
  ]);
}

describe("erasure on account deletion", () => {
  let h: RankingServiceHarness;
  beforeAll(async () => {
    h = await startRankingService();
  });
  afterAll(() => h?.close());

  test("AccountDeleted erases the account's impressions and feedback; others keep theirs", async () => {
    const [gone, other] = [id(), id()];
    const shownAt = NOW.toISOString();
    for (const viewer of [gone, other]) {
      const token = await h.issuer.sign({ accountId: viewer });
      const logged = await h.postJson(
        "/api/v1/impressions",
        {
          rankingId: id(),
          modelVersion: "logistic-v1",
          impressions: [
            { postId: `p-${viewer}`, authorId: "a1", position: 0, score: 0.5, features: {}, shownAt },
          ],
        },
        { token },
      );
      expect(logged.status).toBe(200);
      const fed = await h.postJson(
        "/api/v1/feedback",
        { feedback: [{ postId: `p-${viewer}`, kind: "like", at: shownAt }] },
        { token },
      );
      expect(fed.status).toBe(200);
    }
    expect(await h.ctx.impressions.feedbackOf(gone, 10)).toHaveLength(1);

    await publishAccountDeleted(h, gone);
    for (let i = 0; i < 200 && (await h.ctx.impressions.feedbackOf(gone, 10)).length > 0; i++)
      await Bun.sleep(20);

    expect(await h.ctx.impressions.feedbackOf(gone, 10)).toEqual([]);
    expect(await h.ctx.impressions.listLabelled({ viewerIds: [gone], limit: 10 })).toEqual([]);
    expect(await h.ctx.impressions.feedbackOf(other, 10)).toHaveLength(1);
    expect(await h.ctx.impressions.listLabelled({ viewerIds: [other], limit: 10 })).toHaveLength(1);
  });
});
