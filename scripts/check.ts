/**
 * `bun run check`: every static gate CI runs — lint/format (Biome), types (tsc), protobuf lint and
 * breaking-change detection against main (buf), and "generated code is up to date".
 * Prints one line per step and exits non-zero when any step fails.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dir, "..");

interface Step {
  name: string;
  run: () => Promise<{ ok: boolean; output: string }>;
}

async function sh(cmd: string[], cwd = root): Promise<{ ok: boolean; output: string }> {
  const proc = Bun.spawn(cmd, { cwd, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { ok: code === 0, output: `${out}${err}`.trim() };
}

async function hasMainWithProtos(): Promise<boolean> {
  const r = await sh(["git", "ls-tree", "-d", "main", "proto"]);
  return r.ok && r.output.length > 0;
}

async function generatedUpToDate(): Promise<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), "nova-gen-"));
  const tplDir = mkdtempSync(join(tmpdir(), "nova-gen-tpl-"));
  try {
    const template = readFileSync(join(root, "buf.gen.yaml"), "utf8").replace(
      "out: packages/proto/src/gen",
      `out: ${dir}`,
    );
    const tpl = join(tplDir, "buf.gen.yaml");
    writeFileSync(tpl, template);
    const gen = await sh(["bunx", "buf", "generate", "--template", tpl]);
    if (!gen.ok) return gen;
    const diff = await sh([
      "git",
      "diff",
      "--no-index",
      "--stat",
      "--",
      join(root, "packages/proto/src/gen"),
      dir,
    ]);
    return diff.ok
      ? { ok: true, output: "" }
      : { ok: false, output: `generated code differs from proto/ — run \`bun run gen\`:\n${diff.output}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(tplDir, { recursive: true, force: true });
  }
}

const steps: Step[] = [
  { name: "lint (biome)", run: () => sh(["bunx", "biome", "check", "."]) },
  { name: "typecheck (tsc)", run: () => sh(["bunx", "tsc", "--noEmit", "-p", "."]) },
  { name: "buf lint", run: () => sh(["bunx", "buf", "lint"]) },
  {
    name: "buf breaking (against main)",
    run: async () =>
      (await hasMainWithProtos())
        ? sh(["bunx", "buf", "breaking", "--against", ".git#branch=main"])
        : { ok: true, output: "main has no proto/ yet: nothing to compare" },
  },
  { name: "generated code up to date", run: generatedUpToDate },
  {
    // Boots every service in process (~40 s) and compares what the gateway stitches and what the
    // services' /openapi.json list with the committed files (regenerate: `bun run graphql:schema`).
    name: "graphql schema up to date",
    run: () => sh(["bun", "run", "services/graphql-gateway/scripts/print-schema.ts", "--check"]),
  },
  {
    name: "graphql schema: breaking changes against main",
    run: () => sh(["bun", "run", "services/graphql-gateway/scripts/schema-breaking.ts"]),
  },
];

let failed = 0;
for (const step of steps) {
  const started = performance.now();
  const { ok, output } = await step.run();
  const ms = Math.round(performance.now() - started);
  console.log(`${ok ? "✔" : "✘"} ${step.name} (${ms} ms)`);
  if (!ok) {
    failed++;
    console.log(
      output
        .split("\n")
        .map((l) => `    ${l}`)
        .join("\n"),
    );
  }
}
console.log(failed === 0 ? "check: all steps passed" : `check: ${failed} step(s) failed`);
process.exit(failed === 0 ? 0 : 1);
