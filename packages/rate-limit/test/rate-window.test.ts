import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { parseRateWindows, windowLabel, writeLimitEnv } from "../src/index.ts";

describe("rate windows", () => {
  test("parse `limit/window` lists, shortest window first", () => {
    expect(parseRateWindows("300/1h, 30/1m")).toEqual([
      { limit: 30, windowMs: 60_000 },
      { limit: 300, windowMs: 3_600_000 },
    ]);
    expect(windowLabel(60_000)).toBe("1m");
    expect(windowLabel(86_400_000)).toBe("1d");
    expect(windowLabel(90_000)).toBe("90s");
  });

  test("write-limit variables default, accept `off`, and name the bad part", () => {
    const schema = z.object(writeLimitEnv(["posts"]));
    expect(schema.parse({}).RATE_LIMIT_POSTS).toEqual([
      { limit: 30, windowMs: 60_000 },
      { limit: 300, windowMs: 3_600_000 },
    ]);
    expect(schema.parse({ RATE_LIMIT_POSTS_PER_IP: "off" }).RATE_LIMIT_POSTS_PER_IP).toEqual([]);
    const bad = schema.safeParse({ RATE_LIMIT_POSTS: "30 per minute" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toContain('"30 per minute" is not <limit>/<window>');
  });
});
