import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startAnalyticsService } from "./support/analytics-harness.ts";

// Issue 19: anonymous ingestion had no rate limit. Batches are limited per anonymous device, per
// signed-in account and per client IP (the shared cache's sliding windows).
describe("ingestion rate limits", () => {
  let h: Awaited<ReturnType<typeof startAnalyticsService>>;
  beforeAll(async () => {
    h = await startAnalyticsService({
      env: {
        ANALYTICS_RATE_LIMIT_DEVICE: "3/1m",
        ANALYTICS_RATE_LIMIT_ACCOUNT: "2/1m,5/1h",
        ANALYTICS_RATE_LIMIT_IP: "5/1m",
      },
    });
  }, 30_000);
  afterAll(async () => {
    await h?.close();
  });

  const batch = (deviceId?: string) =>
    JSON.stringify({
      ...(deviceId ? { deviceId } : {}),
      events: [
        { id: crypto.randomUUID(), name: "app_open", occurredAt: new Date().toISOString(), properties: {} },
      ],
    });
  const send = (body: string, opts: { token?: string; ip?: string } = {}) =>
    h.request("/api/v1/analytics/events", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      ...opts,
    });

  test("per anonymous device: the batch over the limit is a 429 problem with Retry-After, and stores nothing", async () => {
    const device = crypto.randomUUID();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await send(batch(device))).status);
    const refused = await send(batch(device));
    expect([...statuses, refused.status]).toEqual([202, 202, 202, 429]);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("ratelimit-policy")).toBe('"events-device-1m";q=3;w=60');
    expect(((await refused.json()) as { code: string }).code).toBe("rate_limited");
    const day = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
    const stored = await h.ctx.store.metricsByDay(
      { from: day, to: new Date(day.getTime() + 2 * 86_400_000), timeZone: "UTC" },
      ["app_open"],
    );
    // The first test of this file: the three accepted batches' events only.
    expect(stored.reduce((n, r) => n + r.count, 0)).toBe(3);
    // Another device is not affected.
    expect((await send(batch(crypto.randomUUID()))).status).toBe(202);
  });

  test("per client IP: anonymous clients making up a new device id per batch share their address's limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await send(batch(crypto.randomUUID()), { ip: "203.0.113.7" })).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    expect((await send(batch(crypto.randomUUID()), { ip: "203.0.113.8" })).status).toBe(202);
  });

  test("signed-in: per account, whatever the device", async () => {
    const me = await h.user();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await send(batch(), { token: me.token })).status);
    expect(statuses).toEqual([202, 202, 429]);
    const other = await h.user();
    expect((await send(batch(), { token: other.token })).status).toBe(202);
  });
});
