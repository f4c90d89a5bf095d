import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENGINE_ENV_DEFAULTS, ensureS3Bucket, probeS3, type S3Endpoint } from "@nova/infra";
import { ensureMavenLib } from "../lib/maven.ts";
import { engineDir } from "../lib/paths.ts";
import { spawnDetached } from "../lib/processes.ts";
import type { Engine } from "./engine.ts";

const VERSION = "4.1.0";
const PORT = 18333;

const endpoint: S3Endpoint = {
  endpoint: `http://127.0.0.1:${PORT}`,
  region: ENGINE_ENV_DEFAULTS.AWS_S3_REGION,
  accessKeyId: ENGINE_ENV_DEFAULTS.AWS_ACCESS_KEY_ID,
  secretAccessKey: ENGINE_ENV_DEFAULTS.AWS_SECRET_ACCESS_KEY,
};

/** S3Proxy over the filesystem, checking SigV2/SigV4 signatures for one identity. */
export function s3Engine(): Engine {
  const dir = engineDir("s3");
  const conf = join(dir, "conf");
  const logs = join(dir, "logs");
  return {
    name: "s3",
    label: `S3Proxy ${VERSION} (filesystem)`,
    address: `127.0.0.1:${PORT}`,
    ports: [PORT],
    logFiles: [join(logs, "stdout.log")],
    pidFile: join(dir, "s3.pid"),
    marker: "org.gaul.s3proxy.Main",
    startTimeoutMs: 60_000,
    install: () =>
      ensureMavenLib(dir, "s3", [
        `org.gaul:s3proxy:${VERSION}`,
        // Maven's nearest-wins picks jackson-annotations 2.18 from jclouds, but S3Proxy's
        // Jackson 3 needs 2.20+ (JsonSerializeAs); without this pin it dies at start.
        "com.fasterxml.jackson.core:jackson-annotations:2.22",
      ]),
    async start() {
      for (const d of [conf, logs, join(dir, "data")]) mkdirSync(d, { recursive: true });
      writeFileSync(join(conf, "s3proxy.properties"), properties(join(dir, "data")));
      writeFileSync(join(conf, "logback.xml"), logback());
      return spawnDetached({
        cmd: [
          "java",
          "-Xms64m",
          "-Xmx256m",
          `-Dlogback.configurationFile=${join(conf, "logback.xml")}`,
          "-cp",
          join(dir, "lib", "*"),
          "org.gaul.s3proxy.Main",
          "--properties",
          join(conf, "s3proxy.properties"),
        ],
        cwd: dir,
        logFile: join(logs, "stdout.log"),
        pidFile: join(dir, "s3.pid"),
      });
    },
    probe: () => probeS3(endpoint),
    afterReady: () => ensureS3Bucket(endpoint, ENGINE_ENV_DEFAULTS.AWS_S3_BUCKET),
  };
}

function properties(data: string): string {
  return `s3proxy.endpoint=http://127.0.0.1:${PORT}
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${endpoint.accessKeyId}
s3proxy.credential=${endpoint.secretAccessKey}
jclouds.provider=filesystem
jclouds.filesystem.basedir=${data}
jclouds.identity=${endpoint.accessKeyId}
jclouds.credential=${endpoint.secretAccessKey}
`;
}

function logback(): string {
  return `<configuration>
  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="STDOUT" /></root>
  <logger name="org.gaul.shaded" level="WARN" />
  <logger name="org.eclipse.jetty" level="WARN" />
  <logger name="org.jclouds" level="WARN" />
</configuration>
`;
}
