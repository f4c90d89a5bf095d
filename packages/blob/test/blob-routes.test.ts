import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBlobRoutes, createFsBlobStore } from "../src/index.ts";

const root = await mkdtemp(join(tmpdir(), "nova-blob-routes-"));
afterAll(() => rm(root, { recursive: true, force: true }));

let clock = Date.parse("2026-01-01T00:00:00Z");
const store = createFsBlobStore({
  root,
  publicBaseUrl: "http://media.test",
  signingSecret: "routes-test-secret-with-32-characters",
  now: () => clock,
});
const app = createBlobRoutes(store);

describe("createBlobRoutes", () => {
  test("a tampered signature is a 403 problem+json with a stable code", async () => {
    await store.put("a/b.txt", "hi");
    const url = (await store.presignGet("a/b.txt", { expiresInSeconds: 60 })).replace(
      "signature=",
      "signature=x",
    );
    const res = await app.request(url);
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect((await res.json()).code).toBe("permission_denied");
  });

  test("expiry follows the store's clock; a valid URL serves the bytes", async () => {
    const url = await store.presignGet("a/b.txt", { expiresInSeconds: 60 });
    const ok = await app.request(url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("hi");
    expect(ok.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(ok.headers.get("x-content-type-options")).toBe("nosniff");
    clock += 61_000;
    expect((await app.request(url)).status).toBe(403);
  });

  test("a PUT URL signed for one content type refuses another, and cannot be used for GET", async () => {
    const url = await store.presignPut("up/x.png", { expiresInSeconds: 60, contentType: "image/png" });
    const wrong = await app.request(url, {
      method: "PUT",
      body: "x",
      headers: { "content-type": "text/plain" },
    });
    expect(wrong.status).toBe(403);
    expect((await app.request(url)).status).toBe(403);
    const right = await app.request(url, {
      method: "PUT",
      body: "png",
      headers: { "content-type": "image/png" },
    });
    expect(right.status).toBe(200);
    expect((await store.head("up/x.png"))?.contentType).toBe("image/png");
  });

  test("a valid URL for a missing object is a 404 problem", async () => {
    const res = await app.request(await store.presignGet("nothing/here", { expiresInSeconds: 60 }));
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe("not_found");
  });
});
