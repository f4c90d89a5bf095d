/**
 * `bun run bench notifications`: (1) a post liked by N accounts in a burst (default 10,000), each
 * LikeCreated through the real consumer (rules, ledger, grouped insert, announce) into one grouped
 * item; (2) inbox reads (grouped first page, 20 items) p50/p99; (3) Web Push sends per second to a
 * loopback receiver (real aes128gcm encryption + VAPID per send). Ratios to a Bun.serve hello
 * measured in the same run come first. PGlite + embedded cache, peers in memory. Prints; asserts nothing.
 *   bun run services/notification-service/bench/notifications.bench.ts [likes]
 */
import { LikeCreatedSchema, SubjectKind } from "@nova/proto/social/v1";
import webpush from "web-push";
import { createWebPushSender } from "../src/push/web-push-sender.ts";
import { startNotificationService } from "../test/support/notification-harness.ts";
import { createBrowserKeys, startPushReceiver } from "../test/support/web-push-receiver.ts";

const LIKES = Number(process.argv[2] ?? 10_000);
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function helloPerSecond(total = 5_000): Promise<number> {
  const server = Bun.serve({ port: 0, fetch: () => new Response("hello") });
  const url = `http://127.0.0.1:${server.port}/`;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next++ < total) await (await fetch(url)).text();
    }),
  );
  server.stop(true);
  return total / ((performance.now() - started) / 1000);
}

const hello = await helloPerSecond();
const h = await startNotificationService();
const alice = await h.user();
const post = Bun.randomUUIDv7();
const actors = Array.from({ length: LIKES }, () => Bun.randomUUIDv7());

let next = 0;
let started = performance.now();
await Promise.all(
  // One at a time: embedded PGlite has one connection (PostgreSQL would take more).
  Array.from({ length: 1 }, async () => {
    while (next < actors.length) {
      const actor = actors[next++] as string;
      await h.deliver("social-service", LikeCreatedSchema, post, {
        accountId: actor,
        subjectKind: SubjectKind.POST,
        subjectId: post,
        postId: post,
        subjectAuthorId: alice.id,
      });
    }
  }),
);
const consumed = LIKES / ((performance.now() - started) / 1000);
const page = await h.json("/api/v1/notifications", alice.token);

// Some other groups so the page has 20 items.
for (let i = 0; i < 30; i++) {
  await h.deliver("social-service", LikeCreatedSchema, `p${i}`, {
    accountId: Bun.randomUUIDv7(),
    subjectKind: SubjectKind.POST,
    subjectId: Bun.randomUUIDv7(),
    postId: Bun.randomUUIDv7(),
    subjectAuthorId: alice.id,
  });
}
const reads: number[] = [];
for (let i = 0; i < 200; i++) {
  const t0 = performance.now();
  await h.json("/api/v1/notifications?limit=20", alice.token);
  reads.push(performance.now() - t0);
}
reads.sort((a, b) => a - b);

const receiver = startPushReceiver();
const vapid = { ...webpush.generateVAPIDKeys(), subject: "mailto:bench@nova.invalid" };
const sender = createWebPushSender({ vapid, allowLoopback: true });
const browser = createBrowserKeys();
const PUSHES = 1_000;
let sent = 0;
started = performance.now();
await Promise.all(
  Array.from({ length: 16 }, async () => {
    while (sent < PUSHES) {
      sent++;
      await sender.send(
        {
          kind: "webpush",
          id: "b",
          endpoint: `${receiver.url}/push/bench`,
          p256dh: browser.p256dh,
          auth: browser.auth,
        },
        {
          type: "like",
          title: "Nova",
          body: "bob liked your post",
          collapseKey: "like:post:x",
          data: {},
          ttlSeconds: 60,
        },
      );
    }
  }),
);
const pushes = PUSHES / ((performance.now() - started) / 1000);

console.log(`Bun.serve hello (fetch, 16 concurrent): ${hello.toFixed(0)} req/s`);
console.log(
  `likes consumed into one grouped item: ${(consumed / hello).toFixed(3)} × hello (${consumed.toFixed(0)} events/s, ${LIKES} likes, actorCount ${page.body.items[0]?.actorCount})`,
);
console.log(
  `inbox read (grouped, 20 items, 1 group of ${LIKES}): p50 ${pct(reads, 50).toFixed(2)} ms  p99 ${pct(reads, 99).toFixed(2)} ms  (${(1000 / pct(reads, 50) / hello).toFixed(3)} × hello at p50)`,
);
console.log(
  `web push sends to a loopback receiver: ${(pushes / hello).toFixed(3)} × hello (${pushes.toFixed(0)} sends/s, aes128gcm + VAPID each)`,
);
receiver.stop();
await h.close();
process.exit(0);
