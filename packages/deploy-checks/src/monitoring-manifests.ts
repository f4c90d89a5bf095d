import { stringify } from "yaml";
import { prometheusKubernetesConfig } from "./prometheus-configs.ts";

/** Namespace of Prometheus, Alertmanager and Grafana on Kubernetes. */
export const MONITORING_NAMESPACE = "monitoring";
const ns = MONITORING_NAMESPACE;

const hardened = (uid: number) => ({
  pod: {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    seccompProfile: { type: "RuntimeDefault" },
  },
  container: {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
  },
});

function deployment(
  name: string,
  spec: {
    image: string;
    args?: string[];
    port: number;
    uid: number;
    probePath: string;
    mounts: object[];
    volumes: object[];
    env?: object[];
    serviceAccount?: string;
  },
) {
  const sec = hardened(spec.uid);
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: {
      replicas: 1,
      // One writer per volume: stop the old pod before the new one starts.
      strategy: { type: "Recreate" },
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          ...(spec.serviceAccount
            ? { serviceAccountName: spec.serviceAccount }
            : { automountServiceAccountToken: false }),
          securityContext: sec.pod,
          containers: [
            {
              name,
              image: spec.image,
              ...(spec.args ? { args: spec.args } : {}),
              ...(spec.env ? { env: spec.env } : {}),
              ports: [{ name: "http", containerPort: spec.port }],
              readinessProbe: { httpGet: { path: spec.probePath, port: "http" }, periodSeconds: 10 },
              livenessProbe: {
                httpGet: { path: spec.probePath, port: "http" },
                periodSeconds: 20,
                failureThreshold: 6,
              },
              resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
              securityContext: sec.container,
              volumeMounts: spec.mounts,
            },
          ],
          volumes: spec.volumes,
        },
      },
    },
  };
}

function service(name: string, port: number) {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: { selector: { app: name }, ports: [{ name: "http", port, targetPort: "http" }] },
  };
}

/** monitoring/prometheus/prometheus-config.yaml: the namespace and Prometheus' config and rules. */
export function prometheusConfigManifests(alertsYaml: string): object[] {
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "prometheus-config", namespace: ns },
      data: {
        "prometheus.yml": stringify(prometheusKubernetesConfig(), { lineWidth: 0 }),
        "alerts.yml": alertsYaml,
      },
    },
  ];
}

/** monitoring/prometheus/prometheus-deployment.yaml: RBAC for pod discovery, Deployment, Service. */
export function prometheusDeploymentManifests(): object[] {
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "prometheus", namespace: ns } },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "nova-prometheus" },
      rules: [
        { apiGroups: [""], resources: ["pods", "services", "endpoints"], verbs: ["get", "list", "watch"] },
      ],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "nova-prometheus" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "nova-prometheus" },
      subjects: [{ kind: "ServiceAccount", name: "prometheus", namespace: ns }],
    },
    deployment("prometheus", {
      image: "prom/prometheus:v2.55.1",
      args: [
        "--config.file=/etc/prometheus/prometheus.yml",
        "--storage.tsdb.path=/prometheus",
        "--storage.tsdb.retention.time=15d",
        "--web.enable-lifecycle",
      ],
      port: 9090,
      uid: 65534,
      probePath: "/-/ready",
      serviceAccount: "prometheus",
      mounts: [
        { name: "config", mountPath: "/etc/prometheus" },
        { name: "data", mountPath: "/prometheus" },
      ],
      // emptyDir: metrics survive restarts of the container, not of the pod; use a PVC for longer history.
      volumes: [
        { name: "config", configMap: { name: "prometheus-config" } },
        { name: "data", emptyDir: { sizeLimit: "10Gi" } },
      ],
    }),
    service("prometheus", 9090),
  ];
}

