import { expect, test } from "bun:test";
import { SERVICES } from "@nova/config";
import { parseManifests } from "../src/index.ts";
import { fakeKubectl, runScript } from "./fake-cluster.ts";

const tierOrder = SERVICES.map((s) => s.name);

test("deploy-all-services.sh runs the migrations Job first, then every service in tier order", async () => {
  const k = fakeKubectl();
  const r = await runScript("deploy-all-services.sh", [], {
    ...k.env,
    VERSION: "v2.0.1",
    REGISTRY: "registry.test",
    POLL_INTERVAL: "0",
  });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const [job, ...services] = k.applied().map((m) => parseManifests(m));
  expect(job?.[0]?.kind).toBe("Job");
  expect(job?.[0]?.spec.template.spec.containers[0].image).toBe("registry.test/nova-identity-service:v2.0.1");
  expect(services.map((objs) => objs.find((o) => o.kind === "Deployment")?.metadata.name)).toEqual(tierOrder);
  for (const objs of services) {
    const d = objs.find((o) => o.kind === "Deployment");
    expect(d?.spec.template.metadata.labels.version).toBe("v2.0.1");
    expect(d?.spec.template.spec.containers[0].image).toBe(`registry.test/nova-${d?.metadata.name}:v2.0.1`);
  }
  const calls = k.calls();
  const waited = calls.findIndex((c) => c.includes("get job nova-migrate"));
  const firstRollout = calls.findIndex((c) => c.includes("rollout status deployment/identity-service"));
  expect(waited).toBeGreaterThan(-1);
  expect(waited).toBeLessThan(firstRollout);
  expect(calls.filter((c) => c.includes(" exec deployment/")).length).toBe(15);
});

test("deploy-all-services.sh stops before any service when the migrations Job fails", async () => {
  const k = fakeKubectl();
  const r = await runScript("deploy-all-services.sh", [], {
    ...k.env,
    FAKE_JOB_CONDITIONS: "Failed",
    POLL_INTERVAL: "0",
  });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("migrations failed");
  expect(k.applied().length).toBe(1);
  expect(k.calls().some((c) => c.includes("rollout status"))).toBe(false);
});

test("deploy-all-services.sh without VERSION applies the files unchanged", async () => {
  const k = fakeKubectl();
  const r = await runScript("deploy-all-services.sh", ["--skip-migrations"], {
    ...k.env,
    POLL_INTERVAL: "0",
  });
  expect(r.code).toBe(0);
  const first = parseManifests(k.applied()[0] ?? "").find((o) => o.kind === "Deployment");
  expect(first?.spec.template.spec.containers[0].image).toBe("nova-identity-service:latest");
  expect(k.calls().some((c) => c.includes("nova-migrate"))).toBe(false);
});

test("rollback.sh undoes every service (gateway first) and deletes the canaries", async () => {
  const k = fakeKubectl();
  const r = await runScript("rollback.sh", [], k.env);
  expect(r.code).toBe(0);
  const undone = k
    .calls()
    .filter((c) => c.includes("rollout undo"))
    .map((c) => c.split("/")[1]);
  expect(undone).toEqual([...tierOrder].reverse());
  expect(k.calls().filter((c) => c.includes("--ignore-not-found")).length).toBe(15);
});

test("rollback.sh --to sets image and version label of the named services", async () => {
  const k = fakeKubectl();
  const r = await runScript("rollback.sh", ["--to", "v2.0.0", "feed-service"], {
    ...k.env,
    REGISTRY: "registry.test",
  });
  expect(r.code).toBe(0);
  const patch = k.calls().find((c) => c.includes("patch deployment feed-service"));
  expect(patch).toContain('"version":"v2.0.0"');
  expect(patch).toContain('"image":"registry.test/nova-feed-service:v2.0.0"');
  expect(k.calls().some((c) => c.includes("rollout undo"))).toBe(false);
});

test("rollback.sh fails when a rollback does not finish", async () => {
  const k = fakeKubectl();
  const r = await runScript("rollback.sh", ["user-service"], { ...k.env, FAKE_ROLLOUT_EXIT: "1" });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("some rollbacks did not finish");
});

test("build-all-services.sh --dry-run prints one docker build per service with the guide's tags", async () => {
  const r = await runScript("build-all-services.sh", ["--dry-run"], {
    VERSION: "v2.0.0",
    REGISTRY: "reg.test",
    ENV: "staging",
  });
  expect(r.code).toBe(0);
  const lines = r.stdout.trim().split("\n");
  expect(lines.length).toBe(15);
  const user = lines.find((l) => l.includes("SERVICE_NAME=user-service"));
  for (const part of [
    "--build-arg HTTP_PORT=8011",
    "--build-arg GRPC_PORT=9011",
    "-f Dockerfile.template",
    "-t nova-user-service:v2.0.0",
    "-t nova-user-service:latest",
    "-t reg.test/nova-user-service:v2.0.0",
    "-t reg.test/nova-user-service:staging",
  ])
    expect(user).toContain(part);
  expect(lines.find((l) => l.includes("SERVICE_NAME=graphql-gateway"))).not.toContain("GRPC_PORT");
});

test("build-all-services.sh without docker fails with a clear message", async () => {
  const r = await runScript("build-all-services.sh", [], { DOCKER: "/nonexistent/docker" });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("docker is required to build images");
});
