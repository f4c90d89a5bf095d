import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "./processes.ts";

// Engines that live on Maven Central are "installed" by copying an artifact and its runtime
// dependencies into <engineDir>/lib from a generated pom. ~/.m2 caches across engine dirs; a
// marker holding the pom's hash makes a second run a no-op.

/** `group:artifact:version[:type]` coordinates. */
export type MavenCoordinate = `${string}:${string}:${string}`;

function pomFor(name: string, deps: readonly MavenCoordinate[]): string {
  const xml = deps.map((c) => {
    const [g, a, v, type] = c.split(":");
    return `    <dependency><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${v}</version>${
      type ? `<type>${type}</type>` : ""
    }</dependency>`;
  });
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>nova.engines</groupId><artifactId>${name}</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
${xml.join("\n")}
  </dependencies>
</project>
`;
}

/** Ensures `<dir>/lib` holds `deps` with their runtime closure; returns true if it downloaded. */
export async function ensureMavenLib(
  dir: string,
  name: string,
  deps: readonly MavenCoordinate[],
): Promise<boolean> {
  const pom = pomFor(name, deps);
  const hash = createHash("sha256").update(pom).digest("hex").slice(0, 16);
  const lib = join(dir, "lib");
  const marker = join(lib, ".complete");
  if (existsSync(marker) && readFileSync(marker, "utf8").trim() === hash) return false;
  mkdirSync(join(dir, "logs"), { recursive: true });
  writeFileSync(join(dir, "pom.xml"), pom);
  const tmp = join(dir, "lib.tmp");
  rmSync(tmp, { recursive: true, force: true });
  await run(
    ["mvn", "-q", "-B", "dependency:copy-dependencies", "-DincludeScope=runtime", `-DoutputDirectory=${tmp}`],
    { cwd: dir, logFile: join(dir, "logs", "mvn.log") },
  );
  writeFileSync(join(tmp, ".complete"), `${hash}\n`);
  rmSync(lib, { recursive: true, force: true });
  renameSync(tmp, lib);
  return true;
}
