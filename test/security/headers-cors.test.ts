/**
 * Family 9 — browsers: every /graphql (gateway and services) asked from `Origin:
 * https://evil.example` (preflight and POST) must not reflect the origin nor allow credentials
 * for it; every service's responses carry `X-Content-Type-Options: nosniff` and framing
 * protection (X-Frame-Options or CSP frame-ancestors); `/docs` and GraphiQL carry a CSP.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { SERVICES } from "@nova/config";
import { attack, breaches, inBatches, type Verdict } from "./support/attack.ts";
import { type Reply, send } from "./support/http-client.ts";
import { system, url } from "./support/system.ts";

const FAMILY = "headers and CORS";
const EVIL = "https://evil.example";

beforeAll(async () => {
  await system();
}, 240_000);

function noCorsFor(r: Reply): Verdict {
  const allowOrigin = r.headers["access-control-allow-origin"];
  const credentials = r.headers["access-control-allow-credentials"];
  const reflected = allowOrigin === EVIL || allowOrigin === "*";
  const why = `HTTP ${r.status}, Allow-Origin ${allowOrigin ?? "(none)"}, Allow-Credentials ${credentials ?? "(none)"}`;
  if (r.status >= 500) return { held: false, why: `5xx: ${why}` };
  return { held: !reflected && credentials !== "true", why };
}

function framingAndSniffing(r: Reply): Verdict {
  const nosniff = r.headers["x-content-type-options"]?.toLowerCase() === "nosniff";
  const frame =
    Boolean(r.headers["x-frame-options"]) ||
    /frame-ancestors/i.test(r.headers["content-security-policy"] ?? "");
  return {
    held: nosniff && frame && r.status < 500,
    why: `HTTP ${r.status}, nosniff ${nosniff}, framing ${frame}`,
  };
}

const graphqlServices = [
  "graphql-gateway",
  "identity-service",
  "user-service",
  "content-service",
  "social-service",
  "graph-service",
  "feed-service",
];

describe("CORS and security headers", () => {
  test("/graphql does not hand credentialed access to an arbitrary origin", async () => {
    const jobs = graphqlServices.flatMap((service) => [
      () =>
        attack(FAMILY, `${service} OPTIONS /graphql from ${EVIL}`, async () =>
          noCorsFor(
            await send(url(service, "/graphql"), {
              method: "OPTIONS",
              headers: {
                origin: EVIL,
                "access-control-request-method": "POST",
                "access-control-request-headers": "authorization, content-type",
              },
            }),
          ),
        ),
      () =>
        attack(FAMILY, `${service} POST /graphql from ${EVIL}`, async () =>
          noCorsFor(
            await send(url(service, "/graphql"), {
              json: { query: "{ __typename }" },
              headers: { origin: EVIL },
            }),
          ),
        ),
    ]);
    expect(breaches(await inBatches(jobs, 6))).toEqual([]);
  }, 60_000);

  test("every service sends nosniff and framing protection", async () => {
    const jobs = SERVICES.flatMap((s) =>
      ["/api/v1/health", "/openapi.json"].map(
        (path) => () =>
          attack(FAMILY, `${s.name} GET ${path} security headers`, async () =>
            framingAndSniffing(await send(url(s.name, path))),
          ),
      ),
    );
    expect(breaches(await inBatches(jobs, 6))).toEqual([]);
  }, 60_000);

  test("/docs pages and GraphiQL carry a Content-Security-Policy", async () => {
    const pages: [string, string][] = [
      ...SERVICES.filter((s) => s.grpcPort !== null).map((s): [string, string] => [s.name, "/docs"]),
      ["graphql-gateway", "/graphql"],
    ];
    const jobs = pages.map(
      ([service, path]) =>
        () =>
          attack(FAMILY, `${service} GET ${path} (HTML) has a CSP`, async () => {
            const r = await send(url(service, path), { headers: { accept: "text/html" } });
            const csp = r.headers["content-security-policy"];
            const html = (r.headers["content-type"] ?? "").includes("text/html");
            return {
              held: r.status === 200 && html && Boolean(csp),
              why: `HTTP ${r.status} ${r.headers["content-type"] ?? ""}, CSP ${csp ? csp.slice(0, 80) : "(none)"}`,
            };
          }),
    );
    expect(breaches(await inBatches(jobs, 6))).toEqual([]);
  }, 60_000);
});
