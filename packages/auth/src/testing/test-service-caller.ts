import type { Interceptor } from "@connectrpc/connect";
import { serviceCallerKey } from "../service-caller.ts";

/** Test-only header naming the calling service; never read outside a test's own server. */
export const TEST_SERVICE_CALLER_HEADER = "x-test-service-caller";

/**
 * Server interceptor standing in for the service-identity gate in a service's own tests: it sets
 * `serviceCallerKey` to the name in TEST_SERVICE_CALLER_HEADER, so a rule that reads
 * `optionalServiceCaller` is tested apart from how credentials are verified. Pass it as
 * `extraInterceptors` of a test server only.
 */
export const testServiceCallerInterceptor: Interceptor = (next) =>
  async function setTestServiceCaller(req) {
    const service = req.header.get(TEST_SERVICE_CALLER_HEADER);
    if (service) req.contextValues.set(serviceCallerKey, service);
    return next(req);
  };

/**
 * Client interceptor for tests: calls as `service` (read by testServiceCallerInterceptor) and/or
 * with an end user's access `token`.
 */
export function testCredentials(as: { service?: string | null; token?: string }): Interceptor {
  return (next) =>
    async function sendTestCredentials(req) {
      if (as.service) req.header.set(TEST_SERVICE_CALLER_HEADER, as.service);
      if (as.token) req.header.set("authorization", `Bearer ${as.token}`);
      return next(req);
    };
}
