import { describe, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import { MediaKind, MediaSchema } from "@nova/proto/media/v1";
import { toMediaObjectView } from "../src/index.ts";

describe("toMediaObjectView", () => {
  test("an image: kind, alt, focus, an empty blurhash as null, variants with their JPEG fallback", () => {
    const view = toMediaObjectView(
      create(MediaSchema, {
        id: "m1",
        kind: MediaKind.IMAGE,
        alt: "a teal square",
        focusX: -0.5,
        focusY: 0.25,
        width: 300,
        height: 400,
        blurhash: "",
        variants: [
          { name: "small", url: "https://m/s.webp", width: 300, height: 400, contentType: "image/webp" },
          {
            name: "large",
            url: "https://m/l.webp",
            width: 600,
            height: 800,
            contentType: "image/webp",
            fallbackUrl: "https://m/l.jpg",
          },
        ],
      }),
    );
    expect(view).toEqual({
      id: "m1",
      kind: "image",
      alt: "a teal square",
      blurhash: null,
      focus: { x: -0.5, y: 0.25 },
      width: 300,
      height: 400,
      variants: [
        { name: "small", url: "https://m/s.webp", width: 300, height: 400, contentType: "image/webp" },
        {
          name: "large",
          url: "https://m/l.webp",
          width: 600,
          height: 800,
          contentType: "image/webp",
          fallbackUrl: "https://m/l.jpg",
        },
      ],
    });
  });

  test("a video carries its duration, HLS master and poster; a gif is a gif", () => {
    const video = toMediaObjectView(
      create(MediaSchema, {
        id: "v1",
        kind: MediaKind.VIDEO,
        blurhash: "LKO2?U%2Tw=w",
        video: { durationMs: 6000n, hlsUrl: "https://m/master.m3u8", posterUrl: "https://m/poster.jpg" },
      }),
    );
    expect(video.kind).toBe("video");
    expect(video.blurhash).toBe("LKO2?U%2Tw=w");
    expect(video.video).toEqual({
      durationMs: 6000,
      hls: { url: "https://m/master.m3u8" },
      poster: { url: "https://m/poster.jpg" },
    });
    expect(toMediaObjectView(create(MediaSchema, { id: "g1", kind: MediaKind.GIF })).kind).toBe("gif");
    expect(toMediaObjectView(create(MediaSchema, { id: "i1", kind: MediaKind.IMAGE })).video).toBeUndefined();
  });
});
