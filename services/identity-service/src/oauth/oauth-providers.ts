import type { ServiceConfig } from "../config.ts";

export const OAUTH_PROVIDERS = ["google", "apple"] as const;
export type OAuthProviderName = (typeof OAUTH_PROVIDERS)[number];

/** One OpenID Connect provider as configured (OAUTH_<NAME>_*). */
export interface OAuthProviderConfig {
  name: OAuthProviderName;
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  redirectUri: string;
}

/** The providers that are switched on (client id set). */
export interface OAuthProviders {
  get(name: string): OAuthProviderConfig | undefined;
  readonly names: readonly OAuthProviderName[];
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
      clientSecret: x.OAUTH_GOOGLE_CLIENT_SECRET,
      redirectUri: redirect("google"),
    });
  if (x.OAUTH_APPLE_CLIENT_ID)
    all.push({
      name: "apple",
      issuer: x.OAUTH_APPLE_ISSUER,
      clientId: x.OAUTH_APPLE_CLIENT_ID,
      clientSecret: x.OAUTH_APPLE_CLIENT_SECRET,
      redirectUri: redirect("apple"),
    });
  return { get: (name) => all.find((p) => p.name === name), names: all.map((p) => p.name) };
}
