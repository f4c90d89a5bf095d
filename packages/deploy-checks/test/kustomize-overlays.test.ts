import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { SERVICES } from "@nova/config";
import {
  BASE_REPLICAS,
  DATA_DIR,
  EXTRA_PORTS,
  type KubeObject,
  MIGRATIONS_JOB,
  NAMESPACE,
  PROD_REPLICAS,
  parseManifests,
  REPO_ROOT,
  renderKustomization,
  SECRET_NAME,
  validateObject,
} from "../src/index.ts";

const overlay = (name: string) => join(REPO_ROOT, "k8s/infrastructure/overlays", name);
const staging = renderKustomization(overlay("staging"));
const prod = renderKustomization(overlay("prod"));

const find = (objs: KubeObject[], kind: string, name: string) => {
  const found = objs.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${kind}/${name} missing`);
  return found;
};
const container = (d: KubeObject) => d.spec.template.spec.containers[0];

describe.each([
  ["staging", staging],
  ["prod", prod],
])("overlay %s", (env, objs) => {
  test("renders 15 Deployments, Services, ConfigMaps, HPAs and PDBs, all in nova-backend", () => {
    for (const kind of [
      "Deployment",
      "Service",
      "ConfigMap",
      "HorizontalPodAutoscaler",
      "PodDisruptionBudget",
    ])
      expect(objs.filter((o) => o.kind === kind).map((o) => o.metadata.name).length).toBe(
        // Plus one LoadBalancer Service per extra port (media-service's RTMP ingest).
        kind === "Service" ? 15 + Object.values(EXTRA_PORTS).flat().length : 15,
      );
    for (const o of objs) {
      if (o.kind === "Namespace") expect(o.metadata.name).toBe(NAMESPACE);
      else expect(o.metadata.namespace).toBe(NAMESPACE);
    }
  });

  test("every object passes the Kubernetes schema", () => {
    for (const o of objs) validateObject(o);
  });

  test.each(SERVICES.map((s) => [s.name, s] as const))("%s: ports follow gRPC = HTTP + 1000", (_, info) => {
    const svc = find(objs, "Service", info.name);
    const ports = Object.fromEntries(
      svc.spec.ports.map((p: { name: string; port: number }) => [p.name, p.port]),
    );
    const expected: Record<string, number> = { http: info.httpPort };
    if (info.grpcPort !== null) expected.grpc = info.httpPort + 1000;
    expect(ports).toEqual(expected);
    expect(svc.spec.ports[0].name).toBe("http");
    expect(svc.spec.selector).toEqual({ app: info.name });
    const c = container(find(objs, "Deployment", info.name));
    // A pod-only listener (the gateway's /metrics in production) is on the container, not the Service.
    const internal = info.internalPort !== undefined ? { internal: info.internalPort } : {};
    const extra = Object.fromEntries((EXTRA_PORTS[info.name] ?? []).map((p) => [p.name, p.containerPort]));
    expect(
      Object.fromEntries(
        c.ports.map((p: { name: string; containerPort: number }) => [p.name, p.containerPort]),
      ),
    ).toEqual({ ...expected, ...internal, ...extra });
    const data = find(objs, "ConfigMap", `${info.name}-config`).data;
    expect(data.HTTP_PORT).toBe(String(info.httpPort));
    expect(data.GRPC_PORT).toBe(info.grpcPort === null ? undefined : String(info.grpcPort));
  });

  test("media-service: RTMP 1935 is published by a LoadBalancer Service; pods know their own URL", () => {
    const lb = find(objs, "Service", "media-service-rtmp");
    expect(lb.spec.type).toBe("LoadBalancer");
    expect(lb.spec.selector).toEqual({ app: "media-service" });
    expect(lb.spec.ports).toEqual([{ name: "rtmp", port: 1935, targetPort: "rtmp", protocol: "TCP" }]);
    const rtmp = container(find(objs, "Deployment", "media-service")).ports.find(
      (p: { name: string }) => p.name === "rtmp",
    );
    expect(rtmp).toEqual({ name: "rtmp", containerPort: 1935, protocol: "TCP" });
    // nginx-rtmp listens where the Service sends the pushes.
    expect(find(objs, "ConfigMap", "media-service-config").data.LIVE_RTMP_PORT).toBe("1935");
    // Replicas relay live playback to the pod holding a stream, at the pod's own address.
    const env = container(find(objs, "Deployment", "media-service")).env as {
      name: string;
      value?: string;
      valueFrom?: object;
    }[];
    expect(env).toContainEqual({ name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } });
    expect(env).toContainEqual({ name: "MEDIA_INSTANCE_URL", value: "http://$(POD_IP):8014" });
    // Kubernetes expands $(POD_IP) only from variables defined before it.
    expect(env.findIndex((e) => e.name === "POD_IP")).toBeLessThan(
      env.findIndex((e) => e.name === "MEDIA_INSTANCE_URL"),
    );
  });

  test.each(SERVICES.map((s) => [s.name] as const))("%s: probes, resources, hardening, env", (name) => {
    const d = find(objs, "Deployment", name);
    const pod = d.spec.template;
    expect(pod.metadata.labels.app).toBe(name);
    expect(pod.metadata.labels.version).toBeString();
    const c = container(d);
    expect(c.name).toBe(name);
    expect(c.livenessProbe.httpGet).toEqual({ path: "/api/v1/health/live", port: "http" });
    expect(c.readinessProbe.httpGet).toEqual({ path: "/api/v1/health/ready", port: "http" });
    expect(c.startupProbe.httpGet.path).toBe("/api/v1/health/live");
    for (const k of ["cpu", "memory"]) {
      expect(c.resources.requests[k]).toBeString();
      expect(c.resources.limits[k]).toBeString();
    }
    expect(pod.spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(c.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    const mounts = Object.fromEntries(
      c.volumeMounts.map((m: { name: string; mountPath: string }) => [m.mountPath, m.name]),
    );
    const emptyDirs = pod.spec.volumes
      .filter((v: { emptyDir?: object }) => v.emptyDir)
      .map((v: { name: string }) => v.name);
    expect(emptyDirs).toContain(mounts["/tmp"]);
    expect(emptyDirs).toContain(mounts[DATA_DIR]);
    expect(find(objs, "ConfigMap", `${name}-config`).data.NOVA_DATA_DIR).toBe(DATA_DIR);
    expect(c.envFrom).toContainEqual({ secretRef: { name: SECRET_NAME } });
    expect(c.envFrom).toContainEqual({ configMapRef: { name: `${name}-config` } });
    expect(c.env).toContainEqual({
      name: "APP_VERSION",
      valueFrom: { fieldRef: { fieldPath: "metadata.labels['version']" } },
    });
    expect(find(objs, "HorizontalPodAutoscaler", name).spec.scaleTargetRef.name).toBe(name);
    expect(find(objs, "PodDisruptionBudget", name).spec.selector.matchLabels.app).toBe(name);
  });

  test("the gateway reaches its 14 upstreams through <SERVICE>_URL on cluster DNS", () => {
    const data = find(objs, "ConfigMap", "graphql-gateway-config").data;
    for (const s of SERVICES.filter((x) => x.name !== "graphql-gateway")) {
      const variable = `${s.name.toUpperCase().replaceAll("-", "_")}_URL`;
      expect(data[variable]).toBe(`http://${s.name}.nova-backend.svc.cluster.local:${s.httpPort}`);
    }
  });

  test("the migrations Job runs `bun run scripts/db.ts migrate` from identity-service's image", () => {
    const job = find(objs, "Job", MIGRATIONS_JOB);
    const c = job.spec.template.spec.containers[0];
    expect(c.command).toEqual(["bun", "run", "scripts/db.ts", "migrate"]);
    expect(c.image).toContain("/nova-identity-service:");
    expect(c.envFrom).toContainEqual({ secretRef: { name: SECRET_NAME } });
    expect(job.spec.template.spec.restartPolicy).toBe("Never");
    expect(env === "prod" ? "production" : "staging").toBe(
      find(objs, "ConfigMap", "identity-service-config").data.APP_ENV,
    );
  });
});

