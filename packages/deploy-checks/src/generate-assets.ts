import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { generatedAssets, REPO_ROOT } from "./generated-assets.ts";

// CLI: writes every generated deployment asset (k8s/, monitoring/ ConfigMaps and dashboard).
for (const [path, content] of await generatedAssets()) {
  const target = join(REPO_ROOT, path);
  await mkdir(dirname(target), { recursive: true });
  await Bun.write(target, content);
  console.log(`wrote ${path}`);
}
