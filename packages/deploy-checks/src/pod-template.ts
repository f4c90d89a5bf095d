import type { ServiceInfo } from "@nova/config";
import type { IPodTemplateSpec } from "kubernetes-models/v1/PodTemplateSpec";
import {
  commonLabels,
  DATA_DIR,
  IDENTITY_DIR,
  identitySecretName,
  RUN_AS,
  SECRET_NAME,
} from "./k8s-conventions.ts";

/** Services whose pods need more than the default: media-service transcodes video with ffmpeg in /tmp. */
const POD_SIZES: Record<string, { requests: object; limits: object; tmp: string }> = {
  "media-service": {
    requests: { cpu: "500m", memory: "512Mi" },
    limits: { cpu: "2", memory: "2Gi" },
    tmp: "8Gi",
  },
};

/**
 * Ports a service listens on besides HTTP/gRPC/internal: media-service's live ingest (nginx-rtmp,
 * LIVE_RTMP_PORT), published by its own LoadBalancer Service (`serviceExtraServices`).
 */
export const EXTRA_PORTS: Record<string, { name: string; containerPort: number }[]> = {
  "media-service": [{ name: "rtmp", containerPort: 1935 }],
};

/**
 * Variables a service needs from the pod itself: media-service's replicas relay live playback to
 * the one holding a stream, at MEDIA_INSTANCE_URL (the pod's own address).
 */
type EnvVars = NonNullable<NonNullable<IPodTemplateSpec["spec"]>["containers"][number]["env"]>;
const POD_ENV: Record<string, EnvVars> = {
  "media-service": [
    { name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
    { name: "MEDIA_INSTANCE_URL", value: "http://$(POD_IP):8014" },
  ],
};

/** Which Deployment a pod belongs to: the stable one or `<service>-canary`. Both sit behind one Service. */
export type Track = "stable" | "canary";

/**
 * The pod of one service, shared by its stable and canary Deployments so that a canary differs only
 * in image, `version` and `track`. Hardened as in microservices-demo's kustomize base: non-root,
 * read-only root FS, no capabilities, RuntimeDefault seccomp.
 */
export function podTemplate(
  info: ServiceInfo,
  opts: { track: Track; version: string; image: string },
): IPodTemplateSpec {
  const ports = [{ name: "http", containerPort: info.httpPort, protocol: "TCP" as const }];
  if (info.grpcPort !== null)
    ports.push({ name: "grpc", containerPort: info.grpcPort, protocol: "TCP" as const });
  if (info.internalPort !== undefined)
    ports.push({ name: "internal", containerPort: info.internalPort, protocol: "TCP" as const });
  for (const extra of EXTRA_PORTS[info.name] ?? []) ports.push({ ...extra, protocol: "TCP" as const });
  const canaryLabels: Record<string, string> = opts.track === "canary" ? { canary: "true" } : {};
  return {
    metadata: {
      labels: { ...commonLabels(info), version: opts.version, track: opts.track, ...canaryLabels },
      annotations: {
        "prometheus.io/scrape": "true",
        "prometheus.io/port": String(info.internalPort ?? info.httpPort),
        "prometheus.io/path": "/metrics",
      },
    },
    spec: {
      automountServiceAccountToken: false,
      // SHUTDOWN_TIMEOUT (8 s) drains in-flight requests; the rest covers the readiness drain delay.
      terminationGracePeriodSeconds: 30,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: RUN_AS,
        runAsGroup: RUN_AS,
        fsGroup: RUN_AS,
        seccompProfile: { type: "RuntimeDefault" },
      },
      containers: [
        {
          // Named after the service so the guide's `kubectl set image deployment/$s $s=...` works.
          name: info.name,
          image: opts.image,
          imagePullPolicy: "IfNotPresent",
          ports,
          envFrom: [{ configMapRef: { name: `${info.name}-config` } }, { secretRef: { name: SECRET_NAME } }],
          env: [
            // The `version` label of http_requests_total etc. comes from APP_VERSION, so the pod's
            // `version` label (set per release by the scripts) is what the canary queries compare.
            { name: "APP_VERSION", valueFrom: { fieldRef: { fieldPath: "metadata.labels['version']" } } },
            // Bun keeps its transpiler cache under $HOME by default; the root FS is read-only.
            { name: "BUN_RUNTIME_TRANSPILER_CACHE_PATH", value: "/tmp/bun-transpiler-cache" },
            ...(POD_ENV[info.name] ?? []),
          ],
          resources: {
            requests: { cpu: "100m", memory: "256Mi", ...POD_SIZES[info.name]?.requests },
            limits: { cpu: "1", memory: "768Mi", ...POD_SIZES[info.name]?.limits },
          },
          startupProbe: {
            httpGet: { path: "/api/v1/health/live", port: "http" },
            periodSeconds: 2,
            failureThreshold: 30,
          },
          livenessProbe: {
            httpGet: { path: "/api/v1/health/live", port: "http" },
            periodSeconds: 10,
            timeoutSeconds: 3,
            failureThreshold: 3,
          },
          // Not ready while a dependency or a migration is missing: the pod gets no traffic but is
          // not restarted (DESIGN §1: never crash-loop on a missing peer).
          readinessProbe: {
            httpGet: { path: "/api/v1/health/ready", port: "http" },
            periodSeconds: 5,
            timeoutSeconds: 3,
            failureThreshold: 3,
          },
          securityContext: {
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
          },
          volumeMounts: [
            { name: "tmp", mountPath: "/tmp" },
            { name: "data", mountPath: DATA_DIR },
            // SERVICE_KEY_PATH / SERVICE_TRUST_BUNDLE_PATH point here; re-read on change (rotation).
            { name: "identity", mountPath: IDENTITY_DIR, readOnly: true },
          ],
        },
      ],
      volumes: [
        { name: "tmp", emptyDir: { sizeLimit: POD_SIZES[info.name]?.tmp ?? "256Mi" } },
        { name: "data", emptyDir: { sizeLimit: "1Gi" } },
        { name: "identity", secret: { secretName: identitySecretName(info.name), defaultMode: 0o440 } },
      ],
    },
  };
}
