/** What a feature describes; the ids of `user_author` are `<user id>:<author id>`. */
export const ENTITY_TYPES = ["user", "post", "author", "user_author"] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** The entity id of a viewer × author pair. */
export function userAuthorId(userId: string, authorId: string): string {
  return `${userId}:${authorId}`;
}

/**
 * The accounts an entity's features are about: a user or an author is its account; a viewer ×
 * author pair is about both (the viewer's visits and engagement with the author). Posts: none.
 */
export function accountsOf(entityType: EntityType, entityId: string): string[] {
  switch (entityType) {
    case "user":
    case "author":
      return [entityId];
    case "user_author":
      return entityId.split(":");
    case "post":
      return [];
  }
}
