/**
 * All 15 deployables in one process, as `bun run dev` runs them but on shifted ports and a
 * private migrated PGlite, checked through their public surfaces: health, grpc.health.v1 from a
 * standard gRPC client, Prometheus exposition, OpenAPI documents, docs pages and the gateway.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect } from "node:http2";
import { SERVICES } from "@nova/config";
import type { DatabaseHandle } from "@nova/db";
import { type StartedService, startService } from "@nova/kit";
import { createTestDatabase, grpcHealthCheck, parsePrometheusText, silentLogger } from "@nova/testing";
import { Validator } from "@seriousme/openapi-schema-validator";
import { moduleNamed } from "../../scripts/service-modules.ts";
import { freeOffset, shiftedPorts, upstreamEnv } from "./harness.ts";

// Shift every port by the same offset so the suite never collides with a running `bun run dev`.
// Shifted ports stay in 19300..23713: above the infra engines' ports (17687..19200), below the
// kernel's ephemeral range (32768+), where an outgoing connection's local port can hold one of them,
// and clear of the other system suites' ranges (identity-journey 23800.., social-journey 28300..).
const offset = freeOffset(11_300, 340);
const { port: httpPort, url } = shiftedPorts(offset);
const upstream = upstreamEnv((name) => url(name));

let db: DatabaseHandle;
const started: StartedService[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ services: SERVICES.filter((s) => s.schema).map((s) => s.name) });
  for (const info of SERVICES) {
    const mod = moduleNamed(info.name);
    const config = mod.loadConfig({
      HTTP_PORT: String(info.httpPort + offset),
      LOG_LEVEL: "error",
      ...upstream,
    });
    started.push(
      await startService(mod, config, { overrides: { db, log: silentLogger(), processMetrics: false } }),
    );
  }
}, 60_000);

/** What the test reads of a generated service descriptor (protobuf-es `DescService`). */
type ProtoService = { kind: "service"; typeName: string; methods: readonly { name: string }[] };

/** Status of a Connect JSON call with no credential on a gRPC port (h2c), as curl would make it. */
function h2cStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const session = connect(`http://127.0.0.1:${port}`);
    session.once("error", reject);
    const req = session.request({ ":method": "POST", ":path": path, "content-type": "application/json" });
    req.once("response", (h) => {
      resolve(Number(h[":status"]));
      session.close();
    });
    req.once("error", reject);
    req.end("{}");
  });
}

afterAll(async () => {
  for (const s of started.reverse()) await s.stop({ timeoutMs: 1000 });
  await db?.close();
});