test("prod runs more replicas, spread by pod anti-affinity, with production config", () => {
  for (const s of SERVICES) {
    const p = find(prod, "Deployment", s.name);
    expect(p.spec.replicas).toBe(PROD_REPLICAS);
    expect(find(staging, "Deployment", s.name).spec.replicas).toBe(BASE_REPLICAS);
    expect(PROD_REPLICAS).toBeGreaterThan(BASE_REPLICAS);
    const terms =
      p.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution;
    expect(terms[0].podAffinityTerm).toEqual({
      labelSelector: { matchLabels: { app: s.name } },
      topologyKey: "kubernetes.io/hostname",
    });
    expect(find(prod, "HorizontalPodAutoscaler", s.name).spec.minReplicas).toBe(PROD_REPLICAS);
    const data = find(prod, "ConfigMap", `${s.name}-config`).data;
    expect([data.APP_ENV, data.LOG_LEVEL]).toEqual(["production", "info"]);
  }
  expect(prod.filter((o) => o.kind === "NetworkPolicy").length).toBeGreaterThan(0);
  expect(staging.some((o) => o.spec?.template?.spec?.affinity)).toBe(false);
});

describe("canary manifests", () => {
  test.each(SERVICES.map((s) => [s.name] as const))(
    "%s-canary shares the Service selector, never the stable one",
    async (name) => {
      const [canary, ...rest] = parseManifests(
        await Bun.file(join(REPO_ROOT, "k8s/canary", `${name}.yaml`)).text(),
      );
      expect(rest).toEqual([]);
      if (!canary) throw new Error("empty canary manifest");
      validateObject(canary);
      expect(canary.kind).toBe("Deployment");
      expect(canary.metadata.name).toBe(`${name}-canary`);
      const labels = canary.spec.template.metadata.labels;
      expect(labels).toMatchObject({ app: name, canary: "true" });
      expect(labels.version).toBeString();
      const stable = find(staging, "Deployment", name);
      const service = find(staging, "Service", name);
      const matches = (selector: Record<string, string>, l: Record<string, string>) =>
        Object.entries(selector).every(([k, v]) => l[k] === v);
      expect(matches(service.spec.selector, labels)).toBe(true);
      expect(matches(canary.spec.selector.matchLabels, labels)).toBe(true);
      expect(matches(stable.spec.selector.matchLabels, labels)).toBe(false);
      expect(matches(canary.spec.selector.matchLabels, stable.spec.template.metadata.labels)).toBe(false);
      expect(container(canary).readinessProbe).toEqual(container(stable).readinessProbe);
    },
  );
});

