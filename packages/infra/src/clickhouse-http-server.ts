import { randomUUID } from "node:crypto";
import { Session } from "chdb";

// A ClickHouse HTTP endpoint backed by chDB (the ClickHouse engine in-process). It speaks the
// subset of the HTTP interface that @clickhouse/client uses: /ping, the statement in the body
// and/or the `query` parameter (INSERT data follows the statement, as on a real server),
// `default_format`, `database`, `query_id`, `param_<name>` query parameters and any other
// parameter as a setting. Errors are HTTP 500 with ClickHouse's `Code: N. DB::Exception: …` body.
// chDB runs one engine per process, so statements are serialised.

/** Options for {@link startClickHouseHttpServer}. */
export interface ClickHouseHttpServerOptions {
  dataDir: string;
  port: number;
  hostname?: string;
}

/** A running chDB-backed ClickHouse HTTP server. */
export interface ClickHouseHttpServer {
  url: string;
  version: string;
  stop(): Promise<void>;
}

// Parameters that steer the HTTP layer itself rather than the query.
const NOT_SETTINGS = new Set([
  "query",
  "database",
  "default_format",
  "query_id",
  "user",
  "password",
  "session_id",
  "session_timeout",
  "session_check",
  "compress",
  "decompress",
  "wait_end_of_query",
  "enable_http_compression",
  "send_progress_in_http_headers",
  "http_headers_progress_interval_ms",
  "role",
]);

const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// HTTP query parameters arrive in ClickHouse's Escaped format; chDB re-escapes string bindings,
// so they are unescaped here to reach the engine byte-identical.
const UNESCAPE: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", "0": "\0" };
function unescapeParam(value: string): string | null {
  if (value === "\\N") return null;
  return value.replace(/\\(.)/gs, (_m, c: string) => UNESCAPE[c] ?? c);
}

function sqlString(s: string): string {
  return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

class Serial {
  #tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(fn, fn);
    this.#tail = next.catch(() => undefined);
    return next;
  }
}

function errorResponse(err: unknown, queryId: string, version: string): Response {
  const raw = err instanceof Error ? err.message : String(err);
  const code = /Code: (\d+)/.exec(raw)?.[1] ?? "1001";
  const text = /Code: \d+/.test(raw) ? raw : `Code: ${code}. DB::Exception: ${raw} (STD_EXCEPTION)`;
  return new Response(`${text.trimEnd()} (version ${version})\n`, {
    status: 500,
    headers: {
      "content-type": "text/plain; charset=UTF-8",
      "x-clickhouse-exception-code": code,
      "x-clickhouse-query-id": queryId,
    },
  });
}

function contentType(format: string): string {
  return /JSON/i.test(format) ? "application/json; charset=UTF-8" : "text/plain; charset=UTF-8";
}

/** Starts the chDB-backed ClickHouse HTTP server on `hostname:port`, data kept under `dataDir`. */
export async function startClickHouseHttpServer(
  opts: ClickHouseHttpServerOptions,
): Promise<ClickHouseHttpServer> {
  const session = new Session(opts.dataDir);
  const serial = new Serial();
  const run = (sql: string) => session.queryAsync(sql, { format: "TabSeparated" });
  const version = (await run("SELECT version()")).text().trim();
  const defaults = new Map<string, string>();
  for (const line of (await run("SELECT name, value FROM system.settings")).text().split("\n")) {
    const [name, value] = line.split("\t");
    if (name && value !== undefined) defaults.set(name, value);
  }
  // A real server quotes 64-bit integers in JSON output over HTTP; clients rely on that.
  await run("SET output_format_json_quote_64bit_integers = 1");
  defaults.set("output_format_json_quote_64bit_integers", "1");

  async function execute(req: Request, url: URL): Promise<Response> {
    const p = url.searchParams;
    const queryId = p.get("query_id") ?? randomUUID();
    let body = "";
    if (req.method === "POST") {
      let bytes = new Uint8Array(await req.arrayBuffer());
      if (req.headers.get("content-encoding") === "gzip") bytes = Bun.gunzipSync(bytes);
      body = new TextDecoder().decode(bytes);
    }
    const q = p.get("query");
    const sql = q !== null ? (body ? `${q}\n${body}` : q) : body;
    if (sql.trim() === "")
      return errorResponse(
        new Error("Code: 62. DB::Exception: Empty query. (SYNTAX_ERROR)"),
        queryId,
        version,
      );
    const format = p.get("default_format") ?? "TabSeparated";
    const params: Record<string, string | null> = {};
    const settings: [string, string][] = [];
    for (const [k, v] of p) {
      if (k.startsWith("param_")) params[k.slice(6)] = unescapeParam(v);
      else if (!NOT_SETTINGS.has(k) && SETTING_NAME.test(k) && defaults.has(k)) settings.push([k, v]);
    }
    const database = p.get("database");
    return serial.run(async () => {
      const applied: string[] = [];
      try {
        if (database && database !== "default") await run(`USE ${database.replace(/[^A-Za-z0-9_]/g, "")}`);
        for (const [k, v] of settings) {
          await run(`SET ${k} = ${sqlString(v)}`);
          applied.push(k);
        }
        const res =
          Object.keys(params).length > 0
            ? await session.queryBindAsync(sql, params, { format })
            : await session.queryAsync(sql, { format });
        // chDB hands back a view over its own buffer; copy into a plain ArrayBuffer for Response.
        const bytes = new Uint8Array(res.bytes());
        const summary = {
          read_rows: String(res.rowsRead),
          read_bytes: String(res.bytesRead),
          written_rows: "0",
          written_bytes: "0",
          total_rows_to_read: String(res.rowsRead),
          result_rows: "0",
          result_bytes: String(bytes.byteLength),
          elapsed_ns: String(Math.round(res.elapsed * 1e9)),
        };
        return new Response(bytes, {
          headers: {
            "content-type": contentType(format),
            "x-clickhouse-query-id": queryId,
            "x-clickhouse-format": format,
            "x-clickhouse-timezone": "UTC",
            "x-clickhouse-server-display-name": "nova-chdb",
            "x-clickhouse-summary": JSON.stringify(summary),
          },
        });
      } catch (err) {
        return errorResponse(err, queryId, version);
      } finally {
        for (const k of applied)
          await run(`SET ${k} = ${sqlString(defaults.get(k) ?? "")}`).catch(() => undefined);
        if (database && database !== "default") await run("USE default").catch(() => undefined);
      }
    });
  }

  const server = Bun.serve({
    hostname: opts.hostname ?? "127.0.0.1",
    port: opts.port,
    maxRequestBodySize: 512 * 1024 * 1024,
    async fetch(req) {
      const url = new URL(req.url);
      if (
        url.pathname === "/ping" ||
        (url.pathname === "/" && req.method !== "POST" && !url.searchParams.has("query"))
      ) {
        return new Response("Ok.\n", { headers: { "content-type": "text/plain; charset=UTF-8" } });
      }
      if (url.pathname !== "/") return new Response(`There is no handle ${url.pathname}\n`, { status: 404 });
      return execute(req, url);
    },
  });

  return {
    url: `http://${server.hostname}:${server.port}`,
    version,
    async stop() {
      await server.stop(true);
      session.close();
    },
  };
}
