import type { Socket, TCPSocketListener } from "bun";

/** A TCP forwarder the tests can stop and restart on the same port to simulate a database outage. */
export interface TcpProxy {
  readonly port: number;
  /** Stops listening and cuts every forwarded connection. */
  stop(): void;
  /** Listens again on the same port. */
  start(): void;
}

interface Pair {
  upstream?: Socket<Pair>;
  client?: Socket<Pair>;
  pending: Uint8Array[];
}

/** Forwards 127.0.0.1:<port> (ephemeral) to `target`. */
export function startTcpProxy(target: { hostname: string; port: number }): TcpProxy {
  const live = new Set<Socket<Pair>>();
  let listener: TCPSocketListener<Pair> | undefined;
  let port = 0;

  const listen = () => {
    listener = Bun.listen<Pair>({
      hostname: "127.0.0.1",
      port,
      socket: {
        open(client) {
          client.data = { client, pending: [] };
          live.add(client);
          const pair = client.data;
          void Bun.connect<Pair>({
            ...target,
            data: pair,
            socket: {
              open(upstream) {
                live.add(upstream);
                pair.upstream = upstream;
                for (const chunk of pair.pending.splice(0)) upstream.write(chunk);
              },
              data(_upstream, chunk) {
                pair.client?.write(chunk);
              },
              close(upstream) {
                live.delete(upstream);
                pair.client?.end();
              },
              connectError() {
                pair.client?.end();
              },
            },
          });
        },
        data(client, chunk) {
          const { upstream, pending } = client.data;
          if (upstream) upstream.write(chunk);
          else pending.push(new Uint8Array(chunk));
        },
        close(client) {
          live.delete(client);
          client.data.upstream?.end();
        },
      },
    });
    port = listener.port;
  };

  listen();
  return {
    get port() {
      return port;
    },
    stop() {
      listener?.stop(true);
      listener = undefined;
      for (const socket of live) socket.terminate();
      live.clear();
    },
    start: listen,
  };
}
