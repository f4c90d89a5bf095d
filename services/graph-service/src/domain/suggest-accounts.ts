import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { validateInput } from "./graph-input.ts";
import { limitedAmong } from "./record-account-limit.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

// Extra candidates asked of the store so that dropping limited accounts still fills the page.
const LIMITED_SLACK = 10;

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
 * anyone blocked either way, or muted, nor an account under trust-safety's `limit` (a suggestion
 * goes only to non-followers). Limited accounts are few: the store is asked for LIMITED_SLACK more
 * than the page, and those are dropped.
 */
export async function suggestAccounts(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { limit?: number | string | undefined };
}): Promise<SuggestionView[]> {
  const viewerId = requireViewer(args.viewer);
  const { limit } = validateInput(inputSchema, args.input, "suggestions");
  const candidates = await args.ctx.store.suggestions(viewerId, limit + LIMITED_SLACK);
  const limited = await limitedAmong(
    args.ctx.db.db,
    candidates.map((s) => s.id),
  );
  const found = candidates.filter((s) => !limited.has(s.id)).slice(0, limit);
  return found.map((s) => ({
    id: s.id,
    mutualCount: s.mutualCount,
    lastFollowedAt: s.lastFollowedAt.toISOString(),
  }));
}
