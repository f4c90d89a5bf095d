/**
 * Staff roles: granted and revoked with the staff CLI (its exported function here, one subprocess
 * smoke run), carried in every access token identity issues, audit-logged, refusing the account's
 * earlier tokens everywhere at once, and enforced by identity's admin-only REST route.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { createTokenVerifier, type TokenVerifier } from "@nova/auth";
import { loadConfig } from "@nova/config";
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from "@nova/errors";
import { type BaseContext, createBaseContext, type ServiceRevocations, startRevocationView } from "@nova/kit";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { AccountTokensRevokedSchema, RevocationReason } from "@nova/proto/identity/v1";
import { silentLogger } from "@nova/testing";
import { sql } from "drizzle-orm";
import { assertEmbeddedDatabaseFree } from "../src/cli/embedded-database-lock.ts";
import { runStaffCommand } from "../src/cli/run-staff-command.ts";
import { type IdentityHarness, type RegisteredAccount, startIdentity } from "./support/identity-harness.ts";

let h: IdentityHarness;
let otherCtx: BaseContext;
/** content-service's revocation view, as it runs in the same process in the embedded default. */
let content: ServiceRevocations;
/** How another service verifies identity's tokens: the JWKS and its revocation view. */
let elsewhere: TokenVerifier;

beforeAll(async () => {
  h = await startIdentity("pglite");
  otherCtx = await createBaseContext(loadConfig("content-service", { LOG_LEVEL: "fatal" }), {
    schema: null,
    overrides: { log: silentLogger(), processMetrics: false, clock: () => h.now() },
  });
  content = await startRevocationView(otherCtx, { bus: false });
  elsewhere = createTokenVerifier({ jwks: () => h.ctx.keys.jwks(), clock: h.now, revocations: content.view });
}, 60_000);

afterAll(async () => {
  await otherCtx?.close();
  await h?.close();
});

const staff = (action: "grant" | "revoke", account: string, role: string) =>
  runStaffCommand([action, account, role], { ctx: h.ctx, by: "cli:test-operator" });

async function refresh(a: RegisteredAccount): Promise<RegisteredAccount> {
  const res = await h.request("/api/v1/auth/refresh", { json: { refreshToken: a.refreshToken } });
  expect(res.status).toBe(200);
  const tokens = (await res.json()) as { accessToken: string; refreshToken: string };
  return { ...a, ...tokens };
}

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const res = await h.ctx.db.db.execute(query);
  return ((res as unknown as { rows?: unknown[] }).rows ?? res) as T[];
}

const audit = (accountId: string) =>
  rows<{ event: string; details: Record<string, unknown> }>(
    sql`select event, details from identity_service.audit_log
        where account_id = ${accountId} and event like 'staff.%' order by created_at, id`,
  );

async function rolesRevocations(accountId: string) {
  const found = await rows<{ event_type: string; envelope: Uint8Array }>(
    sql`select event_type, envelope from identity_service.outbox
        where aggregate_id = ${accountId} and event_type = ${AccountTokensRevokedSchema.typeName} order by position`,
  );
  return found.map((r) => {
    const payload = fromBinary(EventEnvelopeSchema, new Uint8Array(r.envelope)).payload;
    return payload && anyUnpack(payload, AccountTokensRevokedSchema);
  });
}

describe("staff:grant / staff:revoke", () => {
  test("a grant puts the role in the next token, refuses the old one everywhere and is audit-logged", async () => {
    const a = await h.register("staff_alice");
    expect((await elsewhere.verify(a.accessToken)).roles).toEqual([]);

    const change = await staff("grant", "staff_alice", "admin");
    expect(change).toMatchObject({ accountId: a.id, role: "admin", changed: true, roles: ["admin"] });

    // The token issued with the old (empty) role set is refused by another service at once.
    await expect(elsewhere.verify(a.accessToken)).rejects.toThrow(/revoked/);
    const [event] = await rolesRevocations(a.id);
    expect(event?.reason).toBe(RevocationReason.ROLES_CHANGED);

    // The session stays: its refresh (once past the revocation's second) carries the new roles.
    h.advance(2_000);
    const renewed = await refresh(a);
    expect((await elsewhere.verify(renewed.accessToken)).roles).toEqual(["admin"]);

    expect(await audit(a.id)).toEqual([
      { event: "staff.role_granted", details: { role: "admin", by: "cli:test-operator", roles: ["admin"] } },
    ]);
    const [grant] = await rows<{ role: string; granted_by: string }>(
      sql`select role, granted_by from identity_service.staff_roles where account_id = ${a.id}`,
    );
    expect(grant).toEqual({ role: "admin", granted_by: "cli:test-operator" });
  });

  test("a login after a grant carries every role held; revoke removes one and revokes again", async () => {
    const a = await h.register("staff_mod");
    await staff("grant", a.email, "moderator");
    await staff("grant", a.id, "analyst");
    h.advance(2_000);
    const login = await h.request("/api/v1/auth/login", {
      json: { identifier: a.username, password: a.password },
    });
    const { tokens } = (await login.json()) as { tokens: { accessToken: string } };
    expect((await elsewhere.verify(tokens.accessToken)).roles).toEqual(["moderator", "analyst"]);

    const revoked = await staff("revoke", "STAFF_MOD", "moderator");
    expect(revoked).toMatchObject({ changed: true, roles: ["analyst"] });
    await expect(elsewhere.verify(tokens.accessToken)).rejects.toThrow(/revoked/);
    expect((await rolesRevocations(a.id)).length).toBe(3);
    expect((await audit(a.id)).map((e) => [e.event, e.details.role])).toEqual([
      ["staff.role_granted", "moderator"],
      ["staff.role_granted", "analyst"],
      ["staff.role_revoked", "moderator"],
    ]);
  });

  test("a grant of a role already held changes nothing: no audit row, no revocation", async () => {
    const a = await h.register("staff_twice");
    await staff("grant", a.username, "analyst");
    h.advance(2_000);
    const renewed = await refresh(a);
    const again = await staff("grant", a.username, "analyst");
    expect(again).toMatchObject({ changed: false, roles: ["analyst"] });
    expect((await elsewhere.verify(renewed.accessToken)).roles).toEqual(["analyst"]);
    expect((await audit(a.id)).length).toBe(1);
    expect((await rolesRevocations(a.id)).length).toBe(1);
    expect(await staff("revoke", a.username, "moderator")).toMatchObject({ changed: false });
  });

  test("bad input is refused and changes nothing", async () => {
    const a = await h.register("staff_bad");
    await expect(staff("grant", a.username, "superuser")).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(staff("grant", "nobody_here", "admin")).rejects.toBeInstanceOf(NotFoundError);
    await expect(runStaffCommand(["promote", a.username, "admin"], { ctx: h.ctx })).rejects.toThrow(/usage/);
    await expect(runStaffCommand(["grant", a.username], { ctx: h.ctx })).rejects.toThrow(/usage/);
    expect(await audit(a.id)).toEqual([]);
    expect(await rolesRevocations(a.id)).toEqual([]);
  });
});

