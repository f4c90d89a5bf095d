import { createHash } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";

/** Who the fake provider says logged in next. */
export interface FakeUser {
  sub: string;
  email?: string;
  /** Google sends a boolean, Apple the string "true"; `asString` mimics Apple. */
  emailVerified?: boolean;
  asString?: boolean;
  name?: string;
}

/** Ways to make the provider misbehave, one per id_token check the service must make. */
export interface FakeTampering {
  nonce?: string;
  audience?: string;
  issuer?: string;
  /** Seconds added to the token's iat/exp (negative → already expired). */
  shiftSeconds?: number;
  /** Sign with a key that is not in the JWKS. */
  foreignKey?: boolean;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  nonce: string;
  codeChallenge: string;
  user: FakeUser;
}

/**
 * A local OpenID Connect provider (discovery, /authorize that consents at once and redirects with a
 * code, /token with PKCE S256 checks, /jwks) signing id_tokens with an RS256 key made at start.
 */
export interface FakeOidcProvider {
  readonly issuer: string;
  nextUser: FakeUser;
  tamper: FakeTampering;
  /** Client secrets the token endpoint saw, in order (Apple's is a JWT). */
  readonly secretsSeen: (string | undefined)[];
  /** Validates the client secret; default accepts anything. */
  checkSecret: (secret: string | undefined) => boolean | Promise<boolean>;
  /** Follows an authorize URL the way a browser would: returns the callback's code and state. */
  consent(authorizationUrl: string): Promise<{ code: string; state: string; redirectUri: string }>;
  stop(): Promise<void>;
}

export async function startFakeOidcProvider(opts: {
  clientId: string;
  now: () => Date;
}): Promise<FakeOidcProvider> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const foreign = await generateKeyPair("RS256");
  const kid = "fake-key-1";
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  const codes = new Map<string, IssuedCode>();
  let issuer = "";

  const provider: FakeOidcProvider = {
    get issuer() {
      return issuer;
    },
    nextUser: { sub: "fake-sub-1", email: "someone@example.com", emailVerified: true, name: "Some One" },
    tamper: {},
    secretsSeen: [],
    checkSecret: () => true,
    async consent(authorizationUrl) {
      const res = await fetch(authorizationUrl, { redirect: "manual" });
      const location = res.headers.get("location");
      if (res.status !== 302 || !location)
        throw new Error(`authorize answered ${res.status}: ${await res.text()}`);
      const back = new URL(location);
      return {
        code: back.searchParams.get("code") ?? "",
        state: back.searchParams.get("state") ?? "",
        redirectUri: `${back.origin}${back.pathname}`,
      };
    },
    stop: async () => {
      await server.stop(true);
    },
  };

  const json = (body: unknown, status = 200) => Response.json(body, { status });

  async function idToken(code: IssuedCode): Promise<string> {
    const t = provider.tamper;
    const iat = Math.floor(opts.now().getTime() / 1000) + (t.shiftSeconds ?? 0);
    const u = code.user;
    const claims: Record<string, unknown> = { nonce: t.nonce ?? code.nonce };
    if (u.email) claims.email = u.email;
    if (u.emailVerified !== undefined)
      claims.email_verified = u.asString ? String(u.emailVerified) : u.emailVerified;
    if (u.name) claims.name = u.name;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid })
      .setIssuer(t.issuer ?? issuer)
      .setAudience(t.audience ?? code.clientId)
      .setSubject(u.sub)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 600)
      .sign(t.foreignKey ? foreign.privateKey : privateKey);
  }

  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      if (url.pathname === "/.well-known/openid-configuration")
        return json({
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ["code"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
          code_challenge_methods_supported: ["S256"],
        });
      if (url.pathname === "/jwks") return json({ keys: [jwk] });
      if (url.pathname === "/authorize") {
        const q = url.searchParams;
        if (q.get("response_type") !== "code" || q.get("client_id") !== opts.clientId)
          return json({ error: "invalid_request" }, 400);
        if (q.get("code_challenge_method") !== "S256" || !q.get("code_challenge") || !q.get("nonce"))
          return json({ error: "invalid_request", error_description: "PKCE S256 and nonce required" }, 400);
        const code = crypto.randomUUID();
        codes.set(code, {
          clientId: opts.clientId,
          redirectUri: q.get("redirect_uri") ?? "",
          nonce: q.get("nonce") ?? "",
          codeChallenge: q.get("code_challenge") ?? "",
          user: { ...provider.nextUser },
        });
        const back = new URL(q.get("redirect_uri") ?? "");
        back.searchParams.set("code", code);
        back.searchParams.set("state", q.get("state") ?? "");
        return new Response(null, { status: 302, headers: { location: back.toString() } });
      }
      if (url.pathname === "/token" && req.method === "POST") {
        const form = new URLSearchParams(await req.text());
        const code = codes.get(form.get("code") ?? "");
        codes.delete(form.get("code") ?? ""); // single use
        provider.secretsSeen.push(form.get("client_secret") ?? undefined);
        if (!code || form.get("grant_type") !== "authorization_code")
          return json({ error: "invalid_grant" }, 400);
        if (form.get("redirect_uri") !== code.redirectUri || form.get("client_id") !== code.clientId)
          return json({ error: "invalid_grant" }, 400);
        const challenge = createHash("sha256")
          .update(form.get("code_verifier") ?? "")
          .digest("base64url");
        if (challenge !== code.codeChallenge)
          return json({ error: "invalid_grant", error_description: "PKCE verification failed" }, 400);
        if (!(await provider.checkSecret(form.get("client_secret") ?? undefined)))
          return json({ error: "invalid_client" }, 401);
        return json({
          access_token: "fake-access",
          token_type: "Bearer",
          expires_in: 3600,
          id_token: await idToken(code),
        });
      }
      return new Response("not found", { status: 404 });
    },
  });
  issuer = `http://127.0.0.1:${server.port}`;
  return provider;
}
