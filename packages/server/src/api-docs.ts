import { dirname, join } from "node:path";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ServiceEnv } from "./request-context.ts";

const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

const assetDir = dirname(require.resolve("swagger-ui-dist/package.json"));

function docsPage(title: string): string {
  // Everything loads from this service: the page must render with no internet.
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>${title} — API docs</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
  <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" />
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/assets/swagger-initializer.js"></script>
</body>
</html>`;
}

/** Starts Swagger UI; served as a file so the page's CSP needs no inline script. */
const INITIALIZER = `window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "StandaloneLayout",
  validatorUrl: null
});
`;

/**
 * The docs page loads only this service's files: scripts and styles from /docs/assets, the
 * document and "try it out" calls to this origin. Swagger UI sets element styles at run time and
 * draws icons from data: URIs, hence those two allowances; nothing runs inline.
 */
export const DOCS_CONTENT_SECURITY_POLICY = pageContentSecurityPolicy({ scriptSrc: ["'self'"] });

/**
 * The CSP of Nova's offline HTML pages (/docs here, GraphiQL at the gateway): nothing from other
 * origins; `scriptSrc` says which scripts run ('self' or the hashes of inline ones). UI kits set
 * element styles at run time and draw icons and fonts from data: URIs, hence those allowances.
 */
export function pageContentSecurityPolicy(opts: {
  scriptSrc: readonly string[];
  workerSrc?: string;
}): string {
  return [
    "default-src 'none'",
    `script-src ${opts.scriptSrc.join(" ")}`,
    ...(opts.workerSrc ? [`worker-src ${opts.workerSrc}`] : []),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Serves `/openapi.json` (OpenAPI 3.0 from the zod-openapi routes) and a Swagger UI at `/docs`. */
export function mountApiDocs(
  app: OpenAPIHono<ServiceEnv>,
  info: { title: string; version: string; description: string },
): void {
  app.doc("/openapi.json", {
    openapi: "3.0.3",
    info,
    servers: [{ url: "/" }],
  });
  const page = docsPage(info.title);
  app.get("/docs", (c) => c.html(page, 200, { "content-security-policy": DOCS_CONTENT_SECURITY_POLICY }));
  // One route for every asset (the initializer included): a static path beside `:file` is one
  // Hono's RegExpRouter cannot hold, and the app would fall back to the slower TrieRouter.
  app.get("/docs/assets/:file", async (c) => {
    const file = c.req.param("file");
    if (file === "swagger-initializer.js")
      return c.body(INITIALIZER, 200, { "content-type": ASSETS["swagger-ui-bundle.js"] as string });
    const type = ASSETS[file];
    if (!type) return c.notFound();
    return new Response(Bun.file(join(assetDir, file)), {
      headers: { "content-type": type, "cache-control": "public, max-age=86400" },
    });
  });
}
