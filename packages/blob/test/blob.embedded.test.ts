import { afterAll } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hono } from "hono";
import { createBlobRoutes, createFsBlobStore } from "../src/index.ts";
import { describeBlobContract } from "../src/testing/index.ts";

const root = await mkdtemp(join(tmpdir(), "nova-blob-"));
let app: Hono | undefined;
// The signed URLs point at a real listener serving createBlobRoutes, as the owning service would.
const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => (app as Hono).fetch(req) });

afterAll(async () => {
  server.stop(true);
  await rm(root, { recursive: true, force: true });
});

describeBlobContract("filesystem", async () => {
  const store = createFsBlobStore({
    root,
    publicBaseUrl: `http://127.0.0.1:${server.port}`,
    signingSecret: "test-signing-secret-at-least-32-chars!!",
  });
  app = createBlobRoutes(store);
  return store;
});
