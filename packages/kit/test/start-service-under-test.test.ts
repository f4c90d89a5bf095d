import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import { internalRpc, optionalAuth, optionalServiceCaller, publicRpc, serveRpc } from "@nova/auth";
import { type BaseConfig, loadConfig } from "@nova/config";
import { AccessTestService } from "@nova/testing";
import { createServiceContext, type ServiceContextOverrides } from "../src/index.ts";
import { type ServiceUnderTest, startServiceUnderTest } from "../src/testing/index.ts";

type Config = BaseConfig & { extra: Record<string, unknown> };

// A service in miniature, written as a new service would be: the kit's context and an RPC surface.
const createContext = (config: Config, overrides?: ServiceContextOverrides) =>
  createServiceContext(
    config,
    { schema: "user_service", identityServiceUrl: "http://127.0.0.1:9" },
    overrides,
    async (rt) => rt,
  );
type Context = Awaited<ReturnType<typeof createContext>>;
const mini = {
  name: "user-service",
  loadConfig: (env: Record<string, string | undefined>): Config => loadConfig("user-service", env),
  createContext,
  createApp: (ctx: Context) => ({
    rpc: (router: Parameters<typeof serveRpc>[0]) => {
      const who = (_req: unknown, c: HandlerContext) => ({
        service: optionalServiceCaller(c) ?? "",
        account: optionalAuth(c)?.accountId ?? "",
      });
      serveRpc(router, AccessTestService, { open: publicRpc(who), secret: internalRpc(who) } as never, {
        verifier: ctx.verifier,
        identity: ctx.identity,
      });
    },
  }),
};

type Who = { service: string; account: string };
type AccessClient = { open(r: object): Promise<Who>; secret(r: object): Promise<Who> };

let h: ServiceUnderTest<Config, Context>;
beforeAll(async () => {
  h = await startServiceUnderTest(mini);
});
afterAll(() => h.close());

describe("startServiceUnderTest", () => {
  test("rpc clients carry a real service credential: the default caller's, another's, or none", async () => {
    const as = (caller?: Parameters<typeof h.rpc>[1]) =>
      h.rpc(AccessTestService, caller) as unknown as AccessClient;
    expect((await as().secret({})).service).toBe("feed-service");
    expect((await as("graph-service").secret({})).service).toBe("graph-service");
    const refused = await as(null)
      .secret({})
      .catch((e) => e);
    expect(ConnectError.from(refused).code).toBe(Code.Unauthenticated);
  });

  test("user() makes an account whose token the service accepts; it rides on rpc calls", async () => {
    const me = await h.user();
    const answer = await (
      h.rpc(AccessTestService, { service: null, token: me.token }) as unknown as AccessClient
    ).open({});
    expect([answer.service, answer.account]).toEqual(["", me.id]);
  });

  test("request goes through the real app: kit middleware and problem answers", async () => {
    const res = await h.request("/api/v1/nowhere");
    expect(res.status).toBe(404);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  test("the context runs on the migrated test database with the test PKI's identity", async () => {
    expect(h.ctx.db).toBe(h.db);
    expect(h.ctx.identity.service).toBe("user-service");
    expect(h.ctx.background).toBe(false);
  });
});
