/** Thrown when a tool the deployment checks need is not installed; the message says how to get it. */
export class MissingToolError extends Error {
  constructor(
    readonly tool: string,
    hint: string,
  ) {
    super(`${tool} is required for this check but was not found on PATH (${hint})`);
    this.name = "MissingToolError";
  }
}

const HINTS: Record<string, string> = {
  kubectl:
    "kubectl 1.27+ with built-in kustomize; CI: apt-get install -y kubectl, or the Kubernetes apt repository",
  promtool: "apt-get install -y prometheus",
  amtool: "apt-get install -y prometheus-alertmanager",
  shellcheck: "apt-get install -y shellcheck",
};

/** Absolute path of `tool`, or a MissingToolError naming the package to install (tests fail, never skip). */
export function requireTool(tool: string): string {
  const path = Bun.which(tool);
  if (!path) throw new MissingToolError(tool, HINTS[tool] ?? "install it");
  return path;
}

/** Runs a command to completion and returns its exit code and output. */
export function run(
  cmd: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined>; stdin?: string } = {},
) {
  const proc = Bun.spawnSync(cmd, {
    cwd: opts.cwd,
    env: opts.env ? { ...process.env, ...opts.env } : process.env,
    stdin: opts.stdin === undefined ? "ignore" : new TextEncoder().encode(opts.stdin),
    stdout: "pipe",
    stderr: "pipe",
  });
  return { code: proc.exitCode ?? -1, stdout: proc.stdout.toString(), stderr: proc.stderr.toString() };
}
