import { expect, test } from "bun:test";
import { createTestServicePki } from "@nova/auth/testing";
import { InvalidArgumentError } from "@nova/errors";
import { createSubschema } from "../src/index.ts";
import { addRelayConnections } from "../src/relay-connections.ts";

/** 25 items paged by a service cursor of its own ("after:<index>"), default page 4, at most 100. */
const ITEMS = Array.from({ length: 25 }, (_, i) => ({ id: `i${i}` }));
const pageOf = (args: { first?: number | null; after?: string | null }) => {
  const first = args.first ?? 4;
  if (first > 100) throw new InvalidArgumentError("first must be at most 100");
  let start = 0;
  if (args.after) {
    const m = /^after:(\d+)$/.exec(args.after);
    if (!m) throw new InvalidArgumentError("bad cursor");
    start = Number(m[1]) + 1;
  }
  const nodes = ITEMS.slice(start, start + first);
  const last = start + nodes.length - 1;
  return { nodes, nextCursor: last < ITEMS.length - 1 && nodes.length > 0 ? `after:${last}` : null };
};

const pki = createTestServicePki();
const kept = new Map<number, { id: string }[]>();
const subschema = createSubschema({
  identity: pki.identity("item-service"),
  typeDefs: /* GraphQL */ `
    type Item @key(selectionSet: "{ id }") {
      id: ID!
    }
    type ItemConnection {
      nodes: [Item!]!
      nextCursor: String
    }
    type TimelineLike {
      nodes: [Item!]!
      nextCursor: String
      edges: [String!]!
    }
    type FollowEdge {
      node: Item!
      since: String!
    }
    type FollowConnection {
      edges: [FollowEdge!]!
      nodes: [Item!]!
      nextCursor: String
    }
    type NoticePage {
      items: [Item!]!
      nextCursor: String
    }
    type HitEdge {
      node: Item!
      score: Float!
    }
    type HitConnection {
      edges: [HitEdge!]!
      nextCursor: String
    }
    type Query {
      notices(first: Int, after: String): NoticePage!
      hits(first: Int, after: String): HitConnection!
      items(first: Int, after: String): ItemConnection!
      other: TimelineLike!
      follows(first: Int, after: String): FollowConnection!
      topFollows(first: Int): FollowConnection!
      ranked(first: Int, after: String): ItemConnection!
    }
  `,
  resolvers: {
    Query: {
      // A ranked order: a fresh one per first page (rotated each time), kept under an id that the
      // service's cursors ("kept:<id>:<start>") and the page's pageCursor name.
      ranked: (_: unknown, args: { first?: number; after?: string }) => {
        const first = args.first ?? 4;
        let id: number;
        let start = 0;
        if (args.after) {
          const m = /^kept:(\d+):(\d+)$/.exec(args.after);
          if (!m || !kept.has(Number(m[1]))) throw new InvalidArgumentError("bad cursor");
          id = Number(m[1]);
          start = Number(m[2]);
        } else {
          id = kept.size;
          kept.set(id, [...ITEMS.slice(id % 25), ...ITEMS.slice(0, id % 25)]);
        }
        const order = kept.get(id) as { id: string }[];
        const nodes = order.slice(start, start + first);
        const end = start + nodes.length;
        return {
          nodes,
          nextCursor: end < order.length ? `kept:${id}:${end}` : null,
          pageCursor: `kept:${id}:${start}`,
        };
      },
      notices: (_: unknown, args: { first?: number; after?: string }) => {
        const { nodes, nextCursor } = pageOf(args);
        return { items: nodes, nextCursor };
      },
      hits: (_: unknown, args: { first?: number; after?: string }) => {
        const { nodes, nextCursor } = pageOf(args);
        return { edges: nodes.map((node, i) => ({ node, score: 100 - i })), nextCursor };
      },
      items: (_: unknown, args: { first?: number; after?: string }) => pageOf(args),
      other: () => ({ nodes: [], nextCursor: null, edges: ["kept"] }),
      follows: (_: unknown, args: { first?: number; after?: string }) => {
        const page = pageOf(args);
        return { ...page, edges: page.nodes.map((node) => ({ node, since: `since-${node.id}` })) };
      },
      topFollows: (_: unknown, args: { first?: number }) => {
        const page = pageOf(args);
        return { ...page, edges: page.nodes.map((node) => ({ node, since: `since-${node.id}` })) };
      },
    },
  },
  verifier: { verify: async () => ({ accountId: "acct-1" }) },
});

