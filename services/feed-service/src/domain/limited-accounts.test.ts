import { afterEach, describe, expect, test } from "bun:test";
import { createTestDatabase } from "@nova/testing";
import { limitedAccounts } from "../db/schema/index.ts";
import { createLimitedAccounts } from "./limited-accounts.ts";

const db = await createTestDatabase({ services: ["feed-service"] });
afterEach(() => db.db.delete(limitedAccounts));

describe("limited accounts (feed's table, held per instance)", () => {
  test("this instance's changes apply at once; another's within the snapshot time", async () => {
    let now = Date.parse("2026-12-07T12:00:00Z");
    const clock = () => new Date(now);
    const here = createLimitedAccounts(db.db, { snapshotMs: 5_000, clock });
    const there = createLimitedAccounts(db.db, { snapshotMs: 5_000, clock });
    expect([...(await there.all())]).toEqual([]);
    await here.limit("0193a0b0-0000-7000-8000-000000000001", clock());
    await here.limit("0193a0b0-0000-7000-8000-000000000001", clock()); // a redelivery
    expect([...(await here.all())]).toEqual(["0193a0b0-0000-7000-8000-000000000001"]);
    expect([...(await there.all())]).toEqual([]); // still its snapshot
    now += 5_000;
    expect([...(await there.all())]).toEqual(["0193a0b0-0000-7000-8000-000000000001"]);
    await here.lift("0193a0b0-0000-7000-8000-000000000001");
    expect([...(await here.all())]).toEqual([]);
  });
});
