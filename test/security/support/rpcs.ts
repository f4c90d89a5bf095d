/**
 * Every RPC of Nova, read from the generated descriptors of @nova/proto (so a new RPC is attacked
 * as soon as it is generated), and the two doors to call one: Connect JSON on the service's HTTP
 * port, gRPC on its gRPC port.
 */
import {
  type DescMethod,
  type DescMethodUnary,
  type DescService,
  fromJson,
  type JsonObject,
  toJson,
} from "@bufbuild/protobuf";
import { Code, ConnectError, type Transport } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { SERVICES } from "@nova/config";
import * as analytics from "@nova/proto/analytics/v1";
import * as content from "@nova/proto/content/v1";
import * as featureStore from "@nova/proto/feature_store/v1";
import * as feed from "@nova/proto/feed/v1";
import * as graph from "@nova/proto/graph/v1";
import * as identity from "@nova/proto/identity/v1";
import * as media from "@nova/proto/media/v1";
import * as notification from "@nova/proto/notification/v1";
import * as ranking from "@nova/proto/ranking/v1";
import * as realtimeChat from "@nova/proto/realtime_chat/v1";
import * as search from "@nova/proto/search/v1";
import * as social from "@nova/proto/social/v1";
import * as trustSafety from "@nova/proto/trust_safety/v1";
import * as user from "@nova/proto/user/v1";
import { type Reply, send } from "./http-client.ts";

const modules = [
  analytics,
  content,
  featureStore,
  feed,
  graph,
  identity,
  media,
  notification,
  ranking,
  realtimeChat,
  search,
  social,
  trustSafety,
  user,
];

/** One unary RPC and the service (catalogue name) that serves it. */
export interface Rpc {
  /** `nova.graph.v1.GraphService/ListBlockedAndMuted` */
  path: string;
  service: string;
  method: DescMethod;
}

function isService(v: unknown): v is DescService {
  return typeof v === "object" && v !== null && (v as { kind?: string }).kind === "service";
}

/** The catalogue service of a proto package: `nova.feature_store.v1` → `feature-store`. */
function serviceOf(pkg: string): string {
  const part = (pkg.split(".")[1] ?? "").replaceAll("_", "-");
  const found = SERVICES.find((s) => s.name === part || s.name === `${part}-service`);
  if (!found) throw new Error(`no catalogue service for ${pkg}`);
  return found.name;
}

/** Every unary RPC of every `nova.*` service (health is public by design and left out). */
export function allRpcs(): Rpc[] {
  const out: Rpc[] = [];
  for (const mod of modules) {
    for (const value of Object.values(mod)) {
      if (!isService(value) || !value.typeName.startsWith("nova.")) continue;
      const pkg = value.typeName.slice(0, value.typeName.lastIndexOf("."));
      for (const method of value.methods) {
        if (method.methodKind !== "unary") continue;
        out.push({ path: `${value.typeName}/${method.name}`, service: serviceOf(pkg), method });
      }
    }
  }
  return out;
}

const port = (service: string, grpc: boolean) => {
  const info = SERVICES.find((s) => s.name === service);
  return grpc ? info?.grpcPort : info?.httpPort;
};

/** Connect unary with a JSON body on the service's HTTP port. */
export function callConnect(
  rpc: Rpc,
  body: unknown,
  opts: { token?: string; from?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  return send(`http://127.0.0.1:${port(rpc.service, false)}/${rpc.path}`, {
    json: body,
    token: opts.token,
    from: opts.from,
    headers: { "connect-protocol-version": "1", ...opts.headers },
  });
}

/** What a gRPC call came back with: a status code name and the response as JSON (when OK). */
export interface GrpcOutcome {
  code: string;
  message: string;
  response?: string;
}

const transports = new Map<string, Transport>();

/** gRPC unary (HTTP/2, h2c) on the service's gRPC port; `body` is proto3 JSON of the request. */
export async function callGrpc(
  rpc: Rpc,
  body: JsonObject,
  opts: { token?: string; timeoutMs?: number } = {},
): Promise<GrpcOutcome> {
  if (rpc.method.methodKind !== "unary") throw new Error("unary only");
  // DescMethod is not a discriminated union: the check above is what makes this a unary method.
  const method = rpc.method as DescMethodUnary;
  const base = `http://127.0.0.1:${port(rpc.service, true)}`;
  let transport = transports.get(base);
  if (!transport) {
    transport = createGrpcTransport({ baseUrl: base });
    transports.set(base, transport);
  }
  const headers = new Headers(opts.token ? { authorization: `Bearer ${opts.token}` } : {});
  try {
    const res = await transport.unary(
      method,
      undefined,
      opts.timeoutMs ?? 10_000,
      headers,
      fromJson(rpc.method.input, body),
      undefined,
    );
    return { code: "ok", message: "", response: JSON.stringify(toJson(rpc.method.output, res.message)) };
  } catch (error) {
    const err = ConnectError.from(error);
    return { code: Code[err.code] ?? String(err.code), message: err.rawMessage };
  }
}

/** Connect code names (as gRPC reports them) that mean "refused for who you are". */
export const AUTH_REFUSALS = ["Unauthenticated", "PermissionDenied"];
