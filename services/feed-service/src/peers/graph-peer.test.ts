import { afterAll, describe, expect, test } from "bun:test";
import type { Client } from "@connectrpc/connect";
import { createEmbeddedCacheStore, createInstanceCache } from "@nova/cache";
import {
  BlockCreatedSchema,
  BlockDeletedSchema,
  type GraphService,
  MuteCreatedSchema,
  MuteDeletedSchema,
} from "@nova/proto/graph/v1";
import type { ServiceContext } from "../context.ts";
import { createTimelineStore } from "../domain/timeline-store.ts";
import { applyGraphEvent } from "../events/apply-graph-event.ts";
import { deliveredEvent } from "../testing/delivered-event.ts";
import { createGraphPeer, type HiddenAuthors } from "./graph-peer.ts";

const store = createEmbeddedCacheStore();
afterAll(() => store.close());

/** graph as a recording fake of ListBlockedAndMuted over `blocks` (blocker → blocked) and `mutes`. */
async function world() {
  const held = await createInstanceCache<HiddenAuthors>({
    store,
    name: `hidden-${Math.random()}`,
    maxEntries: 100,
    ttlMs: 60_000,
  });
  const blocks: [string, string][] = [];
  const mutes: [string, string][] = [];
  let asked = 0;
  const client = {
    listBlockedAndMuted: async ({ accountId }: { accountId: string }) => {
      asked++;
      return {
        blockingIds: blocks.filter(([a]) => a === accountId).map(([, b]) => b),
        blockedByIds: blocks.filter(([, b]) => b === accountId).map(([a]) => a),
        mutingIds: mutes.filter(([a]) => a === accountId).map(([, b]) => b),
      };
    },
  } as unknown as Client<typeof GraphService>;
  const graph = createGraphPeer(client, held);
  const ctx = {
    graph,
    timelines: createTimelineStore(store, 100),
    homeUpdates: { announceGraphChange: async () => {} },
    log: { warn: () => {} },
  } as unknown as ServiceContext;
  const hidden = async (id: string) => {
    const h = await graph.hiddenAuthors(id);
    return { blocked: [...h.blocked].sort(), muted: [...h.muted].sort() };
  };
  return { graph, ctx, blocks, mutes, asked: () => asked, hidden, close: () => held.close() };
}

describe("hidden authors held per instance", () => {
  test("graph is asked once per viewer; `fresh` always asks", async () => {
    const w = await world();
    w.blocks.push(["a", "b"]);
    expect(await w.hidden("a")).toEqual({ blocked: ["b"], muted: [] });
    expect(await w.hidden("a")).toEqual({ blocked: ["b"], muted: [] });
    expect(w.asked()).toBe(1);
    w.mutes.push(["a", "m"]);
    expect([...(await w.graph.hiddenAuthors("a", { fresh: true })).muted]).toEqual(["m"]);
    expect(w.asked()).toBe(2);
    await w.close();
  });

  test("a block or mute, made or undone, drops the held answer of the accounts it concerns", async () => {
    const w = await world();
    for (const id of ["a", "b", "c"]) await w.hidden(id);
    // a blocks b: both accounts' answers change (blocked either way), c's is kept.
    w.blocks.push(["a", "b"]);
    await applyGraphEvent(w.ctx, deliveredEvent(BlockCreatedSchema, { blockerId: "a", blockedId: "b" }));
    expect(await w.hidden("a")).toEqual({ blocked: ["b"], muted: [] });
    expect(await w.hidden("b")).toEqual({ blocked: ["a"], muted: [] });
    const before = w.asked();
    await w.hidden("c");
    expect(w.asked()).toBe(before);

    w.blocks.length = 0;
    await applyGraphEvent(w.ctx, deliveredEvent(BlockDeletedSchema, { blockerId: "a", blockedId: "b" }));
    expect(await w.hidden("b")).toEqual({ blocked: [], muted: [] });

    w.mutes.push(["c", "a"]);
    await applyGraphEvent(w.ctx, deliveredEvent(MuteCreatedSchema, { muterId: "c", mutedId: "a" }));
    expect(await w.hidden("c")).toEqual({ blocked: [], muted: ["a"] });
    w.mutes.length = 0;
    await applyGraphEvent(w.ctx, deliveredEvent(MuteDeletedSchema, { muterId: "c", mutedId: "a" }));
    expect(await w.hidden("c")).toEqual({ blocked: [], muted: [] });
    await w.close();
  });
});
