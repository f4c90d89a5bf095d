import {
  type DocumentNode,
  defaultFieldResolver,
  type FieldDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  getNamedType,
  isObjectType,
  Kind,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
  parse,
  print,
  type TypeNode,
} from "graphql";

/**
 * Relay connections, added to every subschema in one place (issue 22): a list type that pages with
 * `nodes` (or `items`) + `nextCursor` also gets GitHub-style `edges { cursor node }` and
 * `pageInfo { hasNextPage endCursor }`, additively (nothing existing changes). Types that already
 * have `edges` or `pageInfo` keep theirs; a type paging with its own `edges { node … }` +
 * `nextCursor` gets `pageInfo` and a `cursor` on each edge.
 *
 * A service cursor points after a whole page, so an edge's cursor is the page's own `after` plus
 * how many of its nodes to skip (`e1.` + base64url JSON); the last edge of a page that has a next
 * page carries the service's `nextCursor` itself. Given as `after`, an edge cursor asks the field's
 * resolver for the page it came from, `first` grown by the skipped count (at most MAX_PAGE), and
 * drops the skipped nodes — so paging from any edge continues exactly after it, whatever the
 * service's own cursor format is.
 */
export const PAGE_INFO_SDL = /* GraphQL */ `
"""Relay page information: whether a next page exists and the cursor to ask for it."""
type PageInfo {
  hasNextPage: Boolean!
  """The cursor to pass as \`after\` for the next page; null on an empty page."""
  endCursor: String
}`;

/** Services cap page sizes at 100 (the cost model's maxListSize). */
export const MAX_PAGE = 100;

const EDGE_CURSOR = "e1.";

interface EdgeCursor {
  /** The `after` the page was asked with (null: the first page). */
  a: string | null;
  /** Nodes of that page up to and including this edge's node. */
  o: number;
}

const encodeEdgeCursor = (c: EdgeCursor) =>
  EDGE_CURSOR + Buffer.from(JSON.stringify(c), "utf8").toString("base64url");

function decodeEdgeCursor(after: unknown): EdgeCursor | undefined {
  if (typeof after !== "string" || !after.startsWith(EDGE_CURSOR)) return undefined;
  try {
    const c = JSON.parse(Buffer.from(after.slice(EDGE_CURSOR.length), "base64url").toString("utf8"));
    if ((c.a === null || typeof c.a === "string") && Number.isInteger(c.o) && c.o >= 0 && c.o <= MAX_PAGE)
      return { a: c.a, o: c.o };
  } catch {
    // not one of ours: the service decides what to answer to it
  }
  return undefined;
}

/** Where a page came from, kept on the connection object for its edges' cursors. */
const PAGE = Symbol("relay page");
interface PagedConnection {
  nodes?: readonly unknown[];
  items?: readonly unknown[];
  edges?: readonly unknown[];
  nextCursor?: string | null;
  /**
   * A cursor that reads this same page again, when `after` would not: a ranked order's first page
   * (asked without `after`) is kept under an id, and its edges' cursors must point into that order,
   * not into a fresh ranking.
   */
  pageCursor?: string | null;
  [PAGE]?: { after: string | null; skipped: number };
}

const hasField = (fields: readonly FieldDefinitionNode[] | undefined, name: string) =>
  fields?.some((f) => f.name.value === name) ?? false;

/** `[X!]!` → `X`, for the node type of an edge. */
function listItemType(type: TypeNode): TypeNode | undefined {
  const list = type.kind === Kind.NON_NULL_TYPE ? type.type : type;
  return list.kind === Kind.LIST_TYPE ? list.type : undefined;
}

const edgeTypeName = (connection: string) => `${connection.replace(/(Connection|Page)$/, "")}Edge`;

/**
 * The SDL with edges/pageInfo added to each `nodes` + `nextCursor` type, plus the names of the
 * types that gained `edges` and those that gained `pageInfo`.
 */