describe("roles over REST", () => {
  test("GET /api/v1/staff: 401 without a token, 403 for a normal account, 200 for an admin", async () => {
    const admin = await h.register("staff_boss");
    const normal = await h.register("staff_nobody");
    expect((await h.request("/api/v1/staff")).status).toBe(401);
    const refused = await h.request("/api/v1/staff", { token: normal.accessToken });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");

    await staff("grant", admin.username, "admin");
    h.advance(2_000);
    const token = (await refresh(admin)).accessToken;
    const ok = await h.request("/api/v1/staff", { token });
    expect(ok.status).toBe(200);
    const { staff: list } = (await ok.json()) as {
      staff: { accountId: string; username: string; roles: { role: string; grantedBy: string }[] }[];
    };
    const me = list.find((m) => m.accountId === admin.id);
    expect(me?.username).toBe("staff_boss");
    expect(me?.roles.map((r) => [r.role, r.grantedBy])).toEqual([["admin", "cli:test-operator"]]);
    expect(list.some((m) => m.accountId === normal.id)).toBe(false);

    // identity owns the roles: once revoked, its own route refuses the admin whatever the token says.
    await staff("revoke", admin.username, "admin");
    expect((await h.request("/api/v1/staff", { token })).status).toBe(403);
  });

  test("GET /api/v1/accounts/me and the account export show the caller's current roles", async () => {
    const a = await h.register("staff_self");
    const before = (await (await h.request("/api/v1/accounts/me", { token: a.accessToken })).json()) as {
      roles: string[];
    };
    expect(before.roles).toEqual([]);
    await staff("grant", a.username, "moderator");
    h.advance(2_000);
    const renewed = await refresh(a);
    const after = (await (await h.request("/api/v1/accounts/me", { token: renewed.accessToken })).json()) as {
      roles: string[];
    };
    expect(after.roles).toEqual(["moderator"]);
    const exported = (await (
      await h.request("/api/v1/account/export", { token: renewed.accessToken })
    ).json()) as {
      parts: { service: string; data?: { account: { staffRoles: string[] } } }[];
    };
    const own = exported.parts.find((p) => p.service === "identity-service");
    expect(own?.data?.account.staffRoles).toEqual(["moderator"]);
  });

  test("deleting an account drops its roles", async () => {
    const a = await h.register("staff_leaver");
    await staff("grant", a.username, "analyst");
    h.advance(2_000);
    const renewed = await refresh(a);
    const res = await h.request("/api/v1/account", {
      method: "DELETE",
      token: renewed.accessToken,
      json: { password: a.password },
    });
    expect(res.status).toBe(200);
    expect(await rows(sql`select role from identity_service.staff_roles where account_id = ${a.id}`)).toEqual(
      [],
    );
  });
});

describe("the CLI outside a running service", () => {
  test("refuses the embedded database while another process holds it", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "nova-staff-lock-"));
    try {
      expect(() => assertEmbeddedDatabaseFree(dataDir)).not.toThrow();
      await mkdir(join(dataDir, "pgdata"), { recursive: true });
      await writeFile(join(dataDir, "pgdata", "postmaster.pid"), "-42\n");
      expect(() => assertEmbeddedDatabaseFree(dataDir)).toThrow(FailedPreconditionError);
      await expect(
        runStaffCommand(["grant", "someone", "admin"], {
          env: { ...process.env, NOVA_DATA_DIR: dataDir, DATABASE_URL: "" },
        }),
      ).rejects.toThrow(/bun run dev/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test("smoke: `bun run staff:grant` opens a fresh embedded database and names an unknown account", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "nova-staff-cli-"));
    try {
      const proc = Bun.spawn(["bun", "run", "staff:grant", "ghost_user", "admin"], {
        cwd: resolve(import.meta.dir, "../../.."),
        env: { ...process.env, NOVA_DATA_DIR: dataDir, NOVA_PKI_DIR: join(dataDir, "pki"), DATABASE_URL: "" },
        stdout: "pipe",
        stderr: "pipe",
      });
      const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
      expect(stderr).toContain("account ghost_user not found");
      expect(code).toBe(1);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
