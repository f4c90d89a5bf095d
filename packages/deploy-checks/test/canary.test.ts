import { afterEach, describe, expect, test } from "bun:test";
import { parseManifests } from "../src/index.ts";
import { fakeKubectl, fakePrometheus, type PromValues, runScript } from "./fake-cluster.ts";

const NEW = "v2.0.1";
const OLD = "v2.0.0";
const HEALTHY: PromValues = { canaryErrorRate: 0.002, stableErrorRate: 0.002, canaryP95: 0.12 };
const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

async function canary(args: string[], values: PromValues, extraEnv: Record<string, string> = {}) {
  const kubectl = fakeKubectl();
  const prom = fakePrometheus(values, NEW);
  stops.push(prom.stop);
  const out = await runScript("canary.sh", args, {
    ...kubectl.env,
    PROMETHEUS_URL: prom.url,
    REGISTRY: "registry.test",
    CANARY_STEPS: "5:0 50:0",
    CANARY_CHECK_INTERVAL: "0",
    FAKE_STABLE_REPLICAS: "20",
    FAKE_STABLE_VERSION: OLD,
    ...extraEnv,
  });
  return { ...out, calls: kubectl.calls(), applied: kubectl.applied(), queries: prom.queries };
}

const deleted = (calls: string[]) => calls.some((c) => c.includes("delete deployment user-service-canary"));
const promoted = (calls: string[]) => calls.some((c) => c.includes("patch deployment user-service"));

