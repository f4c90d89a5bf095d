import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import type { GraphiQLOptions } from "graphql-yoga";

const pages = new Map<string, string>();

/**
 * GraphiQL with its scripts, styles, fonts and Monaco workers inlined (from
 * `@graphql-yoga/render-graphiql`), so the page works with no CDN. The page is ~9 MB, so each
 * distinct set of options is rendered once and reused.
 */
export function renderOfflineGraphiQL(options: GraphiQLOptions): string {
  const key = JSON.stringify(options);
  let page = pages.get(key);
  if (page === undefined) {
    page = renderGraphiQL(options);
    pages.set(key, page);
  }
  return page;
}
