/**
 * The dependency rules of STYLE.md, checked on the source: services never import each other,
 * packages never import services, and nobody reaches into another package's internals.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const root = join(import.meta.dir, "../..");
const IMPORT = /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "gen") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith(".ts")) out.push(path);
  }
  return out;
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(IMPORT)].map((m) => (m[1] ?? m[2]) as string);
}

const services = readdirSync(join(root, "services"));
const packages = readdirSync(join(root, "packages"));

describe("dependency direction", () => {
  test("there are 15 services to check", () => {
    expect(services).toHaveLength(15);
  });

  for (const svc of services) {
    test(`${svc} imports no other service and no package internals`, () => {
      const problems: string[] = [];
      const dir = join(root, "services", svc);
      for (const file of sourceFiles(dir)) {
        for (const spec of importsOf(file)) {
          const where = `${relative(root, file)} → ${spec}`;
          const other = services.find((s) => s !== svc && spec === `@nova/${s}`);
          if (other) problems.push(where);
          if (spec.startsWith(".") && !resolve(file, "..", spec).startsWith(`${dir}/`)) problems.push(where);
          const m = /^@nova\/([^/]+)\/(.+)$/.exec(spec);
          if (
            m &&
            m[1] !== "proto" &&
            !(m[1] === "db" && m[2] === "drizzle-config") &&
            !m[2]?.startsWith("testing")
          )
            problems.push(where);
        }
      }
      expect(problems).toEqual([]);
    });
  }

  test("packages never import services", () => {
    const problems: string[] = [];
    for (const pkg of packages) {
      for (const file of sourceFiles(join(root, "packages", pkg))) {
        for (const spec of importsOf(file)) {
          if (services.some((s) => spec === `@nova/${s}` || spec.includes("/services/"))) {
            problems.push(`${relative(root, file)} → ${spec}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test("the checker sees a cross-service import when one exists", () => {
    const sample = `import { service } from "@nova/user-service";\nimport x from "../../content-service/src/app.ts";`;
    const specs = [...sample.matchAll(IMPORT)].map((m) => m[1]);
    expect(specs).toEqual(["@nova/user-service", "../../content-service/src/app.ts"]);
  });
});
