import type { ServiceContext } from "../context.ts";
import type { Viewer } from "./viewer.ts";

/** Who may tell social-service that a viewer sees a post: content-service, the owner of that fact. */
export const GRANT_ISSUER = "content-service";

/** At most this many distinct grants are checked per call (the gateway sends one per content answer). */
const MAX_GRANTS = 8;

/**
 * The posts that valid grants say this viewer may see: signed by content-service's key in the
 * trust bundle, addressed to social-service, naming the verified caller (never whoever a grant
 * names), unexpired. Invalid grants count for nothing; their posts are checked the usual way.
 */
export async function grantedPostIds(args: {
  ctx: Pick<ServiceContext, "identity">;
  viewer: Viewer;
  grants: readonly (string | null | undefined)[];
}): Promise<Set<string>> {
  const tokens = [...new Set(args.grants.filter((g): g is string => typeof g === "string" && g !== ""))];
  const granted = new Set<string>();
  const expect = { issuer: GRANT_ISSUER, viewer: args.viewer?.accountId };
  const sets = await Promise.all(
    tokens.slice(0, MAX_GRANTS).map((t) => args.ctx.identity.grants.covered(t, expect)),
  );
  for (const set of sets) for (const id of set) granted.add(id);
  return granted;
}
