import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import { createTokenVerifier, JWKS_PATH } from "@nova/auth";
import {
  AccountState,
  BatchGetAccountStatusRequestSchema,
  GetAccountStatusRequestSchema,
  IntrospectTokenRequestSchema,
} from "@nova/proto/identity/v1";
import { rotateSigningKey } from "../src/domain/rotate-signing-key.ts";
import {
  DATABASE_KINDS,
  GOOD_PASSWORD,
  type IdentityHarness,
  startIdentity,
} from "./support/identity-harness.ts";

for (const kind of DATABASE_KINDS) {
  describe(`on ${kind}`, () => {
    let h: IdentityHarness;
    beforeAll(async () => {
      h = await startIdentity(kind);
    }, 60_000);
    afterAll(async () => {
      await h?.close();
    });

    const jwks = async () => (await (await h.request(JWKS_PATH)).json()) as { keys: { kid: string }[] };

    describe("signing keys", () => {
      test("the embedded default generates its key under <dataDir>/keys and reuses it", async () => {
        const file = Bun.file(`${h.dataDir}/keys/jwt-signing.pem`);
        expect(await file.exists()).toBe(true);
        expect(await file.text()).toStartWith("-----BEGIN PRIVATE KEY-----");
      });

      test("rotation: the old key verifies until its tokens expire, then leaves the JWKS", async () => {
        const a = await h.register("rotation");
        const oldKid = (await jwks()).keys[0]?.kid;
        const { kid, previousKid } = await rotateSigningKey({ ctx: h.ctx });
        expect(previousKid).toBe(oldKid as string);
        h.advance(6_000); // past the JWKS cache
        const both = (await jwks()).keys.map((k) => k.kid);
        expect(both).toEqual(expect.arrayContaining([kid, previousKid]));

        // A verifier elsewhere, given the published set, accepts old and new tokens.
        const fresh = await (
          await h.request("/api/v1/auth/login", { json: { identifier: "rotation", password: GOOD_PASSWORD } })
        ).json();
        const verifier = createTokenVerifier({ publicKeys: (await jwks()).keys, clock: h.now });
        expect((await verifier.verify(a.accessToken)).accountId).toBe(a.id);
        expect((await verifier.verify(fresh.tokens.accessToken)).accountId).toBe(a.id);

        // After an access-token lifetime (+ margin) the old key is gone and its tokens no longer verify.
        h.advance(15 * 60_000 + 4 * 60_000);
        await h.ctx.keys.heartbeat();
        const after = (await jwks()).keys.map((k) => k.kid);
        expect(after).toEqual([kid]);
        const later = createTokenVerifier({ publicKeys: (await jwks()).keys, clock: () => new Date(0) });
        await expect(later.verify(a.accessToken)).rejects.toThrow("unknown key");
      });
    });

    describe("RPC", () => {
      test("IntrospectToken: active for a live token, inactive after logout, garbage is inactive", async () => {
        const a = await h.register("introspected");
        const client = h.rpc();
        const live = await client.introspectToken(
          create(IntrospectTokenRequestSchema, { token: a.accessToken }),
        );
        expect(live).toMatchObject({ active: true, accountId: a.id, sessionId: a.sessionId });
        await h.request("/api/v1/auth/logout", { method: "POST", token: a.accessToken });
        const dead = await client.introspectToken(
          create(IntrospectTokenRequestSchema, { token: a.accessToken }),
        );
        expect(dead).toMatchObject({ active: false, reason: "session revoked", accountId: "" });
        const junk = await client.introspectToken(create(IntrospectTokenRequestSchema, { token: "x.y.z" }));
        expect(junk.active).toBe(false);
      });

      test("GetAccountStatus / BatchGetAccountStatus: state, order, unknown ids left out, NOT_FOUND, limits", async () => {
        const a = await h.register("statusone");
        const b = await h.register("statustwo");
        const client = h.rpc();
        const one = await client.getAccountStatus(create(GetAccountStatusRequestSchema, { accountId: a.id }));
        expect(one.status).toMatchObject({
          accountId: a.id,
          state: AccountState.ACTIVE,
          emailVerified: false,
        });
        await expect(
          client.getAccountStatus(
            create(GetAccountStatusRequestSchema, { accountId: "01900000-0000-7000-8000-000000000000" }),
          ),
        ).rejects.toThrow(/not found/);
        const batch = await client.batchGetAccountStatus(
          create(BatchGetAccountStatusRequestSchema, { accountIds: [b.id, "nope", a.id] }),
        );
        expect(batch.statuses.map((s) => s.accountId)).toEqual([b.id, a.id]);
        await expect(
          client.batchGetAccountStatus(
            create(BatchGetAccountStatusRequestSchema, {
              accountIds: Array.from({ length: 101 }, () => a.id),
            }),
          ),
        ).rejects.toThrow(/at most 100/);
      });

      test("finding 1: account status (2FA, lock state) and introspection answer services only", async () => {
        const a = await h.register("statusthree");
        const ask = create(BatchGetAccountStatusRequestSchema, { accountIds: [a.id] });
        // No credential at all, and an end-user token alone (even the account's own): unauthenticated.
        await expect(h.rpc(null).batchGetAccountStatus(ask)).rejects.toThrow(/service credential/);
        await expect(h.rpc(null, a.accessToken).batchGetAccountStatus(ask)).rejects.toThrow(
          /service credential/,
        );
        await expect(
          h
            .rpc(null, a.accessToken)
            .getAccountStatus(create(GetAccountStatusRequestSchema, { accountId: a.id })),
        ).rejects.toThrow(/service credential/);
        await expect(
          h.rpc(null).introspectToken(create(IntrospectTokenRequestSchema, { token: a.accessToken })),
        ).rejects.toThrow(/service credential/);
        // A service's token for another audience is refused too.
        const elsewhere = await h.pki.identity("user-service").tokenFor("graph-service");
        await expect(
          h.rpc(null).batchGetAccountStatus(ask, { headers: { "x-nova-service-token": elsewhere } }),
        ).rejects.toThrow(/another service/);
        expect((await h.rpc("content-service").batchGetAccountStatus(ask)).statuses).toHaveLength(1);
      });

      test("a present but invalid token is refused on RPCs", async () => {
        await expect(
          h.rpc().getAccountStatus(create(GetAccountStatusRequestSchema, { accountId: "x" }), {
            headers: { authorization: "Bearer a.b.c" },
          }),
        ).rejects.toThrow(/invalid/);
      });
    });

    describe("GraphQL subschema", () => {
      test("serves _sdl with stitching directives, and register/login/myAccount work through the same verbs", async () => {
        const sdl = await h.graphql("{ _sdl }");
        expect(sdl.data?._sdl as string).toContain('type User @key(selectionSet: "{ id }")');
        const reg = await h.graphql(
          `mutation($input: RegisterInput!) { register(input: $input) { account { id username } tokens { accessToken refreshToken } } }`,
          { input: { email: "gql@example.com", password: GOOD_PASSWORD, username: "gqluser" } },
        );
        const payload = reg.data?.register as { account: { id: string }; tokens: { accessToken: string } };
        expect(payload.account.id).toBeString();
        const me = await h.graphql(
          "{ myAccount { email sessions { current } } }",
          undefined,
          payload.tokens.accessToken,
        );
        expect(me.data?.myAccount).toEqual({ email: "gql@example.com", sessions: [{ current: true }] });
        const dup = await h.graphql(
          `mutation($input: RegisterInput!) { register(input: $input) { account { id } } }`,
          // A taken username (a taken email now answers like a success: issue 15, finding 6).
          { input: { email: "gql2@example.com", password: GOOD_PASSWORD, username: "gqluser" } },
        );
        expect(dup.errors?.[0]?.extensions?.code).toBe("CONFLICT");
        const login = await h.graphql(
          `mutation { login(input: { identifier: "gqluser", password: "${GOOD_PASSWORD}" }) { status tokens { sessionId } } }`,
        );
        expect(login.data?.login).toMatchObject({ status: "AUTHENTICATED" });
      });

      test("User.account is visible to its owner only", async () => {
        const a = await h.register("owner");
        const b = await h.register("stranger");
        const q = `query($ids: [ID!]!) { _identityUsers(ids: $ids) { id account { email } } }`;
        const own = await h.graphql(q, { ids: [a.id] }, a.accessToken);
        expect(own.data?._identityUsers).toEqual([{ id: a.id, account: { email: a.email } }]);
        const other = await h.graphql(q, { ids: [a.id] }, b.accessToken);
        expect(other.data?._identityUsers).toEqual([{ id: a.id, account: null }]);
      });

      test("mutations needing a caller refuse anonymous requests with UNAUTHENTICATED", async () => {
        const res = await h.graphql("mutation { logoutEverywhere }");
        expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      });
    });
  });
}
