import type { ServiceConfig } from "../config.ts";

export const OAUTH_PROVIDERS = ["google", "apple"] as const;
export type OAuthProviderName = (typeof OAUTH_PROVIDERS)[number];

/** How the client authenticates at the token endpoint. */
export type ClientSecretSource =
  | { kind: "none" }
  | { kind: "static"; secret: string }
  /** Apple: an ES256 JWT signed with the team's key, made on demand (see apple-client-secret.ts). */
  | { kind: "apple-key"; privateKeyPem?: string; privateKeyPath?: string; teamId: string; keyId: string };

/** One OpenID Connect provider as configured (OAUTH_<NAME>_*). */
export interface OAuthProviderConfig {
  name: OAuthProviderName;
  issuer: string;
  clientId: string;
  secret: ClientSecretSource;
  redirectUri: string;
  /** Scopes asked for; Apple returns the email only when asked and then posts the callback as a form. */
  scopes: readonly string[];
  /** Apple needs `response_mode=form_post` when `email`/`name` scopes are asked for. */
  responseMode?: "form_post";
}

/** The providers that are switched on (client id set). */
export interface OAuthProviders {
  get(name: string): OAuthProviderConfig | undefined;
  readonly names: readonly OAuthProviderName[];
}

function appleSecret(x: ServiceConfig["extra"]): ClientSecretSource {
  if (x.OAUTH_APPLE_CLIENT_SECRET) return { kind: "static", secret: x.OAUTH_APPLE_CLIENT_SECRET };
  const key = x.OAUTH_APPLE_PRIVATE_KEY_PEM ?? x.OAUTH_APPLE_PRIVATE_KEY_PATH;
  if (key || x.OAUTH_APPLE_TEAM_ID || x.OAUTH_APPLE_KEY_ID) {
    const missing = [
      key ? undefined : "OAUTH_APPLE_PRIVATE_KEY_PEM or OAUTH_APPLE_PRIVATE_KEY_PATH",
      x.OAUTH_APPLE_TEAM_ID ? undefined : "OAUTH_APPLE_TEAM_ID",
      x.OAUTH_APPLE_KEY_ID ? undefined : "OAUTH_APPLE_KEY_ID",
    ].filter(Boolean);
    if (missing.length)
      throw new Error(`Sign in with Apple needs ${missing.join(", ")} to make its client secret`);
    return {
      kind: "apple-key",
      privateKeyPem: x.OAUTH_APPLE_PRIVATE_KEY_PEM,
      privateKeyPath: x.OAUTH_APPLE_PRIVATE_KEY_PATH,
      teamId: x.OAUTH_APPLE_TEAM_ID as string,
      keyId: x.OAUTH_APPLE_KEY_ID as string,
    };
  }
  return { kind: "none" };
}

export function createOAuthProviders(config: ServiceConfig): OAuthProviders {
  const x = config.extra;
  const all: OAuthProviderConfig[] = [];
  const redirect = (name: string) =>
    new URL(`/api/v1/auth/oauth/${name}/callback`, x.OAUTH_REDIRECT_BASE_URL).toString();
  if (x.OAUTH_GOOGLE_CLIENT_ID)
    all.push({
      name: "google",
      issuer: x.OAUTH_GOOGLE_ISSUER,
      clientId: x.OAUTH_GOOGLE_CLIENT_ID,
      secret: x.OAUTH_GOOGLE_CLIENT_SECRET
        ? { kind: "static", secret: x.OAUTH_GOOGLE_CLIENT_SECRET }
        : { kind: "none" },
      redirectUri: redirect("google"),
      scopes: ["openid", "email", "profile"],
    });
  if (x.OAUTH_APPLE_CLIENT_ID)
    all.push({
      name: "apple",
      issuer: x.OAUTH_APPLE_ISSUER,
      clientId: x.OAUTH_APPLE_CLIENT_ID,
      secret: appleSecret(x),
      redirectUri: redirect("apple"),
      scopes: ["openid", "email", "name"],
      responseMode: "form_post",
    });
  return { get: (name) => all.find((p) => p.name === name), names: all.map((p) => p.name) };
}
