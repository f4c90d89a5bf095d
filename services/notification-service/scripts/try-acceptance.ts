/**
 * Issue 17's acceptance as a new user would try it, against a running `bun run dev` (every service
 * on its real port, embedded default): registers six accounts, likes, follows, mentions, mutes,
 * opens the SSE stream, subscribes a loopback Web Push receiver that decrypts (RFC 8291) and checks
 * the VAPID JWT independently. Prints each step's observation; exits 1 on the first failed check.
 *   bun run services/notification-service/scripts/try-acceptance.ts
 */
import { createBrowserKeys, startPushReceiver, verifyVapid } from "../test/support/web-push-receiver.ts";

const base = (port: number) => `http://127.0.0.1:${port}`;
const IDENTITY = base(8010);
const CONTENT = base(8012);
const SOCIAL = base(8013);
const GRAPH = base(8018);
const NOTIF = base(8015);
const GATEWAY = base(8000);

const check = (ok: boolean, what: string) => {
  console.log(`${ok ? "✔" : "✘"} ${what}`);
  if (!ok) process.exit(1);
};
async function call(method: string, url: string, token?: string, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { "content-type": "application/json" } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: a try-it script reads arbitrary JSON
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}
const suffix = Date.now().toString(36);
async function register(name: string) {
  const username = `${name}${suffix}`;
  const r = await call("POST", `${IDENTITY}/api/v1/auth/register`, undefined, {
    email: `${username}@example.com`,
    password: "correct horse battery staple 42",
    username,
  });
  if (r.status >= 300) throw new Error(`register ${name}: ${r.status} ${JSON.stringify(r.json)}`);
  return { id: r.json.account.id as string, token: r.json.tokens.accessToken as string, username };
}
async function waitFor<T>(what: string, f: () => Promise<T | undefined | null | false>, ms = 2_000) {
  const t0 = performance.now();
  for (;;) {
    const v = await f();
    if (v) return { value: v, ms: performance.now() - t0 };
    if (performance.now() - t0 > ms) {
      check(false, `${what} within ${ms} ms`);
    }
    await Bun.sleep(25);
  }
}

const [alice, bob, carol, dave, erin, frank] = await Promise.all(
  ["alice", "bob", "carol", "dave", "erin", "frank"].map(register),
);
console.log(`registered alice=${alice.id} and 5 others`);

// Web Push: a loopback receiver (allowed in the embedded default) with a browser's keys.
const receiver = startPushReceiver();
const browser = createBrowserKeys();
const vapidKey = (await call("GET", `${NOTIF}/api/v1/push/vapid-public-key`)).json.publicKey;
const sub = await call("POST", `${NOTIF}/api/v1/push/subscriptions`, alice.token, {
  endpoint: `${receiver.url}/push/alice`,
  keys: { p256dh: browser.p256dh, auth: browser.auth },
});
check(sub.status === 201, `POST /api/v1/push/subscriptions → ${sub.status}`);

// SSE stream opened before anything happens.
const stream = await fetch(`${NOTIF}/api/v1/notifications/stream`, {
  headers: { authorization: `Bearer ${alice.token}` },
});
check(
  stream.status === 200,
  `GET /api/v1/notifications/stream → ${stream.status} ${stream.headers.get("content-type")}`,
);
const sse: { at: number; text: string }[] = [];
void (async () => {
  const reader = stream.body?.getReader();
  const dec = new TextDecoder();
  for (;;) {
    const r = await reader?.read();
    if (!r || r.done) return;
    for (const block of dec.decode(r.value).split("\n\n"))
      if (block.includes("event: ")) sse.push({ at: performance.now(), text: block });
  }
})();

const post = await call("POST", `${CONTENT}/api/v1/posts`, alice.token, {
  text: "hello from alice",
  visibility: "public",
});
check(post.status === 201 || post.status === 200, `alice posts → ${post.status}`);
const postId = post.json.id ?? post.json.post?.id;

