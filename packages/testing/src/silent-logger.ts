import { createLogger, type Logger } from "@nova/observability";

/** Test databases log nothing unless a test passes its own logger. */
export function silentLogger(): Logger {
  return createLogger({ level: "fatal", write: () => {} });
}
