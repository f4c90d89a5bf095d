import { expect, test } from "bun:test";
import { InvalidArgumentError } from "@nova/errors";
import { zonedRange } from "../src/domain/zoned-range.ts";

const now = new Date("2026-12-07T12:00:00Z");

test("local midnights of half-hour and 45-minute zones", () => {
  const kolkata = zonedRange({ from: "2026-12-01", to: "2026-12-01", tz: "Asia/Kolkata" }, now);
  expect([kolkata.from.toISOString(), kolkata.to.toISOString()]).toEqual([
    "2026-11-30T18:30:00.000Z",
    "2026-12-01T18:30:00.000Z",
  ]);
  const kathmandu = zonedRange({ from: "2026-12-01", to: "2026-12-02", tz: "Asia/Kathmandu" }, now);
  expect([kathmandu.from.toISOString(), kathmandu.to.toISOString()]).toEqual([
    "2026-11-30T18:15:00.000Z",
    "2026-12-02T18:15:00.000Z",
  ]);
});

test("a zone whose offset was not a whole quarter hour on the dates asked is refused (422)", () => {
  // Liberia kept UTC-0:44:30 until 1972.
  expect(() => zonedRange({ from: "1970-01-01", to: "1970-01-10", tz: "Africa/Monrovia" }, now)).toThrow(
    InvalidArgumentError,
  );
  expect(
    zonedRange({ from: "2026-01-01", to: "2026-01-10", tz: "Africa/Monrovia" }, now).from.toISOString(),
  ).toBe("2026-01-01T00:00:00.000Z");
});