describe("every service", () => {
  test("reports healthy on /api/v1/health with its own name", async () => {
    for (const s of SERVICES) {
      const res = await fetch(`http://127.0.0.1:${httpPort(s.name)}/api/v1/health`);
      const body = await res.json();
      expect({ port: s.httpPort, status: res.status, service: body.service, state: body.status }).toEqual({
        port: s.httpPort,
        status: 200,
        service: s.name,
        state: "ok",
      });
      if (s.schema) expect(Object.keys(body.checks).sort()).toEqual(["database", "migrations"]);
    }
  });

  test("answers grpc.health.v1.Health/Check with SERVING on its gRPC port (14 of them)", async () => {
    const grpc = SERVICES.filter((s) => s.grpcPort !== null);
    expect(grpc).toHaveLength(14);
    for (const s of grpc) {
      expect(await grpcHealthCheck(`127.0.0.1:${(s.grpcPort as number) + offset}`)).toBe("SERVING");
      const proto = `nova.${s.proto}.v1.${(s.proto as string)
        .split("_")
        .map((p) => p[0]?.toUpperCase() + p.slice(1))
        .join("")}Service`;
      expect(await grpcHealthCheck(`127.0.0.1:${(s.grpcPort as number) + offset}`, proto)).toBe("SERVING");
    }
  });

  test("has every RPC of its proto behind the access gate: no credential → 401 on both ports", async () => {
    const refused: string[] = [];
    const answered: string[] = [];
    for (const s of SERVICES.filter((x) => x.proto)) {
      const generated = (await import(`@nova/proto/${s.proto}/v1`)) as Record<string, unknown>;
      const protoServices = Object.values(generated).filter(
        (v): v is ProtoService => (v as ProtoService | undefined)?.kind === "service",
      );
      for (const svc of protoServices)
        for (const method of svc.methods) {
          const path = `/${svc.typeName}/${method.name}`;
          const http = await fetch(`http://127.0.0.1:${httpPort(s.name)}${path}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: "{}",
          });
          const grpc = await h2cStatus((s.grpcPort as number) + offset, path);
          (http.status === 401 && grpc === 401 ? refused : answered).push(
            `${s.name} ${path} ${http.status}/${grpc}`,
          );
        }
    }
    expect(answered).toEqual([]);
    // The 23 RPCs of the eight services that serve any (issue 15's audit), plus the seven
    // ExportAccountData RPCs content, social, graph, feature-store, ranking, realtime-chat and
    // trust-safety added for the export, and trust-safety's Check; plus notification-service's
    // GetUnreadCount and ExportAccountData and identity's BatchGetMailRecipients (issue 17); plus
    // media's BatchGetMedia, AttachMedia, ReleaseMedia and ExportAccountData, analytics'
    // RecordFeedImpressions and ExportAccountData, and search's ExportAccountData; plus content's
    // BatchCheckPostAccess (notification-service's visibility checks); plus media's upload-session
    // RPCs (CreateMediaUpload, GetMediaUpload, CompleteMediaUpload), the owners' reindex listings
    // (content's ListPostsForReindex and ListCommentsForReindex, user's ListProfilesForReindex,
    // trust-safety's ListActiveEnforcements) and search's SearchUsers, SearchPosts, Suggest and
    // TrendingHashtags (issues 16 and 18).
    expect(refused).toHaveLength(53);
  });

  test("serves valid Prometheus exposition and a valid OpenAPI 3 document", async () => {
    const validator = new Validator();
    for (const s of SERVICES) {
      const base = `http://127.0.0.1:${httpPort(s.name)}`;
      const { problems, families } = parsePrometheusText(await (await fetch(`${base}/metrics`)).text());
      expect({ service: s.name, problems }).toEqual({ service: s.name, problems: [] });
      for (const name of [
        "http_requests_total",
        "http_request_duration_seconds",
        "grpc_server_handled_total",
      ]) {
        expect(families.has(name)).toBe(true);
      }
      const doc = await (await fetch(`${base}/openapi.json`)).json();
      const result = await validator.validate(doc);
      expect({ service: s.name, valid: result.valid, errors: result.errors }).toEqual({
        service: s.name,
        valid: true,
        errors: undefined,
      });
      expect(doc.info.title).toBe(s.name);
      expect((await fetch(`${base}/docs`)).status).toBe(200);
    }
  });

  test("version endpoint names the service", async () => {
    for (const s of SERVICES) {
      const body = await (await fetch(`http://127.0.0.1:${httpPort(s.name)}/api/v1/version`)).json();
      expect(body.service).toBe(s.name);
    }
  });
});

describe("graphql-gateway", () => {
  test("answers the guide's introspection query and reports every upstream", async () => {
    const res = await fetch(`http://127.0.0.1:${httpPort("graphql-gateway")}/graphql`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        query: "{ __schema { types { name } } gateway { subschemas { name status reason } } }",
      }),
    });
    const body = await res.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.__schema.types.map((t: { name: string }) => t.name)).toContain("GatewayInfo");
    // Every upstream is reported, none is silently dropped: those serving a subschema are stitched.
    const serving = new Set([
      "identity-service",
      "user-service",
      "content-service",
      "social-service",
      "graph-service",
      "feed-service",
      "realtime-chat-service",
      "notification-service",
      "trust-safety-service",
      "media-service",
      "search-service",
      "analytics-service",
    ]);
    expect(body.data.gateway.subschemas).toHaveLength(14);
    for (const s of body.data.gateway.subschemas) {
      if (serving.has(s.name))
        expect({ name: s.name, status: s.status }).toEqual({ name: s.name, status: "stitched" });
      else
        expect({ name: s.name, reason: s.reason }).toEqual({
          name: s.name,
          reason: "HTTP 404: no subschema served",
        });
    }
  });

  test("GraphiQL renders from the gateway alone", async () => {
    const res = await fetch(`http://127.0.0.1:${httpPort("graphql-gateway")}/graphql`, {
      headers: { accept: "text/html" },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    expect(html).not.toMatch(/<link[^>]+href="https?:/);
  });
});
