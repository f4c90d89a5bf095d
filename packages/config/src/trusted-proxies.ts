import { BlockList, isIP } from "node:net";
import { z } from "zod";
import { canonicalIp } from "./ip-address.ts";

/** The proxies whose `X-Forwarded-For` is believed (TRUSTED_PROXIES), parsed once at start. */
export interface TrustedProxies {
  /** The networks as configured, in canonical `address/prefix` form. */
  readonly cidrs: readonly string[];
  /** Whether `address` (a canonical IP) lies in one of the networks. */
  has(address: string): boolean;
}

/**
 * The default: loopback and the private ranges — where the gateway (over loopback in `bun run dev`),
 * the ingress and other in-cluster proxies live; a client on the internet never has one of these
 * addresses, so it cannot pass as a proxy. Set TRUSTED_PROXIES to the exact ranges in production.
 */
export const DEFAULT_TRUSTED_PROXIES = "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7";

/** One `address[/prefix]` → [address, prefix, family], or an error message. */
function parseCidr(text: string): [string, number, "ipv4" | "ipv6"] | string {
  const [rawAddress = "", rawPrefix, extra] = text.split("/");
  const address = canonicalIp(rawAddress);
  if (!address || extra !== undefined) return `"${text}" is not an IP address or CIDR`;
  const family = isIP(address) === 4 ? "ipv4" : "ipv6";
  const max = family === "ipv4" ? 32 : 128;
  if (rawPrefix === undefined) return [address, max, family];
  if (!/^\d{1,3}$/.test(rawPrefix) || Number(rawPrefix) > max)
    return `"${text}" has a bad prefix length (0–${max})`;
  return [address, Number(rawPrefix), family];
}

/**
 * Parses a comma-separated list of CIDRs (IPv4 and IPv6; a bare address is a /32 or /128).
 * Throws an Error listing every bad entry.
 */
export function parseTrustedProxies(list: string): TrustedProxies {
  const blocks = new BlockList();
  const cidrs: string[] = [];
  const problems: string[] = [];
  for (const entry of list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const parsed = parseCidr(entry);
    if (typeof parsed === "string") {
      problems.push(parsed);
      continue;
    }
    const [address, prefix, family] = parsed;
    blocks.addSubnet(address, prefix, family);
    cidrs.push(`${address}/${prefix}`);
  }
  if (problems.length > 0) throw new Error(problems.join("; "));
  return {
    cidrs,
    has: (address) => cidrs.length > 0 && blocks.check(address, isIP(address) === 4 ? "ipv4" : "ipv6"),
  };
}

/** TRUSTED_PROXIES as a zod type: the list, validated (every bad entry named); `none` is the empty list. */
export const trustedProxyList = () =>
  z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      if (v.toLowerCase() === "none") return;
      try {
        parseTrustedProxies(v);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: `must be comma-separated CIDRs: ${(err as Error).message}` });
      }
    });

/** The trusted proxies: the configured list (`none`: no proxy), else DEFAULT_TRUSTED_PROXIES. */
export function trustedProxiesFor(value: string | undefined): TrustedProxies {
  if (value === undefined) return parseTrustedProxies(DEFAULT_TRUSTED_PROXIES);
  return parseTrustedProxies(value.toLowerCase() === "none" ? "" : value);
}
