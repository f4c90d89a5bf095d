import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from "@nova/errors";
import { type BlobStore, MIN_PART_SIZE } from "../blob-store.ts";

const bytesOf = async (stream: ReadableStream<Uint8Array>) =>
  new Uint8Array(await new Response(stream).arrayBuffer());
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65_536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65_536)));
  return out;
}

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
      controller.close();
    },
  });
}

/**
 * The behaviour every BlobStore adapter must share, including presigned URLs used by a plain
 * `fetch` (as a mobile client would). All keys live under a random prefix deleted afterwards.
 */
export function describeBlobContract(label: string, makeAdapter: () => Promise<BlobStore>): void {
  describe(`BlobStore contract: ${label}`, () => {
    let store: BlobStore;
    const ns = `novatest-${crypto.randomUUID()}/`;

    beforeAll(async () => {
      store = await makeAdapter();
    });
    afterAll(async () => {
      if (!store) return;
      for (;;) {
        const page = await store.list(ns);
        for (const item of page.items) await store.delete(item.key);
        if (!page.cursor) break;
      }
    });

    test("put bytes, then get streams them back with metadata; head agrees", async () => {
      const body = new TextEncoder().encode("hello blob");
      const put = await store.put(`${ns}a/hello.txt`, body, { contentType: "text/plain" });
      expect(put.size).toBe(body.byteLength);
      expect(put.etag).toBe(createHash("md5").update(body).digest("hex"));
      const got = await store.get(`${ns}a/hello.txt`);
      expect(got.contentType).toBe("text/plain");
      expect(got.size).toBe(body.byteLength);
      expect(new TextDecoder().decode(await bytesOf(got.body))).toBe("hello blob");
      const head = await store.head(`${ns}a/hello.txt`);
      expect(head?.etag).toBe(put.etag);
      expect(head?.lastModified).toBeInstanceOf(Date);
    });

    test("put from a stream of unknown length; a second put replaces the object", async () => {
      await store.put(`${ns}stream.txt`, streamOf("one ", "two ", "three"));
      const first = await store.get(`${ns}stream.txt`);
      expect(first.contentType).toBe("application/octet-stream");
      expect(new TextDecoder().decode(await bytesOf(first.body))).toBe("one two three");
      await store.put(`${ns}stream.txt`, "replaced", { contentType: "text/plain" });
      expect(new TextDecoder().decode(await bytesOf((await store.get(`${ns}stream.txt`)).body))).toBe(
        "replaced",
      );
    });

    test("get with a byte range streams just those bytes; size stays the whole object's", async () => {
      const key = `${ns}range/object.bin`;
      const body = randomBytes(10_000);
      await store.put(key, body, { contentType: "application/octet-stream" });
      const mid = await store.get(key, { range: { start: 100, end: 199 } });
      expect(mid.range).toEqual({ start: 100, end: 199 });
      expect(mid.size).toBe(10_000);
      expect(await bytesOf(mid.body)).toEqual(body.subarray(100, 200));
      const tail = await store.get(key, { range: { start: 9_990 } });
      expect(tail.range).toEqual({ start: 9_990, end: 9_999 });
      expect(await bytesOf(tail.body)).toEqual(body.subarray(9_990));
      const clamped = await store.get(key, { range: { start: 9_000, end: 50_000 } });
      expect(clamped.range).toEqual({ start: 9_000, end: 9_999 });
      await bytesOf(clamped.body);
      expect(store.get(key, { range: { start: 10_000 } })).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(store.get(`${ns}range/absent`, { range: { start: 0 } })).rejects.toBeInstanceOf(NotFoundError);
    });

    test("absent objects: get throws NotFoundError, head is undefined, delete succeeds", async () => {
      await expect(store.get(`${ns}missing`)).rejects.toBeInstanceOf(NotFoundError);
      expect(await store.head(`${ns}missing`)).toBeUndefined();
      await store.put(`${ns}gone`, "x");
      await store.delete(`${ns}gone`);
      await store.delete(`${ns}gone`);
      expect(await store.head(`${ns}gone`)).toBeUndefined();
    });

    test("bad keys and expiries are InvalidArgumentError", async () => {
      await expect(store.put("../escape", "x")).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(store.put(`${ns}a//b`, "x")).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(store.head("")).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(store.presignGet(`${ns}x`, { expiresInSeconds: 0 })).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
    });

    test("list by prefix pages in key order", async () => {
      const keys = ["l/b", "l/a", "l/c/d", "l/c/e", "lx"].map((k) => `${ns}${k}`);
      for (const k of keys) await store.put(k, k);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list(`${ns}l/`, { limit: 2, ...(cursor && { cursor }) });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((i) => i.key));
        cursor = page.cursor;
      } while (cursor);
      expect(seen).toEqual(["l/a", "l/b", "l/c/d", "l/c/e"].map((k) => `${ns}${k}`));
      const sizes = (await store.list(`${ns}l/c/`)).items.map((i) => i.size);
      expect(sizes).toEqual([String(keys[2]).length, String(keys[3]).length]);
    });

    test("presigned PUT and GET work from plain fetch", async () => {
      const key = `${ns}presigned/photo one.jpg`;
      const bytes = randomBytes(200_000);
      const putUrl = await store.presignPut(key, { expiresInSeconds: 300, contentType: "image/jpeg" });
      const put = await fetch(putUrl, {
        method: "PUT",
        body: bytes,
        headers: { "content-type": "image/jpeg" },
      });
      expect(put.status).toBe(200);
      expect((await store.head(key))?.contentType).toBe("image/jpeg");
      const getUrl = await store.presignGet(key, { expiresInSeconds: 300 });
      const got = await fetch(getUrl);
      expect(got.status).toBe(200);
      expect(got.headers.get("content-type")).toBe("image/jpeg");
      expect(sha(new Uint8Array(await got.arrayBuffer()))).toBe(sha(bytes));
    });

    test("a tampered presigned URL is rejected with 403", async () => {
      const key = `${ns}secret.txt`;
      await store.put(key, "private");
      const url = new URL(await store.presignGet(key, { expiresInSeconds: 300 }));
      const name = url.searchParams.has("signature") ? "signature" : "X-Amz-Signature";
      const sig = url.searchParams.get(name) as string;
      url.searchParams.set(name, (sig[0] === "A" ? "B" : "A") + sig.slice(1));
      const res = await fetch(url);
      expect(res.status).toBe(403);
      await res.arrayBuffer();
      // A URL signed for one key does not open another.
      const other = new URL(await store.presignGet(key, { expiresInSeconds: 300 }));
      other.pathname = other.pathname.replace("secret.txt", "gone.txt");
      const res2 = await fetch(other);
      expect(res2.status).toBe(403);
      await res2.arrayBuffer();
    });

    test("an expired presigned URL is rejected with 403", async () => {
      const key = `${ns}expiring.txt`;
      await store.put(key, "soon gone");
      const url = await store.presignGet(key, { expiresInSeconds: 1 });
      await new Promise((r) => setTimeout(r, 2_200));
      const res = await fetch(url);
      expect(res.status).toBe(403);
      await res.arrayBuffer();
    });

    test("multipart upload of more than 5 MiB assembles parts in order", async () => {
      const key = `${ns}video/big.bin`;
      const part1 = randomBytes(MIN_PART_SIZE);
      const part2 = randomBytes(1024 * 1024 + 17);
      const uploadId = await store.createMultipartUpload(key, { contentType: "video/mp4" });
      // Uploaded out of order on purpose: completion orders by partNumber.
      const p2 = await store.uploadPart(key, uploadId, 2, part2);
      const p1 = await store.uploadPart(key, uploadId, 1, part1);
      const meta = await store.completeMultipartUpload(key, uploadId, [p1, p2]);
      expect(meta.size).toBe(part1.byteLength + part2.byteLength);
      const got = await store.get(key);
      expect(got.contentType).toBe("video/mp4");
      const all = new Uint8Array(part1.byteLength + part2.byteLength);
      all.set(part1);
      all.set(part2, part1.byteLength);
      expect(sha(await bytesOf(got.body))).toBe(sha(all));
    }, 60_000);

    test("a streamed put larger than one part (unknown length) arrives intact", async () => {
      const chunk = randomBytes(1024 * 1024);
      const count = 9;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ === count) controller.close();
          else controller.enqueue(chunk.slice());
        },
      });
      let sent = 0;
      const meta = await store.put(`${ns}large-stream.bin`, body);
      expect(meta.size).toBe(count * chunk.byteLength);
      const all = new Uint8Array(count * chunk.byteLength);
      for (let i = 0; i < count; i++) all.set(chunk, i * chunk.byteLength);
      expect(sha(await bytesOf((await store.get(`${ns}large-stream.bin`)).body))).toBe(sha(all));
    }, 60_000);

    test("presigned part URLs: a client PUTs parts with fetch, resumes from listParts, completes", async () => {
      const key = `${ns}video/resumed.bin`;
      const part1 = randomBytes(MIN_PART_SIZE);
      const part2 = randomBytes(300_001);
      const uploadId = await store.createMultipartUpload(key, { contentType: "video/mp4" });
      const putPart = async (n: number, bytes: Uint8Array<ArrayBuffer>) => {
        const url = await store.presignUploadPart(key, uploadId, n, { expiresInSeconds: 300 });
        const res = await fetch(url, { method: "PUT", body: bytes });
        await res.arrayBuffer();
        return res;
      };
      const first = await putPart(1, part1);
      expect(first.status).toBe(200);
      const etag1 = (first.headers.get("etag") ?? "").replaceAll('"', "");
      expect(etag1).toBe(createHash("md5").update(part1).digest("hex"));
      // The client went away; on resume it asks what the store already holds.
      const listed = await store.listParts(key, uploadId);
      expect(listed).toEqual([{ partNumber: 1, etag: etag1, size: part1.byteLength }]);
      const second = await putPart(2, part2);
      expect(second.status).toBe(200);
      const etag2 = (second.headers.get("etag") ?? "").replaceAll('"', "");
      expect((await store.listParts(key, uploadId)).map((p) => p.partNumber)).toEqual([1, 2]);
      // Wrong etag and a part never uploaded are refused, and the upload stays completable.
      await expect(
        store.completeMultipartUpload(key, uploadId, [
          { partNumber: 1, etag: etag1 },
          { partNumber: 2, etag: etag1 },
        ]),
      ).rejects.toBeInstanceOf(FailedPreconditionError);
      await expect(
        store.completeMultipartUpload(key, uploadId, [
          { partNumber: 1, etag: etag1 },
          { partNumber: 3, etag: etag2 },
        ]),
      ).rejects.toBeInstanceOf(FailedPreconditionError);
      const meta = await store.completeMultipartUpload(key, uploadId, [
        { partNumber: 1, etag: etag1 },
        { partNumber: 2, etag: etag2 },
      ]);
      expect(meta.size).toBe(part1.byteLength + part2.byteLength);
      expect((await store.head(key))?.contentType).toBe("video/mp4");
      const all = new Uint8Array(part1.byteLength + part2.byteLength);
      all.set(part1);
      all.set(part2, part1.byteLength);
      expect(sha(await bytesOf((await store.get(key)).body))).toBe(sha(all));
      // Ranged reads work on an assembled object too (the media player's seek).
      const mid = await store.get(key, { range: { start: MIN_PART_SIZE - 2, end: MIN_PART_SIZE + 1 } });
      expect(await bytesOf(mid.body)).toEqual(all.subarray(MIN_PART_SIZE - 2, MIN_PART_SIZE + 2));
    }, 60_000);

    test("a part URL opens only its own part, and not after it expires", async () => {
      const key = `${ns}video/guarded.bin`;
      const uploadId = await store.createMultipartUpload(key);
      const url = new URL(await store.presignUploadPart(key, uploadId, 1, { expiresInSeconds: 300 }));
      // Both adapters carry the part number as the `partNumber` query parameter (S3's own name).
      url.searchParams.set("partNumber", "2");
      const moved = await fetch(url, { method: "PUT", body: "x" });
      expect(moved.status).toBe(403);
      await moved.arrayBuffer();
      const short = await store.presignUploadPart(key, uploadId, 1, { expiresInSeconds: 1 });
      await new Promise((r) => setTimeout(r, 2_200));
      const late = await fetch(short, { method: "PUT", body: "x" });
      expect(late.status).toBe(403);
      await late.arrayBuffer();
      expect(await store.listParts(key, uploadId)).toEqual([]);
      // (listParts after an abort: S3 answers NoSuchUpload, S3Proxy an empty list — not asserted.)
      await store.abortMultipartUpload(key, uploadId);
    });

    test("an aborted multipart upload leaves nothing and cannot be completed", async () => {
      const key = `${ns}aborted.bin`;
      const uploadId = await store.createMultipartUpload(key);
      const part = await store.uploadPart(key, uploadId, 1, randomBytes(1024));
      await store.abortMultipartUpload(key, uploadId);
      await expect(store.completeMultipartUpload(key, uploadId, [part])).rejects.toBeInstanceOf(
        NotFoundError,
      );
      expect(await store.head(key)).toBeUndefined();
    });
  });
}
