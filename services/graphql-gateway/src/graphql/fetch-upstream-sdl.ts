import { SERVICE_TOKEN_HEADER } from "@nova/auth";
import type { FetchImpl, Upstream } from "./gateway-types.ts";

export type SdlFetchResult = { ok: true; sdl: string } | { ok: false; reason: string };

/**
 * Fetches a subschema's SDL through the stitching-directives convention (`query { _sdl }`).
 * Never throws: every way an upstream can be absent becomes a short reason for the status page.
 */
export async function fetchUpstreamSdl(
  upstream: Upstream,
  opts: { fetchImpl: FetchImpl; timeoutMs: number; serviceToken?: () => Promise<string> },
): Promise<SdlFetchResult> {
  let response: Response;
  try {
    // A service's /graphql answers only the gateway's service credential, discovery included.
    const token = opts.serviceToken ? await opts.serviceToken() : undefined;
    response = await opts.fetchImpl(upstream.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        ...(token ? { [SERVICE_TOKEN_HEADER]: token } : {}),
      },
      body: JSON.stringify({ query: "query NovaGatewaySdl { _sdl }" }),
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (error) {
    return { ok: false, reason: describeFetchError(error, opts.timeoutMs) };
  }
  // A 404 (problem+json from the service kit) means the service serves no subschema (yet).
  if (response.status === 404 || (!response.ok && !isJson(response))) {
    await response.body?.cancel();
    return {
      ok: false,
      reason: response.status === 404 ? "HTTP 404: no subschema served" : `HTTP ${response.status}`,
    };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, reason: `HTTP ${response.status}: response is not JSON` };
  }
  const sdl = (body as { data?: { _sdl?: unknown } } | null)?.data?._sdl;
  if (typeof sdl === "string" && sdl.trim() !== "") return { ok: true, sdl };
  const firstError = (body as { errors?: Array<{ message?: unknown }> } | null)?.errors?.[0]?.message;
  return {
    ok: false,
    reason: typeof firstError === "string" ? `no _sdl: ${firstError}` : "no _sdl in response",
  };
}

function isJson(response: Response): boolean {
  return (response.headers.get("content-type") ?? "").includes("json");
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError" || error.name === "AbortError") return `timeout after ${timeoutMs} ms`;
    const code = (error as { code?: unknown }).code;
    if (code === "ConnectionRefused" || code === "ECONNREFUSED") return "connection refused";
    return error.message;
  }
  return String(error);
}
