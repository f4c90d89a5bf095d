import { afterAll, describe, expect, test } from "bun:test";
import { parseTrustedProxies } from "@nova/config";
import { createLogger, createServiceMetrics } from "@nova/observability";
import { createHealth, createServiceServer, currentClientIp, listen, resolveClientIp } from "../src/index.ts";

const proxies = parseTrustedProxies("10.0.0.0/8,fd00::/8");

describe("resolveClientIp", () => {
  test("an untrusted peer is the client, whatever X-Forwarded-For says", () => {
    expect(resolveClientIp("203.0.113.9", "198.51.100.1", proxies)).toBe("203.0.113.9");
    expect(resolveClientIp("203.0.113.9", "<script>alert(1)</script>", proxies)).toBe("203.0.113.9");
  });

  test("from trusted proxies the hops are walked right to left, skipping trusted ones", () => {
    expect(resolveClientIp("10.0.0.2", "198.51.100.1", proxies)).toBe("198.51.100.1");
    // A spoofed left-most hop is not believed: the first untrusted hop from the right is the client.
    expect(resolveClientIp("10.0.0.2", "1.1.1.1, 198.51.100.1, 10.0.0.5", proxies)).toBe("198.51.100.1");
    expect(resolveClientIp("fd00::2", "2001:db8::7, fd00::9", proxies)).toBe("2001:db8::7");
    expect(resolveClientIp("::ffff:10.0.0.2", "::ffff:198.51.100.1", proxies)).toBe("198.51.100.1");
  });

  test("a hop that is not an address stops the walk at the last good one; never a free string", () => {
    expect(resolveClientIp("10.0.0.2", "<script>alert(1)</script>", proxies)).toBe("10.0.0.2");
    expect(resolveClientIp("10.0.0.2", "198.51.100.1, bogus, 10.0.0.3", proxies)).toBe("10.0.0.3");
    expect(resolveClientIp("10.0.0.2", "10.0.0.3", proxies)).toBe("10.0.0.3");
    expect(resolveClientIp(undefined, "198.51.100.1", proxies)).toBeUndefined();
  });
});

describe("client IP on a listening service", () => {
  const seen: { scope?: string }[] = [];
  const make = (trusted: string) =>
    createServiceServer({
      service: "test-service",
      version: "1",
      env: "test",
      description: "client ip",
      log: createLogger({ level: "fatal", base: {}, write: () => {} }),
      metrics: createServiceMetrics({ service: "test-service", version: "1" }),
      health: createHealth({ service: "test-service", version: "1", checks: [] }),
      trustedProxies: parseTrustedProxies(trusted),
      surface: {
        http(app) {
          app.get("/api/v1/whoami", async (c) => {
            await Bun.sleep(1); // the scope survives awaits
            seen.push({ scope: currentClientIp() });
            return c.json({ ok: true });
          });
          // A gzip body is inflated by the edge into a new Request; the address is the socket's still.
          app.post("/api/v1/whoami", async (c) => {
            const text = await c.req.text();
            seen.push({ scope: currentClientIp() });
            return c.json({ text });
          });
        },
      },
    });
  const running: { stop(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const r of running) await r.stop();
  });

  test("the socket peer, and X-Forwarded-For only when the peer is a trusted proxy", async () => {
    const direct = await listen(make(""), { httpPort: 0, grpcPort: null, hostname: "127.0.0.1" });
    const behind = await listen(make("127.0.0.0/8"), { httpPort: 0, grpcPort: null, hostname: "127.0.0.1" });
    running.push(direct, behind);
    const headers = { "x-forwarded-for": "<script>x</script>, 198.51.100.1" };
    await fetch(`http://127.0.0.1:${direct.httpPort}/api/v1/whoami`, { headers });
    await fetch(`http://127.0.0.1:${behind.httpPort}/api/v1/whoami`, { headers });
    await fetch(`http://127.0.0.1:${behind.httpPort}/api/v1/whoami`, {
      headers: { "x-forwarded-for": "<script>x</script>" },
    });
    expect(seen).toEqual([{ scope: "127.0.0.1" }, { scope: "198.51.100.1" }, { scope: "127.0.0.1" }]);
    expect(currentClientIp()).toBeUndefined();
  });

  test("read lazily, it is the socket's peer even after the edge rebuilt the request (gzip body)", async () => {
    seen.length = 0;
    const direct = await listen(make(""), { httpPort: 0, grpcPort: null, hostname: "127.0.0.1" });
    running.push(direct);
    const res = await fetch(`http://127.0.0.1:${direct.httpPort}/api/v1/whoami`, {
      method: "POST",
      headers: { "content-type": "text/plain", "content-encoding": "gzip" },
      body: Bun.gzipSync(new TextEncoder().encode("inflated")),
    });
    expect(await res.json()).toEqual({ text: "inflated" });
    expect(seen).toEqual([{ scope: "127.0.0.1" }]);
  });
});
