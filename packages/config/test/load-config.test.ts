import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { ConfigError, loadConfig, SERVICES } from "../src/index.ts";

describe("loadConfig", () => {
  test("defaults follow the guide's port convention", () => {
    const cfg = loadConfig("user-service", {});
    expect(cfg.http.port).toBe(8011);
    expect(cfg.grpc.port).toBe(9011);
    expect(cfg.database.url).toBeUndefined();
    expect(cfg.database.maxConnections).toBe(20);
    expect(cfg.grpc.requestTimeoutMs).toBe(10_000);
  });

  test("GRPC_PORT follows an overridden HTTP_PORT", () => {
    const cfg = loadConfig("user-service", { HTTP_PORT: "18011" });
    expect(cfg.grpc.port).toBe(19011);
  });

  test("gateway has no gRPC port", () => {
    expect(loadConfig("graphql-gateway", {}).grpc.port).toBeNull();
  });

  test("a bad value names the variable", () => {
    expect(() => loadConfig("identity-service", { HTTP_PORT: "abc" })).toThrow(
      /HTTP_PORT: must be a port number/,
    );
  });

  test("every problem is listed at once", () => {
    try {
      loadConfig("identity-service", {
        HTTP_PORT: "abc",
        DATABASE_URL: "mysql://x",
        LOG_LEVEL: "loud",
        DISABLE_AUTH: "maybe",
      });
      throw new Error("expected ConfigError");
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const vars = (e as ConfigError).problems.map((p) => p.variable).sort();
      expect(vars).toEqual(["DATABASE_URL", "DISABLE_AUTH", "HTTP_PORT", "LOG_LEVEL"]);
      expect((e as Error).message).toContain('got "abc"');
    }
  });

  test("DISABLE_AUTH is refused in production", () => {
    expect(() => loadConfig("identity-service", { APP_ENV: "production", DISABLE_AUTH: "true" })).toThrow(
      /DISABLE_AUTH: must be false when APP_ENV=production/,
    );
  });

  test("inline PEMs with \\n escapes are unescaped", () => {
    const cfg = loadConfig("identity-service", {
      JWT_PUBLIC_KEY_PEM: "-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----",
    });
    expect(cfg.jwt.publicKeyPem).toBe("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----");
  });

  test("durations parse to milliseconds", () => {
    expect(loadConfig("feed-service", { GRPC_REQUEST_TIMEOUT: "30s" }).grpc.requestTimeoutMs).toBe(30_000);
    expect(() => loadConfig("feed-service", { GRPC_REQUEST_TIMEOUT: "soon" })).toThrow(
      /GRPC_REQUEST_TIMEOUT/,
    );
  });

  test("service-specific variables are validated with the base ones", () => {
    const extra = z.object({ FANOUT_LIMIT: z.coerce.number().int().min(1).default(800) });
    expect(loadConfig("feed-service", {}, extra).extra.FANOUT_LIMIT).toBe(800);
    expect(() => loadConfig("feed-service", { FANOUT_LIMIT: "0", HTTP_PORT: "x" }, extra)).toThrow(
      /FANOUT_LIMIT[\s\S]*|HTTP_PORT/,
    );
  });

  test("empty values mean unset", () => {
    expect(loadConfig("search-service", { ELASTICSEARCH_URL: "" }).elasticsearch.url).toBeUndefined();
  });
});

describe("CORS_ORIGINS", () => {
  test("unset allows no origin", () => {
    expect(loadConfig("user-service", {}).http.corsOrigins).toEqual([]);
  });

  test("a comma-separated list of exact origins", () => {
    const config = loadConfig("graphql-gateway", {
      CORS_ORIGINS: "https://app.nova.example, http://localhost:3000",
    });
    expect(config.http.corsOrigins).toEqual(["https://app.nova.example", "http://localhost:3000"]);
  });

  test("a wildcard, a path or a non-http scheme is refused, naming the variable", () => {
    for (const bad of [
      "*",
      "https://app.nova.example/",
      "https://app.nova.example/login",
      "ftp://x.example",
      "nova",
    ]) {
      expect(() => loadConfig("user-service", { CORS_ORIGINS: bad })).toThrow(/CORS_ORIGINS/);
    }
  });
});

describe("SERVICES", () => {
  test("15 deployables with gRPC = HTTP + 1000", () => {
    expect(SERVICES).toHaveLength(15);
    for (const s of SERVICES) if (s.grpcPort !== null) expect(s.grpcPort).toBe(s.httpPort + 1000);
    expect(new Set(SERVICES.map((s) => s.httpPort)).size).toBe(15);
  });
});
