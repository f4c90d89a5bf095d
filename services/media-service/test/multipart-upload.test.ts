import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import { Code, ConnectError } from "@connectrpc/connect";
import { MediaStatus } from "@nova/proto/media/v1";
import { sql } from "drizzle-orm";
import sharp from "sharp";
import { collectAbandonedUploads } from "../src/domain/collect-unattached-media.ts";
import { startMediaService } from "./support/media-harness.ts";

const MiB = 1024 * 1024;
let storeClock = Date.now();
let h: Awaited<ReturnType<typeof startMediaService>>;
beforeAll(async () => {
  h = await startMediaService(
    { MEDIA_MULTIPART_THRESHOLD: String(5 * MiB), MEDIA_MULTIPART_PART_SIZE: String(5 * MiB) },
    { storeNow: () => storeClock },
  );
});
afterAll(() => h?.close());

/** An uncompressed 1400×1400 PNG: ~5.6 MiB, so two parts of at most 5 MiB. */
async function bigPng(): Promise<Uint8Array<ArrayBuffer>> {
  const png = await sharp({ create: { width: 1400, height: 1400, channels: 3, background: "#22aa66" } })
    .png({ compressionLevel: 0 })
    .toBuffer();
  return new Uint8Array(png);
}

interface PartUrl {
  partNumber: number;
  url: string;
  size: number;
}

async function createSession(token: string, contentType: string, size: number) {
  const res = await h.request("/api/v1/media/uploads", {
    method: "POST",
    token,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ contentType, size }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; uploadUrl: string; partSize: number; parts: PartUrl[] };
}

async function putPart(part: PartUrl, file: Uint8Array<ArrayBuffer>, partSize: number) {
  const start = (part.partNumber - 1) * partSize;
  return h.fetchUrl(part.url, { method: "PUT", body: file.slice(start, start + part.size) });
}

