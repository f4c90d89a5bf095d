import { describe, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { createLogger } from "@nova/observability";
import { MediaKind, MediaSchema, MediaService, MediaStatus } from "@nova/proto/media/v1";
import { createMediaPeer } from "./media-peer.ts";

function peer(opts: { down?: boolean; calls?: string[][] } = {}) {
  const logs: string[] = [];
  const client = createClient(
    MediaService,
    createRouterTransport(({ service }) =>
      service(MediaService, {
        batchGetMedia: (req) => {
          opts.calls?.push([...req.ids]);
          if (opts.down) throw new ConnectError("down", Code.Unavailable);
          return {
            media: req.ids.map((id) =>
              create(MediaSchema, {
                id,
                kind: MediaKind.VIDEO,
                status: MediaStatus.READY,
                alt: `alt ${id}`,
                blurhash: "LEHV6nWB2yk8",
                variants: [],
                video: { durationMs: 6000n, hlsUrl: `http://m/${id}.m3u8`, posterUrl: `http://m/${id}.jpg` },
              }),
            ),
          };
        },
      }),
    ),
  );
  return {
    media: createMediaPeer(client, createLogger({ level: "warn", write: (l) => logs.push(l) })),
    logs,
  };
}

describe("media peer", () => {
  test("one call per 100 distinct ids; media objects keyed by id", async () => {
    const calls: string[][] = [];
    const { media } = peer({ calls });
    const ids = Array.from({ length: 150 }, (_, i) => `m${i}`);
    const out = await media.media([...ids, "m0"]);
    expect(calls.map((c) => c.length)).toEqual([100, 50]);
    expect(out.get("m3")).toMatchObject({
      kind: "video",
      alt: "alt m3",
      video: { durationMs: 6000, hls: { url: "http://m/m3.m3u8" } },
    });
    expect(await media.media([])).toEqual(new Map());
  });

  test("media-service down: an empty map and a warning, not a failed page", async () => {
    const { media, logs } = peer({ down: true });
    expect((await media.media(["a"])).size).toBe(0);
    expect(logs.join("\n")).toContain("media-service unavailable");
  });
});