test("each k8s/services file is self-contained for `kubectl apply -f … -n nova-backend`", async () => {
  for (const s of SERVICES) {
    const objs = parseManifests(await Bun.file(join(REPO_ROOT, "k8s/services", `${s.name}.yaml`)).text());
    const extraServices = (EXTRA_PORTS[s.name] ?? []).map(() => "Service");
    expect(objs.map((o) => o.kind).sort()).toEqual(
      [
        "ConfigMap",
        "Deployment",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "Service",
        ...extraServices,
      ].sort(),
    );
    for (const o of objs) {
      validateObject(o);
      expect(o.metadata.namespace).toBeUndefined();
    }
  }
});

test("the opt-in components build on top of the base", () => {
  const dir = mkdtempSync(join(tmpdir(), "nova-kustomize-"));
  writeFileSync(
    join(dir, "kustomization.yaml"),
    [
      "apiVersion: kustomize.config.k8s.io/v1beta1",
      "kind: Kustomization",
      // As in the overlays: the namespace applies to the components' objects too.
      `namespace: ${NAMESPACE}`,
      "resources:",
      `  - ${relative(dir, join(REPO_ROOT, "k8s/base"))}`,
      "components:",
      `  - ${relative(dir, join(REPO_ROOT, "k8s/components/network-policies"))}`,
      `  - ${relative(dir, join(REPO_ROOT, "k8s/components/service-monitor"))}`,
    ].join("\n"),
  );
  const objs = renderKustomization(dir);
  const monitor = find(objs, "ServiceMonitor", "nova-services");
  expect(monitor.metadata.namespace).toBe(NAMESPACE);
  expect(monitor.spec.endpoints[0]).toMatchObject({ port: "http", path: "/metrics" });
  expect(objs.filter((o) => o.kind === "NetworkPolicy").length).toBe(5);
  // Encoders reach media-service's RTMP ingest from outside the cluster.
  const rtmp = find(objs, "NetworkPolicy", "allow-media-rtmp-public");
  expect(rtmp.spec.podSelector.matchLabels).toEqual({ app: "media-service" });
  expect(rtmp.spec.ingress[0].ports).toEqual([{ port: "rtmp", protocol: "TCP" }]);
});
