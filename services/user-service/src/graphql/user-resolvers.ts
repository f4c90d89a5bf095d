import { DomainError, InvalidArgumentError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { batchGetProfiles, MAX_BATCH } from "../domain/batch-get-profiles.ts";
import { checkUsernameAvailability } from "../domain/check-username-availability.ts";
import { getMyProfile } from "../domain/get-my-profile.ts";
import { getMySettings } from "../domain/get-my-settings.ts";
import { getProfile } from "../domain/get-profile.ts";
import { getProfileByUsername } from "../domain/get-profile-by-username.ts";
import type { ProfileView } from "../domain/profile-view.ts";
import { updateMyProfile } from "../domain/update-my-profile.ts";
import { updateMySettings } from "../domain/update-my-settings.ts";
import type { Viewer } from "../domain/viewer.ts";

/** Per-request GraphQL context: the caller, verified on first use. */
export interface UserGraphqlContext {
  viewer(): Promise<Viewer>;
  traceparent: string | undefined;
}

type Args<T> = Record<string, T>;

/** "Not found" is an absent value in GraphQL, not an error. */
async function orNull<T>(run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof DomainError && err.code === "not_found") return null;
    throw err;
  }
}

/** Resolvers: each converts its arguments and calls a domain verb. */
export function userResolvers(ctx: ServiceContext) {
  return {
    Audience: { EVERYONE: "everyone", FOLLOWING: "following", NOBODY: "nobody" },
    BirthdayVisibility: { ONLY_ME: "only_me", FOLLOWERS: "followers", PUBLIC: "public" },
    Query: {
      me: async (_: unknown, __: unknown, gql: UserGraphqlContext) => {
        const viewer = await gql.viewer();
        return viewer ? orNull(() => getMyProfile({ ctx, viewer })) : null;
      },
      user: async (
        _: unknown,
        args: { id?: string | null; username?: string | null },
        gql: UserGraphqlContext,
      ) => {
        const viewer = await gql.viewer();
        if ((args.id == null) === (args.username == null))
          throw new InvalidArgumentError("give exactly one of id and username", [
            { field: "id", message: "give exactly one of id and username" },
          ]);
        const { traceparent } = gql;
        if (args.id != null)
          return orNull(() => getProfile({ ctx, viewer, input: { id: args.id as string }, traceparent }));
        return orNull(() =>
          getProfileByUsername({ ctx, viewer, input: { username: args.username as string }, traceparent }),
        );
      },
      usernameAvailability: async (_: unknown, args: { username: string }, gql: UserGraphqlContext) =>
        checkUsernameAvailability({ ctx, viewer: await gql.viewer(), input: { username: args.username } }),
      _users: async (_: unknown, args: { ids: string[] }, gql: UserGraphqlContext) => {
        const viewer = await gql.viewer();
        const found = new Map<string, ProfileView>();
        // The gateway may batch more keys than one lookup allows.
        for (let i = 0; i < args.ids.length; i += MAX_BATCH) {
          const views = await batchGetProfiles({
            ctx,
            viewer,
            input: { ids: args.ids.slice(i, i + MAX_BATCH) },
          });
          for (const v of views) found.set(v.id, v);
        }
        return args.ids.map((id) => found.get(id) ?? null);
      },
    },
    Mutation: {
      updateProfile: async (_: unknown, args: Args<Record<string, unknown>>, gql: UserGraphqlContext) =>
        updateMyProfile({
          ctx,
          viewer: await gql.viewer(),
          input: args.input ?? {},
          traceparent: gql.traceparent,
        }),
      updateSettings: async (_: unknown, args: Args<Record<string, unknown>>, gql: UserGraphqlContext) =>
        updateMySettings({
          ctx,
          viewer: await gql.viewer(),
          input: args.input ?? {},
          traceparent: gql.traceparent,
        }),
    },
    User: {
      settings: async (user: ProfileView, _: unknown, gql: UserGraphqlContext) => {
        const viewer = await gql.viewer();
        return viewer?.accountId === user.id ? getMySettings({ ctx, viewer }) : null;
      },
    },
  };
}
