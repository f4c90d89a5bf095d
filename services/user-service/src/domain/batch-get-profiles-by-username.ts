import { checkUsername } from "@nova/usernames";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { MAX_BATCH } from "./batch-get-profiles.ts";
import { type ProfileView, toProfileView } from "./profile-view.ts";
import { validateInput } from "./validate-input.ts";
import type { Viewer } from "./viewer.ts";

const inputSchema = z.object({
  usernames: z.array(z.string().max(64)).max(MAX_BATCH, `at most ${MAX_BATCH} usernames`),
});

/**
 * Profiles by username (case-insensitive), in request order. Unknown names and names the shared
 * rules reject are left out: a mention of "@not a name" simply resolves to nobody.
 */
export async function batchGetProfilesByUsername(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { usernames: readonly string[] };
}): Promise<ProfileView[]> {
  const { usernames } = validateInput(inputSchema, args.input, "batch");
  const keys: string[] = [];
  for (const name of usernames) {
    const check = checkUsername(name);
    if (check.ok) keys.push(check.username);
  }
  const found = await args.ctx.profiles.byUsernames(keys);
  const seen = new Set<string>();
  const out: ProfileView[] = [];
  for (const key of keys) {
    const record = found.get(key);
    if (record && !seen.has(record.id)) {
      seen.add(record.id);
      out.push(toProfileView(record, args.viewer));
    }
  }
  return out;
}
