import type { ServiceContext } from "../context.ts";
import { type AccountPageView, toAccountPageView } from "./account-page-view.ts";
import { type PageInput, pageInputSchema, validateInput } from "./graph-input.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/** The viewer's own private lists. */
export type MyEdges = "incoming_requests" | "outgoing_requests" | "blocked" | "muted";

/** The viewer's follow requests (to them or from them), blocks or mutes, newest first, paged. Owner only by construction. */
export async function listMyEdges(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  which: MyEdges;
  input: PageInput;
}): Promise<AccountPageView> {
  const { ctx } = args;
  const me = requireViewer(args.viewer);
  const { limit, cursor } = validateInput(pageInputSchema, args.input, args.which);
  const page = { limit, cursor };
  const reads = {
    incoming_requests: () => ctx.store.incomingRequests(me, page),
    outgoing_requests: () => ctx.store.outgoingRequests(me, page),
    blocked: () => ctx.store.blocked(me, page),
    muted: () => ctx.store.muted(me, page),
  };
  return toAccountPageView(await reads[args.which]());
}
