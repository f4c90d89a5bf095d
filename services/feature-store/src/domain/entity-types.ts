/** What a feature describes; the ids of `user_author` are `<user id>:<author id>`. */
export const ENTITY_TYPES = ["user", "post", "author", "user_author"] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** The entity id of a viewer × author pair. */
export function userAuthorId(userId: string, authorId: string): string {
  return `${userId}:${authorId}`;
}
