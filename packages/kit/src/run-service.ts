import { type BaseConfig, ConfigError } from "@nova/config";
import type { BaseContext } from "./base-context.ts";
import type { ServiceModule } from "./service-module.ts";
import { type StartedService, startService } from "./start-service.ts";

/**
 * Process entry for one service: config from the environment, start, and a graceful stop on
 * SIGTERM/SIGINT (readiness 503 → listeners drain → pools close → exit) bounded by the
 * configured shutdown timeout, always under 10 s.
 */
export async function runService<C extends BaseConfig, X extends BaseContext<C>>(
  mod: ServiceModule<C, X>,
): Promise<void> {
  let config: C;
  try {
    config = mod.loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  let started: StartedService<X>;
  try {
    started = await startService(mod, config);
  } catch (err) {
    process.stderr.write(
      `${mod.name} failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  }
  installSignalHandlers(
    started.ctx.log,
    async () => {
      await started.stop({
        drainDelayMs: config.service.env === "production" || config.service.env === "staging" ? 1000 : 0,
      });
    },
    config.shutdownTimeoutMs,
  );
}

/** SIGTERM/SIGINT → `stop()`; a second signal or the hard deadline exits at once. */
export function installSignalHandlers(
  log: {
    info(msg: string, f?: Record<string, unknown>): void;
    error(msg: string, f?: Record<string, unknown>): void;
  },
  stop: () => Promise<void>,
  timeoutMs: number,
): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.error("second signal; exiting now", { signal });
      process.exit(1);
    }
    stopping = true;
    log.info("shutting down", { signal });
    // Hard limit: never outlive the orchestrator's grace period (10 s by default in k8s... and here).
    const hard = setTimeout(
      () => {
        log.error("shutdown exceeded its deadline; exiting", { timeoutMs });
        process.exit(1);
      },
      Math.min(timeoutMs + 1500, 9500),
    );
    hard.unref();
    stop().then(
      () => {
        log.info("stopped");
        process.exit(0);
      },
      (err) => {
        log.error("error during shutdown", { err });
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
