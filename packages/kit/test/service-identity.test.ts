import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ConnectRouter, createClient, type HandlerContext } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import {
  createTokenVerifier,
  internalRpc,
  optionalServiceCaller,
  publicRpc,
  SERVICE_TOKEN_HEADER,
  serveRpc,
} from "@nova/auth";
import { createTestTokenIssuer } from "@nova/auth/testing";
import { loadConfig } from "@nova/config";
import { createLogger, createServiceMetrics } from "@nova/observability";
import { createTlsContextLoader } from "@nova/rpc";
import { createHealth, createServiceServer, listen, type RunningServer } from "@nova/server";
import { AccessTestService } from "@nova/testing";
import { createServiceIdentityFromConfig, devServicePaths, ensureDevPki, NO_TLS_NOTE } from "../src/index.ts";

const root = mkdtempSync(join(tmpdir(), "nova-dev-pki-"));
const pkiDir = join(root, "pki");
afterAll(() => rmSync(root, { recursive: true, force: true }));

const configOf = (service: string, env: Record<string, string> = {}) =>
  loadConfig(service, { NOVA_PKI_DIR: pkiDir, LOG_LEVEL: "fatal", ...env });

describe("dev PKI", () => {
  test("made once on first start: CA, per-service TLS cert and signing key, trust bundle; private keys 0600", () => {
    ensureDevPki(pkiDir, ["graph-service", "feed-service", "user-service"]);
    const graph = devServicePaths(pkiDir, "graph-service");
    for (const f of Object.values(graph)) expect(existsSync(f)).toBe(true);
    expect(statSync(graph.keyPath).mode & 0o777).toBe(0o600);
    const bundle = readFileSync(graph.trustBundlePath, "utf8");
    ensureDevPki(pkiDir, ["graph-service", "feed-service", "user-service"]);
    expect(readFileSync(graph.trustBundlePath, "utf8")).toBe(bundle);
    expect(Object.keys(JSON.parse(bundle).services).sort()).toEqual([
      "feed-service",
      "graph-service",
      "user-service",
    ]);
  });

  test("without openssl (slim images) the signing keys and bundle are still made, the TLS files left out and said so", async () => {
    const bare = join(root, "bare-pki");
    ensureDevPki(bare, ["graph-service", "feed-service"], { openssl: join(root, "no-such-openssl") });
    expect(existsSync(join(bare, NO_TLS_NOTE))).toBe(true);
    expect(existsSync(devServicePaths(bare, "graph-service").tlsCertPath)).toBe(false);
    const feed = createServiceIdentityFromConfig(configOf("feed-service", { NOVA_PKI_DIR: bare }));
    const graph = createServiceIdentityFromConfig(configOf("graph-service", { NOVA_PKI_DIR: bare }));
    try {
      expect(await graph.verify(await feed.tokenFor("graph-service"))).toBe("feed-service");
      expect(() => createServiceIdentityFromConfig(configOf("user-service", { NOVA_PKI_DIR: bare }))).toThrow(
        /no key for user-service/,
      );
    } finally {
      feed.close();
      graph.close();
    }
  });

  test("two services started alone trust each other through it", async () => {
    const feed = createServiceIdentityFromConfig(configOf("feed-service"));
    const graph = createServiceIdentityFromConfig(configOf("graph-service"));
    try {
      expect(await graph.verify(await feed.tokenFor("graph-service"))).toBe("feed-service");
      await expect(feed.verify(await feed.tokenFor("graph-service"))).rejects.toThrow(/another service/);
    } finally {
      feed.close();
      graph.close();
    }
  });

  test("production and staging refuse to run without SERVICE_KEY_PATH (no dev PKI there)", () => {
    expect(() => loadConfig("graph-service", { APP_ENV: "production" })).toThrow(
      /SERVICE_KEY_PATH: required/,
    );
    expect(() => loadConfig("graph-service", { SERVICE_KEY_PATH: "/k" })).toThrow(/go together/);
  });
});

