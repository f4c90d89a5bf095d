import { join } from "node:path";
import { k8sAssets } from "./k8s-assets.ts";
import { monitoringAssets } from "./monitoring-assets.ts";

/** Repository root (this file is packages/deploy-checks/src/generated-assets.ts). */
export const REPO_ROOT = join(import.meta.dir, "../../..");

/** Every generated file, keyed by repository-relative path; a test checks the checked-in copies match. */
export async function generatedAssets(): Promise<Map<string, string>> {
  return new Map([...k8sAssets(), ...(await monitoringAssets(REPO_ROOT))]);
}
