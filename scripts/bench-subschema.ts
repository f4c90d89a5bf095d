/**
 * `bun run bench subschema`: what a service's `/graphql` costs against its REST route for the same
 * read. identity, user, graph, content, social and the gateway run in this process on shifted ports
 * on the machine's PostgreSQL (DATABASE_URL, else 127.0.0.1:5432) and Redis (REDIS_URL, else
 * redis://127.0.0.1:6379/14). The gateway serves the bench query once per round; every upstream
 * call it makes is recorded (document, variables, headers with its service credential and the
 * user's token) and replayed straight at the service, so each `/graphql` path is exactly what the
 * gateway sends. The paths take turns in slices (other load falls on all alike); per path: CPU µs
 * per call of the whole process above its idle rate, and its ratio to a Bun.serve hello. Asserts
 * nothing.
 *   bun run scripts/bench-subschema.ts            BENCH_N calls per path (default 3000), 16 clients
 *   BENCH_ONLY=content bun run scripts/bench-subschema.ts   hello and the paths naming content
 */

import { type BenchPath, measureInTurns, type PathFigures } from "./bench-in-turns.ts";
import { base, gql, register, serviceAtPort, startSocialCore } from "./bench-social-system.ts";

const N = Number(process.env.BENCH_N ?? 3000);
const CLIENTS = 16;
const ROUNDS = 6;

/** The gateway's latest upstream `/graphql` call per service: body and headers, replayed below. */
const upstreamCalls = new Map<string, { body: string; headers: Headers }>();
const realFetch = globalThis.fetch;
globalThis.fetch = Object.assign(
  (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const target = serviceAtPort(url.port);
    if (
      target &&
      target !== "graphql-gateway" &&
      url.pathname === "/graphql" &&
      typeof init?.body === "string"
    )
      upstreamCalls.set(target, { body: init.body, headers: new Headers(init.headers) });
    return realFetch(input, init);
  },
  { preconnect: realFetch.preconnect },
) as typeof fetch;

/** `N` calls of each path from CLIENTS loops in ROUNDS turns; prints CPU µs per call above idle and × hello. */
async function measureTogether(paths: BenchPath[]): Promise<number[]> {
  const figures = await measureInTurns(paths, { total: N, concurrency: CLIENTS, rounds: ROUNDS });
  const hello = (figures[0] as PathFigures).cpuMicrosPerOp;
  return figures.map(({ cpuMicrosPerOp: perOp, failures }, k) => {
    const label = paths[k]?.label ?? "";
    console.log(
      `${label.padEnd(40)} CPU ${perOp.toFixed(0).padStart(6)} µs/op  ×${(perOp / hello).toFixed(1).padStart(5)} hello` +
        `${failures ? `  ${failures} FAILED` : ""}`,
    );
    return perOp;
  });
}

const hello = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("hello") });
const system = await startSocialCore({ maxConnections: 4 });
try {
  const run = Date.now().toString(36);
  const author = await register(`bench_a_${run}`);
  const reader = await register(`bench_r_${run}`);
  await gql("mutation($id: ID!) { follow(id: $id) { following } }", { id: author.id }, reader.token);
  const created = await gql(
    "mutation($i: CreatePostInput!) { createPost(input: $i) { id } }",
    { i: { text: "bench post", visibility: "FOLLOWERS" } },
    author.token,
  );
  const postId = created.createPost.id as string;
  await gql("mutation($p: ID!) { likePost(postId: $p) { id } }", { p: postId }, reader.token);

  const QUERY = `query($id: ID!) { post(id: $id) { id text author { id username displayName }
    counts { likes comments reposts quotes bookmarks } viewerState { liked reposted bookmarked } } }`;
  const gatewayFull = async () => {
    const data = await gql(QUERY, { id: postId }, reader.token).catch(() => undefined);
    return data?.post?.counts.likes === 1;
  };
  await gatewayFull();
  for (const name of ["content-service", "social-service", "user-service"])
    if (!upstreamCalls.has(name)) throw new Error(`the gateway made no /graphql call to ${name}`);
  const restHeaders = { authorization: `Bearer ${reader.token}` };
  const rest = (label: string, url: string): BenchPath => ({
    label,
    op: async () => {
      const res = await fetch(url, { headers: restHeaders });
      await res.arrayBuffer();
      return res.ok;
    },
  });
  const replay = (name: string): BenchPath => ({
    label: `${name.replace("-service", "")} /graphql (gateway's call)`,
    op: async () => {
      const call = upstreamCalls.get(name);
      if (!call) return false;
      const res = await fetch(`${base(name)}/graphql`, {
        method: "POST",
        headers: call.headers,
        body: call.body,
      });
      const body = (await res.json()) as { errors?: unknown[] };
      return res.ok && !body.errors;
    },
  });
  const paths: BenchPath[] = [
    {
      label: "hello",
      op: async () => (await (await fetch(`http://127.0.0.1:${hello.port}/`)).text()) === "hello",
    },
    rest("user REST /users/:id", `${base("user-service")}/api/v1/users/${author.id}`),
    replay("user-service"),
    rest("content REST /posts/:id", `${base("content-service")}/api/v1/posts/${postId}`),
    replay("content-service"),
    rest("social REST engagement", `${base("social-service")}/api/v1/posts/${postId}/engagement`),
    replay("social-service"),
    { label: "gateway full (bench query)", op: gatewayFull },
  ];
  for (const name of ["user-service", "content-service", "social-service"])
    console.log(`${name} gets from the gateway: ${upstreamCalls.get(name)?.body}`);
  // BENCH_ONLY=word keeps hello and the paths whose label contains it (for a CPU profile).
  const only = process.env.BENCH_ONLY;
  const chosen = only ? paths.filter((p, k) => k === 0 || p.label.includes(only)) : paths;
  for (const p of chosen) for (let k = 0; k < 300; k++) await p.op();
  await measureTogether(chosen);
} finally {
  await system.stop();
  hello.stop(true);
}
process.exit(0);
