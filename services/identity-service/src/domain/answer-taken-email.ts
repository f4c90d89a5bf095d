import { signAccessToken } from "@nova/auth";
import { generateKeyPair } from "jose";
import type { ServiceContext } from "../context.ts";
import type { AccountRow } from "../db/schema/index.ts";
import { toSigningKey } from "../keys/signing-key.ts";
import { issueDeviceToken } from "../security/device-token.ts";
import { newOpaqueToken } from "../security/opaque-token.ts";
import type { AccountView } from "./account-view.ts";
import { recordAudit } from "./record-audit.ts";
import type { RequestMeta } from "./request-meta.ts";
import type { TokenPair } from "./token-pair.ts";

// A key made in memory once per process and published nowhere: tokens it signs have the format of
// real ones, and no verifier (which only trusts identity's JWKS) accepts them.
let decoyKey: ReturnType<typeof makeDecoyKey> | undefined;
async function makeDecoyKey() {
  const { privateKey, publicKey } = await generateKeyPair("RS256", {
    modulusLength: 2048,
    extractable: true,
  });
  return toSigningKey(privateKey, publicKey);
}

/**
 * The answer to a registration with an address that already has an account: the same status and
 * body as a success, so registration cannot be used to find out who has an account. Nothing is
 * created: the account view describes no account, and its tokens are signed by a key no service
 * trusts (the first call with them is a 401, as with any expired session). The address's owner is
 * told by mail — sent here, as the success path sends its verification mail, so both take alike.
 * The caller has already paid for the password hash, as a real registration does.
 */
export async function answerTakenEmail(
  ctx: ServiceContext,
  owner: AccountRow,
  input: { email: string; typedUsername: string },
  meta: RequestMeta,
): Promise<{ account: AccountView; tokens: TokenPair }> {
  const now = ctx.clock();
  const id = Bun.randomUUIDv7();
  const sessionId = Bun.randomUUIDv7();
  decoyKey ??= makeDecoyKey();
  const key = await decoyKey;
  const issuedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const accessExpires = new Date(issuedAt.getTime() + ctx.config.extra.ACCESS_TOKEN_TTL);
  const refreshExpires = new Date(now.getTime() + ctx.config.extra.REFRESH_TOKEN_TTL);
  const decoyKeys = { current: () => key, jwks: async () => ({ keys: [key.publicJwk] }) };
  const [accessToken, deviceToken] = await Promise.all([
    signAccessToken(
      { accountId: id, sessionId, tokenId: Bun.randomUUIDv7(), issuedAt, expiresAt: accessExpires },
      key,
    ),
    issueDeviceToken(
      decoyKeys as Parameters<typeof issueDeviceToken>[0],
      { accountId: id, deviceId: Bun.randomUUIDv7() },
      now,
    ),
  ]);
  await recordAudit(ctx, ctx.db.db, "account.register_with_taken_email", { accountId: owner.id, meta });
  await ctx.mailer.send({
    to: input.email,
    subject: "Someone tried to sign up to Nova with your address",
    text: [
      `Hi ${owner.username ?? ""},`,
      "",
      "Someone just tried to create a new Nova account with this email address, which already",
      "belongs to your account. No account was created and nothing about yours changed.",
      "",
      "If it was you: you already have an account — log in, or reset your password if you forgot it.",
      "If it was not you, you can ignore this mail.",
    ].join("\n"),
  });
  return {
    account: {
      id,
      email: input.email,
      username: input.typedUsername,
      emailVerified: false,
      twoFactorEnabled: false,
      createdAt: now.toISOString(),
    },
    tokens: {
      tokenType: "Bearer",
      accessToken,
      expiresIn: Math.round((accessExpires.getTime() - now.getTime()) / 1000),
      accessTokenExpiresAt: accessExpires.toISOString(),
      refreshToken: newOpaqueToken(),
      refreshTokenExpiresAt: refreshExpires.toISOString(),
      sessionId,
      deviceToken,
    },
  };
}
