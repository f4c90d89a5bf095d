import { serviceInfo } from "@nova/config";

/** How a client talks to a service: Connect over HTTP/1.1 to the HTTP port, or HTTP/2 to the gRPC port. */
export type RpcProtocol = "connect" | "connect-h2" | "grpc";

/** `user-service` → `USER_SERVICE`, the prefix of its URL variables. */
export function envPrefix(serviceName: string): string {
  return serviceName.toUpperCase().replaceAll("-", "_");
}

/** The variable that overrides a target's URL: `<SERVICE>_URL`, or `<SERVICE>_GRPC_URL` for the gRPC port. */
export function targetUrlVariable(serviceName: string, protocol: RpcProtocol): string {
  return `${envPrefix(serviceName)}${protocol === "connect" ? "" : "_GRPC"}_URL`;
}

/**
 * Base URL of `serviceName` for `protocol`: the URL variable from `env` when set, otherwise the
 * port convention on 127.0.0.1 from the SERVICES catalogue (what the embedded default runs).
 */
export function resolveTargetUrl(
  serviceName: string,
  protocol: RpcProtocol,
  opts: { env?: Record<string, string | undefined>; tls?: boolean; host?: string } = {},
): string {
  const variable = targetUrlVariable(serviceName, protocol);
  const fromEnv = opts.env?.[variable]?.trim();
  if (fromEnv) {
    let url: URL;
    try {
      url = new URL(fromEnv);
    } catch {
      throw new Error(`${variable} must be an http(s) URL (got ${JSON.stringify(fromEnv)})`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new Error(`${variable} must be an http(s) URL (got ${JSON.stringify(fromEnv)})`);
    return fromEnv.replace(/\/+$/, "");
  }
  const info = serviceInfo(serviceName);
  const port = protocol === "connect" ? info.httpPort : info.grpcPort;
  if (port === null) throw new Error(`${serviceName} has no gRPC port; use protocol "connect"`);
  return `${opts.tls ? "https" : "http"}://${opts.host ?? "127.0.0.1"}:${port}`;
}
