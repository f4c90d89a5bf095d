/**
 * `bun run bench chat`: messages relayed per second and end-to-end latency (sender's POST → the
 * recipient's socket frame) with 1,000 authenticated sockets open, and memory per idle socket —
 * each against a plain Bun.serve doing the least of the same job in the same run (a POST that
 * `publish`es its body to the recipient's WebSocket topic), ratios first. Chat runs on PostgreSQL
 * (DATABASE_URL's server, else 127.0.0.1:5432) with the cache's pub/sub on Redis when REDIS_URL
 * (else 127.0.0.1:6379) answers, in-process otherwise. Prints figures; asserts nothing.
 *   bun run services/realtime-chat-service/bench/chat.bench.ts [messages=4000] [concurrency=32]
 */
import { type CacheStore, createRedisCacheStore } from "@nova/cache";
import { everyWriteLimit } from "@nova/rate-limit";
import { type ChatHarness, startChatService } from "../test/support/chat-harness.ts";
import { bundle } from "../test/support/key-bundle.ts";

const SOCKETS = 1000;
const MESSAGES = Number(process.argv[2] ?? 4000);
const CONCURRENCY = Number(process.argv[3] ?? 32);

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

interface Result {
  perSecond: number;
  p50: number;
  p99: number;
  bytesPerSocket: number;
}

/** Resolves waiters by a tag carried in each delivered frame. */
function tagWaiters() {
  const waiting = new Map<string, () => void>();
  return {
    wait: (tag: string) => new Promise<void>((resolve) => waiting.set(tag, resolve)),
    seen(tag: string) {
      waiting.get(tag)?.();
      waiting.delete(tag);
    },
  };
}

function rss(): number {
  Bun.gc(true);
  return process.memoryUsage().rss;
}

async function relay(
  openSockets: () => Promise<WebSocket[]>,
  post: (i: number, tag: string) => Promise<void>,
  waiters: ReturnType<typeof tagWaiters>,
): Promise<Result> {
  const before = rss();
  const sockets = await openSockets();
  await Bun.sleep(200);
  const bytesPerSocket = (rss() - before) / sockets.length;
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < MESSAGES) {
        const i = next++;
        const tag = `${i}-${crypto.randomUUID()}`;
        const t0 = performance.now();
        const seen = waiters.wait(tag);
        await post(i, tag);
        await seen;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const s of sockets) s.close();
  latencies.sort((a, b) => a - b);
  return { perSecond: MESSAGES / seconds, p50: pct(latencies, 50), p99: pct(latencies, 99), bytesPerSocket };
}

function connect(
  url: string,
  first: string | undefined,
  onFrame: (data: string) => void,
  ready: (d: string) => boolean,
) {
  return new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.onopen = () => {
      if (first) ws.send(first);
      else resolve(ws);
    };
    ws.onmessage = (e) => {
      const data = String(e.data);
      if (ready(data)) resolve(ws);
      else onFrame(data);
    };
    ws.onerror = () => reject(new Error(`socket to ${url} failed`));
  });
}

async function inBatches<T>(n: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += size)
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, k) => make(i + k)))));
  return out;
}

/** The floor: Bun.serve, POST body published to the recipient's topic, no auth, no storage. */
async function baseline(): Promise<Result> {
  const waiters = tagWaiters();
  const server = Bun.serve<{ id: number }>({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req, srv) {
      const url = new URL(req.url);
      if (url.pathname === "/ws") {
        if (srv.upgrade(req, { data: { id: Number(url.searchParams.get("id")) } })) return undefined;
        return new Response("no", { status: 400 });
      }
      srv.publish(`r${url.searchParams.get("to")}`, await req.text());
      return new Response("ok");
    },
    websocket: {
      open(ws) {
        ws.subscribe(`r${ws.data.id}`);
        ws.send("ready");
      },
      message() {},
    },
  });
  try {
    return await relay(
      () =>
        inBatches(SOCKETS, 100, (i) =>
          connect(
            `ws://127.0.0.1:${server.port}/ws?id=${i}`,
            undefined,
            (d) => waiters.seen(d),
            (d) => d === "ready",
          ),
        ),
      async (i, tag) => {
        const res = await fetch(`http://127.0.0.1:${server.port}/send?to=${(i % (SOCKETS / 2)) * 2 + 1}`, {
          method: "POST",
          body: tag,
        });
        await res.text();
      },
      waiters,
    );
  } finally {
    server.stop(true);
  }
}

