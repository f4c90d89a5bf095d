import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createTokenVerifier, publicRpc, serveRpc } from "@nova/auth";
import { createTestServicePki, createTestTokenIssuer } from "@nova/auth/testing";
import { NotFoundError } from "@nova/errors";
import { createBaseTransport } from "../src/base-transport.ts";
import { EchoService } from "./echo-service.ts";
import { type KitServer, startKitServer } from "./kit-server.ts";

interface Echo {
  get(
    req: { text: string },
    opts?: {
      timeoutMs?: number;
      signal?: AbortSignal;
      headers?: Record<string, string>;
      onHeader?: (h: Headers) => void;
    },
  ): Promise<{ text: string }>;
}

const pki = createTestServicePki();
const issuer = await createTestTokenIssuer();
const token = await issuer.sign({ accountId: "acc-1" });
let kit: KitServer;
const sawTimeout: (string | null)[] = [];

beforeAll(async () => {
  kit = await startKitServer({
    rpc: (router) => {
      const handle = async (
        req: { text: string },
        ctx: { requestHeader: Headers; responseHeader: Headers },
      ) => {
        sawTimeout.push(ctx.requestHeader.get("connect-timeout-ms"));
        if (req.text === "slow") await Bun.sleep(400);
        if (req.text === "missing") throw new NotFoundError("post", "p-1");
        ctx.responseHeader.set("x-echo", "yes");
        return { text: `get ${req.text}` };
      };
      serveRpc(
        router,
        EchoService,
        { get: publicRpc(handle), put: publicRpc(handle), relay: publicRpc(handle) } as never,
        {
          verifier: createTokenVerifier({ publicKeys: [issuer.publicJwk] }),
          identity: pki.identity("user-service"),
        },
      );
    },
  });
});
afterAll(async () => {
  await kit.stop();
});

const auth = () => ({ authorization: `Bearer ${token}` });

describe("connect transport over fetch (unary)", () => {
  test("answers a call, with response headers, and sends the timeout header", async () => {
    const client = createClient(
      EchoService,
      createBaseTransport({ protocol: "connect", baseUrl: kit.httpUrl }).transport,
    ) as unknown as Echo;
    let header: Headers | undefined;
    const res = await client.get(
      { text: "hi" },
      { timeoutMs: 5000, headers: auth(), onHeader: (h) => (header = h) },
    );
    expect(res.text).toBe("get hi");
    expect(header?.get("x-echo")).toBe("yes");
    expect(sawTimeout.at(-1)).toBe("5000");
  });

  test("a peer's error arrives as a ConnectError with its code and message", async () => {
    const client = createClient(
      EchoService,
      createBaseTransport({ protocol: "connect", baseUrl: kit.httpUrl }).transport,
    ) as unknown as Echo;
    const err = await client.get({ text: "missing" }, { headers: auth() }).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.NotFound);
    // Refused by the access gate: no credential at all.
    const refused = await client.get({ text: "hi" }).catch((e) => e);
    expect((refused as ConnectError).code).toBe(Code.Unauthenticated);
  });

  test("enforces timeoutMs itself when the caller's signal does not carry the deadline", async () => {
    const client = createClient(
      EchoService,
      createBaseTransport({ protocol: "connect", baseUrl: kit.httpUrl }).transport,
    ) as unknown as Echo;
    const err = await client.get({ text: "slow" }, { timeoutMs: 50, headers: auth() }).catch((e) => e);
    expect((err as ConnectError).code).toBe(Code.DeadlineExceeded);
    // An abort by the caller's signal wins too.
    const controller = new AbortController();
    const pending = client
      .get({ text: "slow" }, { signal: controller.signal, headers: auth() })
      .catch((e) => e);
    controller.abort(new ConnectError("stop", Code.Canceled));
    expect(((await pending) as ConnectError).code).toBe(Code.Canceled);
  });

  test("with client interceptors, calls go through them (connect-web's transport)", async () => {
    const seen: string[] = [];
    const interceptor: Interceptor = (next) => async (req) => {
      seen.push(req.method.name);
      return next(req);
    };
    const t = createBaseTransport({ protocol: "connect", baseUrl: kit.httpUrl, interceptors: [interceptor] });
    const client = createClient(EchoService, t.transport) as unknown as Echo;
    expect((await client.get({ text: "x" }, { headers: auth() })).text).toBe("get x");
    expect(seen).toEqual(["Get"]);
  });
});
