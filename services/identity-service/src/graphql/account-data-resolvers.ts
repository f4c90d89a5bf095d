import type { ServiceContext } from "../context.ts";
import { completeOAuthLogin } from "../domain/complete-oauth-login.ts";
import { deleteAccount } from "../domain/delete-account.ts";
import { exportAccount } from "../domain/export-account.ts";
import { listLinkedIdentities, unlinkIdentity } from "../domain/oauth-identities.ts";
import { startOAuthLogin } from "../domain/start-oauth-login.ts";
import type { GraphqlContext } from "./identity-resolvers.ts";

type Opt = string | null | undefined;
const given = <T extends Record<string, Opt>>(args: T) =>
  Object.fromEntries(Object.entries(args).filter(([, v]) => v !== null && v !== undefined)) as {
    [K in keyof T]?: string;
  };

/** Resolvers: convert → the REST routes' domain verbs → convert. */
export function accountDataResolvers(ctx: ServiceContext) {
  return {
    Account: {
      oauthIdentities: (_a: unknown, _args: unknown, { auth }: GraphqlContext) =>
        listLinkedIdentities({ ctx, auth }),
    },
    Query: {
      oauthProviders: () => [...ctx.oauth.names],
      accountExport: async (_p: unknown, _a: unknown, { auth, meta, authorization }: GraphqlContext) => {
        const out = await exportAccount({ ctx, auth, authorization, meta });
        return {
          ...out,
          parts: out.parts.map((p) =>
            "error" in p
              ? { service: p.service, data: null, error: p.error }
              : { service: p.service, data: JSON.stringify(p.data), error: null },
          ),
        };
      },
    },
    Mutation: {
      deleteAccount: (_p: unknown, args: { password?: Opt; code?: Opt }, { auth, meta }: GraphqlContext) =>
        deleteAccount({ ctx, auth, input: given(args), meta }),
      startOAuthLogin: (
        _p: unknown,
        args: { provider: string; deviceName?: Opt },
        { meta }: GraphqlContext,
      ) =>
        startOAuthLogin({
          ctx,
          input: { provider: args.provider, ...given({ deviceName: args.deviceName }) },
          meta,
        }),
      completeOAuthLogin: async (
        _p: unknown,
        args: { provider: string; code?: Opt; state?: Opt; error?: Opt },
        { meta }: GraphqlContext,
      ) => {
        const r = await completeOAuthLogin({
          ctx,
          input: {
            provider: args.provider,
            ...given({ code: args.code, state: args.state, error: args.error }),
          },
          meta,
        });
        return { ...r, status: r.status.toUpperCase(), outcome: r.outcome.toUpperCase() };
      },
      unlinkOAuthIdentity: async (
        _p: unknown,
        args: { provider: string },
        { auth, meta }: GraphqlContext,
      ) => {
        await unlinkIdentity({ ctx, auth, input: args, meta });
        return true;
      },
    },
  };
}
