import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ServiceContext } from "../context.ts";
import { completeOAuthLogin } from "../domain/complete-oauth-login.ts";
import { listLinkedIdentities, unlinkIdentity } from "../domain/oauth-identities.ts";
import { startOAuthLogin } from "../domain/start-oauth-login.ts";
import { OAUTH_PROVIDERS } from "../oauth/oauth-providers.ts";
import { type IdentityEnv, requestMeta } from "./identity-env.ts";
import { AccountSchema, body, json, problems, TokenPairSchema } from "./schemas.ts";

const tags = ["oauth"];
const bearer = [{ bearerAuth: [] }];
const provider = z.enum(OAUTH_PROVIDERS).openapi({ example: "google" });

const CallbackParamsSchema = z.object({
  code: z.string().max(2048).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(256).optional(),
});

const OAuthLoginResultSchema = z
  .union([
    z.object({
      status: z.literal("authenticated"),
      outcome: z.enum(["existing", "linked", "created"]),
      account: AccountSchema,
      tokens: TokenPairSchema,
    }),
    z.object({
      status: z.literal("two_factor_required"),
      outcome: z.enum(["existing", "linked", "created"]),
      challengeToken: z.string(),
      challengeExpiresAt: z.string(),
    }),
  ])
  .openapi("OAuthLoginResult");

const LinkedIdentitySchema = z
  .object({ provider: z.string(), email: z.string(), linkedAt: z.string() })
  .openapi("LinkedIdentity");

export const providersRoute = createRoute({
  method: "get",
  path: "/api/v1/auth/oauth/providers",
  tags,
  summary: "The OAuth/OIDC providers switched on here",
  responses: { 200: json(z.object({ providers: z.array(z.string()) }), "providers") },
});

export const startRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/oauth/{provider}/start",
  tags,
  summary: "Start a login with the provider: open the returned authorize URL (PKCE S256, state, nonce)",
  request: {
    params: z.object({ provider }),
    ...body(z.object({ deviceName: z.string().max(100).optional() }).openapi("OAuthStartRequest")),
  },
  responses: {
    200: json(
      z
        .object({ authorizationUrl: z.string(), state: z.string(), expiresAt: z.string() })
        .openapi("OAuthStart"),
      "where to send the user",
    ),
    ...problems(404, 429, 503),
  },
});

export const callbackRoute = createRoute({
  method: "get",
  path: "/api/v1/auth/oauth/{provider}/callback",
  tags,
  summary: "Where the provider redirects back (code + state): logs in, links or creates the account",
  request: { params: z.object({ provider }), query: CallbackParamsSchema },
  responses: { 200: json(OAuthLoginResultSchema, "logged in"), ...problems(400, 401, 404, 429, 503) },
});

export const callbackPostRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/oauth/{provider}/callback",
  tags,
  summary: "The same callback as a form post (Sign in with Apple's response_mode=form_post)",
  request: {
    params: z.object({ provider }),
    body: {
      content: { "application/x-www-form-urlencoded": { schema: CallbackParamsSchema } },
      required: true,
    },
  },
  responses: { 200: json(OAuthLoginResultSchema, "logged in"), ...problems(400, 401, 404, 429, 503) },
});

export const identitiesRoute = createRoute({
  method: "get",
  path: "/api/v1/auth/oauth/identities",
  tags,
  security: bearer,
  summary: "The caller's linked Google/Apple identities",
  responses: {
    200: json(z.object({ identities: z.array(LinkedIdentitySchema) }), "linked"),
    ...problems(401),
  },
});

export const unlinkRoute = createRoute({
  method: "delete",
  path: "/api/v1/auth/oauth/identities/{provider}",
  tags,
  security: bearer,
  summary: "Unlink a provider (refused when it is the only way to log in)",
  request: { params: z.object({ provider }) },
  responses: { 204: { description: "unlinked" }, ...problems(401, 404, 412) },
});

export const OAUTH_PROTECTED = [identitiesRoute.path, "/api/v1/auth/oauth/identities/*"];

export function mountOAuthRoutes(app: OpenAPIHono<IdentityEnv>, ctx: ServiceContext): void {
  app.openapi(providersRoute, (c) => c.json({ providers: [...ctx.oauth.names] }, 200));
  app.openapi(startRoute, async (c) =>
    c.json(
      await startOAuthLogin({
        ctx,
        input: { ...c.req.valid("param"), ...c.req.valid("json") },
        meta: requestMeta(c),
      }),
      200,
    ),
  );
  app.openapi(callbackRoute, async (c) =>
    c.json(
      await completeOAuthLogin({
        ctx,
        input: { ...c.req.valid("query"), ...c.req.valid("param") },
        meta: requestMeta(c),
      }),
      200,
    ),
  );
  app.openapi(callbackPostRoute, async (c) =>
    c.json(
      await completeOAuthLogin({
        ctx,
        input: { ...c.req.valid("form"), ...c.req.valid("param") },
        meta: requestMeta(c),
      }),
      200,
    ),
  );
  app.openapi(identitiesRoute, async (c) =>
    c.json({ identities: await listLinkedIdentities({ ctx, auth: c.get("auth") }) }, 200),
  );
  app.openapi(unlinkRoute, async (c) => {
    await unlinkIdentity({ ctx, auth: c.get("auth"), input: c.req.valid("param"), meta: requestMeta(c) });
    return c.body(null, 204);
  });
}
