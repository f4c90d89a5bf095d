import type { ServiceContext } from "../context.ts";
import { type AccountPageView, toAccountPageView } from "./account-page-view.ts";
import { assertCanSeeConnections } from "./can-see-connections.ts";
import { accountIdSchema, type PageInput, pageInputSchema, validateInput } from "./graph-input.ts";
import type { Viewer } from "./viewer.ts";

/** Which list of an account. */
export type Connection = "followers" | "following" | "mutuals";

const inputSchema = pageInputSchema.extend({ id: accountIdSchema });

/**
 * An account's followers, followed accounts, or mutual follows, newest first, paged. Hidden across
 * a block and, for private accounts, from everyone but the owner and approved followers.
 */
export async function listConnections(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  connection: Connection;
  input: PageInput & { id: string };
}): Promise<AccountPageView> {
  const { ctx } = args;
  const { id, limit, cursor } = validateInput(inputSchema, args.input, args.connection);
  await assertCanSeeConnections(ctx, args.viewer, id);
  const page = { limit, cursor };
  const read =
    args.connection === "followers"
      ? ctx.store.followers(id, page)
      : args.connection === "following"
        ? ctx.store.following(id, page)
        : ctx.store.mutuals(id, page);
  return toAccountPageView(await read);
}
