import { SERVICES } from "@nova/config";
import { stringify } from "yaml";
import { NAMESPACE } from "./k8s-conventions.ts";

/** Job name every Nova scrape config uses; the alert rules select `up{job="nova-services"}`. */
export const SCRAPE_JOB = "nova-services";
/** Address of Alertmanager inside the cluster (monitoring/prometheus/alertmanager-config.yaml). */
export const ALERTMANAGER_ADDRESS = "alertmanager.monitoring.svc.cluster.local:9093";

const global = { scrape_interval: "15s", scrape_timeout: "10s", evaluation_interval: "15s" };

/**
 * Compose config: one static target per service. `host` is the compose service name
 * (docker-compose.prod.yml) or host.docker.internal (docker-compose.yml, services on the host).
 * honor_labels keeps the services' own `service`/`version` labels.
 */
function composeConfig(host: (service: string) => string, production: boolean): object {
  return {
    global,
    rule_files: ["alerts.yml"],
    scrape_configs: [
      {
        job_name: SCRAPE_JOB,
        honor_labels: true,
        metrics_path: "/metrics",
        static_configs: SERVICES.map((s) => ({
          // Production serves the gateway's metrics on its internal listener only.
          targets: [`${host(s.name)}:${production ? (s.internalPort ?? s.httpPort) : s.httpPort}`],
          labels: { service: s.name },
        })),
      },
      { job_name: "prometheus", static_configs: [{ targets: ["localhost:9090"] }] },
    ],
  };
}

/** monitoring/prometheus/prometheus.yml: docker-compose.prod.yml (services by compose name). */
export function prometheusComposeYaml(): string {
  return [
    "# Prometheus for docker-compose.prod.yml: scrapes the 15 services by their compose names.",
    "# docker-compose.yml (services on the host via `bun run dev`) uses prometheus.dev.yml instead.",
    "# Kubernetes uses the ConfigMap in prometheus-config.yaml (pod discovery). Generated: see packages/deploy-checks.",
    stringify(
      composeConfig((s) => s, true),
      { lineWidth: 0 },
    ),
  ].join("\n");
}

/** monitoring/prometheus/prometheus.dev.yml: docker-compose.yml, services run on the host. */
export function prometheusDevYaml(): string {
  return [
    "# Prometheus for docker-compose.yml: the services run on the host (`bun run dev`), reached through",
    "# host.docker.internal. Generated: see packages/deploy-checks.",
    stringify(
      composeConfig(() => "host.docker.internal", false),
      { lineWidth: 0 },
    ),
  ].join("\n");
}

/** prometheus.yml inside the Kubernetes ConfigMap: pods of nova-backend with prometheus.io/scrape=true. */
export function prometheusKubernetesConfig(): object {
  return {
    global,
    rule_files: ["/etc/prometheus/alerts.yml"],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [ALERTMANAGER_ADDRESS] }] }] },
    scrape_configs: [
      {
        job_name: SCRAPE_JOB,
        honor_labels: true,
        kubernetes_sd_configs: [{ role: "pod", namespaces: { names: [NAMESPACE] } }],
        relabel_configs: [
          {
            source_labels: ["__meta_kubernetes_pod_annotation_prometheus_io_scrape"],
            action: "keep",
            regex: "true",
          },
          // One target per pod: the `http` container port serves /metrics.
          { source_labels: ["__meta_kubernetes_pod_container_port_name"], action: "keep", regex: "http" },
          {
            source_labels: ["__meta_kubernetes_pod_annotation_prometheus_io_path"],
            action: "replace",
            regex: "(.+)",
            target_label: "__metrics_path__",
          },
          { source_labels: ["__meta_kubernetes_pod_label_app"], target_label: "service" },
          { source_labels: ["__meta_kubernetes_pod_label_version"], target_label: "version" },
          { source_labels: ["__meta_kubernetes_pod_label_track"], target_label: "track" },
          { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
          { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
        ],
      },
      { job_name: "prometheus", static_configs: [{ targets: ["localhost:9090"] }] },
    ],
  };
}
