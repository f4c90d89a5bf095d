import { expect, test } from "bun:test";
import { join } from "node:path";
import { REPO_ROOT, requireTool, run } from "../src/index.ts";

const scripts = [...new Bun.Glob("scripts/**/*.sh").scanSync({ cwd: REPO_ROOT })].sort();

test("the deployment scripts exist", () => {
  for (const s of ["build-all-services.sh", "deploy-all-services.sh", "canary.sh", "rollback.sh"])
    expect(scripts).toContain(`scripts/${s}`);
});

test.each(scripts)("shellcheck passes %s", (script) => {
  const out = run([requireTool("shellcheck"), "--external-sources", script], { cwd: REPO_ROOT });
  expect(out.stdout + out.stderr).toBe("");
  expect(out.code).toBe(0);
});

test.each(scripts)("%s is executable", async (script) => {
  const { mode } = await Bun.file(join(REPO_ROOT, script)).stat();
  expect(mode & 0o111).not.toBe(0);
});