function complete(token: string, id: string, body: unknown) {
  return h.request(`/api/v1/media/uploads/${id}/complete`, {
    method: "POST",
    token,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(`${h.root}/${dir}`, { recursive: true }).catch(() => [])).map(String).sort();
}

describe("multipart upload sessions (resumable parts)", () => {
  test("upload part 1, resume from GET (list + fresh URL), upload part 2, complete → a ready image", async () => {
    const alice = await h.user();
    const file = await bigPng();
    const session = await createSession(alice.token, "image/png", file.byteLength);
    expect(session.partSize).toBe(5 * MiB);
    expect(session.parts.map((p) => [p.partNumber, p.size])).toEqual([
      [1, 5 * MiB],
      [2, file.byteLength - 5 * MiB],
    ]);
    expect(session.uploadUrl).toBe((session.parts[0] as PartUrl).url);

    const first = await putPart(session.parts[0] as PartUrl, file, session.partSize);
    expect(first.status).toBe(200);
    const etag1 = (first.headers.get("etag") as string).replaceAll('"', "");

    // The client lost its state: the session says what arrived and re-signs what is missing.
    const state = await (
      await h.request(`/api/v1/media/uploads/${session.id}`, { token: alice.token })
    ).json();
    expect(state).toMatchObject({ status: "pending", declaredSize: file.byteLength, receivedBytes: 5 * MiB });
    expect(state.receivedParts).toEqual([{ partNumber: 1, etag: etag1, size: 5 * MiB }]);
    expect(state.parts.map((p: PartUrl) => p.partNumber)).toEqual([2]);
    const second = await putPart(state.parts[0], file, session.partSize);
    expect(second.status).toBe(200);
    const etag2 = (second.headers.get("etag") as string).replaceAll('"', "");

    // Another account cannot see or complete the session.
    const bob = await h.user();
    expect((await h.request(`/api/v1/media/uploads/${session.id}`, { token: bob.token })).status).toBe(404);

    const res = await complete(alice.token, session.id, {
      alt: "green",
      parts: [
        { partNumber: 1, etag: etag1 },
        { partNumber: 2, etag: `"${etag2}"` },
      ],
    });
    expect(res.status).toBe(201);
    const media = await res.json();
    expect(media).toMatchObject({ kind: "image", status: "ready", width: 1400, height: 1400, alt: "green" });
    const done = await (
      await h.request(`/api/v1/media/uploads/${session.id}`, { token: alice.token })
    ).json();
    expect(done).toMatchObject({ status: "complete", mediaId: media.id });
    // The assembled source is gone once the variants exist (images keep no upload).
    expect((await filesUnder("objects")).filter((f) => f.includes(session.id))).toEqual([]);
  }, 60_000);

  test("a wrong ETag or a missing part is a 412 and the upload stays resumable", async () => {
    const alice = await h.user();
    const file = await bigPng();
    const session = await createSession(alice.token, "image/png", file.byteLength);
    const [p1, p2] = session.parts as [PartUrl, PartUrl];
    const etag1 = ((await putPart(p1, file, session.partSize)).headers.get("etag") as string).replaceAll(
      '"',
      "",
    );

    const missing = await complete(alice.token, session.id, { parts: [{ partNumber: 1, etag: etag1 }] });
    expect(missing.status).toBe(412);
    expect((await missing.json()).detail).toContain("parts not uploaded yet: 2");

    const etag2 = ((await putPart(p2, file, session.partSize)).headers.get("etag") as string).replaceAll(
      '"',
      "",
    );
    const wrong = await complete(alice.token, session.id, {
      parts: [
        { partNumber: 1, etag: etag2 },
        { partNumber: 2, etag: etag2 },
      ],
    });
    expect(wrong.status).toBe(412);
    expect((await wrong.json()).detail).toContain("part 1: etag differs");

    const unordered = await complete(alice.token, session.id, {
      parts: [
        { partNumber: 2, etag: etag2 },
        { partNumber: 1, etag: etag1 },
      ],
    });
    expect(unordered.status).toBe(400);

    const ok = await complete(alice.token, session.id, {
      parts: [
        { partNumber: 1, etag: etag1 },
        { partNumber: 2, etag: etag2 },
      ],
    });
    expect(ok.status).toBe(201);
  }, 60_000);

  test("an expired part URL is a 403; GET on the session signs a new one", async () => {
    const alice = await h.user();
    const file = await bigPng();
    const session = await createSession(alice.token, "image/png", file.byteLength);
    storeClock += 2 * 3_600_000;
    const late = await putPart(session.parts[0] as PartUrl, file, session.partSize);
    expect(late.status).toBe(403);
    expect((await late.json()).code).toBe("permission_denied");
    const state = await (
      await h.request(`/api/v1/media/uploads/${session.id}`, { token: alice.token })
    ).json();
    expect(state.receivedParts).toEqual([]);
    expect(state.parts.map((p: PartUrl) => p.partNumber)).toEqual([1, 2]);
    expect((await putPart(state.parts[0], file, session.partSize)).status).toBe(200);
  }, 60_000);

  test("bytes that are not an image or video: 415 on complete, nothing stored, parts gone", async () => {
    const alice = await h.user();
    const text = new Uint8Array(new TextEncoder().encode("not a picture ".repeat(420_000)));
    const uploadsBefore = await filesUnder("uploads");
    const session = await createSession(alice.token, "image/png", text.byteLength);
    expect(session.parts.length).toBe(2);
    for (const p of session.parts) expect((await putPart(p, text, session.partSize)).status).toBe(200);
    // The parts are on disk until complete (the store's multipart directory).
    expect((await filesUnder("uploads")).length).toBeGreaterThan(uploadsBefore.length);
    const res = await complete(alice.token, session.id, {});
    expect(res.status).toBe(415);
    expect(await filesUnder("uploads")).toEqual(uploadsBefore);
    expect((await filesUnder("objects")).filter((f) => f.includes(session.id))).toEqual([]);
  }, 60_000);

  test("RPC: CreateMediaUpload / GetMediaUpload / CompleteMediaUpload for the token's account", async () => {
    const alice = await h.user();
    const bob = await h.user();
    const file = await bigPng();
    const rpc = h.rpc({ service: null, token: alice.token });
    const { session } = await rpc.createMediaUpload({
      contentType: "image/png",
      size: BigInt(file.byteLength),
    });
    expect(session?.partCount).toBe(2);
    const partSize = Number(session?.partSize);
    const [p1, p2] = (session?.parts ?? []).map((p) => ({ ...p, size: Number(p.size) }));
    const etag1 = ((await putPart(p1 as PartUrl, file, partSize)).headers.get("etag") as string).replaceAll(
      '"',
      "",
    );
    const state = await rpc.getMediaUpload({ id: session?.id as string });
    expect(state.receivedParts.map((p) => [p.partNumber, p.etag])).toEqual([[1, etag1]]);
    expect(state.parts.map((p) => p.partNumber)).toEqual([2]);
    const etag2 = ((await putPart(p2 as PartUrl, file, partSize)).headers.get("etag") as string).replaceAll(
      '"',
      "",
    );
    // Another account's token does not find the session; no token is refused.
    const refused = async (p: Promise<unknown>) =>
      p.then(
        () => "answered",
        (err) => ConnectError.from(err).code,
      );
    expect(
      await refused(h.rpc({ service: null, token: bob.token }).getMediaUpload({ id: session?.id as string })),
    ).toBe(Code.NotFound);
    expect(await refused(h.rpc(null).getMediaUpload({ id: session?.id as string }))).toBe(
      Code.Unauthenticated,
    );
    const done = await rpc.completeMediaUpload({
      id: session?.id as string,
      alt: "via rpc",
      parts: [
        { partNumber: 1, etag: etag1 },
        { partNumber: 2, etag: etag2 },
      ],
    });
    expect(done.media).toMatchObject({
      status: MediaStatus.READY,
      alt: "via rpc",
      width: 1400,
      ownerId: alice.id,
    });
  }, 60_000);

  test("GraphQL: createMediaUpload returns parts; mediaUpload lists them; completeMediaUpload takes parts", async () => {
    const alice = await h.user();
    const file = await bigPng();
    const created = await h.graphql<{
      data: { createMediaUpload: { id: string; partSize: number; parts: PartUrl[] } };
    }>(
      `mutation($size: Int!) { createMediaUpload(contentType: "image/png", size: $size) {
         id partSize partCount parts { partNumber url size } } }`,
      { size: file.byteLength },
      alice.token,
    );
    const s = created.data.createMediaUpload;
    expect(s.parts.length).toBe(2);
    const etags: string[] = [];
    for (const p of s.parts) {
      const put = await putPart(p, file, s.partSize);
      etags.push((put.headers.get("etag") as string).replaceAll('"', ""));
    }
    const listed = await h.graphql<{ data: { mediaUpload: { receivedParts: { partNumber: number }[] } } }>(
      `query($id: ID!) { mediaUpload(id: $id) { status receivedParts { partNumber etag size } } }`,
      { id: s.id },
      alice.token,
    );
    expect(listed.data.mediaUpload.receivedParts.map((p) => p.partNumber)).toEqual([1, 2]);
    const done = await h.graphql<{ data: { completeMediaUpload: { status: string; width: number } } }>(
      `mutation($id: ID!, $parts: [CompletedUploadPart!]) {
         completeMediaUpload(id: $id, parts: $parts) { status width } }`,
      { id: s.id, parts: etags.map((etag, i) => ({ partNumber: i + 1, etag })) },
      alice.token,
    );
    expect(done.data.completeMediaUpload).toEqual({ status: "ready", width: 1400 });
  }, 60_000);
});

describe("abandoned upload sessions", () => {
  test("a session left incomplete for MEDIA_UNATTACHED_TTL is collected: parts aborted, object deleted, 404 after; completed ones stay", async () => {
    const alice = await h.user();
    const file = await bigPng();
    const earlier = await filesUnder("uploads");
    const multipart = await createSession(alice.token, "image/png", file.byteLength);
    expect((await putPart(multipart.parts[0] as PartUrl, file, multipart.partSize)).status).toBe(200);
    const single = await createSession(alice.token, "image/png", 1000);
    expect(
      (
        await h.fetchUrl(single.uploadUrl, {
          method: "PUT",
          headers: { "content-type": "image/png" },
          body: file.slice(0, 1000),
        })
      ).status,
    ).toBe(200);
    const young = await createSession(alice.token, "image/png", 1000);
    const mine = (await filesUnder("uploads")).filter((f) => !earlier.includes(f));
    expect(mine.some((f) => f.endsWith("/part-1"))).toBe(true);

    await h.db.db.execute(
      sql`update media_service.upload_sessions set created_at = now() - interval '25 hours' where id in (${multipart.id}, ${single.id})`,
    );
    expect(await collectAbandonedUploads(h.ctx)).toBe(2);
    for (const id of [multipart.id, single.id]) {
      expect((await h.request(`/api/v1/media/uploads/${id}`, { token: alice.token })).status).toBe(404);
    }
    expect((await h.request(`/api/v1/media/uploads/${young.id}`, { token: alice.token })).status).toBe(200);
    const left = await filesUnder("uploads");
    expect(mine.filter((f) => left.includes(f))).toEqual([]);
    expect((await h.store.list(`uploads/${alice.id}/`)).items.map((i) => i.key)).toEqual([]);
    // A second run finds nothing left to do.
    expect(await collectAbandonedUploads(h.ctx)).toBe(0);
  }, 60_000);
});
