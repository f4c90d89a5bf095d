import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import type { OfflineSnapshot, OfflineStore } from "../offline/offline-store.ts";

const snap = (
  entityId: string,
  validFrom: number,
  version: number,
  likes: number,
  entityType: OfflineSnapshot["entityType"] = "post",
): OfflineSnapshot => ({
  entityType,
  entityId,
  validFrom,
  version,
  eventId: Bun.randomUUIDv7(),
  state: { likes },
});

/**
 * The contract every offline store adapter meets: append-only history, point-in-time reads
 * (latest validFrom ≤ at, ties by version), idempotent appends, batch reads, account erasure, clear.
 */
export function describeOfflineStoreContract(label: string, make: () => Promise<OfflineStore>): void {
  describe(`offline store contract (${label})`, () => {
    let store: OfflineStore;
    beforeAll(async () => {
      store = await make();
    });
    afterAll(async () => {
      await store?.close();
    });
    beforeEach(async () => {
      await store.clear();
    });

    test("asOf returns what was known at that time, never a later state", async () => {
      await store.append([snap("p1", 1_000, 1, 1), snap("p1", 2_000, 2, 2), snap("p1", 3_000, 3, 3)]);
      expect((await store.asOf("post", ["p1"], 999)).has("p1")).toBe(false);
      expect((await store.asOf("post", ["p1"], 1_000)).get("p1")?.state.likes).toBe(1);
      expect((await store.asOf("post", ["p1"], 2_999)).get("p1")?.state.likes).toBe(2);
      const latest = (await store.asOf("post", ["p1"], 10_000)).get("p1");
      expect(latest).toEqual({ state: { likes: 3 }, validFrom: 3_000, version: 3 });
    });

    test("snapshots sharing an event time are ordered by version", async () => {
      await store.append([snap("p2", 5_000, 2, 20), snap("p2", 5_000, 1, 10)]);
      expect((await store.asOf("post", ["p2"], 5_000)).get("p2")?.state.likes).toBe(20);
    });

    test("appending the same version twice keeps one row and the same answers", async () => {
      const row = snap("p3", 1_000, 1, 7);
      await store.append([row]);
      await store.append([{ ...row }]);
      const history = await store.history("post", "p3");
      expect(history.map((h) => h.version)).toEqual([1]);
      expect(history[0]?.state).toEqual({ likes: 7 });
      expect((await store.asOf("post", ["p3"], 2_000)).get("p3")?.state.likes).toBe(7);
    });

    test("eraseAccount deletes the account's user, author and pair history, nothing else", async () => {
      await store.append([
        snap("acc", 1_000, 1, 1, "user"),
        snap("acc", 1_000, 1, 1, "author"),
        snap("acc:a2", 1_000, 1, 1, "user_author"),
        snap("u2:acc", 1_000, 1, 1, "user_author"),
        snap("u2:a2", 1_000, 1, 1, "user_author"),
        snap("acc", 1_000, 1, 1, "post"),
        snap("u2", 1_000, 1, 1, "user"),
      ]);
      await store.eraseAccount("acc");
      await store.eraseAccount("acc");
      for (const [type, id] of [
        ["user", "acc"],
        ["author", "acc"],
        ["user_author", "acc:a2"],
        ["user_author", "u2:acc"],
      ] as const)
        expect(await store.history(type, id)).toEqual([]);
      expect((await store.asOf("user_author", ["u2:a2"], 2_000)).has("u2:a2")).toBe(true);
      expect((await store.asOf("user", ["u2"], 2_000)).has("u2")).toBe(true);
      // A post that happens to share the id is not an account entity.
      expect((await store.asOf("post", ["acc"], 2_000)).has("acc")).toBe(true);
    });

    test("batch reads answer per entity and keep entity types apart", async () => {
      await store.append([
        snap("a", 1_000, 1, 1),
        snap("b", 1_500, 1, 5),
        snap("b", 4_000, 2, 6),
        snap("a", 1_000, 1, 99, "author"),
      ]);
      const batch = await store.asOf("post", ["a", "b", "missing"], 2_000);
      expect([...batch.keys()].sort()).toEqual(["a", "b"]);
      expect(batch.get("a")?.state.likes).toBe(1);
      expect(batch.get("b")?.state.likes).toBe(5);
      expect((await store.asOf("author", ["a", "b"], 2_000)).get("a")?.state.likes).toBe(99);
      expect((await store.asOf("post", [], 2_000)).size).toBe(0);
    });

    test("history lists every state oldest first; clear removes it", async () => {
      await store.append([snap("h", 3_000, 2, 2), snap("h", 1_000, 1, 1)]);
      expect((await store.history("post", "h")).map((h) => [h.validFrom, h.version])).toEqual([
        [1_000, 1],
        [3_000, 2],
      ]);
      await store.clear();
      expect(await store.history("post", "h")).toEqual([]);
    });

    test("ping answers", async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
