/**
 * `bun run bench` (social core): "get post with counts and viewer state" through the gateway, as a
 * client asks for it (content's Post + social's counts/viewerState + user's author), with identity,
 * user, graph, content, social and the gateway in this process on shifted ports, in production
 * mode's backends: a throwaway database on the machine's PostgreSQL (DATABASE_URL's server, else
 * 127.0.0.1:5432; each service its own pool) and Redis (REDIS_URL, else redis://127.0.0.1:6379/14).
 * A plain Bun.serve "hello" measured with the same client in the same run gives the floor, and
 * the ratio says what the stitched read costs above it; the same data over REST (post, then author
 * and engagement) gives the gateway's cost against going without it. The three take turns in
 * slices, so other load on the machine falls on all three alike. Prints figures; asserts nothing.
 *   bun run scripts/bench-social-core.ts
 */

import { type BenchPath, measureInTurns, type PathFigures, warmUp } from "./bench-in-turns.ts";
import {
  base,
  gatewayUrl,
  gql,
  REDIS_URL,
  register,
  serviceAtPort,
  startSocialCore,
} from "./bench-social-system.ts";

const N = Number(process.env.BENCH_N ?? 3000);
const CONCURRENCY = [1, 16];
/** Slices per path in which hello, the gateway and REST take turns (see measureInTurns). */
const ROUNDS = 6;

/** Measures the paths in turns (bench-in-turns.ts) and prints one line per path. */
async function measureTogether(
  paths: BenchPath[],
  total: number,
  concurrency: number,
): Promise<PathFigures[]> {
  const figures = await measureInTurns(paths, { total, concurrency, rounds: ROUNDS });
  for (const [k, path] of paths.entries()) {
    const f = figures[k] as PathFigures;
    const n = Math.ceil(total / ROUNDS) * ROUNDS;
    console.log(
      `${path.label.padEnd(46)} ${n} ops, concurrency ${String(concurrency).padStart(2)}: ${f.rps.toFixed(0).padStart(6)} ops/s, ` +
        `p50 ${f.p50.toFixed(2)} ms, p99 ${f.p99.toFixed(2)} ms, CPU ${f.cpuMicrosPerOp.toFixed(0)} µs/op` +
        `${f.failures ? `, ${f.failures} FAILED` : ""}`,
    );
  }
  return figures;
}

/**
 * Every HTTP call made in this process (bench client, gateway, services' peers), counted by target
 * service while `calls.on`: the gateway's upstream calls per client request, printed below.
 */
const calls = { on: false, byTarget: new Map<string, number>() };
const realFetch = globalThis.fetch;
globalThis.fetch = Object.assign(
  (input: string | URL | Request, init?: RequestInit) => {
    if (calls.on) {
      const url = new URL(input instanceof Request ? input.url : input);
      const key = `${serviceAtPort(url.port) ?? `port ${url.port}`} ${url.pathname.startsWith("/graphql") ? "/graphql" : url.pathname.startsWith("/api/") ? "REST" : url.pathname}`;
      calls.byTarget.set(key, (calls.byTarget.get(key) ?? 0) + 1);
    }
    return realFetch(input, init);
  },
  { preconnect: realFetch.preconnect },
) as typeof fetch;

/** Runs `op` `n` times one after another and prints the HTTP calls each one made, by target. */
async function countCalls(label: string, n: number, op: () => Promise<boolean>): Promise<number> {
  calls.byTarget.clear();
  calls.on = true;
  for (let k = 0; k < n; k++) await op();
  calls.on = false;
  const rows = [...calls.byTarget].sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((sum, [, v]) => sum + v, 0) / n;
  console.log(
    `${label.padEnd(46)} ${total.toFixed(1)} HTTP calls per request: ${rows.map(([k, v]) => `${k} ×${(v / n).toFixed(1)}`).join(", ")}`,
  );
  return total;
}

