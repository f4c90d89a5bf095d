import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

const HEALTH_PROTO = join(import.meta.dir, "../../../proto/grpc/health/v1/health.proto");

let healthClientCtor: grpc.ServiceClientConstructor | undefined;

function healthClient(): grpc.ServiceClientConstructor {
  if (!healthClientCtor) {
    const def = protoLoader.loadSync(HEALTH_PROTO, { enums: String });
    // biome-ignore lint/suspicious/noExplicitAny: grpc-js dynamic loading has no static types
    healthClientCtor = (grpc.loadPackageDefinition(def) as any).grpc.health.v1
      .Health as grpc.ServiceClientConstructor;
  }
  return healthClientCtor;
}

/**
 * grpc.health.v1.Health/Check from a standard gRPC client (@grpc/grpc-js, the same stack as
 * grpcurl-style probes), independent of Connect. Resolves to the status name, e.g. "SERVING".
 */
export function grpcHealthCheck(target: string, service = "", deadlineMs = 5000): Promise<string> {
  const Client = healthClient();
  return new Promise((resolve, reject) => {
    const client = new Client(target, grpc.credentials.createInsecure()) as unknown as grpc.Client & {
      Check: (
        req: { service: string },
        opts: grpc.CallOptions,
        cb: (err: Error | null, res: { status: string }) => void,
      ) => void;
    };
    client.Check({ service }, { deadline: Date.now() + deadlineMs }, (err, res) => {
      client.close();
      if (err) reject(err);
      else resolve(res.status);
    });
  });
}
