import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Subscription, serviceTopic } from "@nova/events";
import { publishAsPeer } from "@nova/events/testing";
import { CommentCreatedSchema } from "@nova/proto/content/v1";
import { LikeCreatedSchema } from "@nova/proto/social/v1";
import { subscribeToPeerEvents } from "../src/events/subscribe-to-peer-events.ts";
import { as, type SocialServiceHarness, startSocialService } from "./support/social-service-harness.ts";

/** Polls until `check` holds (consumer and relay are asynchronous); fails with `what` after a bound. */
async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await Bun.sleep(25);
  }
  throw new Error(`never happened: ${what}`);
}

describe("event bus wiring (pglite, embedded bus)", () => {
  let h: SocialServiceHarness;
  let subscription: Subscription;

  beforeAll(async () => {
    h = await startSocialService("pglite");
    subscription = await subscribeToPeerEvents(h.ctx);
  });
  afterAll(async () => {
    await subscription?.stop();
    await h?.close();
  });

  test("a CommentCreated published on content's topic is consumed and counted", async () => {
    const author = await h.user();
    const post = h.peers.addPost(author.id);
    await publishAsPeer(h.ctx.bus, {
      source: "content-service",
      schema: CommentCreatedSchema,
      payload: {
        comment: { id: Bun.randomUUIDv7(), postId: post, postAuthorId: author.id, authorId: author.id },
      },
      aggregateId: post,
    });
    await eventually("comment counted", async () => {
      const [view] = (await h.rpc().batchGetEngagement({ postIds: [post] })).engagements;
      return view?.counts?.comments === 1n;
    });
    expect((await h.rpc().batchGetEngagement({ postIds: [post] })).engagements[0]?.counts?.comments).toBe(1n);
  });

  test("a like's LikeCreated leaves through the outbox relay onto social's topic", async () => {
    const author = await h.user();
    const fan = await h.user();
    const post = h.peers.addPost(author.id);
    const seen: string[] = [];
    const sub = await h.ctx.bus.subscribe({
      service: "social-wiring-test",
      topics: [serviceTopic("social-service")],
      handler: async (e) => {
        if (e.aggregateId === post) seen.push(e.type);
      },
    });
    try {
      expect((await h.request(`/api/v1/posts/${post}/like`, as("PUT", fan.token))).status).toBe(200);
      h.ctx.relay.start();
      await eventually("LikeCreated published", async () => seen.length > 0);
      expect(seen).toEqual([LikeCreatedSchema.typeName]);
    } finally {
      await h.ctx.relay.stop();
      await sub.stop();
    }
  });
});
