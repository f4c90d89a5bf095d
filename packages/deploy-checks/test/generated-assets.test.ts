import { expect, test } from "bun:test";
import { join } from "node:path";
import { generatedAssets, REPO_ROOT } from "../src/index.ts";

// The checked-in k8s/ and monitoring/ files are generated from the SERVICES catalogue; a change of
// either side without `bun run --cwd packages/deploy-checks generate` fails here.
const assets = [...(await generatedAssets())];

test.each(assets.map(([path, content]) => [path, content] as const))(
  "%s is up to date",
  async (path, content) => {
    const file = Bun.file(join(REPO_ROOT, path));
    expect(await file.exists()).toBe(true);
    expect(await file.text()).toBe(content);
  },
);