let t0 = performance.now();
console.log("bob and carol like alice's post");
await call("PUT", `${SOCIAL}/api/v1/posts/${postId}/like`, bob.token);
await call("PUT", `${SOCIAL}/api/v1/posts/${postId}/like`, carol.token);
const inbox = () => call("GET", `${NOTIF}/api/v1/notifications`, alice.token);
const liked = await waitFor("one like item with actorCount 2", async () => {
  const items = (await inbox()).json.items ?? [];
  const likes = items.filter((i: { type: string }) => i.type === "like");
  return likes.length === 1 && likes[0].actorCount === 2 ? likes[0] : undefined;
});
check(
  true,
  `one like item, actorCount ${liked.value.actorCount}, actors ${liked.value.actors.map((a: { username: string }) => a.username).join(", ")} — after ${liked.ms.toFixed(0)} ms`,
);

const firstSse = await waitFor("an SSE event", async () => sse[0], 1_000);
check(
  true,
  `SSE delivered: ${firstSse.value.text.split("\n").slice(0, 2).join(" | ")} (${(firstSse.value.at - t0).toFixed(0)} ms after the first like was sent)`,
);

const push = await waitFor(
  "a Web Push POST at the loopback receiver",
  async () => receiver.received[0],
  3_000,
);
const claims = await verifyVapid(push.value.headers.authorization ?? "", vapidKey);
const payload = JSON.parse(browser.decrypt(push.value.body));
check(
  push.value.headers["content-encoding"] === "aes128gcm",
  `Web Push: content-encoding ${push.value.headers["content-encoding"]}, VAPID aud ${claims.aud}, decrypted payload ${JSON.stringify(payload)}`,
);

t0 = performance.now();
await call("PUT", `${GRAPH}/api/v1/users/${alice.id}/follow`, dave.token);
const followed = await waitFor("a follow item", async () =>
  (await inbox()).json.items.find((i: { type: string }) => i.type === "follow"),
);
check(
  true,
  `dave follows → follow item (actorCount ${followed.value.actorCount}) after ${followed.ms.toFixed(0)} ms`,
);

await call("POST", `${CONTENT}/api/v1/posts`, erin.token, {
  text: `hi @${alice.username}`,
  visibility: "public",
});
const mentioned = await waitFor("a mention item", async () =>
  (await inbox()).json.items.find((i: { type: string }) => i.type === "mention"),
);
check(true, `erin mentions alice → mention item after ${mentioned.ms.toFixed(0)} ms`);

const mute = await call("PUT", `${GRAPH}/api/v1/users/${frank.id}/mute`, alice.token);
check(mute.status < 300, `alice mutes frank → ${mute.status}`);
await call("PUT", `${SOCIAL}/api/v1/posts/${postId}/like`, frank.token);
// A like from an account not muted, sent after frank's: once it is in, frank's (earlier in the same topic) was consumed.
const zed = await register("zed");
await call("PUT", `${SOCIAL}/api/v1/posts/${postId}/like`, zed.token);
const after = await waitFor("zed's like (3 actors)", async () => {
  const l = (await inbox()).json.items.find((i: { type: string }) => i.type === "like");
  return l?.actorCount === 3 ? l : undefined;
});
const names = after.value.actors.map((a: { username: string }) => a.username);
check(
  !names.includes(frank.username),
  `frank's like → no item (like actors now ${names.join(", ")}, actorCount ${after.value.actorCount})`,
);

const before = await call("GET", `${NOTIF}/api/v1/notifications/unread-count`, alice.token);
check(before.json.count > 0, `unread-count → ${JSON.stringify(before.json)}`);
const read = await call("POST", `${NOTIF}/api/v1/notifications/read`, alice.token, {});
const now = await call("GET", `${NOTIF}/api/v1/notifications/unread-count`, alice.token);
check(
  now.json.count === 0,
  `POST /read → ${JSON.stringify(read.json)}; unread-count → ${JSON.stringify(now.json)}`,
);

const gql = await call("POST", `${GATEWAY}/graphql`, alice.token, {
  query:
    "{ unreadNotificationCount notifications(first: 5) { items { type actorCount read actors { username } } } }",
});
check(!gql.json.errors, `gateway GraphQL → ${JSON.stringify(gql.json).slice(0, 300)}`);
console.log(`SSE events received in total: ${sse.length}`);
receiver.stop();
process.exit(0);
