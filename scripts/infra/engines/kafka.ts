import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { probeKafka } from "@nova/infra";
import { ensureMavenLib } from "../lib/maven.ts";
import { engineDir } from "../lib/paths.ts";
import { run, spawnDetached } from "../lib/processes.ts";
import type { Engine } from "./engine.ts";

// 3.9.x rather than 4.x: kafkajs 2.2.4 (maintenance mode) predates KIP-896, which removed the
// old protocol versions in Kafka 4.0.
const VERSION = "3.9.2";
const PORT = 19092;
const CONTROLLER_PORT = 19093;

/** Kafka, one KRaft node acting as broker and controller. */
export function kafkaEngine(): Engine {
  const dir = engineDir("kafka");
  const lib = join(dir, "lib", "*");
  const conf = join(dir, "conf");
  const data = join(dir, "data");
  const logs = join(dir, "logs");
  const log4j = `-Dlog4j.configuration=file:${join(conf, "log4j.properties")}`;
  return {
    name: "kafka",
    label: `Kafka ${VERSION} (KRaft)`,
    address: `127.0.0.1:${PORT}`,
    ports: [PORT, CONTROLLER_PORT],
    logFiles: [join(logs, "stdout.log"), join(logs, "server.log")],
    pidFile: join(dir, "kafka.pid"),
    marker: "kafka.Kafka",
    startTimeoutMs: 90_000,
    install: () =>
      ensureMavenLib(dir, "kafka", [
        `org.apache.kafka:kafka_2.13:${VERSION}`,
        "org.slf4j:slf4j-reload4j:1.7.36",
      ]),
    async start() {
      mkdirSync(conf, { recursive: true });
      mkdirSync(logs, { recursive: true });
      writeFileSync(join(conf, "server.properties"), serverProperties(data));
      writeFileSync(join(conf, "log4j.properties"), log4jProperties(join(logs, "server.log")));
      if (!existsSync(join(data, "meta.properties"))) {
        const clusterId = (
          await run(["java", log4j, "-cp", lib, "kafka.tools.StorageTool", "random-uuid"])
        ).trim();
        await run(
          [
            "java",
            log4j,
            "-cp",
            lib,
            "kafka.tools.StorageTool",
            "format",
            "-t",
            clusterId,
            "-c",
            join(conf, "server.properties"),
          ],
          { logFile: join(logs, "format.log") },
        );
      }
      return spawnDetached({
        cmd: [
          "java",
          "-Xms256m",
          "-Xmx512m",
          log4j,
          "-cp",
          lib,
          "kafka.Kafka",
          join(conf, "server.properties"),
        ],
        cwd: dir,
        logFile: join(logs, "stdout.log"),
        pidFile: join(dir, "kafka.pid"),
      });
    },
    probe: () => probeKafka(`127.0.0.1:${PORT}`),
  };
}

function serverProperties(data: string): string {
  return `process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${CONTROLLER_PORT}
listeners=PLAINTEXT://127.0.0.1:${PORT},CONTROLLER://127.0.0.1:${CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://127.0.0.1:${PORT}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${data}
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
`;
}

function log4jProperties(file: string): string {
  return `log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=${file}
log4j.appender.file.Append=false
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
`;
}