// biome-ignore lint/suspicious/noExplicitAny: GraphQL results are shaped by the query
async function query(q: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await subschema.handle(
    new Request("http://svc/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(await pki.headers("graphql-gateway", "item-service")),
      },
      body: JSON.stringify({ query: q, variables }),
    }),
  );
  return res.json();
}

const PAGE = `query($first: Int, $after: String) { items(first: $first, after: $after) {
  nodes { id } nextCursor edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;

test("a nodes + nextCursor type gains edges and pageInfo; the existing fields are unchanged", async () => {
  const { data, errors } = await query(PAGE, { first: 3 });
  expect(errors).toBeUndefined();
  expect(data.items.nodes).toEqual([{ id: "i0" }, { id: "i1" }, { id: "i2" }]);
  expect(data.items.nextCursor).toBe("after:2");
  expect(data.items.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(["i0", "i1", "i2"]);
  // The last edge carries the service's own cursor; pageInfo says the same as nextCursor.
  expect(data.items.edges[2].cursor).toBe("after:2");
  expect(data.items.pageInfo).toEqual({ hasNextPage: true, endCursor: "after:2" });
});

test("paging after any edge continues right after its node, with the asked page size", async () => {
  const first = await query(PAGE, { first: 5 });
  const afterSecond = first.data.items.edges[1].cursor as string;
  expect(afterSecond.startsWith("after:")).toBe(false);
  const next = await query(PAGE, { first: 4, after: afterSecond });
  expect(next.errors).toBeUndefined();
  expect(next.data.items.nodes.map((n: { id: string }) => n.id)).toEqual(["i2", "i3", "i4", "i5"]);
  // And again from an edge of that page: cursors stay exact across hops.
  const again = await query(PAGE, { first: 2, after: next.data.items.edges[0].cursor });
  expect(again.data.items.nodes.map((n: { id: string }) => n.id)).toEqual(["i3", "i4"]);
});

test("walking the whole list by endCursor visits every node once; the last page has no next page", async () => {
  const seen: string[] = [];
  let after: string | null = null;
  for (let hops = 0; hops < 20; hops++) {
    const { data } = await query(PAGE, { first: 7, after });
    seen.push(...data.items.edges.map((e: { node: { id: string } }) => e.node.id));
    if (!data.items.pageInfo.hasNextPage) break;
    after = data.items.pageInfo.endCursor;
  }
  expect(seen).toEqual(ITEMS.map((i) => i.id));
});

test("a cursor that is neither the service's nor an edge's reaches the service, which refuses it", async () => {
  const { errors } = await query(PAGE, { first: 2, after: "e1.not-json" });
  expect(errors?.[0]?.extensions?.code).toBe("INVALID_ARGUMENT");
});

test("a type that already has edges keeps them (only pageInfo is added)", async () => {
  const { data, errors } = await query("{ other { edges pageInfo { hasNextPage endCursor } } }");
  expect(errors).toBeUndefined();
  expect(data.other).toEqual({ edges: ["kept"], pageInfo: { hasNextPage: false, endCursor: null } });
});

test("the SDL change is additive: the shared PageInfo once, one Edge type per connection", () => {
  const { typeDefs, withEdges, withPageInfo } = addRelayConnections(`
    type A { x: Int }
    type PostConnection { nodes: [Post!]! nextCursor: String }
    type Post { id: ID! }
  `);
  expect([...withEdges]).toEqual(["PostConnection"]);
  expect([...withPageInfo]).toEqual(["PostConnection"]);
  expect(typeDefs).toContain("type PostEdge");
  expect(typeDefs.match(/type PageInfo/g)).toHaveLength(1);
  expect(typeDefs).toContain("type A {\n  x: Int\n}");
});

test("a service's own edges (node + more, no cursor) gain a cursor, and skip along with the nodes", async () => {
  const FOLLOWS = `query($first: Int, $after: String) { follows(first: $first, after: $after) {
    nodes { id } edges { cursor since node { id } } pageInfo { hasNextPage endCursor } } }`;
  const first = await query(FOLLOWS, { first: 4 });
  expect(first.errors).toBeUndefined();
  expect(first.data.follows.edges.map((e: { since: string }) => e.since)).toEqual([
    "since-i0",
    "since-i1",
    "since-i2",
    "since-i3",
  ]);
  expect(first.data.follows.edges[3].cursor).toBe("after:3");
  const next = await query(FOLLOWS, { first: 2, after: first.data.follows.edges[0].cursor });
  expect(next.data.follows.nodes.map((n: { id: string }) => n.id)).toEqual(["i1", "i2"]);
  expect(next.data.follows.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(["i1", "i2"]);
});

test("a field returning such a connection without `after` still gives each of its edges a cursor", async () => {
  const { data, errors } = await query("{ topFollows(first: 2) { edges { cursor node { id } } } }");
  expect(errors).toBeUndefined();
  expect(data.topFollows.edges[1].cursor).toBe("after:1");
  expect(typeof data.topFollows.edges[0].cursor).toBe("string");
});

test("an items + nextCursor page gains edges and pageInfo, and pages from any edge", async () => {
  const NOTICES = `query($first: Int, $after: String) { notices(first: $first, after: $after) {
    items { id } nextCursor edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;
  const first = await query(NOTICES, { first: 3 });
  expect(first.errors).toBeUndefined();
  expect(first.data.notices.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([
    "i0",
    "i1",
    "i2",
  ]);
  expect(first.data.notices.pageInfo).toEqual({ hasNextPage: true, endCursor: "after:2" });
  const next = await query(NOTICES, { first: 2, after: first.data.notices.edges[0].cursor });
  expect(next.data.notices.items.map((n: { id: string }) => n.id)).toEqual(["i1", "i2"]);
  expect(next.data.notices.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(["i1", "i2"]);
});

test("a connection of its own edges only (edges { node } + nextCursor) gains pageInfo and edge cursors", async () => {
  const HITS = `query($first: Int, $after: String) { hits(first: $first, after: $after) {
    edges { cursor score node { id } } pageInfo { hasNextPage endCursor } } }`;
  const first = await query(HITS, { first: 4 });
  expect(first.errors).toBeUndefined();
  expect(first.data.hits.pageInfo).toEqual({ hasNextPage: true, endCursor: "after:3" });
  expect(first.data.hits.edges[3].cursor).toBe("after:3");
  const next = await query(HITS, { first: 2, after: first.data.hits.edges[1].cursor });
  expect(next.errors).toBeUndefined();
  expect(next.data.hits.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(["i2", "i3"]);
  const { withPageInfo, withEdgeCursors, withEdges } = addRelayConnections(`
    type Hit { id: ID! }
    type HitEdge { node: Hit! }
    type HitConnection { edges: [HitEdge!]! nextCursor: String }
  `);
  expect([...withPageInfo]).toEqual(["HitConnection"]);
  expect([...withEdgeCursors]).toEqual(["HitConnection"]);
  expect([...withEdges]).toEqual([]);
});

test("a page that names itself (pageCursor) gives edges cursors into that page, not into a fresh first page", async () => {
  const RANKED = `query($first: Int, $after: String) { ranked(first: $first, after: $after) {
    nodes { id } edges { cursor node { id } } } }`;
  const first = await query(RANKED, { first: 4 });
  expect(first.errors).toBeUndefined();
  const order = first.data.ranked.nodes.map((n: { id: string }) => n.id);
  // Asked again without `after`, the service ranks afresh (another order).
  const fresh = await query(RANKED, { first: 4 });
  expect(fresh.data.ranked.nodes.map((n: { id: string }) => n.id)).not.toEqual(order);
  // From the first page's second edge: the first page's order goes on.
  const next = await query(RANKED, { first: 2, after: first.data.ranked.edges[1].cursor });
  expect(next.errors).toBeUndefined();
  expect(next.data.ranked.nodes.map((n: { id: string }) => n.id)).toEqual(order.slice(2, 4));
});
