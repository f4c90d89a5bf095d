import { afterEach, describe, expect, test } from "bun:test";
import { createClient, createRouterTransport } from "@connectrpc/connect";
import { createTestServicePki } from "@nova/auth/testing";
import { loadConfig } from "@nova/config";
import type { DatabaseHandle } from "@nova/db";
import { RateLimitedError } from "@nova/errors";
import { EMBEDDED_BUS_MIGRATIONS } from "@nova/events";
import { createOutboxTable } from "@nova/outbox";
import { UserService } from "@nova/proto/user/v1";
import { writeLimitEnv } from "@nova/rate-limit";
import { createTestDatabase, silentLogger } from "@nova/testing";
import { pgSchema } from "drizzle-orm/pg-core";
import { z } from "zod";
import { createServiceContext, type ServiceContextOverrides } from "../src/index.ts";

// user-service's schema and migrations stand in for "a service with an outbox".
const outboxTable = createOutboxTable(pgSchema("user_service"));
const extra = z.object({ ...writeLimitEnv(["follows"]) });
const config = loadConfig("user-service", { LOG_LEVEL: "fatal", RATE_LIMIT_FOLLOWS: "1/1m" }, extra);
const pki = createTestServicePki();
const dbs: DatabaseHandle[] = [];

async function seams(more: ServiceContextOverrides = {}): Promise<ServiceContextOverrides> {
  const db = await createTestDatabase({ services: ["user-service", EMBEDDED_BUS_MIGRATIONS] });
  dbs.push(db);
  return { db, identity: pki.identity("user-service"), log: silentLogger(), processMetrics: false, ...more };
}

afterEach(async () => {
  for (const db of dbs.splice(0)) await db.close();
});

describe("createServiceContext", () => {
  test("builds what the spec asks for: verifier, outbox and relay, peer clients, write limits", async () => {
    const stub = createClient(
      UserService,
      createRouterTransport(() => {}),
    );
    const spec = {
      schema: "user_service",
      identityServiceUrl: "http://127.0.0.1:9",
      outboxTable,
      peers: { user: [UserService, "user-service"], again: [UserService, "user-service"] },
      writeLimits: { actions: ["follows"], env: config.extra },
    } as const;
    const ctx = await createServiceContext(
      config,
      spec,
      { ...(await seams({ noBackgroundWork: true })), clients: { user: stub } },
      async (rt) => rt,
    );
    try {
      expect(typeof ctx.verifier.verify).toBe("function");
      expect(ctx.outbox.table).toBe(outboxTable);
      expect(typeof ctx.relay.start).toBe("function");
      expect(ctx.clients.user).toBe(stub);
      expect(ctx.clients.again).not.toBe(stub);
      expect(typeof ctx.clients.again.batchGetProfiles).toBe("function");
      await ctx.writeLimits.consume("follows", "a1");
      await expect(ctx.writeLimits.consume("follows", "a1")).rejects.toBeInstanceOf(RateLimitedError);
      expect(ctx.background).toBe(false);
    } finally {
      await ctx.close();
    }
  });

  test("leaves out what the spec does not ask for", async () => {
    const ctx = await createServiceContext(
      config,
      { schema: "user_service" },
      await seams(),
      async (rt) => rt,
    );
    try {
      expect("verifier" in ctx).toBe(false);
      expect("outbox" in ctx).toBe(false);
      expect("writeLimits" in ctx).toBe(false);
      expect("revocations" in ctx).toBe(false);
      expect(Object.keys(ctx.clients)).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  test("background work starts once the context is whole and stops first, newest first", async () => {
    const seen: string[] = [];
    const task = (name: string) => () => {
      seen.push(`start ${name}`);
      return { stop: () => seen.push(`stop ${name}`) };
    };
    const ctx = await createServiceContext(config, { schema: "user_service" }, await seams(), async (rt) => {
      rt.onClose(() => {
        seen.push("close own resource");
      });
      await rt.startBackground(task("a"), task("b"));
      return rt;
    });
    expect(seen).toEqual(["start a", "start b"]);
    await ctx.close();
    expect(seen).toEqual(["start a", "start b", "stop b", "stop a", "close own resource"]);
  });

  test("noBackgroundWork: startBackground starts nothing", async () => {
    let started = 0;
    const ctx = await createServiceContext(
      config,
      { schema: "user_service", outboxTable },
      await seams({ noBackgroundWork: true }),
      async (rt) => {
        await rt.startBackground(() => {
          started++;
          return { stop: () => {} };
        });
        return rt;
      },
    );
    await ctx.close();
    expect(started).toBe(0);
  });

  test("a failing build closes everything opened so far", async () => {
    let closed = false;
    const failing = createServiceContext(config, { schema: "user_service" }, await seams(), async (rt) => {
      rt.onClose(() => {
        closed = true;
      });
      throw new Error("boom");
    });
    await expect(failing).rejects.toThrow("boom");
    expect(closed).toBe(true);
  });
});
