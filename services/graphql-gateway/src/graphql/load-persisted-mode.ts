import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { PersistedManifest, PersistedOperationsMode } from "./use-persisted-operations.ts";

/** Where `bun run graphql:persist` writes the manifest by default. */
export const DEFAULT_MANIFEST_PATH = join(import.meta.dir, "../../persisted/manifest.json");

/**
 * Development: APQ. Production: the allow-list from the manifest, which must exist (a production
 * gateway that would run any operation is a misconfiguration, so it refuses to start).
 */
export function loadPersistedMode(opts: {
  production: boolean;
  manifestPath?: string | undefined;
}): PersistedOperationsMode {
  if (!opts.production) return { mode: "apq" };
  const path = opts.manifestPath ?? DEFAULT_MANIFEST_PATH;
  if (!existsSync(path))
    throw new Error(
      `GATEWAY_PERSISTED_MANIFEST: ${path} does not exist; run \`bun run graphql:persist\` (production runs only registered operations)`,
    );
  const manifest = JSON.parse(readFileSync(path, "utf8")) as PersistedManifest;
  if (!manifest || typeof manifest.operations !== "object")
    throw new Error(`GATEWAY_PERSISTED_MANIFEST: ${path} has no "operations" map`);
  return { mode: "allow-list", manifest };
}
