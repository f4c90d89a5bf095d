/** Log levels in increasing severity; LOG_LEVEL selects the lowest one written. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

/** Structured logger writing one JSON object per line. */
export interface Logger {
  readonly level: LogLevel;
  trace(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  fatal(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. request id, trace id). */
  child(fields: LogFields): Logger;
  isEnabled(level: LogLevel): boolean;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Fields on every line, e.g. { service, version }. */
  base?: LogFields;
  /** Where lines go; stdout by default. Tests pass an array sink. */
  write?: (line: string) => void;
  clock?: () => Date;
}

function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    return {
      name: value.name,
      message: value.message,
      stack: value.stack,
      ...(value.cause ? { cause: serialise(value.cause) } : {}),
    };
  }
  return value;
}

/** Creates a JSON-lines logger (pino-compatible field names: level, time, msg). */
export function createLogger(opts: LoggerOptions): Logger {
  const min = LOG_LEVELS.indexOf(opts.level);
  const write = opts.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clock = opts.clock ?? (() => new Date());
  const make = (base: LogFields): Logger => {
    const emit = (level: LogLevel) => (msg: string, fields?: LogFields) => {
      if (LOG_LEVELS.indexOf(level) < min) return;
      const record: LogFields = { level, time: clock().toISOString(), ...base, msg };
      if (fields) for (const [k, v] of Object.entries(fields)) record[k] = serialise(v);
      let line: string;
      try {
        line = JSON.stringify(record);
      } catch {
        line = JSON.stringify({ level, time: record.time, ...base, msg, note: "fields not serialisable" });
      }
      write(line);
    };
    return {
      level: opts.level,
      trace: emit("trace"),
      debug: emit("debug"),
      info: emit("info"),
      warn: emit("warn"),
      error: emit("error"),
      fatal: emit("fatal"),
      child: (fields) => make({ ...base, ...fields }),
      isEnabled: (level) => LOG_LEVELS.indexOf(level) >= min,
    };
  };
  return make(opts.base ?? {});
}
