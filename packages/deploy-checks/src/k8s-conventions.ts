import type { ServiceInfo } from "@nova/config";

/** Namespace every Nova workload runs in (the guide's `-n nova-backend`). */
export const NAMESPACE = "nova-backend";
/** Secret created by the guide's Step 3 (`--from-env-file=.env.staging`), read by every pod. */
export const SECRET_NAME = "nova-backend-secrets";
/** Image tag the checked-in manifests use; scripts and overlays replace it with a release. */
export const DEFAULT_TAG = "latest";
/** Where embedded adapters write (blob dir, generated keys); an emptyDir, since the root FS is read-only. */
export const DATA_DIR = "/var/lib/nova";
/** Where a pod's service identity is mounted (its Secret `<service>-identity`): signing key, trust bundle, TLS files. */
export const IDENTITY_DIR = "/etc/nova/identity";
/** `feed-service-identity`: the per-service Secret with `signing-key.pem`, `trust-bundle.json` (and `tls.crt`, `tls.key`, `ca.crt` for mTLS). */
export const identitySecretName = (service: string) => `${service}-identity`;
/** uid/gid of the `bun` user in the oven/bun images (Dockerfile.template runs as it). */
export const RUN_AS = 1000;

/** `nova-identity-service`: image repository of a service, as built by scripts/build-all-services.sh. */
export const imageName = (service: string) => `nova-${service}`;

/** `identity-service` → `IDENTITY_SERVICE`, the prefix of the peer URL variables packages/rpc reads. */
export const envPrefix = (service: string) => service.toUpperCase().replaceAll("-", "_");

/** Cluster DNS address of a service port: `http://user-service.nova-backend.svc.cluster.local:8011`. */
export const clusterUrl = (service: string, port: number) =>
  `http://${service}.${NAMESPACE}.svc.cluster.local:${port}`;

/** Labels shared by every object of one service (never used in selectors except `app`). */
export function commonLabels(info: ServiceInfo): Record<string, string> {
  return {
    app: info.name,
    "app.kubernetes.io/name": info.name,
    "app.kubernetes.io/part-of": "nova",
    "nova.app/tier": String(info.tier),
  };
}
