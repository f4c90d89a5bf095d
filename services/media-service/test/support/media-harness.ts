import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestCaller } from "@nova/auth/testing";
import { createFsBlobStore } from "@nova/blob";
import type { DatabaseHandle } from "@nova/db";
import { FakeTrustSafety, startServiceUnderTest } from "@nova/kit/testing";
import { MediaService } from "@nova/proto/media/v1";
import sharp from "sharp";
import { createApp } from "../../src/app.ts";
import { loadServiceConfig } from "../../src/config.ts";
import { createContext } from "../../src/context.ts";
import { formUploadLimit } from "../../src/http/mount-media-routes.ts";

export const SIGNING_SECRET = "test-media-signing-secret-0123456789abcdef";

/**
 * media-service in process, its store in a temporary directory (URLs point at http://media.test).
 * `storeNow` sets the store's clock (signed-URL expiry) for tests that let URLs expire; `database`
 * shares another instance's database (two replicas); trust-safety's Check is a fake that allows
 * every image unless a test passes its own `trustSafety` and sets its verdicts.
 */
export async function startMediaService(
  env: Record<string, string> = {},
  options: { storeNow?: () => number; database?: DatabaseHandle; trustSafety?: FakeTrustSafety } = {},
) {
  const root = await mkdtemp(join(tmpdir(), "nova-media-test-"));
  const fs = createFsBlobStore({
    root,
    publicBaseUrl: "http://media.test",
    signingSecret: SIGNING_SECRET,
    ...(options.storeNow && { now: options.storeNow }),
  });
  const h = await startServiceUnderTest(
    { name: "media-service", loadConfig: loadServiceConfig, createContext, createApp },
    {
      env: { MEDIA_PUBLIC_URL: "http://media.test", MEDIA_SIGNING_SECRET: SIGNING_SECRET, ...env },
      overrides: {
        storage: { store: fs, fs },
        clients: { trustSafety: (options.trustSafety ?? new FakeTrustSafety()).client() },
      },
      ...(options.database && { database: options.database }),
      server: (config) => ({ maxBodyBytes: formUploadLimit(config) }),
    },
  );
  return {
    ...h,
    root,
    store: fs,
    rpc: (as?: TestCaller) => h.rpc(MediaService, as),
    /** GET a signed URL through the app (path + query of the URL). */
    fetchUrl: (url: string, init?: RequestInit) => {
      const u = new URL(url);
      return h.request(`${u.pathname}${u.search}`, init);
    },
    close: async () => {
      await h.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A tiny JPEG carrying EXIF orientation 6 (rotate 90°) and a GPS position. */
export function jpegWithExif(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: "#3366aa" } })
    .jpeg()
    .withExif({ IFD0: { Make: "NovaCam" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 0/1" } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** True when an EXIF block holds a GPS IFD pointer (tag 0x8825, either byte order). */
export function hasGps(exif: Buffer | undefined): boolean {
  return !!exif && (exif.includes(Buffer.from([0x25, 0x88])) || exif.includes(Buffer.from([0x88, 0x25])));
}

export function form(
  file: Blob | Uint8Array,
  fields: Record<string, string> = {},
  name = "photo.jpg",
): FormData {
  const f = new FormData();
  f.set("file", file instanceof Blob ? file : new Blob([file as BlobPart]), name);
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}
