import { UnavailableError } from "@nova/errors";
import { Redis, type RedisOptions } from "ioredis";

/** Connection settings shared by the command pool and the subscriber. */
export interface RedisPoolOptions {
  url: string;
  /** Number of command connections (REDIS_POOL_SIZE); default 10. */
  size?: number;
  /** Name shown by CLIENT LIST, e.g. the service name. */
  connectionName?: string;
  connectTimeoutMs?: number;
}

/**
 * ioredis multiplexes one connection per client, so a pool is N clients used round-robin; one slow
 * command (a large SCAN or MGET) then delays only 1/N of traffic.
 */
export class RedisPool {
  readonly clients: Redis[];
  private next = 0;

  constructor(private readonly options: RedisPoolOptions) {
    const size = options.size ?? 10;
    this.clients = Array.from({ length: size }, (_, i) => this.createClient(`cmd-${i}`));
  }

  /** Opens a client with the pool's settings (used for the dedicated subscriber too). */
  createClient(role: string): Redis {
    const opts: RedisOptions = {
      lazyConnect: true,
      connectTimeout: this.options.connectTimeoutMs ?? 5_000,
      // Fail a command after a few reconnect attempts instead of queueing it for minutes.
      maxRetriesPerRequest: 3,
      connectionName: `${this.options.connectionName ?? "nova"}:${role}`,
      // Commands issued in the same tick on one client go out in one write (see pick()); not on
      // the subscriber, whose connection carries nothing else.
      enableAutoPipelining: role !== "sub",
    };
    const client = new Redis(this.options.url, opts);
    // ioredis emits 'error' on every failed reconnect; without a listener Node treats it as fatal.
    client.on("error", () => {});
    return client;
  }

  /** Connects every client, failing fast with a message naming the server. */
  async connect(): Promise<void> {
    try {
      await Promise.all(this.clients.map((c) => c.connect()));
    } catch (cause) {
      this.disconnect();
      throw new UnavailableError(
        `cannot reach Redis at ${redactUrl(this.options.url)}: ${(cause as Error).message}`,
        { cause },
      );
    }
  }

  /**
   * The client for a command: the same one for every command of a tick, the next one after that.
   * With auto-pipelining, what a request issues at once (a timeline read, a GET, a few ZRANGEs) then
   * costs one socket write and one read instead of one each — on Bun, each write through node:net is
   * the expensive part of a command.
   */
  pick(): Redis {
    const client = this.clients[this.next] as Redis;
    if (!this.advancing && this.clients.length > 1) {
      this.advancing = true;
      setImmediate(() => {
        this.advancing = false;
        this.next = (this.next + 1) % this.clients.length;
      });
    }
    return client;
  }
  private advancing = false;

  disconnect(): void {
    for (const c of this.clients) c.disconnect();
  }
}

/** Drops the password from a Redis URL so it can be logged. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "<invalid url>";
  }
}
