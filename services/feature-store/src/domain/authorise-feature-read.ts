import type { VerifiedCaller } from "@nova/auth";
import { PermissionDeniedError, UnauthenticatedError } from "@nova/errors";
import { accountsOf, type EntityType } from "./entity-types.ts";

/** Who asks for features: a Nova service (feed, ranking) or an end user, as verified. */
export type FeatureReader = VerifiedCaller;

/** Whose signals an entity holds: a user's, an author's, or — for a pair — the viewing user's. */
function ownerOf(entityType: EntityType, entityId: string): string | undefined {
  // `<user>:<author>`: the pair's signals (affinity, profile visits) are the user's own.
  return accountsOf(entityType, entityId)[0];
}

/**
 * Features are private signals (affinities built from profile visits, hashtag interests): a service
 * caller may read any entity; an end user only the entities about their own account (`user:<self>`,
 * `author:<self>`, `user_author` pairs `<self>:<author>`). Everything else is refused, so another end
 * user can never learn who visited whose profile or what a private account is interested in.
 */
export function authoriseFeatureRead(
  reader: FeatureReader,
  entityType: EntityType,
  entityIds: readonly string[],
): void {
  if (reader.service) return;
  if (!reader.accountId)
    throw new UnauthenticatedError("a service credential or an access token is required");
  const self = reader.accountId;
  const foreign = entityIds.some((id) => ownerOf(entityType, id) !== self);
  if (foreign) throw new PermissionDeniedError(`${entityType} features of another account are private`);
}
