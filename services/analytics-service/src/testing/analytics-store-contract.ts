import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { AnalyticsStore } from "../store/analytics-store.ts";
import type { EventRow } from "../store/event-row.ts";
import { eventRow } from "./event-rows.ts";

const at = (iso: string) => new Date(iso);
const uuid = () => crypto.randomUUID();

/**
 * One fixed data set (March 2026; Monday 2026-03-02) and the numbers it must give, computed by hand
 * in the comments. Every adapter runs this suite: PostgreSQL tables in `bun run test`, ClickHouse
 * (chDB's HTTP server) in `bun run test:infra`.
 */
export function describeAnalyticsStoreContract(
  name: string,
  open: () => Promise<AnalyticsStore>,
  /**
   * Which funnel reads are ClickHouse's `windowFunnel` (it differs from `funnelCounts` on same-instant
   * and repeated steps): `all` (a ClickHouse store keeping no funnel), `unkept` (every read but a
   * configured funnel's over whole local days of a kept zone); PostgreSQL: none.
   */
  windowFunnelReads?: "all" | "unkept",
) {
  describe(`analytics store contract: ${name}`, () => {
    let store: AnalyticsStore;
    const [A, B, C, D, E, F, G, I] = Array.from({ length: 8 }, uuid) as string[] as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const H = uuid(); // an anonymous device
    const P1 = uuid();
    const row = (name: string, accountId: string | null, when: string, extra: Partial<EventRow> = {}) =>
      eventRow(name, accountId, at(when), extra);
    const utc = (from: string, to: string, timeZone = "UTC") => ({ from: at(from), to: at(to), timeZone });

    // Signups: A Mon 03-02, B Wed 03-04, C Sun 03-08 23:30 UTC (Mon 03-09 in Tokyo), D Tue 03-10.
    const signups = [
      row("signup", A, "2026-03-02T10:00:00Z"),
      row("signup", B, "2026-03-04T12:00:00Z"),
      row("signup", C, "2026-03-08T23:30:00Z"),
      row("signup", D, "2026-03-10T08:00:00Z"),
    ];
    // Later activity: A 03-10 and 03-17, B 03-11, D 03-18; C never again.
    const activity = [
      row("app_open", A, "2026-03-10T12:00:00Z", { source: "client" }),
      row("app_open", B, "2026-03-11T12:00:00Z", { source: "client" }),
      row("app_open", A, "2026-03-17T12:00:00Z", { source: "client" }),
      row("app_open", D, "2026-03-18T12:00:00Z", { source: "client" }),
    ];
    // A's post P1 and what happens to it, on days its actors were active anyway.
    const engagement = [
      row("post", A, "2026-03-02T11:00:00Z", { postId: P1 }),
      row("post_impression", B, "2026-03-04T12:59:00Z", { postId: P1, surface: "home", source: "client" }),
      row("post_open", B, "2026-03-04T13:00:00Z", { postId: P1, surface: "home", source: "client" }),
      row("like", B, "2026-03-04T13:01:00Z", { postId: P1 }),
      row("comment", C, "2026-03-08T23:40:00Z", { postId: P1 }),
      row("post_impression", D, "2026-03-10T09:00:00Z", { postId: P1, surface: "explore", source: "client" }),
      row("follow", B, "2026-03-11T12:30:00Z", { targetAccountId: A }),
    ];
    // Funnel app_open → post_open → like, window 1 h, on 03-20:
    //   E: 10:00, 10:10, 10:20                           → 3 steps
    //   F: app_open 10:00, like 10:05, post_open 10:30   → 2 (the like came before the open)
    //   G: app_open 10:00, post_open 11:30 (too late); app_open 12:00, post_open 12:20, like 13:30 → 2
    //   device H: post_open 10:00, app_open 10:05        → 1
    //   I: like 09:00                                    → 0
    //   reached: [4, 3, 1]
    const funnel = [
      row("app_open", E, "2026-03-20T10:00:00Z"),
      row("post_open", E, "2026-03-20T10:10:00Z", { postId: P1 }),
      row("like", E, "2026-03-20T10:20:00Z", { postId: P1 }),
      row("app_open", F, "2026-03-20T10:00:00Z"),
      row("like", F, "2026-03-20T10:05:00Z", { postId: P1 }),
      row("post_open", F, "2026-03-20T10:30:00Z", { postId: P1 }),
      row("app_open", G, "2026-03-20T10:00:00Z"),
      row("post_open", G, "2026-03-20T11:30:00Z", { postId: P1 }),
      row("app_open", G, "2026-03-20T12:00:00Z"),
      row("post_open", G, "2026-03-20T12:20:00Z", { postId: P1 }),
      row("like", G, "2026-03-20T13:30:00Z", { postId: P1 }),
      row("post_open", null, "2026-03-20T10:00:00Z", { deviceId: H, postId: P1, source: "client" }),
      row("app_open", null, "2026-03-20T10:05:00Z", { deviceId: H, source: "client" }),
      row("like", I, "2026-03-20T09:00:00Z", { postId: P1 }),
    ];
    const all = [...signups, ...activity, ...engagement, ...funnel];

    beforeAll(async () => {
      store = await open();
      // Two batches, the second repeating one row of the first and one of its own.
      const half = Math.floor(all.length / 2);
      const first = all.slice(0, half);
      const second = all.slice(half);
      expect(await store.insert(first)).toBe(first.length);
      expect(await store.insert([...second, first[0] as EventRow, second[0] as EventRow])).toBe(
        second.length,
      );
    }, 60_000);
    afterAll(async () => {
      await store?.close();
    });

    test("dedup by id: a known id, in a later batch or twice in one, is not stored again", async () => {
      expect(await store.insert(all.slice(0, 5))).toBe(0);
      const fresh = row("screen_view", A, "2026-03-25T10:00:00Z");
      expect(await store.insert([fresh, fresh])).toBe(1);
      const march25 = utc("2026-03-25T00:00:00Z", "2026-03-26T00:00:00Z");
      expect(await store.metricsByDay(march25, ["screen_view"])).toEqual([
        { day: "2026-03-25", name: "screen_view", surface: "", count: 1 },
      ]);
    });

    test("active users per day, week and month equal the distinct actors of the raw events", async () => {
      const range = utc("2026-03-02T00:00:00Z", "2026-03-19T00:00:00Z");
      expect(await store.activeUsers(range, "day")).toEqual([
        { start: "2026-03-02", activeUsers: 1 }, // A
        { start: "2026-03-04", activeUsers: 1 }, // B
        { start: "2026-03-08", activeUsers: 1 }, // C
        { start: "2026-03-10", activeUsers: 2 }, // A, D
        { start: "2026-03-11", activeUsers: 1 }, // B
        { start: "2026-03-17", activeUsers: 1 }, // A
        { start: "2026-03-18", activeUsers: 1 }, // D
      ]);
      expect(await store.activeUsers(range, "week")).toEqual([
        { start: "2026-03-02", activeUsers: 3 }, // A, B, C
        { start: "2026-03-09", activeUsers: 3 }, // A, B, D
        { start: "2026-03-16", activeUsers: 2 }, // A, D
      ]);
      expect(await store.activeUsers(range, "month")).toEqual([{ start: "2026-03-01", activeUsers: 4 }]);
      expect(await store.distinctActive(range)).toBe(4);
    });

    test("the time zone moves events across day and week boundaries", async () => {
      // Tokyo is UTC+9: C's 03-08 23:30 UTC is 03-09 08:30 there.
      const tokyo = utc("2026-03-07T15:00:00Z", "2026-03-09T15:00:00Z", "Asia/Tokyo");
      expect(await store.activeUsers(tokyo, "day")).toEqual([{ start: "2026-03-09", activeUsers: 1 }]);
    });

    test("engagement per day and surface equals the raw counts", async () => {
      const range = utc("2026-03-02T00:00:00Z", "2026-03-12T00:00:00Z");
      const rows = await store.metricsByDay(range, [
        "post",
        "like",
        "comment",
        "follow",
        "post_impression",
        "post_open",
      ]);
      expect(rows).toEqual([
        { day: "2026-03-02", name: "post", surface: "", count: 1 },
        { day: "2026-03-04", name: "like", surface: "", count: 1 },
        { day: "2026-03-04", name: "post_impression", surface: "home", count: 1 },
        { day: "2026-03-04", name: "post_open", surface: "home", count: 1 },
        { day: "2026-03-08", name: "comment", surface: "", count: 1 },
        { day: "2026-03-10", name: "post_impression", surface: "explore", count: 1 },
        { day: "2026-03-11", name: "follow", surface: "", count: 1 },
      ]);
    });

    test("creator numbers: the author's posts, per post and day; follower growth", async () => {
      expect(await store.postsOf(A)).toEqual([P1]);
      expect(await store.postsOf(B)).toEqual([]);
      const range = utc("2026-03-02T00:00:00Z", "2026-03-12T00:00:00Z");
      const names = ["post_impression", "post_open", "like", "comment", "repost"];
      expect(await store.subjectsByDay(range, [P1], names)).toEqual([
        { subjectId: P1, day: "2026-03-04", name: "like", count: 1 },
        { subjectId: P1, day: "2026-03-04", name: "post_impression", count: 1 },
        { subjectId: P1, day: "2026-03-04", name: "post_open", count: 1 },
        { subjectId: P1, day: "2026-03-08", name: "comment", count: 1 },
        { subjectId: P1, day: "2026-03-10", name: "post_impression", count: 1 },
      ]);
      expect(await store.subjectsByDay(range, [A], ["follow", "unfollow"])).toEqual([
        { subjectId: A, day: "2026-03-11", name: "follow", count: 1 },
      ]);
    });

    test("weekly retention on the fixed data set (hand-computed)", async () => {
      // Cohort 03-02: A, B, C (3). Week 0: all 3 (their signup). Week 1 (03-09..15): A, B → 2. Week 2: A → 1.
      // Cohort 03-09: D (1). Week 0: 1. Week 1 (03-16..22): D on 03-18 → 1. Cohort 03-16: nobody.
      const r = await store.retention(utc("2026-03-02T00:00:00Z", "2026-03-23T00:00:00Z"), 3);
      expect(Object.fromEntries(r.sizes)).toEqual({ "2026-03-02": 3, "2026-03-09": 1 });
      expect(r.rows).toEqual([
        { cohort: "2026-03-02", week: 0, accounts: 3 },
        { cohort: "2026-03-02", week: 1, accounts: 2 },
        { cohort: "2026-03-02", week: 2, accounts: 1 },
        { cohort: "2026-03-09", week: 0, accounts: 1 },
        { cohort: "2026-03-09", week: 1, accounts: 1 },
      ]);
      // In Tokyo, C signed up on Monday 03-09: cohort 03-02 is A, B; cohort 03-09 is C, D.
      // 03-09: week 0 C and D → 2; week 1 D → 1.
      const tokyo = await store.retention(
        utc("2026-03-01T15:00:00Z", "2026-03-22T15:00:00Z", "Asia/Tokyo"),
        3,
      );
      expect(Object.fromEntries(tokyo.sizes)).toEqual({ "2026-03-02": 2, "2026-03-09": 2 });
      expect(tokyo.rows).toEqual([
        { cohort: "2026-03-02", week: 0, accounts: 2 },
        { cohort: "2026-03-02", week: 1, accounts: 2 },
        { cohort: "2026-03-02", week: 2, accounts: 1 },
        { cohort: "2026-03-09", week: 0, accounts: 2 },
        { cohort: "2026-03-09", week: 1, accounts: 1 },
      ]);
    });

    test("ordered funnel within a window (hand-computed: 4, 3, 1)", async () => {
      const q = { ...utc("2026-03-20T00:00:00Z", "2026-03-21T00:00:00Z"), windowMs: 3_600_000 };
      expect(await store.funnel({ ...q, steps: ["app_open", "post_open", "like"] })).toEqual([4, 3, 1]);
      // Two steps, wider window: G's 10:00 → 11:30 now counts; still E, F, G.
      expect(await store.funnel({ ...q, windowMs: 3 * 3_600_000, steps: ["app_open", "post_open"] })).toEqual(
        [4, 3],
      );
    });

    test("erasing an account removes its rows, its share of the rollups and its posts' numbers; twice is harmless", async () => {
      const range = utc("2026-03-02T00:00:00Z", "2026-03-19T00:00:00Z");
      expect(await store.eraseAccount(C)).toBe(2); // signup, comment
      expect(await store.eraseAccount(C)).toBe(0);
      expect((await store.activeUsers(range, "week"))[0]).toEqual({ start: "2026-03-02", activeUsers: 2 });
      // C's only active day (03-08 UTC) is gone from the daily counts; the rest is unchanged.
      expect(await store.activeUsers(range, "day")).toEqual([
        { start: "2026-03-02", activeUsers: 1 },
        { start: "2026-03-04", activeUsers: 1 },
        { start: "2026-03-10", activeUsers: 2 },
        { start: "2026-03-11", activeUsers: 1 },
        { start: "2026-03-17", activeUsers: 1 },
        { start: "2026-03-18", activeUsers: 1 },
      ]);
      const comments = await store.metricsByDay(range, ["comment"]);
      expect(comments).toEqual([]);
      const r = await store.retention(utc("2026-03-02T00:00:00Z", "2026-03-23T00:00:00Z"), 3);
      expect(r.sizes.get("2026-03-02")).toBe(2);
      expect(await store.eventsOf(C, 100)).toEqual([]);

      // A: its own 5 rows (signup, 2 app_open, post, the screen_view of the dedup test), and B's follow of A (its target).
      expect(await store.eraseAccount(A)).toBe(6);
      expect(await store.postsOf(A)).toEqual([]);
      expect(await store.subjectsByDay(range, [P1, A], ["like", "post_impression", "follow"])).toEqual([]);
      expect(await store.metricsByDay(range, ["post", "follow"])).toEqual([]);
      // B's like of P1 is B's own activity and stays in the totals.
      expect(await store.metricsByDay(range, ["like"])).toEqual([
        { day: "2026-03-04", name: "like", surface: "", count: 1 },
      ]);
      expect(await store.distinctActive(range)).toBe(2); // B, D
      expect(await store.activeUsers(range, "day")).toEqual([
        { start: "2026-03-04", activeUsers: 1 }, // B
        { start: "2026-03-10", activeUsers: 1 }, // D
        { start: "2026-03-11", activeUsers: 1 }, // B
        { start: "2026-03-18", activeUsers: 1 }, // D
      ]);
      expect((await store.eventsOf(B, 100)).map((e) => e.name).sort()).toEqual(
        ["app_open", "like", "post_impression", "post_open", "signup"].sort(),
      );
    });

    test("erasing an account takes it out of the funnel (E reached all 3 steps: 4, 3, 1 → 3, 2, 0)", async () => {
      const q = { ...utc("2026-03-20T00:00:00Z", "2026-03-21T00:00:00Z"), windowMs: 3_600_000 };
      expect(await store.eraseAccount(E)).toBe(3);
      expect(await store.funnel({ ...q, steps: ["app_open", "post_open", "like"] })).toEqual([3, 2, 0]);
      expect(await store.funnel({ ...q, windowMs: 3 * 3_600_000, steps: ["app_open", "post_open"] })).toEqual(
        [3, 2],
      );
    });

    test("daily actives across a DST change (Paris 2026-03-29 has 23 hours), with erasure", async () => {
      // J 03-28 23:30 UTC = 03-29 00:30 in Paris (UTC+1). K 03-29 21:30 UTC = 23:30 in Paris (UTC+2
      // since 01:00 UTC), and 03-29 22:10 UTC = 03-30 00:10 there. No signups: no cohort changes.
      const [J, K] = [uuid(), uuid()];
      await store.insert([
        row("app_open", J, "2026-03-28T23:30:00Z"),
        row("app_open", K, "2026-03-29T21:30:00Z"),
      ]);
      await store.insert([
        row("app_open", K, "2026-03-29T22:10:00Z"),
        row("app_open", K, "2026-03-29T21:50:00Z"),
      ]);
      const paris = utc("2026-03-27T23:00:00Z", "2026-03-30T22:00:00Z", "Europe/Paris"); // 03-28..03-30
      expect(await store.activeUsers(paris, "day")).toEqual([
        { start: "2026-03-29", activeUsers: 2 }, // J, K
        { start: "2026-03-30", activeUsers: 1 }, // K
      ]);
      expect(await store.activeUsers(utc("2026-03-28T00:00:00Z", "2026-03-31T00:00:00Z"), "day")).toEqual([
        { start: "2026-03-28", activeUsers: 1 }, // J
        { start: "2026-03-29", activeUsers: 1 }, // K
      ]);
      // A range that starts mid-day counts only the hours inside it: K's 22:10 UTC.
      expect(await store.activeUsers(utc("2026-03-29T22:00:00Z", "2026-03-30T00:00:00Z"), "day")).toEqual([
        { start: "2026-03-29", activeUsers: 1 },
      ]);
      expect(await store.eraseAccount(K)).toBe(3);
      expect(await store.eraseAccount(K)).toBe(0);
      expect(await store.activeUsers(paris, "day")).toEqual([{ start: "2026-03-29", activeUsers: 1 }]);
    });

    test("half-hour (Asia/Kolkata) and 45-minute (Asia/Kathmandu) zones cut days at their own midnights", async () => {
      // Kolkata is UTC+5:30 (midnight 18:30 UTC), Kathmandu UTC+5:45 (midnight 18:15 UTC).
      //   N app_open 04-10 18:10 UTC: Kolkata 04-10 23:40, Kathmandu 04-10 23:55
      //   L app_open 04-10 18:20 UTC: Kolkata 04-10 23:50, Kathmandu 04-11 00:05
      //   L like PL  04-10 18:25 UTC: Kolkata 04-10 23:55, Kathmandu 04-11 00:10
      //   M like PL  04-10 18:40 UTC: Kolkata 04-11 00:10, Kathmandu 04-11 00:25
      // Rounded to the UTC hour (18:00) they would all fall on one local day.
      const [L, M, N, PL] = [uuid(), uuid(), uuid(), uuid()];
      await store.insert([
        row("app_open", N, "2026-04-10T18:10:00Z"),
        row("app_open", L, "2026-04-10T18:20:00Z"),
        row("like", L, "2026-04-10T18:25:00Z", { postId: PL }),
        row("like", M, "2026-04-10T18:40:00Z", { postId: PL }),
      ]);
      const kolkata = utc("2026-04-09T18:30:00Z", "2026-04-11T18:30:00Z", "Asia/Kolkata"); // 04-10..04-11
      const kathmandu = utc("2026-04-09T18:15:00Z", "2026-04-11T18:15:00Z", "Asia/Kathmandu");
      expect(await store.activeUsers(kolkata, "day")).toEqual([
        { start: "2026-04-10", activeUsers: 2 }, // L, N
        { start: "2026-04-11", activeUsers: 1 }, // M
      ]);
      expect(await store.activeUsers(kathmandu, "day")).toEqual([
        { start: "2026-04-10", activeUsers: 1 }, // N
        { start: "2026-04-11", activeUsers: 2 }, // L, M
      ]);
      expect(await store.activeUsers(kathmandu, "week")).toEqual([{ start: "2026-04-06", activeUsers: 3 }]);
      // One local day: Kolkata 04-11 is M alone; Kathmandu 04-11 is L and M.
      expect(
        await store.distinctActive(utc("2026-04-10T18:30:00Z", "2026-04-11T18:30:00Z", "Asia/Kolkata")),
      ).toBe(1);
      expect(
        await store.distinctActive(utc("2026-04-10T18:15:00Z", "2026-04-11T18:15:00Z", "Asia/Kathmandu")),
      ).toBe(2);
      expect(await store.metricsByDay(kolkata, ["app_open", "like"])).toEqual([
        { day: "2026-04-10", name: "app_open", surface: "", count: 2 },
        { day: "2026-04-10", name: "like", surface: "", count: 1 },
        { day: "2026-04-11", name: "like", surface: "", count: 1 },
      ]);
      expect(await store.metricsByDay(kathmandu, ["app_open", "like"])).toEqual([
        { day: "2026-04-10", name: "app_open", surface: "", count: 1 },
        { day: "2026-04-11", name: "app_open", surface: "", count: 1 },
        { day: "2026-04-11", name: "like", surface: "", count: 2 },
      ]);
      expect(await store.subjectsByDay(kolkata, [PL], ["like"])).toEqual([
        { subjectId: PL, day: "2026-04-10", name: "like", count: 1 },
        { subjectId: PL, day: "2026-04-11", name: "like", count: 1 },
      ]);
      expect(await store.subjectsByDay(kathmandu, [PL], ["like"])).toEqual([
        { subjectId: PL, day: "2026-04-11", name: "like", count: 2 },
      ]);
    });

    test("funnel steps at one instant and a repeated step: funnelCounts' answer, but where windowFunnel reads", async () => {
      // T: app_open 12:25, app_open and post_open both at 12:38, like 12:50. From the 12:25 start the
      // post_open at 12:38 is strictly later and the like later still: 3 steps. A repeated step
      // (app_open>app_open>post_open): 12:25 → app_open 12:38 → no post_open strictly after 12:38: 2.
      // ClickHouse's windowFunnel restarts at the 12:38 app_open, refuses the post_open of that same
      // instant, and never passes a repeated step: 1 and 1.
      const T = uuid();
      await store.insert([
        row("app_open", T, "2026-05-05T12:25:00Z"),
        row("app_open", T, "2026-05-05T12:38:00Z"),
        row("post_open", T, "2026-05-05T12:38:00Z", { postId: P1 }),
        row("like", T, "2026-05-05T12:50:00Z", { postId: P1 }),
      ]);
      const steps = ["app_open", "post_open", "like"];
      const configured = windowFunnelReads === "all" ? [1, 0, 0] : [1, 1, 1];
      const other = windowFunnelReads ? [1, 0, 0] : [1, 1, 1];
      const day = { ...utc("2026-05-05T00:00:00Z", "2026-05-06T00:00:00Z"), windowMs: 3_600_000 };
      // A configured funnel (when the store keeps it) over a whole UTC day and two Tokyo days.
      expect(await store.funnel({ ...day, steps })).toEqual(configured);
      const tokyo = {
        ...utc("2026-05-04T15:00:00Z", "2026-05-06T15:00:00Z", "Asia/Tokyo"),
        windowMs: 3_600_000,
      };
      expect(await store.funnel({ ...tokyo, steps })).toEqual(configured);
      // The raw events everywhere: an hour, and a funnel no store keeps.
      const hour = { ...utc("2026-05-05T12:00:00Z", "2026-05-05T13:00:00Z"), windowMs: 3_600_000 };
      expect(await store.funnel({ ...hour, steps })).toEqual(other);
      expect(await store.funnel({ ...day, steps: ["app_open", "app_open", "post_open"] })).toEqual(
        windowFunnelReads ? [1, 0, 0] : [1, 1, 0],
      );
    });
  });
}
