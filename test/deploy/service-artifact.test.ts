/**
 * What Dockerfile.template puts into an image, built without Docker by
 * scripts/build-service-artifact.sh, must start on its own: production dependencies only, run
 * from its own directory. Prints the artifact size (the guide wants images under 200 MB).
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dir, "../..");
const work = mkdtempSync(join(tmpdir(), "nova-artifact-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test("the gateway and a service start from their production artifacts", async () => {
  for (const [service, probe] of [
    ["user-service", "/api/v1/health/ready"],
    ["graphql-gateway", "/api/v1/health/ready"],
  ] as const) {
    const out = join(work, service);
    const build = Bun.spawn(["bash", "scripts/build-service-artifact.sh", service, out], {
      cwd: root,
      stdout: "pipe",
      stderr: "pipe",
    });
    const [code, stdout, stderr] = await Promise.all([
      build.exited,
      new Response(build.stdout).text(),
      new Response(build.stderr).text(),
    ]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    console.log(stdout.trim());
    // No dev tooling in an image.
    expect(await Bun.file(join(out, "node_modules/.bin/drizzle-kit")).exists()).toBe(false);
    expect(await Bun.file(join(out, "node_modules/.bin/biome")).exists()).toBe(false);

    const port = 21_000 + Math.floor(Math.random() * 9_000);
    const proc = Bun.spawn(["bun", "run", `services/${service}/src/main.ts`], {
      cwd: out,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        HTTP_PORT: String(port),
        NOVA_DATA_DIR: join(out, "data"),
        LOG_LEVEL: "error",
      },
      stdout: "ignore",
      stderr: "pipe",
    });
    try {
      let status = 0;
      for (let i = 0; i < 100 && status !== 200; i++) {
        status = await fetch(`http://127.0.0.1:${port}${probe}`).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await Bun.sleep(100);
      }
      expect({ service, status }).toEqual({ service, status: 200 });
    } finally {
      proc.kill("SIGTERM");
      expect(await proc.exited).toBe(0);
    }
  }
}, 120_000);
