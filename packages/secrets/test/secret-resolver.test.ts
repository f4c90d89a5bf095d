import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from "@nova/errors";
import { createSecretResolver } from "../src/index.ts";
import { startFakeSecretsManager } from "./fake-secrets-manager.ts";

const dir = await mkdtemp(join(tmpdir(), "nova-secrets-"));
const fake = startFakeSecretsManager();
afterAll(async () => {
  fake.stop();
  await rm(dir, { recursive: true, force: true });
});

async function waitFor(check: () => boolean, timeoutMs = 3_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !check()) await new Promise((r) => setTimeout(r, 10));
  return check();
}

const awsSecrets = {
  region: "us-east-1",
  endpoint: fake.url,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
  maxAttempts: 1,
};

describe("env secrets", () => {
  test("NAME holds the value", async () => {
    const r = createSecretResolver({ env: { SMTP_PASSWORD: "hunter2" } });
    expect(await r.get("SMTP_PASSWORD")).toBe("hunter2");
  });
  test("unset, doubly set, or badly named secrets are clear errors", async () => {
    const r = createSecretResolver({ env: { A_KEY: "x", A_KEY_PATH: "/tmp/x", B_KEY: "" } });
    await expect(r.get("MISSING")).rejects.toThrow("set MISSING, MISSING_PATH or MISSING_FILE");
    await expect(r.get("B_KEY")).rejects.toBeInstanceOf(FailedPreconditionError);
    await expect(r.get("A_KEY")).rejects.toThrow("configured twice");
    await expect(r.get("lower")).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

describe("file secrets", () => {
  test("NAME_FILE and NAME_PATH are read without the trailing newline", async () => {
    await writeFile(join(dir, "a"), "from-file\n");
    const r = createSecretResolver({ env: { X_FILE: join(dir, "a"), Y_PATH: join(dir, "a") } });
    expect(await r.get("X")).toBe("from-file");
    expect(await r.get("Y")).toBe("from-file");
  });

  test("a rewritten file is picked up once the check interval passes", async () => {
    let clock = 1_000;
    const path = join(dir, "rotating");
    await writeFile(path, "v1");
    const r = createSecretResolver({ env: { DB_PASSWORD_PATH: path }, fileCheckMs: 1_000, now: () => clock });
    expect(await r.get("DB_PASSWORD")).toBe("v1");
    await writeFile(path, "v2-longer");
    expect(await r.get("DB_PASSWORD")).toBe("v1");
    clock += 1_000;
    expect(await r.get("DB_PASSWORD")).toBe("v2-longer");
  });

  test("watch reports a Kubernetes-style symlink swap", async () => {
    await writeFile(join(dir, "gen1"), "old-key");
    await writeFile(join(dir, "gen2"), "new-key");
    const link = join(dir, "current");
    await symlink(join(dir, "gen1"), link);
    const r = createSecretResolver({ env: { JWT_KEY_PATH: link }, fileCheckMs: 20 });
    const seen: string[] = [];
    const stop = await r.watch("JWT_KEY", (v) => seen.push(v));
    expect(await r.get("JWT_KEY")).toBe("old-key");
    await symlink(join(dir, "gen2"), `${link}.tmp`);
    await rename(`${link}.tmp`, link);
    expect(await waitFor(() => seen.length === 1)).toBe(true);
    expect(seen).toEqual(["new-key"]);
    stop();
    r.close();
  });

  test("a missing file is a FailedPreconditionError naming the path", async () => {
    const r = createSecretResolver({ env: { GONE_FILE: join(dir, "nope") } });
    await expect(r.get("GONE")).rejects.toThrow(join(dir, "nope"));
  });
});

describe("AWS Secrets Manager (protocol-level fake)", () => {
  test("resolves aws-sm:// references over the GetSecretValue JSON protocol, with #json-key", async () => {
    fake.secrets.set("prod/smtp", "plain-secret");
    fake.secrets.set("prod/db", JSON.stringify({ username: "nova", password: "s3cret", port: 5432 }));
    const r = createSecretResolver({
      env: {
        SMTP_PASSWORD: "aws-sm://prod/smtp",
        DB_PASSWORD: "aws-sm://prod/db#password",
        DB_PORT: "aws-sm://prod/db#port",
      },
      awsSecrets,
    });
    expect(await r.get("SMTP_PASSWORD")).toBe("plain-secret");
    expect(await r.get("DB_PASSWORD")).toBe("s3cret");
    expect(await r.get("DB_PORT")).toBe("5432");
    const req = fake.requests.at(-1);
    expect(req?.target).toBe("secretsmanager.GetSecretValue");
    expect(req?.contentType).toBe("application/x-amz-json-1.1");
    expect(req?.authorization).toStartWith("AWS4-HMAC-SHA256");
    expect(req?.body).toEqual({ SecretId: "prod/db" });
  });

  test("missing secrets and missing JSON keys are typed errors", async () => {
    fake.secrets.set("prod/json", JSON.stringify({ a: "1" }));
    const r = createSecretResolver({
      env: { A: "aws-sm://prod/absent", B: "aws-sm://prod/json#b", C: "aws-sm://#x" },
      awsSecrets,
    });
    await expect(r.get("A")).rejects.toBeInstanceOf(NotFoundError);
    await expect(r.get("B")).rejects.toThrow("has no string field b");
    await expect(r.get("C")).rejects.toBeInstanceOf(FailedPreconditionError);
  });

  test("values are cached for the TTL, refetched after it, and kept when a refresh fails", async () => {
    let clock = 0;
    const errors: unknown[] = [];
    fake.secrets.set("prod/api", "v1");
    const r = createSecretResolver({
      env: { API_KEY: "aws-sm://prod/api" },
      awsSecrets,
      awsTtlMs: 60_000,
      now: () => clock,
      onError: (e) => errors.push(e),
    });
    const before = fake.requests.length;
    expect(await r.get("API_KEY")).toBe("v1");
    fake.secrets.set("prod/api", "v2");
    expect(await r.get("API_KEY")).toBe("v1");
    expect(fake.requests.length - before).toBe(1);
    clock += 60_000;
    expect(await r.get("API_KEY")).toBe("v2");
    clock += 60_000;
    fake.failNext(1);
    expect(await r.get("API_KEY")).toBe("v2");
    expect(errors).toHaveLength(1);
  });

  test("watch reports a rotation", async () => {
    fake.secrets.set("prod/rotating", "before");
    const r = createSecretResolver({ env: { ROTATING: "aws-sm://prod/rotating" }, awsSecrets, awsTtlMs: 30 });
    const seen: string[] = [];
    const stop = await r.watch("ROTATING", (v) => seen.push(v));
    fake.secrets.set("prod/rotating", "after");
    expect(await waitFor(() => seen.length > 0)).toBe(true);
    expect(seen[0]).toBe("after");
    stop();
    r.close();
  });
});
