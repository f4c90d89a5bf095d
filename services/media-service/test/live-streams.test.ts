import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { outbox } from "../src/db/schema/index.ts";
import { onPublish, onPublishDone } from "../src/domain/live-streams.ts";
import { startMediaService } from "./support/media-harness.ts";

// The live stream's state machine without nginx (the real RTMP push is in test/e2e/live-streaming.test.ts):
// with no RTMP server behind it, the transcoder's pull fails at once and the stream ends.
let h: Awaited<ReturnType<typeof startMediaService>>;
beforeAll(async () => {
  h = await startMediaService({ LIVE_RTMP_PORT: "1" });
});
afterAll(() => h?.close());

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await Bun.sleep(50);
  }
}

describe("live streams", () => {
  test("the owner gets the key once; others see status and playback only", async () => {
    const alice = await h.user();
    const created = await h.request("/api/v1/live", { ...json({ title: "hello live" }), token: alice.token });
    expect(created.status).toBe(201);
    const live = await created.json();
    expect(live).toMatchObject({
      status: "idle",
      viewers: 0,
      ingest: { url: expect.stringMatching(/^rtmp:\/\//) },
    });
    expect(live.ingest.streamKey).toMatch(/^nlk_[A-Za-z0-9_-]{32}$/);
    expect(live.playback.hls.url).toContain(`/api/v1/live/${live.id}/hls/master.m3u8?expires=`);
    const seen = await (await h.request(`/api/v1/live/${live.id}`)).json();
    expect(seen.ingest).toBeUndefined();
    const mine = await (await h.request(`/api/v1/live/${live.id}`, { token: alice.token })).json();
    expect(mine.ingest.streamKey).toBeUndefined();
    expect((await h.request("/api/v1/live", { ...json({ title: "" }), token: alice.token })).status).toBe(
      400,
    );
    expect((await h.request("/api/v1/live", json({ title: "anon" }))).status).toBe(401);
  });

  test("GraphQL: startLiveStream, liveStream and rotateLiveStreamKey on the same verbs as REST", async () => {
    // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON shapes
    type Answer = { data: Record<string, any>; errors?: { extensions: { code: string } }[] };
    const [alice, bob] = [await h.user(), await h.user()];
    const started = (await h.graphql(
      `mutation { startLiveStream(title: "gql live") { id status ingestUrl streamKey playbackUrl } }`,
      {},
      alice.token,
    )) as Answer;
    const live = started.data.startLiveStream;
    expect(live).toMatchObject({ status: "idle", ingestUrl: expect.stringMatching(/^rtmp:\/\//) });
    expect(live.streamKey).toMatch(/^nlk_/);
    expect(live.playbackUrl).toContain(`/api/v1/live/${live.id}/hls/master.m3u8?expires=`);
    const q = `query($id: ID!) { liveStream(id: $id) { title ingestUrl streamKey } }`;
    const seen = (await h.graphql(q, { id: live.id }, bob.token)) as Answer;
    expect(seen.data.liveStream).toEqual({ title: "gql live", ingestUrl: null, streamKey: null });
    const refused = (await h.graphql(
      `mutation($id: ID!) { rotateLiveStreamKey(id: $id) { streamKey } }`,
      { id: live.id },
      bob.token,
    )) as Answer;
    expect(refused.errors?.[0]?.extensions.code).toBe("NOT_FOUND");
    const rotated = (await h.graphql(
      `mutation($id: ID!) { rotateLiveStreamKey(id: $id) { streamKey } }`,
      { id: live.id },
      alice.token,
    )) as Answer;
    expect(rotated.data.rotateLiveStreamKey.streamKey).toMatch(/^nlk_/);
    expect(rotated.data.rotateLiveStreamKey.streamKey).not.toBe(live.streamKey);
  });

  test("a wrong or rotated-out key is refused at publish; the right one goes live, then ends", async () => {
    const alice = await h.user();
    const live = await (
      await h.request("/api/v1/live", { ...json({ title: "keys" }), token: alice.token })
    ).json();
    const oldKey = live.ingest.streamKey;
    expect(onPublish(h.ctx, "nlk_wrong")).rejects.toThrow("unknown or used stream key");
    const bob = await h.user();
    expect(
      (await h.request(`/api/v1/live/${live.id}/key`, { method: "POST", token: bob.token })).status,
    ).toBe(404);
    const rotated = await (
      await h.request(`/api/v1/live/${live.id}/key`, { method: "POST", token: alice.token })
    ).json();
    expect(rotated.ingest.streamKey).not.toBe(oldKey);
    expect(onPublish(h.ctx, oldKey)).rejects.toThrow("unknown or used stream key");
    // Through nginx's callback route: 403 refuses the connection.
    const form = new URLSearchParams({ app: "live", name: oldKey });
    const refused = await h.request("/internal/live/on-publish", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    expect(refused.status).toBe(403);

    await onPublish(h.ctx, rotated.ingest.streamKey);
    const events = await h.db.db.select().from(outbox).where(eq(outbox.aggregateId, live.id));
    expect(events.map((e) => e.eventType)).toContain("nova.media.v1.LiveStarted");
    await onPublishDone(h.ctx, rotated.ingest.streamKey);
    const ended = await until("ended", async () => {
      const v = await (await h.request(`/api/v1/live/${live.id}`)).json();
      return v.status === "ended" ? v : undefined;
    });
    expect(ended.endedAt).not.toBeNull();
    const after = await h.db.db.select().from(outbox).where(eq(outbox.aggregateId, live.id));
    expect(after.map((e) => e.eventType)).toContain("nova.media.v1.LiveEnded");
    // An ended stream's key cannot go live again.
    expect(onPublish(h.ctx, rotated.ingest.streamKey)).rejects.toThrow("unknown or used stream key");
    // Its playlists are gone with the transcoder: a valid signature finds nothing.
    expect((await h.fetchUrl(ended.playback.hls.url)).status).toBe(404);
  });
});
