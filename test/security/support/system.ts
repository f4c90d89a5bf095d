/**
 * Boots Nova once per test run as a user would — `bun run dev` on the real ports, with a fresh
 * data directory (NOVA_DATA_DIR) — and shares it between every file of the suite. Run the suite
 * in a network namespace of its own when anything else may hold ports 8000–8023 / 9010–9023.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SERVICES } from "@nova/config";

const root = join(import.meta.dir, "../../..");

/** The running system: where its data lives and how to reach each service. */
export interface System {
  dataDir: string;
  pid: number;
  seconds: number;
}

const key = Symbol.for("nova.security.system");
type Holder = {
  [key]?: { boot: Promise<System>; proc?: Bun.Subprocess; dataDir: string };
};

/** `http://127.0.0.1:<port><path>` of a service by catalogue name (e.g. `graph-service`). */
export function url(service: string, path = ""): string {
  const info = SERVICES.find((s) => s.name === service);
  if (!info) throw new Error(`unknown service ${service}`);
  return `http://127.0.0.1:${info.httpPort}${path}`;
}

/** The gRPC port's base URL of a service. */
export function grpcUrl(service: string): string {
  const info = SERVICES.find((s) => s.name === service);
  if (!info?.grpcPort) throw new Error(`${service} has no gRPC port`);
  return `http://127.0.0.1:${info.grpcPort}`;
}

/** Boots the system on first call; later calls get the same one. */
export function system(): Promise<System> {
  const holder = globalThis as Holder;
  if (!holder[key]) {
    const dataDir = mkdtempSync(join(tmpdir(), "nova-security-"));
    const state: NonNullable<Holder[typeof key]> = { dataDir, boot: Promise.resolve() as never };
    state.boot = boot(state);
    holder[key] = state;
  }
  return holder[key].boot;
}

async function boot(state: NonNullable<Holder[typeof key]>): Promise<System> {
  const t0 = performance.now();
  const proc = Bun.spawn(["bun", "run", "scripts/dev.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NOVA_DATA_DIR: state.dataDir,
      LOG_LEVEL: "error",
      // Only the gateway's address is a trusted proxy, as production names only its ingress and
      // gateway; with dev's default (all of loopback) every local attacker would be trusted.
      TRUSTED_PROXIES: "127.0.0.1/32,::1/128",
    },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  state.proc = proc;
  process.on("exit", () => proc.kill("SIGKILL"));
  const output: string[] = [];
  void drain(proc.stderr, output);
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value);
    if (buffered.includes("Nova is up")) {
      void drainReader(reader, output);
      return { dataDir: state.dataDir, pid: proc.pid, seconds: (performance.now() - t0) / 1000 };
    }
  }
  proc.kill("SIGKILL");
  throw new Error(`bun run dev did not come up:\n${buffered}\n${output.join("")}`);
}

async function drain(stream: ReadableStream<Uint8Array>, into: string[]): Promise<void> {
  await drainReader(stream.getReader(), into);
}

async function drainReader(reader: ReadableStreamDefaultReader<Uint8Array>, into: string[]): Promise<void> {
  const decoder = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    into.push(decoder.decode(value));
    if (into.length > 200) into.splice(0, into.length - 200);
  }
}

/** Resident memory of the system's process in MB (Linux /proc), to see whether a body was read whole. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** The RS256 signing key `bun run dev` generated under the data dir (to mint tokens the real key signs). */
export function signingKeyPem(sys: System): string {
  return readFileSync(join(sys.dataDir, "keys", "jwt-signing.pem"), "utf8");
}

/** Stops the system (SIGTERM, then SIGKILL) and removes its data dir. */
export async function stopSystem(): Promise<void> {
  const state = (globalThis as Holder)[key];
  if (!state?.proc) return;
  state.proc.kill("SIGTERM");
  const exited = await Promise.race([state.proc.exited, Bun.sleep(12_000).then(() => null)]);
  if (exited === null) state.proc.kill("SIGKILL");
  rmSync(state.dataDir, { recursive: true, force: true });
}
