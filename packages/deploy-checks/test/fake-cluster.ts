import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../src/index.ts";

/** A recording kubectl (fixtures/fake-kubectl.sh) in a fresh directory. */
export function fakeKubectl() {
  const dir = mkdtempSync(join(tmpdir(), "nova-kubectl-"));
  const log = join(dir, "calls.log");
  writeFileSync(log, "");
  return {
    env: {
      KUBECTL: join(import.meta.dir, "fixtures/fake-kubectl.sh"),
      FAKE_KUBECTL_LOG: log,
      FAKE_KUBECTL_DIR: dir,
    },
    /** kubectl argument lines, in call order. */
    calls: () => readFileSync(log, "utf8").split("\n").filter(Boolean),
    /** Manifests piped to `kubectl apply -f -`, in order. */
    applied: () =>
      readdirSync(dir)
        .filter((f) => f.startsWith("applied-"))
        .sort((a, b) => Number(a.match(/\d+/)?.[0]) - Number(b.match(/\d+/)?.[0]))
        .map((f) => readFileSync(join(dir, f), "utf8")),
  };
}

/** What the fake Prometheus answers: null = empty result (no samples). */
export interface PromValues {
  canaryErrorRate: number | null;
  stableErrorRate: number | null;
  canaryP95: number | null;
}

/** A Prometheus stand-in answering /api/v1/query from `values`, recording every query. */
export function fakePrometheus(values: PromValues, canaryVersion: string) {
  const queries: string[] = [];
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(req) {
      const url = new URL(req.url);
      if (url.pathname !== "/api/v1/query") return new Response("not found", { status: 404 });
      const q = url.searchParams.get("query") ?? "";
      queries.push(q);
      const value = q.startsWith("histogram_quantile")
        ? values.canaryP95
        : q.includes(`version="${canaryVersion}"`)
          ? values.canaryErrorRate
          : values.stableErrorRate;
      const result = value === null ? [] : [{ metric: {}, value: [Date.now() / 1000, String(value)] }];
      return Response.json({ status: "success", data: { resultType: "vector", result } });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, queries, stop: () => server.stop(true) };
}

/**
 * Runs a script of scripts/ with extra environment. Asynchronous, so that a fake Prometheus served
 * by this same process can answer the script's queries.
 */
export async function runScript(script: string, args: string[], env: Record<string, string>) {
  const proc = Bun.spawn(["bash", join(REPO_ROOT, "scripts", script), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, stdout, stderr };
}
