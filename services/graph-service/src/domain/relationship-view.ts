import type { RelationshipFlags } from "../store/graph-store.ts";

/** The viewer's relationship to one account, as REST and GraphQL show it. */
export interface RelationshipView extends RelationshipFlags {
  id: string;
}

export const toRelationshipView = (id: string, flags: RelationshipFlags): RelationshipView => ({
  id,
  following: flags.following,
  followedBy: flags.followedBy,
  requested: flags.requested,
  requestedBy: flags.requestedBy,
  blocking: flags.blocking,
  blockedBy: flags.blockedBy,
  muting: flags.muting,
});
