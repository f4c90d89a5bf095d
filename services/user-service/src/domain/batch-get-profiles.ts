import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { type ProfileView, toProfileView } from "./profile-view.ts";
import { validateInput } from "./validate-input.ts";
import type { Viewer } from "./viewer.ts";

/** Largest batch one call may ask for; callers with more split their lists. */
export const MAX_BATCH = 100;

const inputSchema = z.object({
  ids: z.array(z.uuid("must be a user id (UUID)")).max(MAX_BATCH, `at most ${MAX_BATCH} ids`),
});

/** Profiles by id, in request order, unknown ids left out; served from cache (one query for the misses). */
export async function batchGetProfiles(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { ids: readonly string[] };
}): Promise<ProfileView[]> {
  const { ids } = validateInput(inputSchema, args.input, "batch");
  const found = await args.ctx.profiles.byIds(ids);
  const seen = new Set<string>();
  const out: ProfileView[] = [];
  for (const id of ids) {
    const record = found.get(id);
    if (record && !seen.has(id)) {
      seen.add(id);
      out.push(toProfileView(record, args.viewer));
    }
  }
  return out;
}
