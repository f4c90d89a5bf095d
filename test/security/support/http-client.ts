/**
 * The suite's one HTTP client: node:http, so every request can leave from its own loopback
 * address (`from`) — each member and each attacker gets an IP of their own, the way real clients
 * do, and per-IP limits measure what they should. Every call is bounded in time.
 */
import http from "node:http";

/** A whole response (bodies are read up to `maxBytes`, then the socket is dropped). */
export interface Reply {
  status: number;
  headers: Record<string, string | undefined>;
  text: string;
  ms: number;
}

export interface SendOptions {
  method?: string;
  /** Bearer token. */
  token?: string;
  /** JSON body (serialised). */
  json?: unknown;
  /** Raw body: bytes, or chunks written one by one (stops early when the server answers). */
  body?: Uint8Array | string | Iterable<Uint8Array>;
  headers?: Record<string, string>;
  /** Local address the connection leaves from (any 127.0.0.0/8 address works on loopback). */
  from?: string;
  timeoutMs?: number;
  maxBytes?: number;
}

/** One request; rejects with `timeout after N ms` when nothing complete came back in time. */
export function send(url: string, opts: SendOptions = {}): Promise<Reply> {
  const t0 = performance.now();
  const target = new URL(url);
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let payload: Uint8Array | string | Iterable<Uint8Array> | undefined = opts.body;
  if (opts.json !== undefined) {
    payload = JSON.stringify(opts.json);
    headers["content-type"] ??= "application/json";
  }
  // A fixed body always says its length: Bun.serve refuses a chunked DELETE outright.
  if (typeof payload === "string" || payload instanceof Uint8Array)
    headers["content-length"] ??= String(Buffer.byteLength(payload));
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxBytes = opts.maxBytes ?? 4 * 1024 * 1024;
  return new Promise<Reply>((resolve, reject) => {
    let answered = false;
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: opts.method ?? (payload === undefined ? "GET" : "POST"),
        headers,
        localAddress: opts.from,
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size <= maxBytes) chunks.push(c);
          else res.destroy();
        });
        const finish = () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: lowerCase(res.headers),
            text: Buffer.concat(chunks).toString("utf8"),
            ms: performance.now() - t0,
          });
        };
        res.on("end", finish);
        res.on("close", finish);
        res.on("error", finish);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`timeout after ${timeoutMs} ms`));
    }, timeoutMs);
    req.on("error", (err) => {
      // A server that answers early (413) and closes makes the rest of the upload fail: not an error.
      if (!answered) {
        clearTimeout(timer);
        reject(err);
      }
    });
    void writeBody(req, payload, () => answered);
  });
}

async function writeBody(
  req: http.ClientRequest,
  payload: SendOptions["body"],
  answered: () => boolean,
): Promise<void> {
  if (payload === undefined || typeof payload === "string" || payload instanceof Uint8Array) {
    req.end(payload);
    return;
  }
  for (const chunk of payload) {
    if (answered() || req.destroyed) return;
    if (!req.write(chunk)) {
      await new Promise<void>((r) => {
        req.once("drain", r);
        req.once("close", r);
      });
    }
  }
  if (!req.destroyed) req.end();
}

/** An open stream (SSE): the status once headers arrived, and a way to hang up. */
export interface OpenStream {
  status: number;
  close(): void;
}

/** Opens a long-lived GET and resolves at its headers, leaving the connection open. */
export function openStream(url: string, opts: SendOptions = {}): Promise<OpenStream> {
  const target = new URL(url);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return new Promise<OpenStream>((resolve, reject) => {
    const req = http.request({
      host: target.hostname,
      port: target.port,
      path: `${target.pathname}${target.search}`,
      method: "GET",
      headers: { ...opts.headers, ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
      localAddress: opts.from,
      agent: false,
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`timeout after ${timeoutMs} ms`));
    }, timeoutMs);
    req.on("response", (res) => {
      clearTimeout(timer);
      res.resume();
      res.on("error", () => undefined);
      resolve({ status: res.statusCode ?? 0, close: () => req.destroy() });
    });
    req.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end();
  });
}

function lowerCase(h: http.IncomingHttpHeaders): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

/** Parses a reply's JSON body, or undefined when it is not JSON. */
export function jsonOf<T = unknown>(reply: Reply): T | undefined {
  try {
    return JSON.parse(reply.text) as T;
  } catch {
    return undefined;
  }
}