export function addRelayConnections(typeDefs: string): RelayAdditions & { typeDefs: string } {
  const document = parse(typeDefs);
  const declared = new Set(
    document.definitions.flatMap((d) => ("name" in d && d.name ? [d.name.value] : [])),
  );
  const withEdges = new Set<string>();
  const withPageInfo = new Set<string>();
  const withEdgeCursors = new Set<string>();
  const cursorlessEdges = new Set<string>();
  const extra: string[] = [];
  const edgeTypeOf = (fields: readonly FieldDefinitionNode[]) => {
    const edges = fields.find((f) => f.name.value === "edges");
    const item = edges ? listItemType(edges.type) : undefined;
    const named = item?.kind === Kind.NON_NULL_TYPE ? item.type : item;
    return named?.kind === Kind.NAMED_TYPE ? named.name.value : undefined;
  };
  const byName = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.OBJECT_TYPE_DEFINITION ? [[d.name.value, d]] : [])),
  );
  const definitions = document.definitions.map((def) => {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) return def;
    const fields = def.fields ?? [];
    const list = fields.find((f) => f.name.value === "nodes") ?? fields.find((f) => f.name.value === "items");
    const item = list ? listItemType(list.type) : undefined;
    const ownEdge = hasField(fields, "edges") ? edgeTypeOf(fields) : undefined;
    const ownEdgeFields = ownEdge ? byName.get(ownEdge)?.fields : undefined;
    const ownEdgesHaveNodes = ownEdgeFields !== undefined && hasField(ownEdgeFields, "node");
    if ((!item && !ownEdgesHaveNodes) || !hasField(fields, "nextCursor")) return def;
    const name = def.name.value;
    const added: string[] = [];
    const edge = edgeTypeName(name);
    if (item && !hasField(fields, "edges") && !declared.has(edge)) {
      added.push(`"""The page's nodes with a cursor each (Relay)."""\nedges: [${edge}!]!`);
      extra.push(
        `"""One node of a ${name} and the cursor to page on after it."""\ntype ${edge} {\n  """Pass as \`after\` to get the nodes after this one."""\n  cursor: String!\n  node: ${print(item)}\n}`,
      );
      withEdges.add(name);
    }
    // Edges of the service's own (node + more, no cursor): each gets the cursor after its node.
    if (ownEdge && ownEdgeFields && ownEdgesHaveNodes && !hasField(ownEdgeFields, "cursor")) {
      cursorlessEdges.add(ownEdge);
      withEdgeCursors.add(name);
    }
    if (!hasField(fields, "pageInfo")) {
      added.push(`"""Relay page information (same cursor as nextCursor)."""\npageInfo: PageInfo!`);
      withPageInfo.add(name);
    }
    if (added.length === 0) return def;
    const extension = parse(`type ${name} {\n${added.join("\n")}\n}`)
      .definitions[0] as ObjectTypeDefinitionNode;
    return { ...def, fields: [...fields, ...(extension.fields ?? [])] } as
      | ObjectTypeDefinitionNode
      | ObjectTypeExtensionNode;
  });
  if (withPageInfo.size > 0 && !declared.has("PageInfo")) extra.push(PAGE_INFO_SDL);
  const cursorField = (
    parse('type X {\n"""Pass as `after` to get the nodes after this one."""\ncursor: String!\n}')
      .definitions[0] as ObjectTypeDefinitionNode
  ).fields as readonly FieldDefinitionNode[];
  const withCursors = definitions.map((def) =>
    def.kind === Kind.OBJECT_TYPE_DEFINITION && cursorlessEdges.has(def.name.value)
      ? { ...def, fields: [...(def.fields ?? []), ...cursorField] }
      : def,
  );
  const out = print({ ...document, definitions: withCursors } as DocumentNode);
  return { typeDefs: [out, ...extra].join("\n\n"), withEdges, withPageInfo, withEdgeCursors };
}

/** Which connection types gained what (see addRelayConnections). */
export interface RelayAdditions {
  /** Gained `edges` (an `<Name>Edge { cursor node }` type). */
  withEdges: ReadonlySet<string>;
  /** Gained `pageInfo`. */
  withPageInfo: ReadonlySet<string>;
  /** Had edges of their own without a cursor: each edge gains `cursor`. */
  withEdgeCursors: ReadonlySet<string>;
}

