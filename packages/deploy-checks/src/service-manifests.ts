import { SERVICES, type ServiceInfo } from "@nova/config";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IHorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IService } from "kubernetes-models/v1/Service";
import {
  clusterUrl,
  commonLabels,
  DATA_DIR,
  DEFAULT_TAG,
  envPrefix,
  IDENTITY_DIR,
  imageName,
} from "./k8s-conventions.ts";
import { EXTRA_PORTS, podTemplate } from "./pod-template.ts";

/** Replicas of the stable Deployment in the base (staging); the prod overlay raises them. */
export const BASE_REPLICAS = 2;

/**
 * Non-secret settings of one service. Every other service's `<SERVICE>_URL` (HTTP port, Connect)
 * and `<SERVICE>_GRPC_URL` is set, because packages/rpc and the gateway otherwise fall back to
 * 127.0.0.1, which is wrong in a pod.
 */
export function serviceConfigMap(info: ServiceInfo): IConfigMap {
  const peers: Record<string, string> = {};
  for (const peer of SERVICES) {
    if (peer.name === info.name) continue;
    peers[`${envPrefix(peer.name)}_URL`] = clusterUrl(peer.name, peer.httpPort);
    if (peer.grpcPort !== null)
      peers[`${envPrefix(peer.name)}_GRPC_URL`] = clusterUrl(peer.name, peer.grpcPort);
  }
  const ports: Record<string, string> = { HTTP_PORT: String(info.httpPort) };
  if (info.grpcPort !== null) ports.GRPC_PORT = String(info.grpcPort);
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `${info.name}-config`, labels: commonLabels(info) },
    data: {
      APP_ENV: "production",
      LOG_LEVEL: "info",
      ...ports,
      NOVA_DATA_DIR: DATA_DIR,
      SHUTDOWN_TIMEOUT: "8s",
      // The service's identity (Secret `<service>-identity`, see docs/DEPLOYMENT.md Step 3).
      SERVICE_KEY_PATH: `${IDENTITY_DIR}/signing-key.pem`,
      SERVICE_TRUST_BUNDLE_PATH: `${IDENTITY_DIR}/trust-bundle.json`,
      ...peers,
      ...SERVICE_SETTINGS[info.name],
    },
  };
}

/** Service-specific, non-secret settings (secrets such as MEDIA_SIGNING_SECRET live in nova-backend-secrets). */
const SERVICE_SETTINGS: Record<string, Record<string, string>> = {
  // Where clients fetch HLS playlists (signed URLs point here); the CDN or ingress in front of media-service.
  "media-service": {
    MEDIA_PUBLIC_URL: "https://media.nova.example",
    MEDIA_URL_TTL: "1h",
    // Live ingest: nginx-rtmp in each pod on 1935, reached through the media-service-rtmp LoadBalancer.
    LIVE_RTMP_PORT: "1935",
    LIVE_INGEST_URL: "rtmp://live.nova.example:1935/live",
  },
};

/** ClusterIP Service on both ports, HTTP first (the guide reads `.spec.ports[0].port`). Selects stable and canary pods. */
export function serviceService(info: ServiceInfo): IService {
  const ports: NonNullable<IService["spec"]>["ports"] = [
    { name: "http", port: info.httpPort, targetPort: "http", protocol: "TCP", appProtocol: "http" },
  ];
  if (info.grpcPort !== null)
    ports.push({
      name: "grpc",
      port: info.grpcPort,
      targetPort: "grpc",
      protocol: "TCP",
      appProtocol: "kubernetes.io/h2c",
    });
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: info.name, labels: commonLabels(info) },
    spec: { type: "ClusterIP", selector: { app: info.name }, ports },
  };
}

/**
 * A LoadBalancer Service per extra TCP port (media-service: RTMP 1935 for encoders such as OBS;
 * `<service>-<port name>`). The local traffic policy keeps the encoder's address (nginx-rtmp logs
 * it) and sends a push only to nodes running a pod.
 */
export function serviceExtraServices(info: ServiceInfo): IService[] {
  return (EXTRA_PORTS[info.name] ?? []).map((port) => ({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: `${info.name}-${port.name}`, labels: commonLabels(info) },
    spec: {
      type: "LoadBalancer",
      externalTrafficPolicy: "Local",
      selector: { app: info.name },
      ports: [{ name: port.name, port: port.containerPort, targetPort: port.name, protocol: "TCP" }],
    },
  }));
}

/** The stable Deployment; its selector includes `track: stable` so it never adopts canary pods. */
export function serviceDeployment(info: ServiceInfo): IDeployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: info.name, labels: { ...commonLabels(info), track: "stable" } },
    spec: {
      replicas: BASE_REPLICAS,
      // Kept for `kubectl rollout undo` (scripts/rollback.sh).
      revisionHistoryLimit: 5,
      selector: { matchLabels: { app: info.name, track: "stable" } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
      template: podTemplate(info, {
        track: "stable",
        version: DEFAULT_TAG,
        image: `${imageName(info.name)}:${DEFAULT_TAG}`,
      }),
    },
  };
}

/** CPU-based autoscaling of the stable Deployment (the guide's `kubectl autoscale --cpu-percent=70`). */
export function serviceAutoscaler(info: ServiceInfo): IHorizontalPodAutoscaler {
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: info.name, labels: commonLabels(info) },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: info.name },
      minReplicas: BASE_REPLICAS,
      maxReplicas: 6,
      metrics: [
        {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
        },
      ],
    },
  };
}

/** At most one stable pod voluntarily evicted at a time. */
export function serviceDisruptionBudget(info: ServiceInfo): IPodDisruptionBudget {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: info.name, labels: commonLabels(info) },
    spec: { maxUnavailable: 1, selector: { matchLabels: { app: info.name, track: "stable" } } },
  };
}

/** Everything `kubectl apply -f k8s/services/<service>.yaml -n nova-backend` creates. */
export function serviceManifests(info: ServiceInfo): object[] {
  return [
    serviceConfigMap(info),
    serviceService(info),
    ...serviceExtraServices(info),
    serviceDeployment(info),
    serviceAutoscaler(info),
    serviceDisruptionBudget(info),
  ];
}
