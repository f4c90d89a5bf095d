import { afterAll, beforeAll, expect, test } from "bun:test";
import type { AuthContext } from "@nova/auth";
import { createCacheStore } from "@nova/cache";
import { createStreamCap } from "@nova/rate-limit";
import { createGatewayYoga } from "../src/graphql/index.ts";
import { memoryLog } from "./support/gateway-client.ts";
import { startSubschemaServer } from "./support/start-subschema-server.ts";

let upstreamOpen = 0;
const ticks = startSubschemaServer("type Query { ok: Boolean }\ntype Subscription { ticks: Int! }", {
  Query: { ok: () => true },
  Subscription: {
    ticks: {
      subscribe: async function* () {
        upstreamOpen++;
        try {
          for (let i = 0; i < 10_000; i++) {
            yield { ticks: i };
            await Bun.sleep(20);
          }
        } finally {
          upstreamOpen--;
        }
      },
    },
  },
});
const store = await createCacheStore({});
const revoked = new Set<string>();
const gateway = createGatewayYoga({
  upstreams: [{ name: "ticks", url: ticks.url }],
  version: "t",
  log: memoryLog(),
  graphiql: false,
  subscriptions: {
    revocations: { isRevoked: (auth) => revoked.has(auth.sessionId) },
    cap: createStreamCap({ store, prefix: "test:gw:streams:", limit: 1 }),
    checkEveryMs: 20,
  },
});
beforeAll(() => gateway.refresh());
afterAll(async () => {
  gateway.stop();
  await ticks.stop();
  await store.close();
});

const auth = (sessionId: string): AuthContext => ({
  accountId: `acct-${sessionId}`,
  sessionId,
  tokenId: `jti-${sessionId}`,
  issuedAt: new Date(Date.now() - 1_000),
  expiresAt: new Date(Date.now() + 600_000),
  roles: [],
});

async function subscribe(session: string) {
  const controller = new AbortController();
  const res = await gateway.handle(
    new Request("http://gateway.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ query: "subscription { ticks }" }),
      signal: controller.signal,
    }),
    { caller: { accountId: `acct-${session}`, auth: auth(session), ip: "192.0.2.1" } },
  );
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  /** Reads until `pattern` appears in the stream or it ends; the stream text so far. */
  const until = async (pattern: RegExp, deadlineMs = 5_000) => {
    const deadline = Date.now() + deadlineMs;
    while (!pattern.test(text) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    return text;
  };
  // In process the request's signal does not reach yoga: a client leaving is its reader cancelling.
  return {
    res,
    until,
    close: () => {
      controller.abort();
      void reader.cancel().catch(() => {});
    },
  };
}

test("a revoked token ends the open subscription with UNAUTHENTICATED and frees its place", async () => {
  const s = await subscribe("s1");
  expect(await s.until(/"ticks":1/)).toContain('"ticks":1');
  // The account's one place is held: a second subscription is refused with RATE_LIMITED.
  const second = await subscribe("s1");
  expect(await second.until(/RATE_LIMITED|ticks/)).toContain("RATE_LIMITED");
  second.close();
  revoked.add("s1");
  const text = await s.until(/UNAUTHENTICATED[\s\S]*event: complete/);
  expect(text).toContain("The token was revoked");
  expect(text).toContain("event: complete");
  revoked.delete("s1");
  // The revoked stream's upstream stream ended with it.
  const ended = Date.now() + 5_000;
  while (upstreamOpen > 0 && Date.now() < ended) await Bun.sleep(10);
  expect(upstreamOpen).toBe(0);
  // The place was released when the stream ended: the account may subscribe again.
  const third = await subscribe("s1");
  expect(await third.until(/"ticks":0/)).toContain('"ticks":0');
  // A client that leaves ends the upstream stream too (not only at the next upstream event).
  third.close();
  const deadline = Date.now() + 5_000;
  while (upstreamOpen > 0 && Date.now() < deadline) await Bun.sleep(10);
  expect(upstreamOpen).toBe(0);
});
