import { createHash } from "node:crypto";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { pageContentSecurityPolicy } from "@nova/server";
import type { GraphiQLOptions, Plugin } from "graphql-yoga";

/** An offline GraphiQL renderer and the Content-Security-Policy of what it rendered. */
export interface OfflineGraphiQL {
  render(options: GraphiQLOptions): string;
  /** yoga plugin: puts the page's CSP on GraphiQL (text/html) responses. */
  plugin: Plugin;
}

/**
 * The page's policy: its inline script allowed by hash (nothing else may run, no eval), Monaco's
 * workers from the blob: URLs that script makes, styles inline (GraphiQL and Monaco set styles
 * at run time), fonts and icons from data: URIs, and requests only to this origin.
 */
function policyFor(page: string): string {
  const hashes = [...page.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) =>
      `'sha256-${createHash("sha256")
        .update(m[1] ?? "", "utf8")
        .digest("base64")}'`,
  );
  return pageContentSecurityPolicy({ scriptSrc: hashes, workerSrc: "blob:" });
}

/**
 * GraphiQL with its scripts, styles, fonts and Monaco workers inlined (from
 * `@graphql-yoga/render-graphiql`), so the page works with no CDN. The page is ~9 MB, so each
 * distinct set of options is rendered (and hashed for its CSP) once and reused. A gateway renders
 * one set of options, so the policy of the last page rendered is the policy of the page served.
 */
export function createOfflineGraphiQL(): OfflineGraphiQL {
  const pages = new Map<string, { page: string; policy: string }>();
  let current: string | undefined;
  return {
    render(options) {
      const key = JSON.stringify(options);
      let entry = pages.get(key);
      if (entry === undefined) {
        const page = renderGraphiQL(options);
        entry = { page, policy: policyFor(page) };
        pages.set(key, entry);
      }
      current = entry.policy;
      return entry.page;
    },
    plugin: {
      onResponse({ response }) {
        if (current && response.headers.get("content-type")?.startsWith("text/html")) {
          response.headers.set("content-security-policy", current);
        }
      },
    },
  };
}