const hello = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("hello") });
const system = await startSocialCore({ maxConnections: 10 });
try {
  const run = Date.now().toString(36);
  const author = await register(`bench_a_${run}`);
  const reader = await register(`bench_r_${run}`);
  await gql("mutation($id: ID!) { follow(id: $id) { following } }", { id: author.id }, reader.token);
  const postIds: string[] = [];
  for (let i = 0; i < 20; i++) {
    const p = await gql(
      "mutation($i: CreatePostInput!) { createPost(input: $i) { id } }",
      { i: { text: `bench post ${i}`, visibility: i % 2 ? "FOLLOWERS" : "PUBLIC" } },
      author.token,
    );
    postIds.push(p.createPost.id);
    await gql("mutation($p: ID!) { likePost(postId: $p) { id } }", { p: p.createPost.id }, reader.token);
  }

  const QUERY = `query($id: ID!) { post(id: $id) { id text author { id username displayName }
    counts { likes comments reposts quotes bookmarks } viewerState { liked reposted bookmarked } } }`;
  const body = (i: number) =>
    JSON.stringify({ query: QUERY, variables: { id: postIds[i % postIds.length] } });
  let i = 0;
  const getPost = async () => {
    const res = await fetch(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${reader.token}` },
      body: body(i++),
    });
    const out = (await res.json()) as {
      data?: { post?: { counts: { likes: number }; viewerState: { liked: boolean } } };
    };
    return out.data?.post?.counts.likes === 1 && out.data.post.viewerState.liked === true;
  };
  // The same data over REST, as an app without the gateway asks for it: the post, then its
  // author's profile and its engagement (counts + viewer state) side by side.
  const restBase = (name: string) => `${base(name)}/api/v1`;
  const restHeaders = { authorization: `Bearer ${reader.token}` };
  let j = 0;
  const getPostRest = async () => {
    const id = postIds[j++ % postIds.length];
    const post = (await (
      await fetch(`${restBase("content-service")}/posts/${id}`, { headers: restHeaders })
    ).json()) as {
      id: string;
      text: string;
      authorId: string;
    };
    const [author, engagement] = (await Promise.all([
      fetch(`${restBase("user-service")}/users/${post.authorId}`, { headers: restHeaders }).then((r) =>
        r.json(),
      ),
      fetch(`${restBase("social-service")}/posts/${id}/engagement`, { headers: restHeaders }).then((r) =>
        r.json(),
      ),
    ])) as [{ username?: string }, { counts?: { likes: number }; viewerState?: { liked: boolean } }];
    return (
      typeof author.username === "string" &&
      engagement.counts?.likes === 1 &&
      engagement.viewerState?.liked === true
    );
  };
  const helloUrl = `http://127.0.0.1:${hello.port}/`;
  const getHello = async () => (await (await fetch(helloUrl)).text()) === "hello";

  console.log(
    `social core through the gateway on PostgreSQL + Redis (${REDIS_URL}), ${navigator.hardwareConcurrency} cores`,
  );
  await warmUp(300, 8, getPost);
  await warmUp(300, 8, getPostRest);
  await countCalls("gateway: post + author + counts + viewerState", 50, getPost);
  await countCalls("REST: post, then author + engagement", 50, getPostRest);
  for (const c of CONCURRENCY) {
    const [floor, stitched, rest] = (await measureTogether(
      [
        { label: 'Bun.serve "hello"', op: getHello },
        { label: "gateway: post + author + counts + viewerState", op: getPost },
        { label: "REST: post, then author + engagement", op: getPostRest },
      ],
      N,
      c,
    )) as [PathFigures, PathFigures, PathFigures];
    const tag = `concurrency ${String(c).padStart(2)}:`;
    console.log(
      `${"ratio to hello".padEnd(46)} ${tag} throughput ×${(floor.rps / stitched.rps).toFixed(1)} lower, ` +
        `p50 ×${(stitched.p50 / floor.p50).toFixed(1)}, p99 ×${(stitched.p99 / floor.p99).toFixed(1)}`,
    );
    console.log(
      `${"gateway cost vs the same data over REST".padEnd(46)} ${tag} throughput ×${(rest.rps / stitched.rps).toFixed(2)} ` +
        `(REST ${rest.rps.toFixed(0)} vs gateway ${stitched.rps.toFixed(0)} req/s), CPU ×${(stitched.cpuMicrosPerOp / rest.cpuMicrosPerOp).toFixed(2)}, ` +
        `p99 ×${(stitched.p99 / rest.p99).toFixed(2)}`,
    );
  }

  // Where the gateway's time goes: each layer of the path alone, in turns, CPU per call as a
  // multiple of hello's (BENCH_LAYERS=0 skips it).
  if (process.env.BENCH_LAYERS !== "0") {
    const serviceUrl = (name: string, path: string) => `${base(name)}${path}`;
    const getOk =
      (url: string, headers: Record<string, string> = {}) =>
      async () => {
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        return res.ok;
      };
    const gatewayOp =
      (query: string, variables: Record<string, unknown> = {}, signedIn = true) =>
      async () => {
        const res = await fetch(gatewayUrl, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(signedIn ? { authorization: `Bearer ${reader.token}` } : {}),
          },
          body: JSON.stringify({ query, variables }),
        });
        const out = (await res.json()) as { errors?: unknown[] };
        return res.ok && !out.errors;
      };
    const id = postIds[0] as string;
    const layers: BenchPath[] = [
      { label: 'Bun.serve "hello"', op: getHello },
      {
        label: "kit route: user /api/v1/health/live",
        op: getOk(serviceUrl("user-service", "/api/v1/health/live")),
      },
      {
        label: "user REST /users/{id}",
        op: getOk(serviceUrl("user-service", `/api/v1/users/${author.id}`), restHeaders),
      },
      {
        label: "content REST /posts/{id} (+ graph RPC)",
        op: getOk(serviceUrl("content-service", `/api/v1/posts/${id}`), restHeaders),
      },
      {
        label: "social REST /posts/{id}/engagement",
        op: getOk(serviceUrl("social-service", `/api/v1/posts/${id}/engagement`), restHeaders),
      },
      { label: "gateway { gateway { version } }", op: gatewayOp("{ gateway { version } }") },
      {
        label: "gateway post { id text }",
        op: gatewayOp("query($id: ID!) { post(id: $id) { id text } }", { id }),
      },
      {
        label: "gateway post + author",
        op: gatewayOp("query($id: ID!) { post(id: $id) { id text author { id username displayName } } }", {
          id,
        }),
      },
      {
        label: "gateway post + counts + viewerState",
        op: gatewayOp("query($id: ID!) { post(id: $id) { id counts { likes } viewerState { liked } } }", {
          id,
        }),
      },
      { label: "gateway: the bench query", op: getPost },
      { label: "REST: the same data", op: getPostRest },
      {
        // A public post's text, author and counts asked signed out: the anonymous response cache.
        label: "gateway signed out: post+author+counts",
        op: gatewayOp(
          "query($id: ID!) { post(id: $id) { id text author { id username displayName } counts { likes comments reposts quotes bookmarks } } }",
          { id },
          false,
        ),
      },
    ];
    console.log("\nwhere the time goes (concurrency 16, each layer alone, in turns):");
    for (const layer of layers) await warmUp(200, 16, layer.op);
    const figures = await measureTogether(layers, Number(process.env.BENCH_LAYERS_N ?? 1500), 16);
    const helloCpu = (figures[0] as PathFigures).cpuMicrosPerOp;
    for (const [k, layer] of layers.entries())
      console.log(
        `${layer.label.padEnd(46)} CPU ×${((figures[k] as PathFigures).cpuMicrosPerOp / helloCpu).toFixed(1)} of hello's`,
      );
  }
} finally {
  await system.stop();
  hello.stop(true);
}
process.exit(0);