/** alertmanager.yml: warnings and criticals to two receivers; criticals and down services inhibit noise. */
export function alertmanagerConfig(): object {
  return {
    route: {
      receiver: "nova-default",
      group_by: ["alertname", "service"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "4h",
      routes: [{ matchers: ['severity="critical"'], receiver: "nova-critical", repeat_interval: "1h" }],
    },
    inhibit_rules: [
      {
        source_matchers: ['alertname="NovaServiceDown"'],
        target_matchers: ['severity="warning"'],
        equal: ["service"],
      },
      {
        source_matchers: ['alertname="NovaHighErrorRateCritical"'],
        target_matchers: ['alertname="NovaHighErrorRate"'],
        equal: ["service"],
      },
    ],
    // Replace the URLs with your Slack/PagerDuty/Opsgenie integration (webhook_configs work with any
    // receiver that accepts Alertmanager's JSON); they are placeholders until then.
    receivers: [
      {
        name: "nova-default",
        webhook_configs: [
          { url: "http://alert-receiver.monitoring.svc.cluster.local:8080/warning", send_resolved: true },
        ],
      },
      {
        name: "nova-critical",
        webhook_configs: [
          { url: "http://alert-receiver.monitoring.svc.cluster.local:8080/critical", send_resolved: true },
        ],
      },
    ],
  };
}

/** monitoring/prometheus/alertmanager-config.yaml: config Secret, Alertmanager Deployment and Service. */
export function alertmanagerManifests(): object[] {
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } },
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "alertmanager-config", namespace: ns },
      type: "Opaque",
      stringData: { "alertmanager.yml": stringify(alertmanagerConfig(), { lineWidth: 0 }) },
    },
    deployment("alertmanager", {
      image: "prom/alertmanager:v0.27.0",
      args: ["--config.file=/etc/alertmanager/alertmanager.yml", "--storage.path=/alertmanager"],
      port: 9093,
      uid: 65534,
      probePath: "/-/ready",
      mounts: [
        { name: "config", mountPath: "/etc/alertmanager" },
        { name: "data", mountPath: "/alertmanager" },
      ],
      volumes: [
        { name: "config", secret: { secretName: "alertmanager-config" } },
        { name: "data", emptyDir: { sizeLimit: "1Gi" } },
      ],
    }),
    service("alertmanager", 9093),
  ];
}

/** Grafana provisioning: the Prometheus datasource (uid `prometheus`) at `url`. */
export function grafanaDatasources(url: string): object {
  return {
    apiVersion: 1,
    datasources: [
      {
        name: "Prometheus",
        uid: "prometheus",
        type: "prometheus",
        access: "proxy",
        url,
        isDefault: true,
        editable: false,
      },
    ],
  };
}

/** Grafana provisioning: dashboards from `path` into the "Nova" folder. */
export function grafanaDashboardProvider(path: string): object {
  return {
    apiVersion: 1,
    providers: [
      {
        name: "nova",
        folder: "Nova",
        type: "file",
        disableDeletion: false,
        allowUiUpdates: true,
        options: { path },
      },
    ],
  };
}

/** monitoring/grafana/grafana-deployment.yaml: provisioning and dashboard ConfigMaps, Deployment, Service. */
export function grafanaManifests(dashboardJson: string): object[] {
  const y = (v: object) => stringify(v, { lineWidth: 0 });
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "grafana-provisioning", namespace: ns },
      data: {
        "datasources.yml": y(grafanaDatasources("http://prometheus.monitoring.svc.cluster.local:9090")),
        "dashboards.yml": y(grafanaDashboardProvider("/var/lib/grafana-dashboards")),
      },
    },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "grafana-dashboards", namespace: ns },
      data: { "nova-overview.json": dashboardJson },
    },
    deployment("grafana", {
      image: "grafana/grafana:11.3.0",
      port: 3000,
      uid: 472,
      probePath: "/api/health",
      env: [
        // Optional Secret: `kubectl create secret generic grafana-admin -n monitoring --from-literal=password=...`;
        // without it Grafana's default admin/admin applies and asks for a new password at first login.
        {
          name: "GF_SECURITY_ADMIN_PASSWORD",
          valueFrom: { secretKeyRef: { name: "grafana-admin", key: "password", optional: true } },
        },
        { name: "GF_PATHS_PROVISIONING", value: "/etc/grafana/provisioning" },
      ],
      mounts: [
        { name: "datasources", mountPath: "/etc/grafana/provisioning/datasources" },
        { name: "dashboard-providers", mountPath: "/etc/grafana/provisioning/dashboards" },
        { name: "dashboards", mountPath: "/var/lib/grafana-dashboards" },
        { name: "data", mountPath: "/var/lib/grafana" },
        { name: "tmp", mountPath: "/tmp" },
      ],
      volumes: [
        {
          name: "datasources",
          configMap: {
            name: "grafana-provisioning",
            items: [{ key: "datasources.yml", path: "datasources.yml" }],
          },
        },
        {
          name: "dashboard-providers",
          configMap: {
            name: "grafana-provisioning",
            items: [{ key: "dashboards.yml", path: "dashboards.yml" }],
          },
        },
        { name: "dashboards", configMap: { name: "grafana-dashboards" } },
        { name: "data", emptyDir: { sizeLimit: "1Gi" } },
        { name: "tmp", emptyDir: { sizeLimit: "128Mi" } },
      ],
    }),
    service("grafana", 3000),
  ];
}
