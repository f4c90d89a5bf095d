import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { ServiceContext } from "../context.ts";

/** The generated nginx config: one RTMP application whose publishes are checked by this service. */
export function nginxRtmpConfig(opts: {
  dir: string;
  module: string;
  rtmpPort: number;
  httpPort: number;
}): string {
  const callback = `http://127.0.0.1:${opts.httpPort}/internal/live`;
  return `load_module ${opts.module};
daemon off;
master_process on;
worker_processes 1;
pid ${join(opts.dir, "nginx.pid")};
error_log ${join(opts.dir, "error.log")} warn;
events { worker_connections 512; }
rtmp {
  server {
    listen ${opts.rtmpPort};
    chunk_size 4096;
    application live {
      live on;
      record off;
      # The stream key is the stream name: media-service answers 2xx (allowed) or 403 (refused at connect).
      on_publish ${callback}/on-publish;
      on_publish_done ${callback}/on-publish-done;
      # Only media-service's own transcoder pulls from here; viewers get HLS.
      allow play 127.0.0.1;
      deny play all;
    }
  }
}
`;
}

/**
 * nginx with the RTMP module as a supervised child (like the engines under scripts/infra): config
 * generated under NOVA_DATA_DIR/live, restarted with backoff if it dies, stopped with the context.
 */
export async function startRtmpServer(ctx: ServiceContext): Promise<{ stop(): Promise<void> }> {
  const { extra } = ctx.config;
  const dir = resolve(ctx.config.dataDir, "live", "nginx");
  await mkdir(dir, { recursive: true });
  const conf = join(dir, "nginx.conf");
  await writeFile(
    conf,
    nginxRtmpConfig({
      dir,
      module: extra.NGINX_RTMP_MODULE,
      rtmpPort: extra.LIVE_RTMP_PORT,
      httpPort: ctx.config.http.port,
    }),
  );
  let stopped = false;
  let proc: ReturnType<typeof Bun.spawn> | undefined;
  let backoff = 500;
  const run = () => {
    if (stopped) return;
    try {
      proc = Bun.spawn([extra.NGINX_PATH, "-p", dir, "-e", join(dir, "error.log"), "-c", conf], {
        stdout: "ignore",
        stderr: "pipe",
      });
    } catch (err) {
      ctx.log.warn("live ingest unavailable: nginx could not be started", { err, nginx: extra.NGINX_PATH });
      return;
    }
    ctx.log.info("live ingest (nginx-rtmp) started", { rtmpPort: extra.LIVE_RTMP_PORT, pid: proc.pid });
    const started = Date.now();
    proc.exited.then(async (code) => {
      if (stopped) return;
      const stderr = proc?.stderr ? await new Response(proc.stderr as ReadableStream).text() : "";
      ctx.log.warn("live ingest (nginx-rtmp) exited; restarting", { code, stderr: stderr.slice(-500) });
      backoff = Date.now() - started > 30_000 ? 500 : Math.min(backoff * 2, 30_000);
      setTimeout(run, backoff).unref?.();
    });
  };
  run();
  return {
    async stop() {
      stopped = true;
      if (!proc) return;
      proc.kill("SIGQUIT");
      await Promise.race([proc.exited, Bun.sleep(3000)]);
      proc.kill("SIGKILL");
    },
  };
}
