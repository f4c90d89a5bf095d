import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { InvalidArgumentError } from "@nova/errors";

/** Whether an IPv4/IPv6 literal is private, loopback, link-local (incl. cloud metadata), or otherwise not public. */
export function isNonPublicAddress(address: string): boolean {
  const v = isIP(address);
  if (v === 4) {
    const [a = 0, b = 0] = address.split(".").map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
      (a === 169 && b === 254) || // link-local, 169.254.169.254 metadata
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 192 && b === 0) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224 // multicast, reserved, broadcast
    );
  }
  if (v === 6) {
    const x = address.toLowerCase();
    if (x === "::" || x === "::1") return true;
    const mapped = x.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
    if (mapped?.[1]) return isNonPublicAddress(mapped[1]);
    return /^(fc|fd|fe8|fe9|fea|feb|ff)/.test(x) || x.startsWith("64:ff9b:") || x.startsWith("2001:db8");
  }
  return true;
}

const isLoopbackHost = (host: string) =>
  host === "localhost" || host === "127.0.0.1" || host === "[::1]" || host === "::1";

export type Resolver = (host: string) => Promise<string[]>;
const systemResolver: Resolver = async (host) => (await lookup(host, { all: true })).map((a) => a.address);

/**
 * A Web Push endpoint may be sent to: `https` to a host whose every resolved address is public
 * (no private, loopback, link-local/metadata, CGNAT, multicast). With `allowLoopback` (the embedded
 * development default only) `http`/`https` to localhost/127.0.0.1/::1 is also accepted so the
 * whole flow runs on a laptop. Checked at registration and again before every send (DNS may change);
 * sends never follow redirects. Throws InvalidArgumentError naming `field`.
 */
export async function assertPushableEndpoint(
  endpoint: string,
  opts: { allowLoopback: boolean; resolve?: Resolver; field?: string },
): Promise<URL> {
  const field = opts.field ?? "endpoint";
  const bad = (why: string) =>
    new InvalidArgumentError(`${field} is not an acceptable push endpoint: ${why}`, [
      { field, message: why },
    ]);
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw bad("not a URL");
  }
  if (url.username || url.password) throw bad("credentials in the URL");
  const host = url.hostname;
  if (opts.allowLoopback && isLoopbackHost(host) && (url.protocol === "http:" || url.protocol === "https:"))
    return url;
  if (url.protocol !== "https:") throw bad("must be https");
  const bare = host.replace(/^\[|\]$/g, "");
  const addresses = isIP(bare) ? [bare] : await (opts.resolve ?? systemResolver)(bare).catch(() => []);
  if (addresses.length === 0) throw bad("host does not resolve");
  if (addresses.some(isNonPublicAddress)) throw bad("host resolves to a non-public address");
  return url;
}
