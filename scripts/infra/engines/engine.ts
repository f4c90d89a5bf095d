/** One real engine the infra tier can start on loopback. */
export interface Engine {
  name: string;
  /** Product and version, for the status table. */
  label: string;
  /** host:port shown in the status table. */
  address: string;
  /** Loopback ports the engine binds; a foreign listener on one of them fails fast. */
  ports: number[];
  /** Log files whose tails explain a failure (stdout first). */
  logFiles: string[];
  pidFile: string;
  /** A string the engine's command line contains; guards against recycled pids. */
  marker: string;
  startTimeoutMs: number;
  /** Downloads or prepares what `start` needs; returns true if it had to download. */
  install(): Promise<boolean>;
  /** Launches the engine detached; returns the pid (undefined for machine services). */
  start(): Promise<number | undefined>;
  /** Throws until the engine answers a real client request. */
  probe(): Promise<void>;
  /** One-off setup once ready (e.g. the test bucket). */
  afterReady?(): Promise<void>;
}