async function redisStore(): Promise<CacheStore | undefined> {
  const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379/13";
  try {
    const store = await createRedisCacheStore({ url });
    await store.set("nova:bench:ping", 1, { ttlMs: 1000 });
    return store;
  } catch {
    return undefined;
  }
}

async function chat(): Promise<{ result: Result; engines: string }> {
  const redis = await redisStore();
  const h: ChatHarness = await startChatService({
    database: "postgres",
    env: { ...everyWriteLimit("off"), CHAT_MAX_SOCKETS_PER_ACCOUNT: "5" },
    ...(redis ? { cache: redis } : {}),
  });
  const waiters = tagWaiters();
  try {
    const body = bundle({ oneTime: 1 });
    // Pairs (sender 2k, recipient 2k+1); each recipient follows its sender, so no message requests.
    const users = await inBatches(SOCKETS, 50, async () => {
      const u = await h.user();
      const res = await h.call("PUT", "/api/v1/chat/devices/1/keys", u.token, body);
      if (res.status !== 200) throw new Error(`keys: ${res.status}`);
      return u;
    });
    const conversations: string[] = [];
    for (let k = 0; k < SOCKETS / 2; k++) {
      const [a, b] = [users[2 * k], users[2 * k + 1]];
      if (!a || !b) throw new Error("missing user");
      h.peers.follow(b.id, a.id);
      const res = await h.call("POST", "/api/v1/chat/conversations", a.token, { memberIds: [b.id] });
      conversations.push(res.body.id);
    }
    const base = `http://127.0.0.1:${h.port}`;
    const result = await relay(
      () =>
        inBatches(SOCKETS, 100, (i) =>
          connect(
            `ws://127.0.0.1:${h.port}/api/v1/chat/ws?deviceId=1`,
            JSON.stringify({ type: "auth", token: users[i]?.token }),
            (d) => {
              const f = JSON.parse(d);
              if (f.type === "envelope") waiters.seen(Buffer.from(f.ciphertext, "base64").toString());
            },
            (d) => d.includes('"ready"'),
          ),
        ),
      async (i, tag) => {
        const k = i % (SOCKETS / 2);
        const sender = users[2 * k];
        const recipient = users[2 * k + 1];
        const res = await fetch(`${base}/api/v1/chat/conversations/${conversations[k]}/messages`, {
          method: "POST",
          headers: { authorization: `Bearer ${sender?.token}`, "content-type": "application/json" },
          body: JSON.stringify({
            clientMessageId: tag,
            senderDeviceId: 1,
            envelopes: [
              {
                accountId: recipient?.id,
                deviceId: 1,
                type: 2,
                ciphertext: Buffer.from(tag).toString("base64"),
              },
            ],
          }),
        });
        if (res.status !== 200) throw new Error(`send answered ${res.status}: ${await res.text()}`);
        await res.text();
      },
      waiters,
    );
    return { result, engines: `PostgreSQL + ${redis ? "Redis pub/sub" : "in-process pub/sub"}` };
  } finally {
    await h.close();
    await redis?.close();
  }
}

const floor = await baseline();
const { result: c, engines } = await chat();
const f1 = (n: number) => n.toFixed(1);
console.log(
  `chat relay, ${SOCKETS} sockets open, ${MESSAGES} messages, ${CONCURRENCY} senders at a time (${engines})`,
);
console.log(
  `ratios to Bun.serve publish: throughput ×${(c.perSecond / floor.perSecond).toFixed(3)}, p50 ×${f1(c.p50 / floor.p50)}, p99 ×${f1(c.p99 / floor.p99)}, memory per idle socket ×${f1(c.bytesPerSocket / Math.max(1, floor.bytesPerSocket))}`,
);
console.log(
  `Bun.serve publish: ${floor.perSecond.toFixed(0)} msg/s  p50 ${floor.p50.toFixed(2)} ms  p99 ${floor.p99.toFixed(2)} ms  ${(floor.bytesPerSocket / 1024).toFixed(1)} KiB/socket (client and server ends)`,
);
console.log(
  `chat:              ${c.perSecond.toFixed(0)} msg/s  p50 ${c.p50.toFixed(2)} ms  p99 ${c.p99.toFixed(2)} ms  ${(c.bytesPerSocket / 1024).toFixed(1)} KiB/socket (client and server ends)`,
);
process.exit(0);
