import { afterAll, beforeAll, expect, test } from "bun:test";
import { GOOD_PASSWORD, type IdentityHarness, startIdentity } from "./support/identity-harness.ts";

// The GraphQL doors of account deletion, export and OAuth (issue 22): the REST routes' verbs, the
// same codes. The verbs' full behaviour is tested through REST (account-data, oauth-login).
let h: IdentityHarness;
beforeAll(async () => {
  h = await startIdentity("pglite");
}, 60_000);
afterAll(() => h?.close());

const code = (r: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  r.errors?.[0]?.extensions?.code;

test("accountExport: the caller's parts; anonymous is UNAUTHENTICATED", async () => {
  const a = await h.register("gqlexport");
  const out = await h.graphql(
    "{ accountExport { accountId incomplete parts { service data error } } }",
    {},
    a.accessToken,
  );
  expect(out.errors).toBeUndefined();
  const exp = out.data?.accountExport as {
    accountId: string;
    parts: Array<{ service: string; data: string | null }>;
  };
  expect(exp.accountId).toBe(a.id);
  const identity = exp.parts.find((p) => p.service === "identity-service");
  expect(JSON.parse(identity?.data ?? "{}")).toMatchObject({ account: { id: a.id } });
  expect(code(await h.graphql("{ accountExport { accountId } }"))).toBe("UNAUTHENTICATED");
});

test("deleteAccount: a wrong password changes nothing (INVALID_ARGUMENT); the right one deletes", async () => {
  const a = await h.register("gqldelete");
  const m = "mutation($p: String) { deleteAccount(password: $p) { deletedAt } }";
  expect(code(await h.graphql(m, { p: "Wrong-password-1" }, a.accessToken))).toBe("INVALID_ARGUMENT");
  expect(code(await h.graphql(m, { p: GOOD_PASSWORD }))).toBe("UNAUTHENTICATED");
  expect((await h.graphql("{ myAccount { id } }", {}, a.accessToken)).data?.myAccount).toEqual({ id: a.id });
  const done = await h.graphql(m, { p: GOOD_PASSWORD }, a.accessToken);
  expect(done.data?.deleteAccount).toEqual({ deletedAt: h.now().toISOString() });
  expect((await h.request("/api/v1/accounts/me", { token: a.accessToken })).status).toBe(401);
});

test("OAuth: providers, linked identities, and an unknown provider is NOT_FOUND as over REST", async () => {
  const a = await h.register("gqloauth");
  const r = await h.graphql(
    "{ oauthProviders myAccount { oauthIdentities { provider } } }",
    {},
    a.accessToken,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data).toEqual({ oauthProviders: [], myAccount: { oauthIdentities: [] } });
  const start = await h.graphql('mutation { startOAuthLogin(provider: "nope") { state } }');
  expect(code(start)).toBe("NOT_FOUND");
  const cb = await h.graphql(
    'mutation { completeOAuthLogin(provider: "nope", code: "c", state: "s") { status } }',
  );
  expect(code(cb)).toBe("NOT_FOUND");
  const unlink = await h.graphql('mutation { unlinkOAuthIdentity(provider: "google") }');
  expect(code(unlink)).toBe("UNAUTHENTICATED");
});
