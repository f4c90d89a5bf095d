import type { AuthContext } from "@nova/auth";
import type { ServiceContext } from "../context.ts";
import { changePassword } from "../domain/change-password.ts";
import { completeTwoFactorLogin } from "../domain/complete-two-factor-login.ts";
import { confirmTwoFactor } from "../domain/confirm-two-factor.ts";
import { disableTwoFactor } from "../domain/disable-two-factor.ts";
import { enrollTwoFactor } from "../domain/enroll-two-factor.ts";
import { getAccount } from "../domain/get-account.ts";
import { listSessions } from "../domain/list-sessions.ts";
import { logIn } from "../domain/log-in.ts";
import { logOut, logOutEverywhere } from "../domain/log-out.ts";
import { refreshSession } from "../domain/refresh-session.ts";
import { registerAccount } from "../domain/register-account.ts";
import type { RequestMeta } from "../domain/request-meta.ts";
import { requestPasswordReset } from "../domain/request-password-reset.ts";
import { resetPassword } from "../domain/reset-password.ts";
import { revokeSession } from "../domain/revoke-session.ts";
import { resendEmailVerification } from "../domain/send-email-verification.ts";
import { verifyEmail } from "../domain/verify-email.ts";

/** What each resolver sees: the verified caller (if any) and where the request came from. */
export interface GraphqlContext {
  auth: AuthContext | undefined;
  meta: RequestMeta;
  /** The caller's Authorization header (the export forwards it to the services holding the other parts). */
  authorization: string;
}

type Args<T> = T;
type R<A, Out> = (parent: unknown, args: A, gql: GraphqlContext) => Promise<Out>;

/** Resolvers: convert → the same domain verbs as REST and RPC → convert. */
export function identityResolvers(ctx: ServiceContext) {
  const sessions: R<unknown, unknown> = (_p, _a, { auth }) => listSessions({ ctx, auth });
  return {
    Query: {
      myAccount: (async (_p, _a, { auth }) => (auth ? getAccount({ ctx, auth }) : null)) as R<
        unknown,
        unknown
      >,
      _identityUsers: (async (_p, { ids }) => ids.map((id) => ({ id }))) as R<
        Args<{ ids: string[] }>,
        unknown
      >,
    },
    User: {
      // Only the owner may see the account behind a user; anyone else gets null, never an error
      // that would confirm the account exists.
      account: (async (user: { id: string }, _a, { auth }) =>
        auth && auth.accountId === user.id ? getAccount({ ctx, auth }) : null) as (
        p: { id: string },
        a: unknown,
        g: GraphqlContext,
      ) => Promise<unknown>,
    },
    Account: { sessions },
    Mutation: {
      register: ((_p, { input }, { meta }) => registerAccount({ ctx, input, meta })) as R<
        { input: { email: string; password: string; username: string; deviceName?: string } },
        unknown
      >,
      login: (async (_p, { input }, { meta }) => {
        const r = await logIn({ ctx, input, meta });
        return { ...r, status: r.status.toUpperCase() };
      }) as R<{ input: { identifier: string; password: string; deviceName?: string } }, unknown>,
      loginWithTwoFactor: ((_p, args, { meta }) => completeTwoFactorLogin({ ctx, input: args, meta })) as R<
        { challengeToken: string; code: string },
        unknown
      >,
      refreshToken: ((_p, args, { meta }) => refreshSession({ ctx, input: args, meta })) as R<
        { refreshToken: string },
        unknown
      >,
      logout: (async (_p, _a, { auth, meta }) => {
        await logOut({ ctx, auth, meta });
        return true;
      }) as R<unknown, boolean>,
      logoutEverywhere: (async (_p, _a, { auth, meta }) =>
        (await logOutEverywhere({ ctx, auth, meta })).revokedSessions) as R<unknown, number>,
      verifyEmail: ((_p, args, { meta }) => verifyEmail({ ctx, input: args, meta })) as R<
        { token: string },
        unknown
      >,
      resendEmailVerification: (async (_p, _a, { auth, meta }) => {
        await resendEmailVerification({ ctx, auth, meta });
        return true;
      }) as R<unknown, boolean>,
      requestPasswordReset: (async (_p, args, { meta }) => {
        await requestPasswordReset({ ctx, input: args, meta });
        return true;
      }) as R<{ email: string }, boolean>,
      resetPassword: (async (_p, args, { meta }) =>
        (await resetPassword({ ctx, input: args, meta })).revokedSessions) as R<
        { token: string; newPassword: string },
        number
      >,
      changePassword: (async (_p, args, { auth, meta }) =>
        (await changePassword({ ctx, auth, input: args, meta })).revokedSessions) as R<
        { currentPassword: string; newPassword: string },
        number
      >,
      revokeSession: (async (_p, { id }, { auth, meta }) => {
        await revokeSession({ ctx, auth, input: { sessionId: id }, meta });
        return true;
      }) as R<{ id: string }, boolean>,
      enrollTwoFactor: ((_p, _a, { auth, meta }) => enrollTwoFactor({ ctx, auth, meta })) as R<
        unknown,
        unknown
      >,
      confirmTwoFactor: (async (_p, args, { auth, meta }) =>
        (await confirmTwoFactor({ ctx, auth, input: args, meta })).recoveryCodes) as R<
        { code: string },
        string[]
      >,
      disableTwoFactor: (async (_p, args, { auth, meta }) => {
        await disableTwoFactor({ ctx, auth, input: args, meta });
        return true;
      }) as R<{ password: string; code: string }, boolean>,
    },
  };
}