describe("mTLS on the gRPC port", () => {
  let running: RunningServer;
  let url: string;
  const live = join(root, "live");
  const served = devServicePaths(pkiDir, "graph-service");
  const loader = () =>
    createTlsContextLoader(
      { certPath: join(live, "tls.crt"), keyPath: join(live, "tls.key"), caPath: served.caPath },
      { pollIntervalMs: 60_000 },
    );
  let tls: ReturnType<typeof loader>;

  beforeAll(async () => {
    mkdirSync(live, { recursive: true });
    copyFileSync(served.tlsCertPath, join(live, "tls.crt"));
    copyFileSync(served.tlsKeyPath, join(live, "tls.key"));
    tls = loader();
    const issuer = await createTestTokenIssuer();
    const identity = createServiceIdentityFromConfig(configOf("graph-service"));
    const who = (_req: unknown, ctx: HandlerContext) => ({ service: optionalServiceCaller(ctx) ?? "" });
    const server = createServiceServer({
      service: "graph-service",
      version: "t",
      env: "test",
      description: "mTLS test",
      log: createLogger({ level: "fatal", base: {}, write: () => {} }),
      metrics: createServiceMetrics({ service: "graph-service", version: "t", processMetrics: false }),
      health: createHealth({ service: "graph-service", version: "t", cacheMs: 0 }),
      surface: {
        rpc: (router: ConnectRouter) =>
          serveRpc(router, AccessTestService, { open: publicRpc(who), secret: internalRpc(who) } as never, {
            verifier: createTokenVerifier({ publicKeys: [issuer.publicJwk] }),
            identity,
          }),
      },
    });
    running = await listen(server, { httpPort: 0, grpcPort: 0, hostname: "127.0.0.1", grpcTls: tls });
    url = `https://127.0.0.1:${running.grpcPort}`;
  });
  afterAll(async () => {
    tls?.close();
    await running?.stop({ timeoutMs: 500 });
  });

  const client = (as: string | undefined, headers: Record<string, string> = {}) => {
    const paths = as ? devServicePaths(pkiDir, as) : undefined;
    return createClient(
      AccessTestService,
      createGrpcTransport({
        baseUrl: url,
        nodeOptions: {
          ca: readFileSync(served.caPath),
          ...(paths ? { cert: readFileSync(paths.tlsCertPath), key: readFileSync(paths.tlsKeyPath) } : {}),
        },
        interceptors: [
          (next) => (req) => {
            for (const [k, v] of Object.entries(headers)) req.header.set(k, v);
            return next(req);
          },
        ],
      }),
    ) as unknown as { secret(r: object): Promise<{ service: string }> };
  };

  test("the client certificate is the service credential: its CN is the caller", async () => {
    expect((await client("feed-service").secret({})).service).toBe("feed-service");
    expect((await client("user-service").secret({})).service).toBe("user-service");
  });

  test("no client certificate: the handshake is refused", async () => {
    await expect(client(undefined).secret({})).rejects.toThrow();
  });

  test("a service token naming another service than the certificate is refused", async () => {
    const graphSide = createServiceIdentityFromConfig(configOf("user-service"));
    try {
      const token = await graphSide.tokenFor("graph-service");
      await expect(client("feed-service", { [SERVICE_TOKEN_HEADER]: token }).secret({})).rejects.toThrow(
        /different services/,
      );
    } finally {
      graphSide.close();
    }
  });

  test("the server certificate rotates without a restart", async () => {
    // Serve user-service's certificate now (also signed by the dev CA, SAN 127.0.0.1): new
    // handshakes see it, and calls keep working.
    const other = devServicePaths(pkiDir, "user-service");
    copyFileSync(other.tlsCertPath, join(live, "tls.crt"));
    copyFileSync(other.tlsKeyPath, join(live, "tls.key"));
    expect(tls.reload()).toBe(true);
    const { connect } = await import("node:tls");
    const served = await new Promise<string>((resolve, reject) => {
      const socket = connect({
        host: "127.0.0.1",
        port: running.grpcPort as number,
        ca: readFileSync(devServicePaths(pkiDir, "feed-service").caPath),
        cert: readFileSync(devServicePaths(pkiDir, "feed-service").tlsCertPath),
        key: readFileSync(devServicePaths(pkiDir, "feed-service").tlsKeyPath),
        ALPNProtocols: ["h2"],
        servername: "localhost",
      });
      socket.once("secureConnect", () => {
        resolve(String(socket.getPeerCertificate().subject?.CN));
        socket.destroy();
      });
      socket.once("error", reject);
    });
    expect(served).toBe("user-service");
    expect((await client("feed-service").secret({})).service).toBe("feed-service");
  });
});