describe("canary.sh deploy", () => {
  test("a healthy canary goes 5% -> 50% -> 100% and is promoted", async () => {
    const r = await canary(["deploy", "user-service", NEW], HEALTHY);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    // 1 of 20 (5%), then 10 of 20 (50%), with the new image and version label.
    const [first, second, ...more] = r.applied.map((m) => parseManifests(m)[0]);
    expect(more).toEqual([]);
    expect(first?.spec.replicas).toBe(1);
    expect(second?.spec.replicas).toBe(10);
    for (const d of [first, second]) {
      expect(d?.metadata.name).toBe("user-service-canary");
      expect(d?.spec.template.metadata.labels).toMatchObject({
        app: "user-service",
        canary: "true",
        version: NEW,
      });
      expect(d?.spec.template.spec.containers[0].image).toBe(`registry.test/nova-user-service:${NEW}`);
    }
    const patch = r.calls.find((c) => c.includes("patch deployment user-service"));
    expect(patch).toContain(`"version":"${NEW}"`);
    expect(patch).toContain(`"image":"registry.test/nova-user-service:${NEW}"`);
    expect(r.calls.indexOf(patch ?? "")).toBeLessThan(
      r.calls.findIndex((c) => c.includes("delete deployment user-service-canary")),
    );
    expect(r.stdout).not.toContain("ROLLBACK");
  });

  test("evaluates the guide's PromQL on the canary's and the stable version's labels", async () => {
    const r = await canary(["deploy", "user-service", NEW], HEALTHY);
    expect(r.queries).toContain(
      `sum(rate(http_requests_total{service="user-service",version="${NEW}",status=~"5.."}[5m])) / sum(rate(http_requests_total{service="user-service",version="${NEW}"}[5m]))`,
    );
    expect(r.queries).toContain(
      `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service="user-service",version="${NEW}"}[5m])))`,
    );
    expect(r.queries.some((q) => q.includes(`version="${OLD}",status=~"5.."`))).toBe(true);
  });

  test.each([
    [
      "error rate above 1%",
      { ...HEALTHY, canaryErrorRate: 0.02, stableErrorRate: 0.02 },
      {},
      "error rate 0.02 > 0.01",
    ],
    ["p95 above 500 ms", { ...HEALTHY, canaryP95: 0.8 }, {}, "p95 latency 0.8s > 0.5s"],
    [
      "5xx more than 10% above stable",
      { ...HEALTHY, canaryErrorRate: 0.008, stableErrorRate: 0.002 },
      {},
      "5xx ratio 0.008",
    ],
    [
      "a container in CrashLoopBackOff",
      HEALTHY,
      { FAKE_POD_STATUS: "1 CrashLoopBackOff\\n" },
      "crash loop: a canary container is in CrashLoopBackOff",
    ],
    ["restarts above the limit", HEALTHY, { FAKE_POD_STATUS: "2 \\n2 \\n" }, "crash loop: 4 restarts > 2"],
  ] as const)("rolls back automatically on %s", async (_, values, env, reason) => {
    const r = await canary(["deploy", "user-service", NEW], values, env);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`ROLLBACK user-service ${NEW}: ${reason}`);
    expect(deleted(r.calls)).toBe(true);
    expect(promoted(r.calls)).toBe(false);
    // Rolled back during the 5% step: the 50% step was never applied.
    expect(r.applied.length).toBe(1);
  });

  test("a 5xx ratio within 10% of stable and under 1% is healthy", async () => {
    const r = await canary(["deploy", "user-service", NEW], {
      ...HEALTHY,
      canaryErrorRate: 0.0021,
      stableErrorRate: 0.002,
    });
    expect(r.code).toBe(0);
    expect(promoted(r.calls)).toBe(true);
  });

  test("a canary without traffic yet passes the metric checks", async () => {
    const r = await canary(["deploy", "user-service", NEW], {
      canaryErrorRate: null,
      stableErrorRate: null,
      canaryP95: null,
    });
    expect(r.code).toBe(0);
    expect(promoted(r.calls)).toBe(true);
  });

  test("an unreachable Prometheus rolls the canary back", async () => {
    const r = await canary(["deploy", "user-service", NEW], HEALTHY, {
      PROMETHEUS_URL: "http://127.0.0.1:9",
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("cannot be verified");
    expect(deleted(r.calls)).toBe(true);
  });

  test("a canary that never becomes available is rolled back", async () => {
    const r = await canary(["deploy", "user-service", NEW], HEALTHY, { FAKE_ROLLOUT_EXIT: "1" });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("did not become available");
    expect(promoted(r.calls)).toBe(false);
  });

  test("CANARY_AUTO_PROMOTE=false stops before 100%", async () => {
    const r = await canary(["deploy", "user-service", NEW], HEALTHY, { CANARY_AUTO_PROMOTE: "false" });
    expect(r.code).toBe(0);
    expect(promoted(r.calls)).toBe(false);
    expect(r.stdout).toContain(`scripts/canary.sh promote user-service ${NEW}`);
  });
});

describe("canary.sh promote, rollback, check and bad input", () => {
  test("promote sets image and version label in one patch, waits, deletes the canary", async () => {
    const r = await canary(["promote", "user-service", NEW], HEALTHY);
    expect(r.code).toBe(0);
    expect(r.calls.map((c) => c.split(" ").slice(2, 4).join(" "))).toEqual([
      "patch deployment",
      "rollout status",
      "delete deployment",
    ]);
  });

  test("rollback deletes only the canary", async () => {
    const r = await canary(["rollback", "user-service", NEW], HEALTHY);
    expect(r.code).toBe(0);
    expect(deleted(r.calls)).toBe(true);
    expect(promoted(r.calls)).toBe(false);
  });

  test("check exits 2 with the reason when a threshold is crossed", async () => {
    const r = await canary(["check", "user-service", NEW], { ...HEALTHY, canaryP95: 0.6 });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("would roll back: p95 latency 0.6s > 0.5s");
  });

  test.each([
    [["deploy", "no-such-service", NEW], "unknown service 'no-such-service'"],
    [["deploy", "user-service", "bad version!"], "is not a valid label value"],
    [["deploy", "user-service", OLD], `user-service already runs ${OLD}`],
  ])("refuses %j", async (args, message) => {
    const r = await canary([...args], HEALTHY);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
  });

  test("deploy without PROMETHEUS_URL fails with a clear message", async () => {
    const r = await canary(["deploy", "user-service", NEW], HEALTHY, { PROMETHEUS_URL: "" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("PROMETHEUS_URL is required");
  });
});
