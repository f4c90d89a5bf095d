import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createSecureServer, type Http2SecureServer } from "node:http2";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { createClient } from "@connectrpc/connect";
import { connectNodeAdapter, createGrpcTransport } from "@connectrpc/connect-node";
import { Health, HealthCheckResponse_ServingStatus as Status } from "@nova/proto/grpc/health/v1";
import {
  closeServiceClient,
  createServiceClient,
  createTlsContextLoader,
  type TlsContextLoader,
  watchTlsFiles,
} from "../src/index.ts";
import { type KitServer, startKitServer } from "./kit-server.ts";

const dir = mkdtempSync(join(tmpdir(), "nova-rpc-tls-"));
const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });

/** A CA plus a server cert (127.0.0.1) and a client cert (CN = `client`), all under `<dir>/<name>/`. */
function generate(name: string, client: string) {
  const d = join(dir, name);
  execFileSync("mkdir", ["-p", d]);
  const p = (f: string) => join(d, f);
  openssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    p("ca.key"),
    "-out",
    p("ca.crt"),
    "-days",
    "1",
    "-subj",
    `/CN=${name}-ca`,
  );
  writeFileSync(p("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  for (const [who, cn, ext] of [
    ["server", "localhost", true],
    ["client", client, false],
  ] as const) {
    openssl(
      "req",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      p(`${who}.key`),
      "-out",
      p(`${who}.csr`),
      "-subj",
      `/CN=${cn}`,
    );
    openssl(
      "x509",
      "-req",
      "-in",
      p(`${who}.csr`),
      "-CA",
      p("ca.crt"),
      "-CAkey",
      p("ca.key"),
      "-CAcreateserial",
      "-out",
      p(`${who}.crt`),
      "-days",
      "1",
      ...(ext ? ["-extfile", p("san.ext")] : []),
    );
  }
}

/** Installs generated material where the GRPC_TLS_*_PATH files point (as a cert manager would). */
function install(name: string) {
  for (const f of ["ca.crt", "server.crt", "server.key", "client.crt", "client.key"])
    copyFileSync(join(dir, name, f), join(dir, `live-${f}`));
}

const live = (f: string) => join(dir, `live-${f}`);
const serverPaths = { certPath: live("server.crt"), keyPath: live("server.key"), caPath: live("ca.crt") };
const clientPaths = { certPath: live("client.crt"), keyPath: live("client.key"), caPath: live("ca.crt") };
const config = {
  service: { name: "content-service", version: "t", env: "test" as const },
  grpc: { port: null, requestTimeoutMs: 5_000, connectionPoolSize: 1 },
};

let kit: KitServer;
let loader: TlsContextLoader;
let server: Http2SecureServer;
let url: string;
const peers: string[] = [];

beforeAll(async () => {
  generate("one", "caller-one");
  generate("two", "caller-two");
  install("one");
  kit = await startKitServer();
  loader = createTlsContextLoader(serverPaths, { pollIntervalMs: 60_000 });
  server = createSecureServer(loader.serverOptions(), connectNodeAdapter({ routes: kit.server.routes }));
  server.on("secureConnection", (s: TLSSocket) =>
    peers.push(String(s.getPeerCertificate()?.subject?.CN ?? "")),
  );
  loader.attach(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  loader.close();
  server.close();
  await kit.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("mTLS on the gRPC transport", () => {
  test("a client with a certificate signed by the CA connects", async () => {
    const client = createServiceClient(Health, {
      target: "user-service",
      config,
      protocol: "grpc",
      baseUrl: url,
      tls: clientPaths,
      policy: false,
    });
    expect((await client.check({ service: "" })).status).toBe(Status.SERVING);
    expect(peers).toContain("caller-one");
    closeServiceClient(client);
  });

  test("a client without a certificate is rejected", async () => {
    const bare = createClient(
      Health,
      createGrpcTransport({
        baseUrl: url,
        nodeOptions: { ca: (await Bun.file(live("ca.crt")).bytes()) as Buffer },
      }),
    );
    await expect(bare.check({ service: "" })).rejects.toThrow();
  });

  test("GRPC_TLS_* paths are read from env, and must come as a set", () => {
    expect(() =>
      createServiceClient(Health, {
        target: "user-service",
        config,
        protocol: "grpc",
        env: { GRPC_TLS_CERT_PATH: clientPaths.certPath },
      }),
    ).toThrow("must be set together");
  });

  test("replaced files (new CA and certificates) are used without a restart", async () => {
    const watcher = watchTlsFiles(clientPaths, { pollIntervalMs: 60_000 });
    const client = createServiceClient(Health, {
      target: "user-service",
      config,
      protocol: "grpc",
      baseUrl: url,
      tls: watcher,
      policy: false,
    });
    expect((await client.check({ service: "" })).status).toBe(Status.SERVING);

    install("two");
    // What the poll timers would do on their next tick.
    expect(loader.reload()).toBe(true);
    expect(watcher.check()).toBe(true);

    expect((await client.check({ service: "" })).status).toBe(Status.SERVING);
    expect(peers.at(-1)).toBe("caller-two");

    // A client still holding the old CA's certificate no longer gets in.
    const stale = createClient(
      Health,
      createGrpcTransport({
        baseUrl: url,
        nodeOptions: {
          ca: (await Bun.file(join(dir, "one", "ca.crt")).bytes()) as Buffer,
          cert: (await Bun.file(join(dir, "one", "client.crt")).bytes()) as Buffer,
          key: (await Bun.file(join(dir, "one", "client.key")).bytes()) as Buffer,
        },
      }),
    );
    await expect(stale.check({ service: "" })).rejects.toThrow();
    closeServiceClient(client);
    watcher.close();
  });
});
