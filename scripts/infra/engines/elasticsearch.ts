import { cpSync, existsSync, mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { probeElasticsearch } from "@nova/infra";
import { ensureMavenLib } from "../lib/maven.ts";
import { engineDir } from "../lib/paths.ts";
import { run, spawnDetached } from "../lib/processes.ts";
import type { Engine } from "./engine.ts";

// The integ-test-zip is the only Elasticsearch distribution on Maven Central: server, transport
// and x-pack core/security, no bundled JDK. Missing modules are listed in the README.
const VERSION = "8.19.21";
const PORT = 19200;
const TRANSPORT_PORT = 19300;
// Elasticsearch refuses to run as root, so as root it runs as this system user.
const ES_USER = "novaes";

/** Elasticsearch single-node, security off, 512 MiB heap. */
export function elasticsearchEngine(): Engine {
  const dir = engineDir("elasticsearch");
  const home = join(dir, "dist", `elasticsearch-${VERSION}`);
  const config = join(dir, "config");
  const logs = join(dir, "logs");
  const asRoot = process.getuid?.() === 0;
  return {
    name: "elasticsearch",
    label: `Elasticsearch ${VERSION} (integ-test-zip)`,
    address: `127.0.0.1:${PORT}`,
    ports: [PORT, TRANSPORT_PORT],
    logFiles: [join(logs, "stdout.log"), join(logs, "nova-test.log")],
    pidFile: join(dir, "elasticsearch.pid"),
    marker: home,
    startTimeoutMs: 180_000,
    async install() {
      const downloaded = await ensureMavenLib(dir, "elasticsearch", [
        `org.elasticsearch.distribution.integ-test-zip:elasticsearch:${VERSION}:zip`,
      ]);
      if (downloaded || !existsSync(join(home, "bin", "elasticsearch"))) {
        mkdirSync(join(dir, "dist"), { recursive: true });
        await run([
          "unzip",
          "-q",
          "-o",
          join(dir, "lib", `elasticsearch-${VERSION}.zip`),
          "-d",
          join(dir, "dist"),
        ]);
      }
      if (!existsSync(join(config, "jvm.options"))) cpSync(join(home, "config"), config, { recursive: true });
      if (asRoot) await ensureUser();
      return downloaded;
    },
    async start() {
      for (const d of [join(dir, "data"), logs, join(dir, "tmp")]) mkdirSync(d, { recursive: true });
      writeFileSync(join(config, "elasticsearch.yml"), settings(dir));
      if (asRoot) await run(["chown", "-R", `${ES_USER}:${ES_USER}`, dir]);
      const bin = join(home, "bin", "elasticsearch");
      return spawnDetached({
        cmd: asRoot ? ["runuser", "-u", ES_USER, "--", bin] : [bin],
        cwd: dir,
        env: {
          ES_JAVA_HOME: javaHome(),
          ES_JAVA_OPTS: "-Xms512m -Xmx512m",
          ES_PATH_CONF: config,
          ES_TMPDIR: join(dir, "tmp"),
        },
        logFile: join(logs, "stdout.log"),
        pidFile: join(dir, "elasticsearch.pid"),
      });
    },
    probe: () => probeElasticsearch(`http://127.0.0.1:${PORT}`),
  };
}

function settings(dir: string): string {
  return `cluster.name: nova-test
node.name: nova-es
discovery.type: single-node
network.host: 127.0.0.1
http.port: ${PORT}
transport.port: ${TRANSPORT_PORT}
xpack.security.enabled: false
path.data: ${join(dir, "data")}
path.logs: ${join(dir, "logs")}
action.destructive_requires_name: false
# Tests run on nearly full disks too; do not turn indices read-only.
cluster.routing.allocation.disk.threshold_enabled: false
`;
}

async function ensureUser(): Promise<void> {
  const known = await run(["id", "-u", ES_USER]).then(
    () => true,
    () => false,
  );
  if (!known) await run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ES_USER]);
}

function javaHome(): string {
  if (process.env.JAVA_HOME) return process.env.JAVA_HOME;
  const java = Bun.which("java");
  if (!java) throw new Error("java not found on PATH (Elasticsearch needs a JDK 17+)");
  return dirname(dirname(realpathSync(java)));
}
