import { getDomain } from "tldts";
import { resolveConfusables } from "./normalize-text.ts";
import type { RuleHit } from "./rule-types.ts";

// A dot as obfuscation writes it: "[.]", "(.)", "(dot)", "[dot]", " dot ".
const OBFUSCATED_DOT = /\s*(?:\[\.\]|\(\.\)|\[dot\]|\(dot\)|\{dot\}|\sdot\s)\s*/giu;
// hxxp://, h**p://, and a scheme-less host with at least one dot and a 2+ letter last label.
const HOST =
  /(?:[a-z][a-z0-9+.*-]*:\/\/)?((?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,62})\.)+[\p{L}]{2,63})(?=[/:?#\s)\]"'>,!]|$)/giu;

/** Hosts the text links to (scheme or not, obfuscated dots undone, confusables resolved, IDN to ASCII). */
export function extractHosts(text: string): string[] {
  const plain = resolveConfusables(text.normalize("NFKC")).replace(OBFUSCATED_DOT, ".");
  const hosts = new Set<string>();
  for (const m of plain.matchAll(HOST)) {
    const raw = (m[1] ?? "").toLowerCase();
    try {
      hosts.add(new URL(`http://${raw}`).hostname);
    } catch {
      // Not a host after all (e.g. "a..b"): nothing to check.
    }
  }
  return [...hosts];
}

/**
 * The link/domain blocklist on the registrable domain: `evil.example` blocks `evil.example`,
 * `www.evil.example` and `a.b.evil.example` (found through the Public Suffix List, so
 * `evil.co.uk` is one domain and `co.uk` is never blocked as a whole). Shortened links are NOT
 * expanded (no outbound fetch on the write path): list shorteners here to hold them.
 */
export function createLinkRules(blocked: readonly string[]) {
  const domains = new Set(
    blocked.map((d) => {
      const host = extractHosts(d)[0] ?? d;
      return getDomain(host) ?? host;
    }),
  );
  return {
    hosts: extractHosts,
    blockedDomains(hosts: readonly string[]): RuleHit[] {
      const hits = new Set<string>();
      for (const host of hosts) {
        const registrable = getDomain(host, { allowPrivateDomains: false }) ?? host;
        if (domains.has(registrable) || domains.has(host)) hits.add(registrable);
      }
      return [...hits].map((d) => ({ rule: "blocked_domain", label: "blocked", detail: d }));
    },
  };
}
