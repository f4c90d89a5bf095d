import type { Interceptor } from "@connectrpc/connect";
import type { TestServicePki } from "./create-test-service-pki.ts";

/** Who a harness client calls as: a service name, null (no service credential), or both parts. */
export type TestCaller = string | null | { service?: string | null; token?: string };

/**
 * Client interceptors for a harness's Connect client of `callee`: the calling service's real
 * service token from the test PKI (`defaultService` unless the caller names another or null) and,
 * when given, an end user's access token — exactly what a peer's client sends in production.
 */
export function testRpcCredentials(
  pki: TestServicePki,
  callee: string,
  as: TestCaller = {},
  defaultService = "feed-service",
): Interceptor[] {
  const { service, token } = typeof as === "string" || as === null ? { service: as, token: undefined } : as;
  const caller = service === undefined ? defaultService : service;
  const interceptors: Interceptor[] = caller ? [pki.interceptor(caller, callee)] : [];
  if (token)
    interceptors.push((next) => (req) => {
      req.header.set("authorization", `Bearer ${token}`);
      return next(req);
    });
  return interceptors;
}
