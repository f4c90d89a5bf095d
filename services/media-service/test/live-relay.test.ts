import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { liveStreams } from "../src/db/schema/index.ts";
import { onPublish } from "../src/domain/live-streams.ts";
import { relayedViewer } from "../src/live/live-relay.ts";
import { liveDir } from "../src/live/live-transcoder.ts";
import { startMediaService } from "./support/media-harness.ts";

// Two replicas on one database. A holds a live stream's window (its nginx got the push); B does
// not, and relays playback requests to A over A's MEDIA_INSTANCE_URL (a real socket here).
type Harness = Awaited<ReturnType<typeof startMediaService>>;
let a: Harness;
let b: Harness;
const serverA = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (req) => a.fetch(req) });
const urlA = `http://127.0.0.1:${serverA.port}`;

const dataA = await mkdtemp(join(tmpdir(), "nova-media-replica-a-"));
const dataB = await mkdtemp(join(tmpdir(), "nova-media-replica-b-"));

beforeAll(async () => {
  // LIVE_RTMP_PORT 1: no nginx; a transcoder pull fails at once (the stream then ends). Each
  // replica has its own data directory, as pods do.
  const env = { LIVE_ENABLED: "false", LIVE_RTMP_PORT: "1" };
  a = await startMediaService({ ...env, NOVA_DATA_DIR: dataA, MEDIA_INSTANCE_URL: urlA });
  b = await startMediaService(
    { ...env, NOVA_DATA_DIR: dataB, MEDIA_INSTANCE_URL: "http://127.0.0.1:1" },
    { database: a.db },
  );
});
afterAll(async () => {
  await b?.close();
  await a?.close();
  serverA.stop(true);
  await rm(dataA, { recursive: true, force: true });
  await rm(dataB, { recursive: true, force: true });
});

async function newStream(token: string): Promise<{ id: string; key: string; playback: string }> {
  const res = await b.request("/api/v1/live", {
    method: "POST",
    token,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ title: "two replicas" }),
  });
  const live = await res.json();
  return { id: live.id, key: live.ingest.streamKey, playback: live.playback.hls.url };
}

describe("live playback from any replica", () => {
  test("B relays A's playlist and segments; A counts the viewer and B reports it", async () => {
    const alice = await b.user();
    const s = await newStream(alice.token);
    // What A's transcoder would have written, and what A's on_publish records.
    const dir = liveDir(a.ctx, s.id);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "master.m3u8"), "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=828000\n360p.m3u8\n");
    await writeFile(
      join(dir, "360p.m3u8"),
      "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n360p_00000.ts\n",
    );
    const segment = crypto.getRandomValues(new Uint8Array(4_096));
    await writeFile(join(dir, "360p_00000.ts"), segment);
    await a.db.db
      .update(liveStreams)
      .set({ status: "live", startedAt: new Date(), ingestInstanceUrl: urlA })
      .where(eq(liveStreams.id, s.id));

    expect(liveDir(b.ctx, s.id)).not.toBe(dir);
    const master = await b.fetchUrl(s.playback);
    expect(master.status).toBe(200);
    expect(master.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
    const text = await master.text();
    const variant = text.split("\n").find((l) => l.includes("/hls/360p.m3u8?")) as string;
    expect(variant).toContain(`/api/v1/live/${s.id}/hls/360p.m3u8?expires=`);
    const playlist = await (await b.fetchUrl(variant)).text();
    const segUrl = playlist.split("\n").find((l) => l.includes("360p_00000.ts?")) as string;
    const seg = await b.fetchUrl(segUrl);
    expect(seg.status).toBe(200);
    expect(seg.headers.get("content-type")).toBe("video/mp2t");
    expect(new Uint8Array(await seg.arrayBuffer())).toEqual(segment);

    // A counted the viewer B relayed and wrote it down; B (no transcoder) answers with it.
    const seen = await (await b.request(`/api/v1/live/${s.id}`)).json();
    expect(seen).toMatchObject({ status: "live", viewers: 1 });

    // A relayed request is never relayed again; a tampered signature is still a 403 on B.
    const relayedTwice = await b.fetchUrl(s.playback, { headers: { "x-nova-live-relay": "x;y" } });
    expect(relayedTwice.status).toBe(404);
    expect((await b.fetchUrl(s.playback.replace("signature=", "signature=A"))).status).toBe(403);

    // Ended: nothing is relayed any more.
    await a.db.db.update(liveStreams).set({ status: "ended" }).where(eq(liveStreams.id, s.id));
    expect((await b.fetchUrl(s.playback)).status).toBe(404);
  });

  test("on_publish records the replica that took the push; relay headers need the service's key", async () => {
    const alice = await b.user();
    const s = await newStream(alice.token);
    await onPublish(a.ctx, s.key);
    const [row] = await a.db.db.select().from(liveStreams).where(eq(liveStreams.id, s.id));
    expect(row?.ingestInstanceUrl).toBe(urlA);
    expect(relayedViewer(a.ctx, s.id, "203.0.113.9;forged")).toBeUndefined();
    expect(relayedViewer(a.ctx, s.id, undefined)).toBeUndefined();
  });
});
