import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { AnalyticsStore } from "../store/analytics-store.ts";
import type { EventRow } from "../store/event-row.ts";
import { eventRow } from "./event-rows.ts";

type StepHook = (step: string, accountId: string) => void | Promise<void>;

/** Thrown by the test's hook to stop an erasure half-way, as a crash would. */
class SimulatedCrash extends Error {}

/**
 * Account erasure survives a crash at any step. For each step n, an erasure is stopped right after
 * its n-th step; a new store instance on the same storage (a restart) must then show either the
 * data intact or fully erased — never half — and the redelivered AccountDeleted (eraseAccount
 * again) must leave exactly the erased answers, hand-computed below. `setup().open(hook)` opens an
 * instance on one shared storage.
 */
export function describeErasureRecovery(
  name: string,
  setup: () => Promise<{ open(onErasureStep?: StepHook): Promise<AnalyticsStore>; cleanup(): Promise<void> }>,
) {
  describe(`account erasure after a crash at any step: ${name}`, () => {
    let env: Awaited<ReturnType<typeof setup>>;
    beforeAll(async () => {
      env = await setup();
    }, 60_000);
    afterAll(async () => {
      await env?.cleanup();
    });

    test("restart then redelivery completes it; the other account's numbers are untouched", async () => {
      let completedWithoutCrash = false;
      for (let crashAt = 1; crashAt <= 12 && !completedWithoutCrash; crashAt++) {
        // Each round on its own day, with its own accounts: X is erased, Y stays.
        const day = new Date(Date.UTC(2026, 5, crashAt)).toISOString().slice(0, 10);
        const [X, Y, PX] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
        const at = (hhmm: string) => new Date(`${day}T${hhmm}:00Z`);
        const row = (n: string, actor: string, hhmm: string, extra: Partial<EventRow> = {}) =>
          eventRow(n, actor, at(hhmm), extra);
        let steps = 0;
        let armed = true; // only the first erasure is stopped
        const store = await env.open(async (_step, accountId) => {
          if (armed && accountId === X && ++steps === crashAt)
            throw new SimulatedCrash(`crash after step ${crashAt}`);
        });
        await store.insert([
          row("signup", X, "10:00"),
          row("app_open", X, "10:20"),
          row("post", X, "10:30", { postId: PX }),
          row("app_open", Y, "10:40"),
          row("like", Y, "10:45", { postId: PX }),
          row("follow", X, "11:00", { targetAccountId: Y }),
          row("follow", Y, "11:05", { targetAccountId: X }),
        ]);
        const range = {
          from: at("00:00"),
          to: new Date(at("00:00").getTime() + 86_400_000),
          timeZone: "UTC",
        };
        const snapshot = async (s: AnalyticsStore) => ({
          dau: await s.activeUsers(range, "day"),
          mau: await s.distinctActive(range),
          metrics: await s.metricsByDay(range, ["signup", "app_open", "post", "like", "follow"]),
          subjects: await s.subjectsByDay(range, [PX, X, Y], ["like", "follow"]),
          posts: await s.postsOf(X),
          cohorts: Object.fromEntries((await s.retention(range, 1)).sizes),
        });
        const monday = new Date(range.from.getTime() - ((range.from.getUTCDay() + 6) % 7) * 86_400_000)
          .toISOString()
          .slice(0, 10);
        const m = (n: string, count: number) => ({ day, name: n, surface: "", count });
        const intact = {
          dau: [{ start: day, activeUsers: 2 }],
          mau: 2,
          metrics: [m("app_open", 2), m("follow", 2), m("like", 1), m("post", 1), m("signup", 1)],
          subjects: [
            { subjectId: PX, day, name: "like", count: 1 },
            { subjectId: X, day, name: "follow", count: 1 },
            { subjectId: Y, day, name: "follow", count: 1 },
          ].sort((a, b) => a.subjectId.localeCompare(b.subjectId)),
          posts: [PX],
          cohorts: { [monday]: 1 }, // X's signup week
        };
        // X's own rows and Y's follow of X go; Y's app_open and Y's like (of X's post) stay in the
        // totals, X's post's numbers go.
        const erased = {
          dau: [{ start: day, activeUsers: 1 }],
          mau: 1,
          metrics: [m("app_open", 1), m("like", 1)],
          subjects: [],
          posts: [],
          cohorts: {},
        };
        expect(await snapshot(store)).toEqual(intact);

        let crashed = false;
        try {
          expect(await store.eraseAccount(X)).toBe(5);
          completedWithoutCrash = true;
        } catch (err) {
          if (!(err instanceof SimulatedCrash)) throw err;
          crashed = true;
        }
        armed = false;
        if (crashed) {
          const restarted = await env.open();
          const after = await snapshot(restarted);
          expect({ crashAt, state: after.mau === 2 ? "intact" : "erased", after }).toEqual({
            crashAt,
            state: after.mau === 2 ? "intact" : "erased",
            after: after.mau === 2 ? intact : erased,
          });
          await restarted.eraseAccount(X); // the redelivered AccountDeleted
          expect({ crashAt, after: await snapshot(restarted) }).toEqual({ crashAt, after: erased });
        } else expect(await snapshot(store)).toEqual(erased);
        expect(await store.eraseAccount(X)).toBe(0);
        expect(await snapshot(store)).toEqual(erased);
        expect(await store.eventsOf(X, 10)).toEqual([]);
      }
      expect(completedWithoutCrash).toBe(true);
    });
  });
}
