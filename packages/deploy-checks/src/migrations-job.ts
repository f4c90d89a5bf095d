import { type ServiceInfo, serviceInfo } from "@nova/config";
import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { INamespace } from "kubernetes-models/v1/Namespace";
import { DEFAULT_TAG, imageName, NAMESPACE, RUN_AS, SECRET_NAME } from "./k8s-conventions.ts";

/** Name of the one-shot migrations Job (the deploy script deletes and re-creates it per release). */
export const MIGRATIONS_JOB = "nova-migrate";

/** The image whose build carries scripts/, drizzle/ and the PostgreSQL driver (as in docker-compose.prod.yml). */
export const MIGRATIONS_IMAGE_SERVICE: ServiceInfo["name"] = serviceInfo("identity-service").name;

/** The namespace object of the base. */
export function namespace(): INamespace {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: NAMESPACE, labels: { "app.kubernetes.io/part-of": "nova" } },
  };
}

/**
 * `bun run scripts/db.ts migrate` against DATABASE_URL from the Secret. Plain Kubernetes has no
 * pre-sync hook, so scripts/deploy-all-services.sh applies it and waits for completion before any
 * rollout; with `kubectl apply -k` it runs alongside the rollout and pods stay unready (their
 * `migrations` readiness check) until it has finished.
 */
export function migrationsJob(): IJob {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: MIGRATIONS_JOB,
      labels: {
        app: MIGRATIONS_JOB,
        "app.kubernetes.io/part-of": "nova",
        "app.kubernetes.io/component": "migrations",
      },
    },
    spec: {
      backoffLimit: 2,
      activeDeadlineSeconds: 900,
      // A finished Job is removed, so the next `kubectl apply` may create it again with a new image.
      ttlSecondsAfterFinished: 600,
      template: {
        metadata: { labels: { app: MIGRATIONS_JOB, version: DEFAULT_TAG } },
        spec: {
          restartPolicy: "Never",
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: RUN_AS,
            runAsGroup: RUN_AS,
            fsGroup: RUN_AS,
            seccompProfile: { type: "RuntimeDefault" },
          },
          containers: [
            {
              name: "migrate",
              image: `${imageName(MIGRATIONS_IMAGE_SERVICE)}:${DEFAULT_TAG}`,
              imagePullPolicy: "IfNotPresent",
              command: ["bun", "run", "scripts/db.ts", "migrate"],
              envFrom: [{ secretRef: { name: SECRET_NAME } }],
              env: [
                { name: "APP_ENV", value: "production" },
                { name: "BUN_RUNTIME_TRANSPILER_CACHE_PATH", value: "/tmp/bun-transpiler-cache" },
              ],
              resources: {
                requests: { cpu: "100m", memory: "256Mi" },
                limits: { cpu: "1", memory: "512Mi" },
              },
              securityContext: {
                runAsNonRoot: true,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"] },
              },
              volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
            },
          ],
          volumes: [{ name: "tmp", emptyDir: { sizeLimit: "128Mi" } }],
        },
      },
    },
  };
}
