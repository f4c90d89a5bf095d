import type { VerifiedCaller } from "@nova/auth";
import { PermissionDeniedError, UnauthenticatedError } from "@nova/errors";

/** Who calls ranking: a Nova service (feed) or an end user, as verified. */
export type RankingCaller = VerifiedCaller;

/**
 * The viewer a ranking, impression or feedback is about. A service acting for a viewer names it
 * (feed ranks from events, without a user's token); an end user is always the token's subject: an
 * omitted viewer id means "me", and naming someone else is refused — ranking and its logs are a
 * viewer's private signals, and feedback written for another account would train on a lie.
 */
export function actingViewer(caller: RankingCaller, requested: string | undefined): string {
  if (caller.service) return requested ?? "";
  if (!caller.accountId) throw new UnauthenticatedError("an access token is required");
  if (requested && requested !== caller.accountId)
    throw new PermissionDeniedError(
      "the viewer is the access token's account; another viewer may not be named",
    );
  return caller.accountId;
}