/** Every connection type the additions touch: the fields returning them page from edge cursors. */
export const relayConnectionTypes = (added: RelayAdditions): ReadonlySet<string> =>
  new Set([...added.withEdges, ...added.withPageInfo, ...added.withEdgeCursors]);

/** The cursor after the `i`-th of `count` nodes of a page: the service's own for the last one. */
function edgeCursor(
  connection: PagedConnection,
  page: { after: string | null; skipped: number },
  i: number,
  count: number,
): string {
  return i === count - 1 && connection.nextCursor
    ? connection.nextCursor
    : encodeEdgeCursor({ a: page.after, o: page.skipped + i + 1 });
}

/** Resolvers for the added fields (merge into the service's resolver map). */
export function relayConnectionResolvers(
  added: RelayAdditions,
): Record<string, Record<string, GraphQLFieldResolver<PagedConnection, unknown>>> {
  const out: Record<string, Record<string, GraphQLFieldResolver<PagedConnection, unknown>>> = {};
  for (const name of added.withEdges) {
    out[name] = {
      ...out[name],
      edges: (connection) => {
        const nodes = connection.nodes ?? connection.items ?? [];
        const page = connection[PAGE] ?? { after: null, skipped: 0 };
        return nodes.map((node, i) => ({ node, cursor: edgeCursor(connection, page, i, nodes.length) }));
      },
    };
  }
  for (const name of added.withPageInfo) {
    out[name] = {
      ...out[name],
      pageInfo: (connection) => {
        const nodes = connection.nodes ?? connection.items ?? connection.edges ?? [];
        const page = connection[PAGE] ?? { after: null, skipped: 0 };
        const endCursor =
          connection.nextCursor ??
          (nodes.length > 0 ? encodeEdgeCursor({ a: page.after, o: page.skipped + nodes.length }) : null);
        return { hasNextPage: Boolean(connection.nextCursor), endCursor };
      },
    };
  }
  return out;
}

/**
 * Wraps, in place, every field of `schema` that returns one of the connection types `added` names:
 * given as `after`, an edge cursor becomes the service's own cursor plus a skip; the page remembers
 * where it came from (for its edges' cursors), and the service's own edges get their cursors.
 */
export function pageFromEdgeCursors(schema: GraphQLSchema, added: RelayAdditions): void {
  const connections = relayConnectionTypes(added);
  if (connections.size === 0) return;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      if (!connections.has(getNamedType(field.type).name)) continue;
      // Without `after` nothing is decoded, but the page still gets its edges' cursors.
      const pages = field.args.some((a) => a.name === "after");
      const resolve = field.resolve ?? defaultFieldResolver;
      const hasFirst = field.args.some((a) => a.name === "first");
      field.resolve = async (source, args, context, info) => {
        const edge = pages ? decodeEdgeCursor(args.after) : undefined;
        const asked = edge
          ? {
              ...args,
              after: edge.a,
              ...(hasFirst && typeof args.first === "number"
                ? { first: Math.min(MAX_PAGE, args.first + edge.o) }
                : {}),
            }
          : args;
        const result = (await resolve(source, asked, context, info)) as PagedConnection | null | undefined;
        if (!result || typeof result !== "object") return result;
        const skip = edge?.o ?? 0;
        const page = {
          after: result.pageCursor ?? (edge ? edge.a : (args.after as string | null | undefined)) ?? null,
          skipped: skip,
        };
        const out: PagedConnection & { edges?: unknown } = {
          ...result,
          ...(skip > 0 && Array.isArray(result.nodes) ? { nodes: result.nodes.slice(skip) } : {}),
          ...(skip > 0 && Array.isArray(result.items) ? { items: result.items.slice(skip) } : {}),
          [PAGE]: page,
        };
        // The service's own edges follow its nodes one for one: skipped alike, and given cursors.
        const ownEdges = (result as { edges?: unknown }).edges;
        if (Array.isArray(ownEdges)) {
          const kept = ownEdges.slice(skip);
          out.edges = added.withEdgeCursors.has(getNamedType(field.type).name)
            ? kept.map((e: object, i: number) => ({ ...e, cursor: edgeCursor(out, page, i, kept.length) }))
            : kept;
        }
        return out;
      };
    }
  }
}
