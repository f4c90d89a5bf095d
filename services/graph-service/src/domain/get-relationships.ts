import type { ServiceContext } from "../context.ts";
import { NO_RELATIONSHIP } from "../store/graph-store.ts";
import { accountIdSchema, parseAccountIds, validateInput } from "./graph-input.ts";
import { type RelationshipView, toRelationshipView } from "./relationship-view.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/** The signed-in viewer's relationship to each of up to 100 accounts, in request order. */
export async function getMyRelationships(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { ids: readonly string[] };
}): Promise<RelationshipView[]> {
  const viewerId = requireViewer(args.viewer);
  return checkRelationships({ ctx: args.ctx, input: { viewerId, ids: args.input.ids } });
}

/**
 * Any viewer's relationship to up to 100 accounts (for other services: content, social, feed),
 * from the relationship cache (misses in one store query; every edge change invalidates its pair);
 * `viewerId` is given, not taken from a token.
 */
export async function checkRelationships(args: {
  ctx: ServiceContext;
  input: { viewerId: string; ids: readonly string[] };
}): Promise<RelationshipView[]> {
  const viewerId = validateInput(accountIdSchema, args.input.viewerId, "viewer_id");
  const ids = parseAccountIds(args.input.ids, "ids");
  const flags = await args.ctx.relationships.among(viewerId, ids);
  return ids.map((id) => toRelationshipView(id, flags.get(id) ?? NO_RELATIONSHIP));
}
