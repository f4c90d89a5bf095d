/**
 * For each RPC, the request that names someone else's private things, what must never come back,
 * and how an end user's token of another account must be treated:
 * - `refuse`: the request names an account (viewer, owner); a token of another account is refused.
 * - `blind`: the request names objects (posts, lists of a private account); a token of another
 *   account is refused or answered without the private values.
 * - `none`: nothing private can be named (only the call without any credential is attacked).
 * An RPC without a plan here still gets attacked: every id field names alice (`refuse`).
 */
import type { DescMessage, JsonObject } from "@bufbuild/protobuf";
import type { Rpc } from "./rpcs.ts";
import type { World } from "./world.ts";

export interface RpcPlan {
  body: JsonObject;
  secrets: string[];
  otherUser: "refuse" | "blind" | "none";
}

const now = () => new Date().toISOString();

/** The hashtag only alice's followers-only post carries (`#hush<marker>`). */
const hiddenTag = (w: World) => (w.secretText.split("#")[1] as string).trim();

const plans: Record<string, (w: World) => RpcPlan> = {
  "nova.identity.v1.IdentityService/IntrospectToken": (w) => ({
    body: { token: w.alice.token },
    secrets: [w.alice.id],
    otherUser: "refuse",
  }),
  "nova.identity.v1.IdentityService/GetAccountStatus": (w) => ({
    body: { accountId: w.alice.id },
    secrets: [],
    otherUser: "refuse",
  }),
  "nova.identity.v1.IdentityService/BatchGetAccountStatus": (w) => ({
    body: { accountIds: [w.alice.id] },
    secrets: [],
    otherUser: "refuse",
  }),
  "nova.user.v1.UserService/BatchGetProfiles": (w) => ({
    body: { ids: [w.alice.id] },
    secrets: [w.birthday],
    otherUser: "blind",
  }),
  "nova.user.v1.UserService/BatchGetProfilesByUsername": (w) => ({
    body: { usernames: [w.alice.username] },
    secrets: [w.birthday],
    otherUser: "blind",
  }),
  "nova.user.v1.UserService/CheckUsernameAvailability": () => ({
    body: { username: "someone_else" },
    secrets: [],
    otherUser: "none",
  }),
  "nova.user.v1.UserService/ExportAccountData": (w) => ({
    body: { accountId: w.alice.id },
    secrets: [w.alice.email],
    otherUser: "refuse",
  }),
  "nova.content.v1.ContentService/GetPost": (w) => ({
    body: { postId: w.followersPost },
    secrets: [w.secretText],
    otherUser: "blind",
  }),
  "nova.content.v1.ContentService/BatchGetPosts": (w) => ({
    body: { postIds: [w.followersPost, w.draftPost] },
    secrets: [w.secretText, w.draftText],
    otherUser: "blind",
  }),
  "nova.content.v1.ContentService/ListPostsByAuthors": (w) => ({
    body: { authorIds: [w.alice.id], pageSize: 50 },
    secrets: [w.secretText, w.draftText],
    otherUser: "blind",
  }),
  // Internal (notification-service only): names a viewer, so another account's token is refused.
  "nova.content.v1.ContentService/BatchCheckPostAccess": (w) => ({
    body: { viewerId: w.alice.id, postIds: [w.followersPost, w.draftPost] },
    secrets: [w.secretText, w.draftText],
    otherUser: "refuse",
  }),
  "nova.social.v1.SocialService/BatchGetEngagement": (w) => ({
    body: { viewerId: w.alice.id, postIds: [w.publicPost, w.davePost] },
    secrets: [],
    otherUser: "refuse",
  }),
  "nova.graph.v1.GraphService/BatchCheckRelationships": (w) => ({
    body: { viewerId: w.alice.id, targetIds: [w.eve.id, w.frank.id] },
    secrets: [],
    otherUser: "refuse",
  }),
  "nova.graph.v1.GraphService/ListFollowers": (w) => ({
    body: { authorId: w.pat.id, pageSize: 50 },
    secrets: [w.dave.id],
    otherUser: "blind",
  }),
  "nova.graph.v1.GraphService/ListFollowing": (w) => ({
    body: { accountId: w.pat.id, pageSize: 50 },
    secrets: [w.alice.id],
    otherUser: "blind",
  }),
  "nova.graph.v1.GraphService/ListBlockedAndMuted": (w) => ({
    body: { accountId: w.alice.id },
    secrets: [w.eve.id, w.frank.id],
    otherUser: "refuse",
  }),
  "nova.graph.v1.GraphService/BatchCheckVisibility": (w) => ({
    body: { viewerId: w.alice.id, authorIds: [w.eve.id, w.pat.id] },
    secrets: [],
    otherUser: "refuse",
  }),
  "nova.graph.v1.GraphService/BatchGetFollowCounts": (w) => ({
    body: { accountIds: [w.alice.id] },
    secrets: [],
    otherUser: "none",
  }),
  "nova.feature_store.v1.FeatureStoreService/ListFeatures": () => ({
    body: {},
    secrets: [],
    otherUser: "none",
  }),
  "nova.feature_store.v1.FeatureStoreService/GetFeatures": (w) => ({
    body: { entityType: "ENTITY_TYPE_USER_AUTHOR", entityIds: [`${w.alice.id}:${w.dave.id}`] },
    secrets: [],
    otherUser: "refuse",
  }),
  "nova.feature_store.v1.FeatureStoreService/GetHistoricalFeatures": (w) => ({
    body: { entityType: "ENTITY_TYPE_USER", entityIds: [w.alice.id], at: now() },
    secrets: [],
    otherUser: "refuse",
  }),
  "nova.ranking.v1.RankingService/RankCandidates": (w) => ({
    body: {
      viewerId: w.alice.id,
      candidates: [{ postId: w.davePost, authorId: w.dave.id, createdAt: now(), source: "following" }],
    },
    secrets: [],
    otherUser: "refuse",
  }),
  "nova.ranking.v1.RankingService/LogImpressions": (w) => ({
    body: {
      viewerId: w.alice.id,
      rankingId: crypto.randomUUID(),
      modelVersion: "logistic-v1",
      impressions: [
        { postId: w.davePost, authorId: w.dave.id, position: 0, score: 0.5, features: {}, shownAt: now() },
      ],
    },
    secrets: [],
    otherUser: "refuse",
  }),
  "nova.ranking.v1.RankingService/LogFeedback": (w) => ({
    body: { viewerId: w.alice.id, feedback: [{ postId: w.davePost, kind: "FEEDBACK_KIND_HIDE", at: now() }] },
    secrets: [],
    otherUser: "refuse",
  }),
  // Upload sessions are always the calling token's account's: creating names no one, and another
  // account's session id is NOT_FOUND (nothing of it comes back).
  "nova.media.v1.MediaService/CreateMediaUpload": () => ({
    body: { contentType: "image/png", size: "1000" },
    secrets: [],
    otherUser: "none",
  }),
  "nova.media.v1.MediaService/GetMediaUpload": (w) => ({
    body: { id: w.alice.id },
    secrets: [],
    otherUser: "blind",
  }),
  "nova.media.v1.MediaService/CompleteMediaUpload": (w) => ({
    body: { id: w.alice.id },
    secrets: [],
    otherUser: "blind",
  }),
  // Search answers any signed-in account, as the viewer its token names: bob (who follows nobody)
  // must not find alice's followers-only post or her draft, their text or the hashtag only they
  // carry, nor see her only-me birthday in a people result.
  "nova.search.v1.SearchService/SearchPosts": (w) => ({
    body: { q: "secret" },
    secrets: [w.followersPost, w.draftPost, w.secretText, w.draftText],
    otherUser: "blind",
  }),
  "nova.search.v1.SearchService/SearchUsers": (w) => ({
    body: { q: "alice" },
    secrets: [w.birthday],
    otherUser: "blind",
  }),
  "nova.search.v1.SearchService/Suggest": (w) => ({
    body: { q: `#${hiddenTag(w)}` },
    secrets: [hiddenTag(w)],
    otherUser: "blind",
  }),
  "nova.search.v1.SearchService/TrendingHashtags": (w) => ({
    body: { limit: 50 },
    secrets: [hiddenTag(w)],
    otherUser: "blind",
  }),
  // The count is always the calling token's own account: the request has no field to name alice.
  "nova.notification.v1.NotificationService/GetUnreadCount": () => ({
    body: {},
    secrets: [],
    otherUser: "none",
  }),
};

/** The plan of an RPC; without one, every id field of the request names alice. */
export function planFor(rpc: Rpc, w: World): RpcPlan {
  const plan = plans[rpc.path];
  if (plan) return plan(w);
  return { body: idsNaming(rpc.method.input, w.alice.id), secrets: [], otherUser: "refuse" };
}

/** Whether the plan table knows the RPC (a test lists the ones that fall back to the generic plan). */
export const hasPlan = (rpc: Rpc) => rpc.path in plans;

function idsNaming(message: DescMessage, id: string): JsonObject {
  const body: JsonObject = {};
  for (const field of message.fields) {
    if (field.fieldKind === "scalar" && /id$/i.test(field.name)) body[field.jsonName] = id;
    if (field.fieldKind === "list" && field.listKind === "scalar" && /ids$/i.test(field.name))
      body[field.jsonName] = [id];
  }
  return body;
}
