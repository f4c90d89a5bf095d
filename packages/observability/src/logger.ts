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

/** What every logger of one `createLogger` shares: the level, the sink and the clock. */
interface Sink {
  min: number;
  level: LogLevel;
  write: (line: string) => void;
  clock: () => Date;
}

const LEVEL_INDEX = new Map<LogLevel, number>(LOG_LEVELS.map((l, i) => [l, i]));

// A class, not closures: a request makes a child logger (request and trace ids) on every hop, and
// one object with its base fields is all a child costs.
class JsonLogger implements Logger {
  constructor(
    private readonly sink: Sink,
    private readonly base: LogFields,
  ) {}
  get level(): LogLevel {
    return this.sink.level;
  }
  private emit(level: LogLevel, msg: string, fields: LogFields | undefined): void {
    if ((LEVEL_INDEX.get(level) as number) < this.sink.min) return;
    const base = this.base;
    const record: LogFields = { level, time: this.sink.clock().toISOString(), ...base, msg };
    if (fields) for (const [k, v] of Object.entries(fields)) record[k] = serialise(v);
    let line: string;
    try {
      line = JSON.stringify(record);
    } catch {
      line = JSON.stringify({ level, time: record.time, ...base, msg, note: "fields not serialisable" });
    }
    this.sink.write(line);
  }
  trace(msg: string, fields?: LogFields): void {
    this.emit("trace", msg, fields);
  }
  debug(msg: string, fields?: LogFields): void {
    this.emit("debug", msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.emit("info", msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.emit("warn", msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.emit("error", msg, fields);
  }
  fatal(msg: string, fields?: LogFields): void {
    this.emit("fatal", msg, fields);
  }
  child(fields: LogFields): Logger {
    return new JsonLogger(this.sink, { ...this.base, ...fields });
  }
  isEnabled(level: LogLevel): boolean {
    return (LEVEL_INDEX.get(level) ?? -1) >= this.sink.min;
  }
}

/** Creates a JSON-lines logger (pino-compatible field names: level, time, msg). */
export function createLogger(opts: LoggerOptions): Logger {
  const sink: Sink = {
    min: LOG_LEVELS.indexOf(opts.level),
    level: opts.level,
    write: opts.write ?? ((line: string) => process.stdout.write(`${line}\n`)),
    clock: opts.clock ?? (() => new Date()),
  };
  return new JsonLogger(sink, opts.base ?? {});
}
