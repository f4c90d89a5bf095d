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

  test("default: loopback and the private ranges (never a public address); `none` trusts no one", () => {
    const cfg = loadConfig("identity-service", {
      APP_ENV: "production",
      SERVICE_KEY_PATH: "/etc/nova/identity/signing-key.pem",
      SERVICE_TRUST_BUNDLE_PATH: "/etc/nova/identity/trust-bundle.json",
    }).trustedProxies;
    for (const a of ["127.0.0.1", "::1", "10.1.2.3", "172.20.0.5", "192.168.1.1", "fd12::1"])
      expect(cfg.has(a)).toBe(true);
    for (const a of ["203.0.113.9", "8.8.8.8", "2001:db8::1", "172.32.0.1"]) expect(cfg.has(a)).toBe(false);
    expect(loadConfig("identity-service", { TRUSTED_PROXIES: "none" }).trustedProxies.has("127.0.0.1")).toBe(
      false,
    );
    const set = loadConfig("identity-service", {
      APP_ENV: "production",
      SERVICE_KEY_PATH: "/etc/nova/identity/signing-key.pem",
      SERVICE_TRUST_BUNDLE_PATH: "/etc/nova/identity/trust-bundle.json",
      TRUSTED_PROXIES: "10.0.0.0/8",
    });
    expect(set.trustedProxies.has("10.1.1.1")).toBe(true);
    expect(set.trustedProxies.has("192.168.1.1")).toBe(false);
  });

  test("a bad entry fails start naming the variable and the entry", () => {
    expect(() => loadConfig("identity-service", { TRUSTED_PROXIES: "10.0.0.0/33,proxy.local" })).toThrow(
      /TRUSTED_PROXIES: must be comma-separated CIDRs: "10.0.0.0\/33" has a bad prefix length.*"proxy.local" is not/,
    );
  });
});
