import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { validateInput } from "./graph-input.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

const inputSchema = z.object({ limit: z.coerce.number().int().min(1).max(50).default(20) });

/** A who-to-follow suggestion. */
export interface SuggestionView {
  id: string;
  mutualCount: number;
  lastFollowedAt: string;
}

/**
 * Who to follow: accounts followed by the accounts the viewer follows, ranked by how many of them
 * follow it, then by the newest such follow. Never the viewer, anyone followed or requested already,
 * anyone blocked either way, or muted.
 */
export async function suggestAccounts(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { limit?: number | string | undefined };
}): Promise<SuggestionView[]> {
  const viewerId = requireViewer(args.viewer);
  const { limit } = validateInput(inputSchema, args.input, "suggestions");
  const found = await args.ctx.store.suggestions(viewerId, limit);
  return found.map((s) => ({
    id: s.id,
    mutualCount: s.mutualCount,
    lastFollowedAt: s.lastFollowedAt.toISOString(),
  }));
}
