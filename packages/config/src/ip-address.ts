import { isIP } from "node:net";

/**
 * The canonical text of an IP address, or undefined when `value` is not one: IPv4 dotted quads
 * (no leading zeros), IPv6 lower-cased, an IPv4-mapped IPv6 address (`::ffff:203.0.113.9`, what a
 * dual-stack socket reports) as its IPv4 address. Zone ids (`fe80::1%eth0`) are refused: they name
 * a local interface, never a client.
 */
export function canonicalIp(value: string | null | undefined): string | undefined {
  if (!value || value.length > 45 || value.includes("%")) return undefined;
  const v = value.trim().toLowerCase();
  const kind = isIP(v);
  if (kind === 4) return v;
  if (kind !== 6) return undefined;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(v)?.[1];
  if (mapped && isIP(mapped) === 4) return mapped;
  return v;
}
