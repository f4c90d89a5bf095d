import { describe, expect, test } from "bun:test";
import { canonicalIp, loadConfig, parseTrustedProxies } from "../src/index.ts";

describe("canonicalIp", () => {
  test("accepts IPv4 and IPv6, maps IPv4-mapped IPv6 to IPv4, refuses anything else", () => {
    expect(canonicalIp("203.0.113.9")).toBe("203.0.113.9");
    expect(canonicalIp("2001:DB8::1")).toBe("2001:db8::1");
    expect(canonicalIp("::ffff:203.0.113.9")).toBe("203.0.113.9");
    for (const bad of [
      "<script>alert(1)</script>",
      "1.2.3.04",
      "999.1.1.1",
      "fe80::1%eth0",
      "",
      "unknown",
      "1.2.3.4:80",
    ])
      expect(canonicalIp(bad)).toBeUndefined();
  });
});

describe("TRUSTED_PROXIES", () => {
  test("CIDRs of both families; a bare address is one host", () => {
    const t = parseTrustedProxies("10.0.0.0/8, fd00::/8, 192.0.2.7");
    expect(t.cidrs).toEqual(["10.0.0.0/8", "fd00::/8", "192.0.2.7/32"]);
    expect(t.has("10.200.1.1")).toBe(true);
    expect(t.has("11.0.0.1")).toBe(false);
    expect(t.has("fd12::1")).toBe(true);
    expect(t.has("fe80::1")).toBe(false);
    expect(t.has("192.0.2.7")).toBe(true);
    expect(t.has("192.0.2.8")).toBe(false);
  });

  test("defaults: loopback in development and test, nothing in production; `none` trusts no one", () => {
    expect(loadConfig("identity-service", {}).trustedProxies.cidrs).toEqual(["127.0.0.0/8", "::1/128"]);
    expect(loadConfig("identity-service", { APP_ENV: "production" }).trustedProxies.cidrs).toEqual([]);
    expect(loadConfig("identity-service", { TRUSTED_PROXIES: "none" }).trustedProxies.has("127.0.0.1")).toBe(
      false,
    );
    const set = loadConfig("identity-service", { APP_ENV: "production", TRUSTED_PROXIES: "10.0.0.0/8" });
    expect(set.trustedProxies.has("10.1.1.1")).toBe(true);
  });

  test("a bad entry fails start naming the variable and the entry", () => {
    expect(() => loadConfig("identity-service", { TRUSTED_PROXIES: "10.0.0.0/33,proxy.local" })).toThrow(
      /TRUSTED_PROXIES: must be comma-separated CIDRs: "10.0.0.0\/33" has a bad prefix length.*"proxy.local" is not/,
    );
  });
});
