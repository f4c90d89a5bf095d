import type { ServiceInfo } from "@nova/config";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import { commonLabels, imageName } from "./k8s-conventions.ts";
import { podTemplate } from "./pod-template.ts";

/**
 * Placeholders scripts/canary.sh replaces (image tag, `version` label, replicas) before applying a
 * canary; the file as checked in is valid on its own (one replica of `nova-<svc>:canary`).
 */
export const CANARY_PLACEHOLDER = "canary";

/**
 * `<service>-canary`: same pod as the stable Deployment with `canary: "true"`, its own `version`
 * and `track: canary`. The Service selects on `app` only, so traffic splits by replica count. (The
 * guide's `kubectl create deployment … | kubectl patch` sequence cannot work: it would change the
 * template's `app` label away from the selector the create gave it.)
 */
export function canaryDeployment(info: ServiceInfo): IDeployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: `${info.name}-canary`,
      labels: { ...commonLabels(info), track: "canary", canary: "true", version: CANARY_PLACEHOLDER },
    },
    spec: {
      replicas: 1,
      revisionHistoryLimit: 2,
      selector: { matchLabels: { app: info.name, track: "canary" } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
      template: podTemplate(info, {
        track: "canary",
        version: CANARY_PLACEHOLDER,
        image: `${imageName(info.name)}:${CANARY_PLACEHOLDER}`,
      }),
    },
  };
}
