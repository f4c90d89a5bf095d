import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { signCdnUrl } from "../src/domain/cdn-signer.ts";
import { form, jpegWithExif, startMediaService } from "./support/media-harness.ts";

// The CDN is real nginx (Debian nginx-light has ngx_http_secure_link_module) checking the token the
// way a production edge would; its origin is a directory holding the objects under their keys (in
// production: the private bucket).
const CDN_KEY = "cdn-shared-secret-for-the-test-0123456789";
const dir = await mkdtemp(join(tmpdir(), "nova-media-cdn-"));
const origin = join(dir, "origin");
let port = 0;
let nginx: ReturnType<typeof Bun.spawn> | undefined;
let h: Awaited<ReturnType<typeof startMediaService>>;

function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const p = probe.port;
  probe.stop(true);
  return p;
}

async function startNginx(): Promise<void> {
  port = freePort();
  await mkdir(origin, { recursive: true });
  const conf = join(dir, "nginx.conf");
  await writeFile(
    conf,
    `daemon off;
master_process off;
pid ${join(dir, "nginx.pid")};
error_log ${join(dir, "error.log")} warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${join(dir, "body")};
  proxy_temp_path ${join(dir, "proxy")};
  fastcgi_temp_path ${join(dir, "fastcgi")};
  uwsgi_temp_path ${join(dir, "uwsgi")};
  scgi_temp_path ${join(dir, "scgi")};
  server {
    listen 127.0.0.1:${port};
    location /m/ {
      secure_link $arg_md5,$arg_expires;
      secure_link_md5 "$secure_link_expires$uri ${CDN_KEY}";
      if ($secure_link = "") { return 403; }
      if ($secure_link = "0") { return 410; }
      alias ${origin}/;
    }
  }
}
`,
  );
  nginx = Bun.spawn(["nginx", "-p", dir, "-e", join(dir, "error.log"), "-c", conf], {
    stdout: "ignore",
    stderr: "pipe",
  });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    );
    if (up) return;
    if (nginx.exitCode !== null)
      throw new Error(`nginx exited: ${await new Response(nginx.stderr as ReadableStream).text()}`);
    await Bun.sleep(50);
  }
  throw new Error("nginx did not start");
}

beforeAll(async () => {
  await startNginx();
  h = await startMediaService({
    MEDIA_URL_MODE: "cdn",
    MEDIA_CDN_BASE_URL: `http://127.0.0.1:${port}/m`,
    MEDIA_CDN_SIGNING_KEY: CDN_KEY,
  });
});
afterAll(async () => {
  nginx?.kill();
  await nginx?.exited;
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Copies a stored object to the CDN's origin under its key (what the bucket would hold). */
async function publish(key: string): Promise<void> {
  const bytes = new Uint8Array(await new Response((await h.store.get(key)).body).arrayBuffer());
  await mkdir(dirname(join(origin, key)), { recursive: true });
  await writeFile(join(origin, key), bytes);
}

describe("MEDIA_URL_MODE=cdn (nginx secure_link)", () => {
  test("variant URLs point at the CDN and nginx accepts their token; tampered tokens and paths get 403", async () => {
    const alice = await h.user();
    const res = await h.request("/api/v1/media", {
      method: "POST",
      body: form(await jpegWithExif()),
      token: alice.token,
    });
    expect(res.status).toBe(201);
    const m = await res.json();
    const before = Math.floor(Date.now() / 1000);
    for (const v of m.variants) {
      const url = new URL(v.url);
      expect(url.origin).toBe(`http://127.0.0.1:${port}`);
      expect(url.pathname.startsWith(`/m/media/${alice.id}/${m.id}/`)).toBe(true);
      const expires = Number(url.searchParams.get("expires"));
      expect(expires).toBeGreaterThanOrEqual(before + 3_590);
      expect(expires).toBeLessThanOrEqual(before + 3_601);
      await publish(url.pathname.slice("/m/".length));
      const got = await fetch(url);
      expect(got.status).toBe(200);
      expect((await got.arrayBuffer()).byteLength).toBe(v.size);
    }
    const first = new URL(m.variants[0].url);
    const tampered = new URL(first);
    const md5 = tampered.searchParams.get("md5") as string;
    tampered.searchParams.set("md5", (md5[0] === "A" ? "B" : "A") + md5.slice(1));
    expect((await fetch(tampered)).status).toBe(403);
    const later = new URL(first);
    later.searchParams.set("expires", String(Number(first.searchParams.get("expires")) + 3_600));
    expect((await fetch(later)).status).toBe(403);
    const other = new URL(first);
    other.pathname = new URL(m.variants[1].url).pathname;
    expect((await fetch(other)).status).toBe(403);
  }, 60_000);

  test("an expired token is refused by the CDN; another secret's token too", async () => {
    const key = "media/x/y/expired.txt";
    await mkdir(dirname(join(origin, key)), { recursive: true });
    await writeFile(join(origin, key), "old");
    const baseUrl = `http://127.0.0.1:${port}/m`;
    const now = Math.floor(Date.now() / 1000);
    expect((await fetch(signCdnUrl({ baseUrl, key, secret: CDN_KEY, expires: now + 60 }))).status).toBe(200);
    expect((await fetch(signCdnUrl({ baseUrl, key, secret: CDN_KEY, expires: now - 1 }))).status).toBe(410);
    const foreign = signCdnUrl({ baseUrl, key, secret: `${CDN_KEY}-other`, expires: now + 60 });
    expect((await fetch(foreign)).status).toBe(403);
  });

  test("cdn mode without its base URL or key is refused at start", async () => {
    await expect(startMediaService({ MEDIA_URL_MODE: "cdn" })).rejects.toThrow(/MEDIA_CDN_BASE_URL/);
  });
});
