const GRPC_UNITS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1_000, m: 1, u: 0.001, n: 0.000001 };

/**
 * The time budget an incoming request carries, in ms: `connect-timeout-ms` (Connect) or
 * `grpc-timeout` (gRPC and gRPC-Web, e.g. `250m`). Undefined when absent or malformed.
 */
export function incomingTimeoutMs(headers: { get(name: string): string | null }): number | undefined {
  const connect = headers.get("connect-timeout-ms");
  if (connect && /^\d{1,10}$/.test(connect)) return Number(connect);
  const grpc = headers.get("grpc-timeout");
  const m = grpc ? /^(\d{1,8})([HMSmun])$/.exec(grpc) : null;
  if (m) return Number(m[1]) * (GRPC_UNITS[m[2] as string] as number);
  return undefined;
}
